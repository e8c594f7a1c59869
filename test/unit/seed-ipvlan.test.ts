/** Every IPVLAN fact of seed 000 (datapath-facts.md), asserted against the tracer and the model. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  resolveTopology,
  routingTable,
  trace,
  resolveHook,
  type Hop,
} from '../../src/core';

const t = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3' });
const hop = (pred: (h: Hop) => boolean): Hop => {
  const h = t.hops.find(pred);
  assert.ok(h, 'expected hop not found');
  return h;
};

describe('IPVLAN seed: Pod0 (node0) → Pod3 (node1)', () => {
  test('addresses shown in the document', () => {
    const topo = resolveTopology(DEFAULT_TOPOLOGY, 'ipvlan');
    const node0 = topo.nodes.find((n) => n.name === 'node0')!;
    const pod0 = topo.pods.find((p) => p.name === 'pod0')!;
    assert.equal(node0.ip, '172.26.50.170');
    assert.equal(node0.subnetPrefix, 24);
    assert.equal(node0.mac, 'a4:ae:11:18:c4:2d');
    assert.equal(pod0.ip, '10.0.0.71');
    assert.equal(pod0.mac, node0.mac, 'all slaves share the master MAC');
    assert.equal(node0.ciliumHostIp, '10.0.0.196');
    assert.ok(node0.details?.includes('altname enp2s0'));
    assert.ok(node0.details?.includes('inet6 fe80::a6ae:11ff:fe18:c42d/64'));
    assert.equal(topo.nodes.find((n) => n.name === 'node1')!.ip, '172.26.50.102');
    assert.equal(topo.nodes.find((n) => n.name === 'node1')!.podCidr, '10.0.1.0/24');
  });

  test("node0's routing table is exactly the one printed by route -n", () => {
    const topo = resolveTopology(DEFAULT_TOPOLOGY, 'ipvlan');
    const rows = routingTable(topo, topo.nodes[0]!, 'ipvlan').map((r) => [
      r.destination,
      r.gateway,
      r.genmask,
      r.flags,
      r.iface,
    ]);
    assert.deepEqual(rows, [
      ['0.0.0.0', '172.26.50.1', '0.0.0.0', 'UG', 'eth0'],
      ['10.0.0.0', '10.0.0.196', '255.255.255.0', 'UG', 'cilium_host'],
      ['10.0.0.196', '0.0.0.0', '255.255.255.255', 'UH', 'cilium_host'],
      ['10.0.1.0', '172.26.50.102', '255.255.255.0', 'UG', 'eth0'],
      ['172.17.0.0', '0.0.0.0', '255.255.0.0', 'U', 'docker0'],
      ['172.26.50.0', '0.0.0.0', '255.255.255.0', 'U', 'eth0'],
    ]);
  });

  test('pod eth0 egress runs a stub that tail-calls index 0 of the per-pod prog array → from-container', () => {
    const stub = t.hops[0]!;
    assert.equal(stub.namespace, 'pod:pod0');
    assert.equal(stub.device, 'eth0');
    assert.equal(stub.hook, 'tc-egress');
    assert.equal(stub.program?.function, 'getEntryProgInstructions');
    assert.equal(stub.program?.file, 'pkg/datapath/connector/ipvlan.go');
    const tc = stub.steps[0]!;
    assert.ok(tc.type === 'tail-call');
    // the per-endpoint map name carries the id zero-padded: v1.10.0 pkg/bpf/bpffs_linux.go:98 ("%s%05d")
    assert.equal(tc.map, 'cilium_lxc_ipve_01021');
    assert.equal(tc.key, 0);
    const lxc = t.hops[1]!;
    assert.deepEqual([lxc.program?.file, lxc.program?.section], ['bpf/bpf_lxc.c', 'from-container']);
    assert.equal(lxc.program?.via, 'cilium_lxc_ipve_01021[0]');
    assert.equal(lxc.hook, 'tail-call', 'reached through the stub, not a tc hook of its own');
    assert.equal(lxc.namespace, 'pod:pod0', 'the program runs in the pod namespace, not the host');
  });

  test('the same program runs on veth ingress in VXLAN but on pod eth0 egress in IPVLAN', () => {
    const vx = resolveHook('from-container', 'vxlan');
    const ipv = resolveHook('from-container', 'ipvlan');
    assert.deepEqual(
      vx.attachments.map((a) => [a.deviceRole, a.direction]).filter(([, d]) => d === 'ingress'),
      [['lxc-veth', 'ingress']],
    );
    assert.deepEqual(
      ipv.attachments.map((a) => [a.deviceRole, a.direction, a.via]),
      [['pod-eth0', 'egress', 'cilium_lxc_ipve_<endpoint id>[0]']],
    );
    assert.equal(vx.program.function, ipv.program.function);
  });

  test('other node: from-container xmits (never redirects) to the node eth0 via the IPVLAN driver', () => {
    const lxc = t.hops[1]!;
    assert.ok(!lxc.steps.some((s) => s.type === 'redirect'));
    // v1.10.0 bpf/bpf_lxc.c:897: pass_to_stack returns CTX_ACT_OK; the slave transmits it
    const xmit = lxc.steps[lxc.steps.length - 1]!;
    assert.ok(xmit.type === 'xmit' && xmit.device === 'eth0');
    assert.equal(xmit.cite, 'v1.10.0 bpf/bpf_lxc.c:897');
    const driver = t.hops[2]!;
    assert.equal(driver.hook, 'driver');
    assert.match(driver.note ?? '', /slave → master/);
    assert.ok(
      !t.hops.some((h) => h.steps.some((s) => s.type === 'redirect')),
      'IPVLAN path uses no redirect at all',
    );
    assert.ok(!t.hops.some((h) => h.headers.outer), 'no tunnel');
  });

  test('node0 routes 10.0.1.0/24 via 172.26.50.102 on eth0', () => {
    const r = hop((h) => h.hook === 'routing');
    const route = r.steps.find((s) => s.type === 'route');
    assert.ok(route && route.type === 'route');
    assert.deepEqual(
      [route.destination, route.gateway, route.device],
      ['10.0.1.0/24', '172.26.50.102', 'eth0'],
    );
  });

  test("node1 eth0 ingress runs bpf/bpf_host.c from-netdev, which tail-calls cilium_call_policy[Pod3's endpoint id] → handle_policy", () => {
    const h = hop((x) => x.node === 'node1' && x.hook === 'tc-ingress');
    assert.equal(h.device, 'eth0');
    assert.deepEqual([h.program?.file, h.program?.section], ['bpf/bpf_host.c', 'from-netdev']);
    // the hook's chain: from-netdev, then its slot-7 tail (v1.10.0 bpf/bpf_host.c:880), which delivers
    const chain = t.hops.filter(
      (x) => x.node === 'node1' && x.device === 'eth0' && x.program && x.index >= h.index,
    );
    assert.deepEqual(
      chain.map((x) => x.program?.function),
      ['from_netdev', 'tail_handle_ipv4_from_netdev', 'handle_policy'],
    );
    const tc = chain[1]!.steps.filter((s) => s.type === 'tail-call').pop();
    assert.ok(tc && tc.type === 'tail-call');
    assert.deepEqual(
      [tc.map, tc.key, tc.target.function],
      ['cilium_call_policy', t.destination.endpointId, 'handle_policy'],
    );
  });

  test("handle_policy xmits to Pod3's eth0 and the driver delivers", () => {
    const policy = hop((x) => x.program?.function === 'handle_policy');
    assert.ok(policy.steps.some((s) => s.type === 'xmit'));
    const last = t.hops[t.hops.length - 1]!;
    assert.equal(last.namespace, 'pod:pod3');
    assert.equal(t.disposition, 'delivered');
  });

  test("same node: xmit to Pod1's eth0, delivered by the driver", () => {
    const same = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod1' });
    assert.equal(same.disposition, 'delivered');
    assert.ok(!same.hops.some((h) => h.hook === 'routing' || h.hook === 'wire'));
    assert.ok(!same.hops.some((h) => h.steps.some((s) => s.type === 'redirect')));
    assert.equal(same.hops[same.hops.length - 1]!.namespace, 'pod:pod1');
  });

  test('IPVLAN needs all nodes in one subnet; Cilium (then) had no CrossSubnet mode', () => {
    const topo = structuredClone(DEFAULT_TOPOLOGY);
    topo.overrides!.ipvlan!.nodes!.node1 = { ip: '172.26.60.102' };
    assert.throws(() => trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3' }, topo), /one subnet/);
  });
});
