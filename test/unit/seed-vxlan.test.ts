/** Every VXLAN fact of seed 001 (datapath-facts.md), asserted against the tracer's output. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY, trace, type Hop, type Step } from '../../src/core';

const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3' });
const steps = (h: Hop | undefined): Step[] => h?.steps ?? [];
const hopWith = (pred: (h: Hop) => boolean): Hop => {
  const h = t.hops.find(pred);
  assert.ok(h, 'expected hop not found');
  return h;
};

describe('VXLAN seed: Pod0 (node0) → Pod3 (node1)', () => {
  test('addresses of the scenario', () => {
    assert.equal(t.source.ip, '10.0.0.31');
    assert.equal(t.destination.ip, '10.0.1.72');
    assert.equal(t.source.node, 'node0');
    assert.equal(t.destination.node, 'node1');
    assert.equal(t.disposition, 'delivered');
    assert.equal(t.ciliumVersion, 'v1.10');
    assert.match(t.reference ?? '', /VXLAN walkthrough/);
  });

  test("Pod0's eth0 TX arrives on veth0 (veth pair)", () => {
    const first = t.hops[0]!;
    assert.equal(first.namespace, 'pod:pod0');
    assert.equal(first.device, 'eth0');
    assert.equal(first.hook, 'driver');
    assert.match(first.steps[0]!.note, /veth0/);
  });

  test('veth0 ingress runs bpf/bpf_lxc.c section from-container', () => {
    const h = t.hops[1]!;
    assert.equal(h.node, 'node0');
    assert.equal(h.device, 'veth0');
    assert.equal(h.hook, 'tc-ingress');
    assert.deepEqual(
      [h.program?.file, h.program?.section, h.program?.function],
      ['bpf/bpf_lxc.c', 'from-container', 'handle_xgress'],
    );
  });

  test('from-container redirects to cilium_vxlan together with the destination node address', () => {
    const redirect = steps(t.hops[1]).find((s) => s.type === 'redirect');
    assert.ok(redirect && redirect.type === 'redirect');
    assert.equal(redirect.device, 'cilium_vxlan');
    assert.equal(redirect.tunnelEndpoint, '172.26.50.102');
  });

  test('cilium_vxlan encapsulates: outer 172.26.50.101 → 172.26.50.102, UDP 8472, around inner 10.0.0.31 → 10.0.1.72', () => {
    const h = hopWith((x) => x.node === 'node0' && x.device === 'cilium_vxlan' && x.hook === 'driver');
    const encap = h.steps.find((s) => s.type === 'encap');
    assert.ok(encap && encap.type === 'encap');
    assert.deepEqual(
      {
        src: encap.outer.srcIp,
        dst: encap.outer.dstIp,
        port: encap.outer.dstPort,
        proto: encap.outer.protocol,
      },
      { src: '172.26.50.101', dst: '172.26.50.102', port: 8472, proto: 'vxlan' },
    );
    assert.equal(
      encap.outer.vni,
      DEFAULT_TOPOLOGY.pods.find((p) => p.name === 'pod0')!.identity,
      'VNI carries the source identity',
    );
    assert.deepEqual([h.headers.ip.src, h.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
    assert.deepEqual(
      [h.headers.outer?.ip.src, h.headers.outer?.ip.dst, h.headers.outer?.udp?.dstPort],
      ['172.26.50.101', '172.26.50.102', 8472],
    );
  });

  test("the packet leaves through Node0's physical eth0 and Node1's eth0 receives it", () => {
    const out = hopWith((x) => x.node === 'node0' && x.hook === 'routing');
    assert.equal(out.device, 'eth0');
    assert.ok(out.steps.some((s) => s.type === 'xmit' && s.device === 'eth0'));
    assert.ok(t.hops.some((x) => x.hook === 'wire'));
    const rx = hopWith((x) => x.node === 'node1' && x.device === 'eth0' && x.namespace === 'host');
    assert.ok(rx.headers.outer, 'still encapsulated on node1 eth0');
  });

  test('cilium_vxlan on node1 decapsulates', () => {
    const h = hopWith((x) => x.node === 'node1' && x.device === 'cilium_vxlan' && x.hook === 'driver');
    assert.ok(h.steps.some((s) => s.type === 'decap'));
    assert.equal(h.headers.outer, undefined);
  });

  test("cilium_vxlan's ingress runs bpf/bpf_overlay.c section from-overlay", () => {
    const h = hopWith((x) => x.node === 'node1' && x.device === 'cilium_vxlan' && x.hook === 'tc-ingress');
    assert.deepEqual([h.program?.file, h.program?.section], ['bpf/bpf_overlay.c', 'from-overlay']);
  });

  test("from-overlay tail-calls cilium_call_policy at Pod3's endpoint id → bpf_lxc.c handle_policy()", () => {
    const entry = hopWith((x) => x.program?.section === 'from-overlay');
    // from_overlay → slot 7 (v1.10.0 bpf/bpf_overlay.c:328) → tail_handle_ipv4, whose local delivery
    // (v1.10.0 bpf/bpf_overlay.c:246) jumps into the policy map
    const h = t.hops[entry.index + 1]!;
    assert.equal(h.program?.function, 'tail_handle_ipv4');
    assert.equal(h.device, 'cilium_vxlan');
    const tc = h.steps.filter((s) => s.type === 'tail-call').pop();
    assert.ok(tc && tc.type === 'tail-call');
    assert.equal(tc.map, 'cilium_call_policy');
    assert.equal(tc.key, t.destination.endpointId);
    assert.deepEqual([tc.target.file, tc.target.function], ['bpf/bpf_lxc.c', 'handle_policy']);
    assert.ok(!h.steps.some((s) => s.type === 'redirect'), 'a tail call, not a redirect to the veth');
  });

  test("handle_policy redirects to Pod3's veth (veth1) and the packet arrives on Pod3's eth0", () => {
    const policy = hopWith((x) => x.program?.function === 'handle_policy');
    assert.equal(policy.program?.via, `cilium_call_policy[${t.destination.endpointId}]`);
    const redirect = policy.steps.find((s) => s.type === 'redirect');
    assert.ok(redirect && redirect.type === 'redirect');
    assert.equal(redirect.device, 'veth1');
    const last = t.hops[t.hops.length - 1]!;
    assert.equal(last.namespace, 'pod:pod3');
    assert.equal(last.device, 'eth0');
    assert.deepEqual(
      last.steps.map((s) => s.type),
      ['deliver'],
    );
  });

  test('same node: from-container delivers to Pod1 through its veth (veth1)', () => {
    const same = trace({ mode: 'vxlan', from: 'pod0', to: 'pod1' });
    assert.equal(same.disposition, 'delivered');
    assert.ok(!same.hops.some((h) => h.device === 'cilium_vxlan'), 'no tunnel for a same-node peer');
    const policy = same.hops.find((h) => h.program?.function === 'handle_policy');
    assert.ok(policy);
    assert.ok(policy.steps.some((s) => s.type === 'redirect' && s.device === 'veth1'));
    assert.equal(same.hops[same.hops.length - 1]!.namespace, 'pod:pod1');
  });
});
