/**
 * cilium/trace with a debugger launch configuration's inputs (what the inline adapter sends): a policy
 * file, a topology file, cilium-config keys and a release, each over the checkout's settings, and an
 * error naming the file or key when one is bad. Files relative to the workspace folder.
 */
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY } from '../../src/core';
import { TraceRequest, type TraceParams } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

describe('cilium/trace with launch-configuration inputs', () => {
  let dir: string;
  let s: Session;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-lsp-launch-'));
    cpSync(join(ROOT, 'sample', 'cilium-v1.10'), dir, { recursive: true });
    copyFileSync(join(ROOT, 'test', 'fixtures', 'services', 'backend.yaml'), join(dir, 'backend.yaml'));
    copyFileSync(
      join(ROOT, 'test', 'fixtures', 'policies', 'default-deny-ingress.yaml'),
      join(dir, 'deny.yaml'),
    );
    writeFileSync(join(dir, 'topology.json'), JSON.stringify(DEFAULT_TOPOLOGY).replace(/"pod3"/g, '"web-3"'));
    s = await startServer(dir);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const traceOf = (p: Partial<TraceParams>) =>
    s.connection.sendRequest(TraceRequest, { mode: 'vxlan', from: 'pod0', to: 'pod3', ...p });

  test('policyFiles: a default-deny manifest drops at pod3; without it, delivered', async () => {
    assert.equal((await traceOf({})).disposition, 'delivered');
    const denied = await traceOf({ policyFiles: ['deny.yaml'] });
    assert.equal(denied.disposition, 'dropped');
  });

  test('policyFiles bring their Services; config keys and ciliumVersion apply', async () => {
    const svc = await traceOf({ to: 'default/backend', port: 80, policyFiles: ['backend.yaml'] });
    assert.ok(svc.hops.some((h) => h.steps.some((x) => x.type === 'lb')));
    // v1.10.0 bpf/bpf_sock.c:446-447 sock4_connect: the socket LB translates at connect()
    const sock = await traceOf({
      to: 'default/backend',
      port: 80,
      policyFiles: ['backend.yaml'],
      config: { 'enable-host-reachable-services': 'true' },
    });
    assert.equal(sock.hops[0]!.program?.function, 'sock4_connect');
    assert.equal(sock.config.socketLB, true);
    const v116 = await traceOf({ ciliumVersion: 'v1.16' });
    assert.equal(v116.ciliumVersion, 'v1.16');
  });

  test('topologyFile: pods of that file', async () => {
    const t = await traceOf({ to: 'web-3', topologyFile: join(dir, 'topology.json') });
    assert.equal(t.destination.name, 'web-3');
    await assert.rejects(traceOf({ to: 'web-3' }), /web-3/);
  });

  test('bad inputs: errors naming the file or key', async () => {
    await assert.rejects(
      traceOf({ policyFiles: ['missing.yaml'] }),
      /missing\.yaml.*launch configuration's "policies"/s,
    );
    await assert.rejects(traceOf({ topologyFile: 'nope.json' }), /nope\.json/);
    await assert.rejects(
      traceOf({ config: { 'enable-host-reachable-services': 'maybe' } }),
      /launch configuration's "config" enable-host-reachable-services/,
    );
    await assert.rejects(
      traceOf({ policyFiles: 'deny.yaml' as unknown as string[] }),
      /"policyFiles" must be a list of file paths/,
    );
  });
});
