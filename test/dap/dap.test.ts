/**
 * The debug adapter over stdio (dist/debug-adapter.js) with @vscode/debugadapter-testsupport's
 * DebugClient: the seed VXLAN packet pod0 → pod3 on the sample checkout (sample/cilium-v1.10), whose
 * steps are anchored on the sample's lines (test/unit/anchors.test.ts lists them).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const L3 = join(SAMPLE, 'bpf', 'lib', 'l3.h');
const LAUNCH = { checkout: SAMPLE, mode: 'vxlan', from: 'pod0', to: 'pod3' };

describe('cilium-datapath debug adapter over stdio', () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
    await dc.start();
  });
  afterEach(async () => {
    await dc.stop();
  });

  const top = async (threadId: number) => {
    const st = await dc.stackTraceRequest({ threadId });
    return st.body.stackFrames;
  };
  const stoppedAfter = async (request: () => Promise<unknown>) => {
    const [stopped] = await Promise.all([dc.waitForEvent('stopped'), request()]);
    return stopped as DebugProtocol.StoppedEvent;
  };
  const entry = async () => {
    const [stopped] = await Promise.all([
      dc.waitForEvent('stopped'),
      dc.configurationSequence(),
      dc.launch({ ...LAUNCH, stopOnEntry: true }),
    ]);
    return stopped as DebugProtocol.StoppedEvent;
  };
  const threadName = async (id: number) =>
    (await dc.threadsRequest()).body.threads.find((t) => t.id === id)?.name;

  test('launch with stopOnEntry: the first step, on node0; one thread per node', async () => {
    const e = await entry();
    assert.equal(e.body.reason, 'entry');
    assert.equal(await threadName(e.body.threadId!), 'node0');
    assert.deepEqual(
      (await dc.threadsRequest()).body.threads.map((t) => t.name),
      ['node0', 'node0 → node1', 'node1'], // the wire between the nodes is a thread of its own
    );
    // pod0's eth0 hands the packet to its veth peer: the kernel, no line of the checkout
    const frames = await top(e.body.threadId!);
    assert.match(frames[0]!.name, /^kernel: eth0 driver/);
    assert.equal(frames[0]!.source, undefined);
  });

  test('next, stepIn, stepOut move through steps, programs and hops; the editor line follows', async () => {
    const e = await entry();
    const t = e.body.threadId!;
    await stoppedAfter(() => dc.nextRequest({ threadId: t }));
    // v1.10.0 bpf/bpf_lxc.c:989 invoke_tailcall_if in handle_xgress → the sample's line 18
    let f = (await top(t))[0]!;
    assert.equal(f.source?.path, join(SAMPLE, 'bpf', 'bpf_lxc.c'));
    assert.equal(f.line, 18);
    assert.match(f.name, /handle_xgress .*· tail-call/);
    // the tail call is compiled inline in this build: Step Into goes to the next step, in the helper
    await stoppedAfter(() => dc.stepInRequest({ threadId: t }));
    f = (await top(t))[0]!;
    assert.equal(f.source?.path, L3);
    assert.equal(f.line, 24); // lb4_lookup_service
    // Step Out finishes from-container: the next hop is to-overlay's return (the sample's line 22)
    await stoppedAfter(() => dc.stepOutRequest({ threadId: t }));
    f = (await top(t))[0]!;
    assert.equal(f.source?.path, join(SAMPLE, 'bpf', 'bpf_overlay.c'));
    assert.equal(f.line, 22);
    assert.match(f.name, /to_overlay/);
  });

  test('a line breakpoint stops there; the call stack holds the tail-call chain; variables', async () => {
    const launched = dc.launch(LAUNCH); // answered after configurationDone
    const stopped = dc.waitForEvent('stopped');
    await dc.waitForEvent('initialized');
    // l3.h:42 policy_can_access_ingress in ipv4_policy (v1.10.0 bpf/bpf_lxc.c:1384 in tail_ipv4_policy)
    const set = await dc.setBreakpointsRequest({
      source: { path: L3 },
      breakpoints: [{ line: 42 }, { line: 3 }],
    });
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true, false],
    );
    await dc.configurationDoneRequest();
    await launched;
    const e = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(e.body.reason, 'breakpoint');
    assert.equal(await threadName(e.body.threadId!), 'node1');
    const frames = await top(e.body.threadId!);
    // handle_policy was tail-called by tail_handle_ipv4 (from ipv4_local_delivery, l3.h:10), which
    // from_overlay tail-called (bpf_overlay.c:15): three frames, top first
    assert.deepEqual(
      frames.map((x) => [x.name.replace(/ ·.*/, ''), x.line]),
      [
        ['handle_policy (bpf/bpf_lxc.c)', 42],
        ['tail_handle_ipv4 (bpf/bpf_overlay.c)', 10],
        ['from_overlay (bpf/bpf_overlay.c)', 15],
      ],
    );
    // the other node's thread is a labelled boundary
    const other = await top(1);
    assert.match(other[0]!.name, /the packet is on node1/);
    const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
    assert.deepEqual(
      scopes.map((s) => s.name),
      ['Packet', 'skb', 'Lookups so far', 'Verdicts'],
    );
    const vars = async (name: string) =>
      (
        await dc.variablesRequest({
          variablesReference: scopes.find((s) => s.name === name)!.variablesReference,
        })
      ).body.variables;
    const ip = (await vars('Packet')).find((v) => v.name === 'ip')!;
    const ipFields = (await dc.variablesRequest({ variablesReference: ip.variablesReference })).body
      .variables;
    assert.equal(ipFields.find((v) => v.name === 'dst')?.value, '10.0.1.72');
    const lookups = await vars('Lookups so far');
    assert.ok(lookups.some((v) => v.name === 'cilium_lxc[10.0.1.72]' && /pod3/.test(v.value)));
    assert.ok(lookups.some((v) => /cilium_ct4_global \(ingress\)/.test(v.name)));
    const verdicts = await vars('Verdicts');
    assert.ok(verdicts.some((v) => /egress policy of endpoint 1021/.test(v.name) && /^allow/.test(v.value)));
    assert.ok(verdicts.some((v) => /ingress policy of endpoint 3044/.test(v.name)));
    const skb = await vars('skb');
    assert.equal(skb.find((v) => v.name === 'node')?.value, 'node1');
    // after cilium_vxlan decapsulated it (the tunnel key's remote is node0, its id the source identity)
    assert.match(
      skb.find((v) => v.name === 'tunnel key')?.value ?? '',
      /^remote 172\.26\.50\.101, tunnel_id \d+/,
    );
    assert.equal(skb.find((v) => v.name === 'ifindex (device)')?.value, 'cilium_vxlan');
    // v1.10 over VXLAN: no program of the path writes the mark (to_overlay only reads
    // MARK_MAGIC_SNAT_DONE, v1.10.0 bpf/bpf_overlay.c:374), and node0's would not cross the wire
    assert.equal(
      skb.find((v) => v.name === 'mark')?.value,
      "0x00000000 (no write since the packet entered node1's host namespace)",
    );
    // cb[]: v1.10.0 bpf/lib/common.h:567 enum; ipv4_local_delivery stored CB_SRC_LABEL, CB_IFINDEX and
    // CB_FROM_HOST (v1.10.0 bpf/lib/l3.h:99-101) before tail_call_dynamic into handle_policy
    const cb = skb.find((v) => v.name === 'cb[]')!;
    assert.match(cb.value, /3 words stored by the local delivery \(v1\.10\.0 bpf\/lib\/l3\.h:99\)/);
    const words = (await dc.variablesRequest({ variablesReference: cb.variablesReference })).body.variables;
    const identity = verdicts
      .find((v) => /ingress policy of endpoint 3044/.test(v.name))!
      .value.match(/identity (\d+)/)![1];
    assert.deepEqual(
      words.map((w) => [w.name, w.value]),
      [
        ['cb[0] CB_SRC_LABEL', `${identity} (source identity)`],
        ['cb[1] CB_IFINDEX', 'ifindex of veth1'],
        ['cb[2] CB_POLICY', '—'],
        ['cb[3] CB_FROM_HOST (CB_NAT46_STATE)', '0'],
        ['cb[4] CB_CT_STATE', '—'],
      ],
    );
  });

  test('variables per step: cb[] empty before the local delivery, the tunnel key only where there is one', async () => {
    const e = await entry();
    const t = e.body.threadId!;
    const skbAt = async () => {
      const frames = await top(t);
      const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
      const ref = scopes.find((s) => s.name === 'skb')!.variablesReference;
      return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
    };
    // pod0's eth0, no program yet: no tunnel, nothing stored
    let skb = await skbAt();
    assert.match(skb.find((v) => v.name === 'tunnel key')!.value, /not a tunnel packet/);
    assert.match(
      skb.find((v) => v.name === 'cb[]')!.value,
      /^nothing stored by the programs so far \(v1\.10\.0 bpf\/lib\/common\.h:567\)/,
    );
    // Step Out twice: through from-container to to-overlay, whose packet is not yet encapsulated
    await stoppedAfter(() => dc.stepOutRequest({ threadId: t }));
    await stoppedAfter(() => dc.stepOutRequest({ threadId: t }));
    await stoppedAfter(() => dc.stepOutRequest({ threadId: t }));
    skb = await skbAt();
    // the cilium_vxlan driver's encapsulation: the outer header carries the key
    const frames = await top(t);
    assert.match(frames[0]!.name, /kernel: cilium_vxlan driver/);
    assert.match(skb.find((v) => v.name === 'tunnel key')!.value, /^remote 172\.26\.50\.102, tunnel_id \d+/);
    assert.match(skb.find((v) => v.name === 'cb[]')!.value, /^nothing stored/);
  });

  test('conditional breakpoints: a false condition does not stop, a true one does; a bad one is refused', async () => {
    const launched = dc.launch(LAUNCH);
    const stopped = dc.waitForEvent('stopped');
    await dc.waitForEvent('initialized');
    const set = await dc.setBreakpointsRequest({
      source: { path: L3 },
      breakpoints: [
        { line: 25, condition: 'node == node1' }, // egress conntrack runs on node0 only
        { line: 41, condition: 'ip.dst == 10.0.1.72 && node == node1' },
        { line: 45, condition: 'ip.dst = 1' },
      ],
    });
    assert.deepEqual(
      set.body.breakpoints.map((b) => b.verified),
      [true, true, false],
    );
    assert.match(set.body.breakpoints[2]!.message ?? '', /cannot read "ip.dst = 1"/);
    await dc.configurationDoneRequest();
    await launched;
    const e = (await stopped) as DebugProtocol.StoppedEvent;
    assert.equal(e.body.reason, 'breakpoint');
    assert.equal((await top(e.body.threadId!))[0]!.line, 41);
  });

  test('continue runs to the end: terminated', async () => {
    const e = await entry();
    const [terminated] = await Promise.all([
      dc.waitForEvent('terminated'),
      dc.continueRequest({ threadId: e.body.threadId! }),
    ]);
    assert.equal(terminated.event, 'terminated');
  });

  test('disconnect in the middle answers and ends the session', async () => {
    const e = await entry();
    await stoppedAfter(() => dc.nextRequest({ threadId: e.body.threadId! }));
    const r = await dc.disconnectRequest({});
    assert.equal(r.success, true);
  });

  test('each step: request → stopped well within 16 ms', async () => {
    const e = await entry();
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const start = performance.now();
      await stoppedAfter(() => dc.nextRequest({ threadId: e.body.threadId! }));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    assert.ok(times[6]! < 16, `median ${times[6]!.toFixed(1)} ms`);
  });

  test('a bad launch configuration is an error naming the attribute', async () => {
    await assert.rejects(
      dc.launch({ checkout: SAMPLE, mode: 'vxlan', to: 'pod3' }),
      /"from" \(the source pod\) is required/,
    );
    await assert.rejects(dc.launch({ ...LAUNCH, from: 'nosuchpod' }), /nosuchpod/);
  });
});
