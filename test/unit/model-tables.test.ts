/**
 * Rows of the model that no traced path shows on its own: drop reasons per release, routes per
 * transport, and where entry programs are (not) attached. Expected values are read from the source
 * and cited; they are written here independently of the tables.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  parseCiliumVersion,
  resolveHook,
  resolveTopology,
  routingTable,
  trace,
} from '../../src/core';
import { dropReason } from '../../src/core/model/table/drop-reasons';

describe('drop reasons per release', () => {
  // [release, name, value, monitor text], each from the release's header (and pkg/monitor/api/drop.go)
  const rows: Array<[string, string, number | undefined, string?]> = [
    ['v1.4', 'DROP_POLICY', -133, 'Policy denied (L3)'], // v1.4.0 bpf/lib/common.h:251; v1.4.0 pkg/monitor/api/drop.go:27
    ['v1.6', 'DROP_POLICY', -133, 'Policy denied (L3)'], // v1.6.0 bpf/lib/common.h:276; v1.6.0 pkg/monitor/api/drop.go:39
    ['v1.7', 'DROP_POLICY', -133, 'Policy denied'], // v1.7.0 bpf/lib/common.h:300; v1.7.0 pkg/monitor/api/drop.go:39
    ['main', 'DROP_POLICY', -133, 'Policy denied'], // main bpf/lib/drop_reasons.h:16
    ['v1.4', 'DROP_MISSED_TAIL_CALL', -140], // v1.4.0 bpf/lib/common.h:258
    ['main', 'DROP_MISSED_TAIL_CALL', -140], // main bpf/lib/drop_reasons.h:23
    ['v1.4', 'DROP_NO_TUNNEL_KEY', -147], // v1.4.0 bpf/lib/common.h:265
    ['v1.18', 'DROP_NO_TUNNEL_KEY', -147], // v1.18.0 bpf/lib/drop_reasons.h:30
    ['v1.4', 'DROP_NON_LOCAL', -151, 'Not a local target address'], // v1.4.0 bpf/lib/common.h:269; v1.4.0 pkg/monitor/api/drop.go:45
    ['v1.6', 'DROP_NON_LOCAL', undefined], // renamed: v1.6.0 bpf/lib/common.h:294 is DROP_UNROUTABLE
    ['v1.5', 'DROP_UNROUTABLE', undefined],
    ['v1.6', 'DROP_UNROUTABLE', -151], // v1.6.0 bpf/lib/common.h:294
    ['v1.4', 'DROP_NO_TUNNEL_ENDPOINT', -160], // v1.4.0 bpf/lib/common.h:278
    ['v1.16', 'DROP_NO_TUNNEL_ENDPOINT', -160], // v1.16.0 bpf/lib/common.h:612
    ['v1.5', 'DROP_INVALID_IDENTITY', undefined], // not in v1.5.0 bpf/lib/common.h
    ['v1.6', 'DROP_INVALID_IDENTITY', -171], // v1.6.0 bpf/lib/common.h:314
    ['v1.8', 'DROP_POLICY_DENY', undefined], // deny policies arrived in v1.9
    ['v1.9', 'DROP_POLICY_DENY', -181, 'Policy denied by denylist'], // v1.9.0 bpf/lib/common.h:383; v1.9.0 pkg/monitor/api/drop.go:86
    ['v1.15', 'DROP_EP_NOT_READY', undefined],
    ['v1.16', 'DROP_EP_NOT_READY', -203, 'Endpoint policy program not available'], // v1.16.0 bpf/lib/common.h:655
    ['main', 'DROP_EP_NOT_READY', -203], // main bpf/lib/drop_reasons.h:86
  ];
  for (const [release, name, value, text] of rows)
    test(`${release} ${name} = ${value ?? 'not defined'}`, () => {
      const r = dropReason(name, parseCiliumVersion(release));
      assert.equal(r?.code, value);
      if (text) assert.equal(r?.text, text);
    });
});

describe('routes per transport (what Cilium installs for a remote PodCIDR)', () => {
  const row = (mode: 'vxlan' | 'geneve' | 'native' | 'ipvlan'): string[] | undefined => {
    const topo = resolveTopology(DEFAULT_TOPOLOGY, mode);
    const node0 = topo.nodes.find((n) => n.name === 'node0')!;
    const r = routingTable(topo, node0, mode).find((x) => x.destination === '10.0.1.0');
    return r && [r.gateway, r.genmask, r.flags, r.iface];
  };
  // tunnel mode: the remote PodCIDR via the local router IP on cilium_host, so the packet reaches
  // from-host / the tunnel; direct routing: via the remote node's address on eth0
  // (fidelity-review C11; seed 000's route -n shows the direct-routing row)
  test('VXLAN and Geneve: 10.0.1.0/24 via cilium_host', () => {
    assert.deepEqual(row('vxlan'), ['10.0.0.196', '255.255.255.0', 'UG', 'cilium_host']);
    assert.deepEqual(row('geneve'), ['10.0.0.196', '255.255.255.0', 'UG', 'cilium_host']);
  });
  test('native routing and IPVLAN: 10.0.1.0/24 via the node address on eth0', () => {
    assert.deepEqual(row('native'), ['172.26.50.102', '255.255.255.0', 'UG', 'eth0']);
    assert.deepEqual(row('ipvlan'), ['172.26.50.102', '255.255.255.0', 'UG', 'eth0']);
  });
});

describe('attachments the configuration does not have', () => {
  test('from-overlay is not attached anywhere in native routing or IPVLAN, and is refused as a start', () => {
    for (const mode of ['native', 'ipvlan'] as const) {
      assert.deepEqual(resolveHook('from-overlay', mode).attachments, [], mode);
      assert.throws(
        () => trace({ mode, from: 'pod0', to: 'pod3', startAt: 'from-overlay' }),
        /from-overlay does not run on the path/,
      );
    }
  });
  test('to-container sits on the lxc egress only with endpoint routes (v1.10.0 pkg/datapath/loader/loader.go:333-334)', () => {
    const r = resolveHook('to-container', 'vxlan');
    assert.deepEqual(
      r.attachments.map((a) => [
        a.deviceRole,
        a.direction,
        a.condition.startsWith('not in this configuration'),
      ]),
      [['lxc-veth', 'egress', true]],
    );
    // so a same-node delivery redirects to the veth and nothing runs on its egress
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod1' });
    assert.ok(!t.hops.some((h) => h.program?.hook === 'to-container'));
  });
  test('to-overlay: never attached in v1.4–v1.5, only with NodePort in v1.6 (v1.6.0 bpf/init.sh:505), always from v1.7 (v1.7.0 bpf/init.sh:524)', () => {
    assert.equal(
      resolveHook('to-overlay', 'vxlan', 'v1.6').attachments[0]?.condition.startsWith('not in'),
      true,
    );
    assert.equal(
      resolveHook('to-overlay', 'vxlan', 'v1.7').attachments[0]?.condition.startsWith('not in'),
      false,
    );
  });
});
