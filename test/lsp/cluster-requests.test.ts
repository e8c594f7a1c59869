/**
 * cilium/importSnapshot and cilium/verifyAttachments over stdio: the server reads a folder of kubectl
 * dumps and returns a topology that traces by the pods' real names (it writes nothing); a listing
 * without from-overlay on the tunnel device comes back as missing; bad input is a DatapathError
 * naming the file, object and field.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseTopology, trace } from '../../src/core';
import {
  CiliumErrorCodes,
  ImportSnapshotRequest,
  VerifyAttachmentsRequest,
} from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const FIX = join(ROOT, 'test', 'fixtures', 'cluster');
const sessions: Session[] = [];
const dirs: string[] = [];
after(async () => {
  for (const s of sessions) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('cluster requests', () => {
  test('a folder of kubectl dumps → a topology (nothing written by the server) that traces by real names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdx-lsp-cluster-'));
    dirs.push(dir);
    const dumps = join(dir, 'dumps');
    mkdirSync(dumps);
    for (const f of [
      'cilium-config.yaml',
      'ciliumnodes.yaml',
      'ciliumendpoints.json',
      'shop-policy-and-service.yaml',
    ])
      copyFileSync(join(FIX, f), join(dumps, f));
    const s = await startServer(SAMPLE);
    sessions.push(s);
    const r = await s.connection.sendRequest(ImportSnapshotRequest, {
      paths: [dumps],
      outputDir: dir,
      outputName: 'cilium-topology.json',
      ciliumVersion: 'v1.16',
    });
    assert.deepEqual(readdirSync(dir).sort(), ['dumps']); // the server never writes
    assert.deepEqual(r.topology.policyFiles, ['dumps/shop-policy-and-service.yaml']);
    assert.ok(r.notes.some((n) => /mode vxlan: routing-mode=tunnel/.test(n)));
    const t = parseTopology(JSON.stringify(r.topology), 'imported');
    const result = trace(
      { mode: 'vxlan', from: 'frontend-7d4b9c6f5-m8r4t', to: 'backend-6c9d4b7f8-z5n1c' },
      t,
    );
    assert.equal(result.disposition, 'delivered');
  });

  test('a file that cannot be read is a DatapathError naming it', async () => {
    const s = sessions[0]!;
    const e = await s.connection
      .sendRequest(ImportSnapshotRequest, {
        paths: [join(FIX, 'ciliumnodes.yaml'), join(FIX, 'no-such-file.json')],
        outputDir: FIX,
        outputName: 't.json',
      })
      .then(
        () => assert.fail('no error'),
        (err: { code: number; message: string; data: unknown }) => err,
      );
    assert.equal(e.code, CiliumErrorCodes.DatapathError);
    assert.match(e.message, /no-such-file\.json: ENOENT/);
  });

  test('verify: a tunnel device without from-overlay is missing (v1.10, the sample checkout’s release)', async () => {
    const s = sessions[0]!;
    const r = await s.connection.sendRequest(VerifyAttachmentsRequest, {
      text: readFileSync(join(FIX, 'bpftool-net-v1.10-vxlan-no-overlay.txt'), 'utf8'),
      name: 'listing.txt',
      mode: 'vxlan',
    });
    assert.equal(r.ciliumVersion, 'v1.10');
    const missing = r.findings
      .filter((f) => f.status === 'missing')
      .map((f) => `${f.device} ${f.direction} ${f.expected?.hook}`);
    assert.deepEqual(missing, ['cilium_vxlan egress to-overlay', 'cilium_vxlan ingress from-overlay']);
    const e = await s.connection
      .sendRequest(VerifyAttachmentsRequest, { text: 'not a listing', name: 'x.txt' })
      .then(
        () => assert.fail('no error'),
        (err: { code: number; message: string }) => err,
      );
    assert.equal(e.code, CiliumErrorCodes.DatapathError);
    assert.match(e.message, /x\.txt: line 1: is not `bpftool net show` output/);
  });
});
