/**
 * Anchors over LSP: cilium/trace answers with each step on its line of the checkout, and a patched
 * tree whose from_overlay lost its tail call gets one information-level diagnostic on that program.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TraceRequest } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

describe('anchors over LSP (patched copy of the sample)', () => {
  let dir: string;
  let s: Session;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-lsp-anchor-'));
    cpSync(join(ROOT, 'sample', 'cilium-v1.10'), dir, { recursive: true });
    const file = join(dir, 'bpf', 'bpf_overlay.c');
    // v1.10.0 bpf/bpf_overlay.c:328 ep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC) in from_overlay: removed
    const text = readFileSync(file, 'utf8');
    const patched = text.replace('ep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC);', '/* removed */');
    assert.notEqual(patched, text);
    writeFileSync(file, patched);
    s = await startServer(dir);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the missing tail call: one information diagnostic on from_overlay', async () => {
    await s.open('bpf/bpf_overlay.c');
    const d = await s.waitFor('the anchor diagnostic', () => {
      const p = s.diagnostics.get(s.uri('bpf/bpf_overlay.c'));
      return p && p.diagnostics.some((x) => x.code === 'anchor-missing') ? p : undefined;
    });
    const anchor = d.diagnostics.filter((x) => x.code === 'anchor-missing');
    assert.equal(anchor.length, 1);
    assert.equal(anchor[0]!.severity, 3); // Information
    // on from_overlay's name: line 13 of the sample's bpf_overlay.c (0-based 12)
    assert.equal(anchor[0]!.range.start.line, 12);
    assert.match(
      anchor[0]!.message as string,
      /tail call to CILIUM_CALL_IPV4_FROM_LXC in from_overlay; this checkout has none — a different release or a patched tree\?/,
    );
    // the other files of the checkout get none
    await s.open('bpf/bpf_lxc.c');
    const lxc = await s.waitFor('bpf_lxc.c diagnostics', () => s.diagnostics.get(s.uri('bpf/bpf_lxc.c')));
    assert.equal(lxc.diagnostics.filter((x) => x.code === 'anchor-missing').length, 0);
  });

  test('cilium/trace: steps carry source, or null with the note', async () => {
    const t = await s.connection.sendRequest(TraceRequest, { mode: 'vxlan', from: 'pod0', to: 'pod3' });
    assert.ok(t && 'hops' in t);
    const steps = t.hops.flatMap((h) => h.steps);
    const missing = steps.filter((x) => x.source === null);
    assert.deepEqual(
      missing.map((x) => x.function),
      ['from_overlay'],
    );
    const policy = steps.find((x) => x.type === 'policy' && x.function === 'tail_ipv4_policy');
    assert.deepEqual(policy?.source, { file: 'bpf/lib/l3.h', line: 42, function: 'ipv4_policy' });
  });
});
