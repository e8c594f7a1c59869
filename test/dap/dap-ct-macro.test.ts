/**
 * A breakpoint on the `#define TAIL_CT_LOOKUP4` body's tail-call line (our v1.16-style fixture
 * test/fixtures/anchors-v1.16, after v1.16.0 bpf/bpf_lxc.c:266-310: `ret = invoke_tailcall_if(CONDITION,
 * TARGET_ID, TARGET_NAME, &ext_err);` at :305) stops in every program the macro generates on the path —
 * tail_ipv4_ct_egress on node0, tail_ipv4_ct_ingress_policy_only on node1 (which an IPv4-only build calls
 * inline from handle_policy, v1.16.0 bpf/bpf_lxc.c:2198: the frame is handle_policy's) — since that line is their
 * tail call's anchor (src/core/anchor/anchor-trace.ts, generatedTailCall); the invocation line, which
 * only names the slot, is no stop.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
const CHECKOUT = join(ROOT, 'test', 'fixtures', 'anchors-v1.16');
const LXC = join(CHECKOUT, 'bpf', 'bpf_lxc.c');

let dc: DebugClient;
beforeEach(async () => {
  dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
  await dc.start();
});
afterEach(async () => {
  await dc.stop();
});

test('a breakpoint on the macro body’s tail call stops in each TAIL_CT_LOOKUP4 program', async () => {
  const launched = dc.launch({ checkout: CHECKOUT, from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' });
  await dc.waitForEvent('initialized');
  // line 15: the body's invoke_tailcall_if; line 35: the invocation's `CILIUM_CALL_IPV4_FROM_LXC_CONT,
  // tail_handle_ipv4_cont)`, the anchor before this change
  const set = await dc.setBreakpointsRequest({
    source: { path: LXC },
    breakpoints: [{ line: 15 }, { line: 35 }],
  });
  assert.deepEqual(
    set.body.breakpoints.map((b) => b.verified),
    [true, false],
  );
  const first = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  await launched;
  const tops: Array<[string, number]> = [];
  let e = (await first) as DebugProtocol.StoppedEvent;
  for (;;) {
    assert.equal(e.body.reason, 'breakpoint');
    const frame = (await dc.stackTraceRequest({ threadId: e.body.threadId! })).body.stackFrames[0]!;
    tops.push([frame.name.replace(/ ·.*/, ''), frame.line]);
    const next = await Promise.race([
      dc.waitForEvent('stopped').then((x) => x as DebugProtocol.StoppedEvent),
      dc.waitForEvent('terminated').then(() => undefined),
      dc.continueRequest({ threadId: e.body.threadId! }).then(() => new Promise<never>(() => undefined)),
    ]);
    if (!next) break;
    e = next;
  }
  assert.deepEqual(tops, [
    ['tail_ipv4_ct_egress (bpf/bpf_lxc.c)', 15],
    ['handle_policy (bpf/bpf_lxc.c)', 15],
  ]);
});
