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
  programFor,
  type HookName,
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

describe('entry and policy programs per release (reference notes §2; sections as declared)', () => {
  const L = 'bpf/bpf_lxc.c';
  const O = 'bpf/bpf_overlay.c';
  const H = 'bpf/bpf_host.c';
  const N = 'bpf/bpf_netdev.c';
  // [hook, release, file, section, function]
  const rows: Array<[string, string, string, string, string]> = [
    ['from-container', 'v1.4', L, 'from-container', 'handle_xgress'], // v1.4.0 bpf/bpf_lxc.c:763-764
    ['from-container', 'v1.12', L, 'from-container', 'handle_xgress'],
    ['from-container', 'v1.13', L, 'from-container', 'cil_from_container'], // 2e40d67ec93
    ['from-container', 'v1.14', L, 'tc', 'cil_from_container'], // __section_entry, v1.14.0 bpf/include/bpf/ctx/skb.h
    ['from-container', 'v1.18', L, 'tc/entry', 'cil_from_container'], // v1.18.0 bpf/include/bpf/section.h:21
    ['to-container', 'v1.6', L, 'to-container', 'handle_to_container'],
    ['to-container', 'v1.13', L, 'to-container', 'cil_to_container'],
    ['to-container', 'v1.17', L, 'tc', 'cil_to_container'],
    ['to-container', 'main', L, 'tc/entry', 'cil_to_container'],
    ['policy', 'v1.4', L, '1/<endpoint id>', 'handle_policy'], // v1.4.0 bpf/bpf_lxc.c:1116 (LXC_ID)
    ['policy', 'v1.5', L, '1/0xffff', 'handle_policy'], // TEMPLATE_LXC_ID
    ['policy', 'v1.16', L, '1/0xffff', 'handle_policy'],
    ['policy', 'v1.17', L, 'tc', 'handle_policy'], // v1.17.0 bpf/bpf_lxc.c:2221-2222
    ['policy', 'v1.18', L, 'tc/entry', 'cil_lxc_policy'], // 91a9a614cf8
    ['policy-egress', 'v1.12', L, '4/0xffff', 'handle_policy_egress'], // CILIUM_MAP_EGRESSPOLICY 4
    ['policy-egress', 'v1.17', L, 'tc', 'handle_policy_egress'],
    ['policy-egress', 'main', L, 'tc/entry', 'cil_lxc_policy_egress'],
    ['host-policy', 'v1.10', H, '1/0xffff', 'handle_lxc_traffic'], // TEMPLATE_HOST_EP_ID
    ['host-policy', 'v1.17', H, 'tc', 'handle_lxc_traffic'],
    ['host-policy', 'v1.18', H, 'tc/entry', 'cil_host_policy'],
    ['from-overlay', 'v1.4', O, 'from-overlay', 'from_overlay'], // v1.4.0 bpf/bpf_overlay.c:210-211
    ['from-overlay', 'v1.13', O, 'from-overlay', 'cil_from_overlay'],
    ['from-overlay', 'v1.14', O, 'tc', 'cil_from_overlay'],
    ['from-overlay', 'main', O, 'tc/entry', 'cil_from_overlay'],
    ['to-overlay', 'v1.6', O, 'to-overlay', 'to_overlay'],
    ['to-overlay', 'v1.13', O, 'to-overlay', 'cil_to_overlay'],
    ['to-overlay', 'v1.16', O, 'tc', 'cil_to_overlay'],
    ['to-overlay', 'v1.18', O, 'tc/entry', 'cil_to_overlay'],
    ['from-netdev', 'v1.4', N, 'from-netdev', 'from_netdev'], // v1.4.0 bpf/bpf_netdev.c:529-530
    ['from-netdev', 'v1.7', N, 'from-netdev', 'from_netdev'],
    ['from-netdev', 'v1.8', H, 'from-netdev', 'from_netdev'], // bpf_host.c from v1.8.0
    ['from-netdev', 'v1.13', H, 'from-netdev', 'cil_from_netdev'],
    ['from-netdev', 'v1.15', H, 'tc', 'cil_from_netdev'],
    ['from-netdev', 'main', H, 'tc/entry', 'cil_from_netdev'],
    ['to-netdev', 'v1.6', N, 'to-netdev', 'to_netdev'],
    ['to-netdev', 'v1.8', H, 'to-netdev', 'to_netdev'],
    ['to-netdev', 'v1.13', H, 'to-netdev', 'cil_to_netdev'],
    ['to-netdev', 'v1.14', H, 'tc', 'cil_to_netdev'],
    ['to-netdev', 'v1.19', H, 'tc/entry', 'cil_to_netdev'],
    ['from-host', 'v1.7', N, 'from-netdev', 'from_netdev'], // bpf_host.o on cilium_host egress, v1.7.0 bpf/init.sh:629
    ['from-host', 'v1.8', H, 'from-host', 'from_host'],
    ['from-host', 'v1.13', H, 'from-host', 'cil_from_host'],
    ['from-host', 'v1.14', H, 'tc', 'cil_from_host'],
    ['from-host', 'v1.18', H, 'tc/entry', 'cil_from_host'],
    ['to-host', 'v1.6', 'bpf/bpf_hostdev_ingress.c', 'to-host', 'to_host'], // v1.6.0 bpf/bpf_hostdev_ingress.c:29
    ['to-host', 'v1.8', H, 'to-host', 'to_host'],
    ['to-host', 'v1.13', H, 'to-host', 'cil_to_host'],
    ['to-host', 'v1.14', H, 'tc', 'cil_to_host'],
    ['to-host', 'main', H, 'tc/entry', 'cil_to_host'],
  ];
  for (const [hook, release, file, section, fn] of rows)
    test(`${hook} in ${release}: ${file} "${section}" ${fn}()`, () => {
      const p = programFor(hook as HookName, parseCiliumVersion(release));
      assert.deepEqual([p?.file, p?.section, p?.function], [file, section, fn]);
    });
  test('programs a release does not have', () => {
    assert.equal(programFor('to-container', parseCiliumVersion('v1.5')), undefined);
    assert.equal(programFor('to-overlay', parseCiliumVersion('v1.5')), undefined);
    assert.equal(programFor('policy-egress', parseCiliumVersion('v1.11')), undefined);
    assert.equal(programFor('host-policy', parseCiliumVersion('v1.9')), undefined);
  });
});
