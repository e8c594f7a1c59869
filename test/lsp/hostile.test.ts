/** Hostile input: the server answers, stays up, and reports an unindexable file once with a reason. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeLensRequest,
  DocumentSymbolRequest,
  HoverRequest,
  DefinitionRequest,
  type CodeLens,
} from 'vscode-languageserver-protocol/node';
import { startServer, type Session } from './lsp-client';

describe('language server: hostile files and requests', () => {
  let s: Session;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-hostile-'));
    mkdirSync(join(dir, 'bpf'));
    writeFileSync(join(dir, 'VERSION'), '1.12.0\n');
    writeFileSync(
      join(dir, 'bpf', 'bpf_lxc.c'),
      '__section("from-container")\nint handle_xgress(void *ctx)\n{\n\treturn 0;\n}\n',
    );
    writeFileSync(
      join(dir, 'bpf', 'unterminated.c'),
      '__section("from-overlay")\nint from_overlay(void *c) { /* never closed\n',
    );
    writeFileSync(join(dir, 'bpf', 'unbalanced.c'), '__section_tail(CILIUM_MAP_CALLS, X\nint f((((\n{{{{\n');
    writeFileSync(join(dir, 'bpf', 'huge.c'), '/* filler */\n'.repeat(900_000)); // ~11 MB
    writeFileSync(join(dir, 'bpf', 'blob.h'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe]));
    writeFileSync(
      join(dir, 'bpf', 'latin1.c'),
      Buffer.concat([
        Buffer.from('__section("to-container")\nint handle_to_container(void *c) { /* '),
        Buffer.from([0xe9, 0xff, 0xc3]),
        Buffer.from(' */ return 0; }\n'),
      ]),
    );
    s = await startServer(dir);
  });
  after(async () => s.close());

  test('oversized and binary files are reported once each with a clear reason', async () => {
    const warnings = await s.waitFor('two warnings', () => (s.messages.length >= 2 ? s.messages : undefined));
    const texts = warnings.map((m) => m.message).sort();
    assert.equal(texts.length, 2);
    assert.match(texts[0]!, /did not index bpf\/blob\.h: binary file \(contains NUL bytes\)/);
    assert.match(texts[1]!, /did not index bpf\/huge\.c: 1\d\.\d MB is over the 5 MB limit/);
    const status = (await s.connection.sendRequest('cilium/status')) as {
      errors: Array<{ reason: string }>;
      detectedVersion: string;
    };
    assert.equal(status.errors.length, 2);
    assert.equal(status.detectedVersion, 'v1.12');
  });

  test('files with unterminated comments, unbalanced parentheses and invalid UTF-8 are still indexed', async () => {
    const symbols = async (rel: string) =>
      (await s.connection.sendRequest(DocumentSymbolRequest.type, {
        textDocument: { uri: s.uri(rel) },
      })) as Array<{ name: string }>;
    assert.deepEqual(
      (await symbols('bpf/unterminated.c')).map((x) => x.name),
      ['from_overlay'],
    );
    assert.deepEqual(
      (await symbols('bpf/latin1.c')).map((x) => x.name),
      ['handle_to_container'],
    );
    assert.deepEqual(await symbols('bpf/unbalanced.c'), []);
  });

  test('out-of-range positions and unknown URIs get empty answers, not errors', async () => {
    await s.open('bpf/bpf_lxc.c');
    const uri = s.uri('bpf/bpf_lxc.c');
    assert.equal(
      await s.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 9999, character: 9999 },
      }),
      null,
    );
    assert.equal(
      await s.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: 'file:///nowhere/x.c' },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    assert.deepEqual(
      await s.connection.sendRequest(DefinitionRequest.type, {
        textDocument: { uri: 'untitled:1' },
        position: { line: -1, character: -5 },
      }),
      [],
    );
    const lenses = (await s.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri },
    })) as CodeLens[];
    assert.equal(lenses.length, 3, 'the server is still up and answering');
  });

  test('an invalid topology setting is a clear error and the default stays in use', async () => {
    const bad = join(dir, 'topo.json');
    writeFileSync(bad, JSON.stringify({ nodes: [{ name: 'a', ip: 'x', podCidr: '10.0.0.0/24' }], pods: [] }));
    await s.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { ciliumDatapath: { topologyFile: bad } },
    });
    const err = await s.waitFor('topology error', () =>
      s.messages.find((m) => /Topology file/.test(m.message)),
    );
    assert.match(err.message, /\$\.nodes\[0\]\.ip: "x" is not an IPv4 address/);
    const trace = (await s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod3' })) as {
      disposition: string;
    };
    assert.equal(trace.disposition, 'delivered');
  });
});
