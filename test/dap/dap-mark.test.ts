/**
 * skb->mark in the Variables over stdio (dist/debug-adapter.js): 0 until the step that writes it, then
 * the value, its magic, the identity in it, its meaning, the step that set it and the line of the
 * release (src/core/model/skb-mark.ts). v1.16 native routing: bpf_lxc's pass_to_stack runs
 * `set_identity_mark(ctx, SECLABEL_IPV4, MARK_MAGIC_IDENTITY)` (v1.16.0 bpf/bpf_lxc.c:1299), pod0's
 * identity 48312 → 0xbcb80f00 (48312 << 16 | MARK_MAGIC_IDENTITY 0x0F00, v1.16.0 bpf/lib/common.h:720).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');

let dc: DebugClient;
beforeEach(async () => {
  dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
  await dc.start();
});
afterEach(async () => {
  await dc.stop();
});

async function skbAt(threadId: number): Promise<DebugProtocol.Variable[]> {
  const frames = (await dc.stackTraceRequest({ threadId })).body.stackFrames;
  const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
  const ref = scopes.find((s) => s.name === 'skb')!.variablesReference;
  return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
}

test('the mark is 0 until pass_to_stack sets the identity mark, then value, magic, identity, step, cite', async () => {
  const [first] = await Promise.all([
    dc.waitForEvent('stopped'),
    dc.configurationSequence(),
    dc.launch({
      checkout: SAMPLE,
      stopOnEntry: true,
      from: 'pod0',
      to: 'pod3',
      mode: 'native',
      ciliumVersion: 'v1.16',
    }),
  ]);
  let threadId = (first as DebugProtocol.StoppedEvent).body.threadId!;
  const seen: string[] = [];
  let mark: DebugProtocol.Variable | undefined;
  for (let i = 0; i < 40; i++) {
    const m = (await skbAt(threadId)).find((v) => v.name === 'mark')!;
    seen.push(m.value);
    if (!m.value.startsWith('0x00000000')) {
      mark = m;
      break;
    }
    const [next] = await Promise.all([dc.waitForEvent('stopped'), dc.nextRequest({ threadId })]);
    threadId = (next as DebugProtocol.StoppedEvent).body.threadId!;
  }
  assert.ok(mark, seen.join('\n'));
  assert.ok(seen.length > 1, 'the first stops (before the write) show 0');
  assert.equal(mark.value, '0xbcb80f00 (MARK_MAGIC_IDENTITY, identity 48312)');
  const frames = (await dc.stackTraceRequest({ threadId })).body.stackFrames;
  assert.match(frames[0]!.name, /pass to stack|pass-to-stack/i);
  const fields = Object.fromEntries(
    (await dc.variablesRequest({ variablesReference: mark.variablesReference })).body.variables.map((v) => [
      v.name,
      v.value,
    ]),
  );
  assert.equal(fields.value, '0xbcb80f00');
  assert.equal(fields.magic, 'MARK_MAGIC_IDENTITY');
  assert.equal(fields.identity, '48312');
  assert.match(fields['set by']!, /tail_handle_ipv4_cont \(bpf\/bpf_lxc\.c\), pass-to-stack/);
  assert.equal(fields.cite, 'v1.16.0 bpf/bpf_lxc.c:1299');
  assert.match(fields.meaning!, /source identity/);
});
