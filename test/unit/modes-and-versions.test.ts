import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attachmentSummary, DatapathError, identifyProgram, resolveHook, trace } from '../../src/core';

describe('Geneve and native routing', () => {
  test('Geneve: redirect to cilium_geneve, UDP 6081, from-overlay on node1', () => {
    const t = trace({ mode: 'geneve', from: 'pod0', to: 'pod3' });
    const encap = t.hops.flatMap((h) => h.steps).find((s) => s.type === 'encap');
    assert.ok(encap && encap.type === 'encap');
    assert.deepEqual(
      [encap.device, encap.outer.dstPort, encap.outer.protocol],
      ['cilium_geneve', 6081, 'geneve'],
    );
    assert.ok(t.hops.some((h) => h.device === 'cilium_geneve' && h.program?.section === 'from-overlay'));
    assert.equal(t.disposition, 'delivered');
  });

  test('native: pass to the stack, route PodCIDR via node IP, then node1 delivers through cilium_host (W1), policy tail call, redirect to veth', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: 'pod3' });
    const all = t.hops.flatMap((h) => h.steps);
    assert.ok(all.some((s) => s.type === 'pass-to-stack'));
    const route = all.find((s) => s.type === 'route');
    assert.ok(route && route.type === 'route');
    assert.deepEqual(
      [route.destination, route.gateway, route.device],
      ['10.0.1.0/24', '172.26.50.102', 'eth0'],
    );
    // v1.10: from-netdev is not attached without --devices (v1.10.0 pkg/datapath/loader/loader.go:240)
    assert.ok(!t.hops.some((h) => h.program?.section === 'from-netdev'));
    // node1 routes 10.0.1.0/24 via cilium_host; from-host runs on its egress and tail-calls
    // CILIUM_CALL_IPV4_FROM_HOST (22): v1.10.0 bpf/bpf_host.c:878
    const fromHost = t.hops.find((h) => h.program?.section === 'from-host');
    assert.deepEqual(
      [fromHost?.node, fromHost?.device, fromHost?.hook],
      ['node1', 'cilium_host', 'tc-egress'],
    );
    const slot = fromHost!.steps.find((s) => s.type === 'tail-call');
    assert.ok(slot && slot.type === 'tail-call');
    assert.deepEqual(
      [slot.key, slot.keyName, slot.target.function],
      [22, 'CILIUM_CALL_IPV4_FROM_HOST', 'tail_handle_ipv4_from_host'],
    );
    assert.ok(
      all.some(
        (s) => s.type === 'tail-call' && s.map === 'cilium_call_policy' && s.key === t.destination.endpointId,
      ),
    );
    assert.ok(all.some((s) => s.type === 'redirect' && s.device === 'veth1'));
    assert.ok(!t.hops.some((h) => h.headers.outer));
  });

  test('tunnel modes route remote PodCIDRs through cilium_host, native through the remote node', () => {
    const vx = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3' });
    assert.ok(
      !vx.hops.flatMap((h) => h.steps).some((s) => s.type === 'route' && s.destination === '10.0.1.0/24'),
    );
  });

  test('a destination outside every PodCIDR leaves through the default route', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: '8.8.8.8' });
    assert.equal(t.disposition, 'forwarded-to-stack');
    const route = t.hops.flatMap((h) => h.steps).find((s) => s.type === 'route');
    assert.ok(route && route.type === 'route' && route.gateway === '172.26.50.1');
  });
});

describe('Simulate from a hook', () => {
  test('from-overlay starts on the destination cilium_vxlan', () => {
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', startAt: 'from-overlay' });
    assert.equal(t.hops[0]!.device, 'cilium_vxlan');
    assert.equal(t.hops[0]!.node, 'node1');
    assert.equal(t.startHook, 'from-overlay');
    assert.equal(t.disposition, 'delivered');
  });
  test('from-netdev starts on node1 eth0 in IPVLAN', () => {
    const t = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', startAt: 'from-netdev' });
    assert.deepEqual(
      [t.hops[0]!.node, t.hops[0]!.device, t.hops[0]!.program?.section],
      ['node1', 'eth0', 'from-netdev'],
    );
  });
  test('policy starts at handle_policy', () => {
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', startAt: 'policy' });
    assert.equal(t.hops[0]!.program?.function, 'handle_policy');
  });
  test('a hook the mode never runs is a clear error', () => {
    assert.throws(
      () => trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', startAt: 'from-overlay' }),
      /does not run .* IPVLAN/,
    );
    assert.throws(
      () => trace({ mode: 'vxlan', from: 'pod0', to: 'pod1', startAt: 'from-overlay' }),
      /from-overlay does not run on the path pod0 → pod1/,
    );
    assert.throws(
      () => trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', startAt: 'nowhere' }),
      DatapathError,
    );
  });
});

describe('Cilium versions', () => {
  test('v1.7: bpf_netdev.c and the cilium_policy map', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.7' });
    assert.ok(
      t.hops.some((h) => h.program?.file === 'bpf/bpf_netdev.c' && h.program.section === 'from-netdev'),
    );
    assert.ok(
      t.hops.flatMap((h) => h.steps).some((s) => s.type === 'tail-call' && s.map === 'cilium_policy'),
    );
  });
  test('v1.13: cil_ function names under the old section names', () => {
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.13' });
    assert.deepEqual(
      [t.hops[1]!.program?.section, t.hops[1]!.program?.function],
      ['from-container', 'cil_from_container'],
    );
  });
  test('v1.14–v1.17 __section_entry is ELF "tc"; v1.18+ "tc/entry" with cil_lxc_policy', () => {
    assert.equal(
      trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' }).hops[1]!.program?.section,
      'tc',
    );
    const main = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'main' });
    assert.equal(main.hops[1]!.program?.section, 'tc/entry');
    assert.ok(main.hops.some((h) => h.program?.function === 'cil_lxc_policy'));
    assert.ok(
      main.hops.flatMap((h) => h.steps).some((s) => s.type === 'lookup' && s.map === 'cilium_ipcache_v2'),
    );
  });
  test('IPVLAN only in v1.4–v1.12: a clear error otherwise', () => {
    assert.doesNotThrow(() => trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.12' }));
    assert.throws(
      () => trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.13' }),
      /IPVLAN mode does not exist in Cilium v1\.13/,
    );
    assert.throws(
      () => trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v2.0' }),
      /Unknown Cilium version/,
    );
  });
  test('v1.4–v1.9 IPVLAN stub is loadEntryProg', () => {
    assert.equal(
      trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', ciliumVersion: '1.9.4' }).hops[0]!.program?.function,
      'loadEntryProg',
    );
  });
});

describe('hook resolution', () => {
  test('policy has no device hook: reached through cilium_call_policy[endpoint id]', () => {
    const r = resolveHook('policy', 'vxlan');
    assert.equal(r.attachments.length, 0);
    assert.equal(r.reachedThrough, 'cilium_call_policy[endpoint id]');
    assert.equal(resolveHook('policy', 'vxlan', 'v1.5').reachedThrough, 'cilium_policy[endpoint id]');
  });
  test('from-overlay on cilium_vxlan ingress; dispatches through the overlay calls map and the policy map', () => {
    const r = resolveHook('from-overlay', 'vxlan');
    assert.deepEqual(r.attachments.map((a) => [a.device, a.direction]).slice(0, 1), [
      ['cilium_vxlan', 'ingress'],
    ]);
    assert.deepEqual(
      r.dispatch.map((d) => d.map),
      ['cilium_calls_overlay_2', 'cilium_call_policy'],
    );
  });
  test('unknown hook and mode are clear errors', () => {
    assert.throws(() => resolveHook('from-nowhere'), /Unknown hook "from-nowhere": use one of/);
    assert.throws(() => resolveHook('from-container', 'vlan'), /Unknown datapath mode "vlan"/);
  });
  test('identifyProgram maps any era spelling to a hook', () => {
    assert.equal(identifyProgram('bpf/bpf_lxc.c', 'from-container'), 'from-container');
    assert.equal(identifyProgram('bpf_lxc.c', 'cil_from_container'), 'from-container');
    assert.equal(identifyProgram('bpf_lxc.c', 'handle_xgress'), 'from-container');
    assert.equal(identifyProgram('bpf_lxc.c', 'handle_policy'), 'policy');
    assert.equal(identifyProgram('bpf/bpf_lxc.c', 'cil_lxc_policy'), 'policy');
    assert.equal(identifyProgram('bpf/bpf_netdev.c', 'from-netdev'), 'from-netdev');
    assert.equal(identifyProgram('bpf/bpf_overlay.c', 'cil_from_overlay'), 'from-overlay');
    assert.equal(identifyProgram('bpf/bpf_lxc.c', 'tail_handle_ipv4'), undefined);
  });
  test('attachmentSummary for lenses', () => {
    assert.equal(
      attachmentSummary('from-container'),
      'VXLAN: lxc veth tc ingress · IPVLAN: pod eth0 tc egress via cilium_lxc_ipve[0]',
    );
    assert.equal(attachmentSummary('from-container', 'v1.16'), 'VXLAN: lxc veth tc ingress');
    assert.match(attachmentSummary('policy'), /cilium_call_policy\[endpoint id\]/);
  });
});
