/**
 * WireGuard per release, beyond v1.14–v1.17's to-netdev redirect (model-config.test.ts). Expected
 * values are read from each release's source (/work/trees/<tag>/bpf and the Go tree of the tag):
 * v1.10–v1.13 mark the packet in bpf_lxc and route it by the agent's ip rule to cilium_wg0;
 * in tunnel mode they skip the VXLAN/Geneve encapsulation for it (WireGuard is the only one).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trace } from '../../src/core';
import type { Trace } from '../../src/core/trace/trace-types';

const wg = (version: string, mode: string, to = 'pod3', extra: Record<string, string> = {}): Trace =>
  trace({
    mode,
    from: 'pod0',
    to,
    ciliumVersion: version,
    ciliumConfig: { 'enable-wireguard': 'true', ...extra },
  });
const steps = (t: Trace) => t.hops.flatMap((h) => h.steps);
const notes = (t: Trace) => t.hops.map((h) => h.note ?? '').join('\n');

// [release, dst_remote_ep = true, if (!dst_remote_ep), set_encrypt_mark(ctx), MARK_MAGIC_ENCRYPT, agent's rule]
const MARK: ReadonlyArray<readonly [string, string, string, string, string, string]> = [
  [
    'v1.10',
    'v1.10.0 bpf/bpf_lxc.c:631',
    'v1.10.0 bpf/bpf_lxc.c:820',
    'v1.10.0 bpf/bpf_lxc.c:867',
    'v1.10.0 bpf/lib/common.h:483',
    'v1.10.0 pkg/wireguard/agent/agent.go:158',
  ],
  [
    'v1.11',
    'v1.11.0 bpf/bpf_lxc.c:632',
    'v1.11.0 bpf/bpf_lxc.c:832',
    'v1.11.0 bpf/bpf_lxc.c:879',
    'v1.11.0 bpf/lib/common.h:490',
    'v1.11.0 pkg/wireguard/agent/agent.go:247',
  ],
  [
    'v1.12',
    'v1.12.0 bpf/bpf_lxc.c:774',
    'v1.12.0 bpf/bpf_lxc.c:1072',
    'v1.12.0 bpf/bpf_lxc.c:1119',
    'v1.12.0 bpf/lib/common.h:505',
    'v1.12.0 pkg/wireguard/agent/agent.go:249',
  ],
  [
    'v1.13',
    'v1.13.0 bpf/bpf_lxc.c:777',
    'v1.13.0 bpf/bpf_lxc.c:1065',
    'v1.13.0 bpf/bpf_lxc.c:1120',
    'v1.13.0 bpf/lib/common.h:599',
    'v1.13.0 pkg/wireguard/agent/agent.go:249',
  ],
];

describe('WireGuard v1.10–v1.13: MARK_MAGIC_ENCRYPT and the ip rule to cilium_wg0', () => {
  test('native routing: from-container marks, the rule (fwmark 0xe00/0xf00, table 201) routes to cilium_wg0, which encrypts node → node on UDP 51871', () => {
    for (const [version, remote, , mark, magic, rule] of MARK) {
      const t = wg(version, 'native');
      assert.equal(t.disposition, 'delivered', version);
      const text = notes(t);
      for (const cite of [remote, mark, magic]) assert.ok(text.includes(cite), `${version}: ${cite}`);
      // the agent's rule (v1.10.0 pkg/wireguard/agent/agent.go:157-161), table 201 = default dev cilium_wg0
      const route = steps(t).find((s) => s.type === 'route' && s.cite === rule);
      assert.ok(
        route && route.type === 'route' && route.device === 'cilium_wg0' && route.destination === '0.0.0.0/0',
        `${version}: ${rule}`,
      );
      // no to-netdev redirect before v1.14: to-netdev is not attached for WireGuard (v1.10.0 pkg/datapath/loader/loader.go:255)
      assert.ok(
        !t.hops.some((h) => h.program?.function === 'to_netdev' || h.program?.function === 'cil_to_netdev'),
      );
      assert.ok(!steps(t).some((s) => s.type === 'redirect' && s.device === 'cilium_wg0'), version);
      const encap = steps(t).find((s) => s.type === 'encap');
      assert.ok(encap && encap.type === 'encap', version);
      // the listen port: v1.10.0 pkg/wireguard/agent/agent.go:51 listenPort = 51871
      assert.deepEqual(
        [encap.device, encap.outer.protocol, encap.outer.dstPort, encap.outer.srcIp, encap.outer.dstIp],
        ['cilium_wg0', 'wireguard', 51871, '172.26.50.101', '172.26.50.102'],
        version,
      );
      // on the wire: outer IP node0 → node1, UDP 51871, the pod packet inside without its Ethernet header
      const wire = t.hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(
        [wire.headers.outer?.ip.src, wire.headers.outer?.ip.dst, wire.headers.outer?.udp?.dstPort],
        ['172.26.50.101', '172.26.50.102', 51871],
      );
      assert.equal(wire.headers.ethernet, undefined, version);
      assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
      assert.ok(
        steps(t).some((s) => s.type === 'decap' && s.device === 'cilium_wg0'),
        version,
      );
    }
  });

  test('VXLAN and Geneve: dst_remote_ep skips the encapsulation — WireGuard is the only outer header (no cilium_vxlan, no UDP 8472)', () => {
    for (const mode of ['vxlan', 'geneve']) {
      for (const [version, , skipEncap] of MARK) {
        const t = wg(version, mode);
        assert.equal(t.disposition, 'delivered', `${version} ${mode}`);
        assert.ok(notes(t).includes(skipEncap), `${version}: ${skipEncap}`);
        assert.ok(!t.hops.some((h) => h.device === 'cilium_vxlan' || h.device === 'cilium_geneve'));
        const wire = t.hops.find((h) => h.hook === 'wire')!;
        assert.equal(wire.headers.outer?.tunnel.protocol, 'wireguard', `${version} ${mode}`);
        assert.equal(wire.headers.outer?.udp?.dstPort, 51871);
      }
    }
  });

  test('without WireGuard the same release encapsulates in VXLAN (UDP 8472) and sets no mark', () => {
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.12' });
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(
      [wire.headers.outer?.tunnel.protocol, wire.headers.outer?.udp?.dstPort],
      ['vxlan', 8472],
    );
    assert.ok(!notes(t).includes('MARK_MAGIC_ENCRYPT'));
  });

  test('same node: no mark (the destination is a local endpoint)', () => {
    const t = wg('v1.12', 'native', 'pod1');
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0'));
    assert.ok(!notes(t).includes('MARK_MAGIC_ENCRYPT'));
  });

  test('pod to a remote node address: identity_is_node, so no mark (v1.12.0 bpf/bpf_lxc.c:773)', () => {
    const t = wg('v1.12', 'native', '172.26.50.102');
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0'));
  });
});

describe('WireGuard v1.18+: to-netdev redirects, cil_from_wireguard runs on the decrypted packet', () => {
  // [release, host_wg_encrypt_hook in cil_to_netdev, the ipcache source lookup, the tail call, the exit to the stack]
  const V18: ReadonlyArray<readonly [string, string, string, string, string]> = [
    [
      'v1.18',
      'v1.18.0 bpf/bpf_host.c:1605',
      'v1.18.0 bpf/bpf_wireguard.c:138',
      'v1.18.0 bpf/bpf_wireguard.c:304',
      'v1.18.0 bpf/bpf_wireguard.c:203',
    ],
    [
      'v1.19',
      'v1.19.0 bpf/bpf_host.c:1496',
      'v1.19.0 bpf/bpf_wireguard.c:174',
      'v1.19.0 bpf/bpf_wireguard.c:374',
      'v1.19.0 bpf/bpf_wireguard.c:272',
    ],
    [
      'main',
      'main bpf/bpf_host.c:1566',
      'main bpf/bpf_wireguard.c:317',
      'main bpf/bpf_wireguard.c:326',
      'main bpf/bpf_wireguard.c:212',
    ],
  ];

  test('native routing: cil_to_netdev redirects to cilium_wg0; on node1 cil_from_wireguard (cilium_wg0 tc ingress) resolves the source identity, tail-calls CILIUM_CALL_IPV4_FROM_WIREGUARD (7) and, without BPF host routing, hands the packet to the stack', () => {
    for (const [version, hook, srcid, tail, toStack] of V18) {
      const t = wg(version, 'native');
      assert.equal(t.disposition, 'delivered', version);
      const all = steps(t);
      const redirect = all.find((s) => s.cite === hook);
      assert.ok(
        redirect && redirect.type === 'redirect' && redirect.device === 'cilium_wg0',
        `${version}: ${hook}`,
      );
      const from = t.hops.find((h) => h.program?.function === 'cil_from_wireguard');
      // v1.18.0 pkg/option/config.go:2158 (native routing), v1.19.0 pkg/datapath/loader/wireguard.go:86 (always)
      assert.ok(from && from.device === 'cilium_wg0' && from.hook === 'tc-ingress', version);
      assert.ok(
        from.steps.some((s) => s.type === 'lookup' && s.cite === srcid),
        `${version}: ${srcid}`,
      );
      const call = from.steps.find((s) => s.type === 'tail-call');
      assert.ok(
        call && call.type === 'tail-call' && call.cite === tail && call.key === 7,
        `${version}: ${tail}`,
      );
      // __declare_tail(CILIUM_CALL_IPV4_FROM_WIREGUARD): a real tail call in an IPv4-only build
      assert.ok(!call.inlined, version);
      const pass = all.find((s) => s.cite === toStack);
      assert.ok(pass && pass.type === 'pass-to-stack', `${version}: ${toStack}`);
      // decrypted before it: node0 → node1 UDP 51871 on the wire
      const wire = t.hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(
        [wire.headers.outer?.tunnel.protocol, wire.headers.outer?.udp?.dstPort],
        ['wireguard', 51871],
      );
    }
  });

  test('with BPF host routing, tail_handle_ipv4 delivers to the local endpoint itself (ipv4_local_delivery)', () => {
    for (const [version, cite] of [
      ['v1.18', 'v1.18.0 bpf/bpf_wireguard.c:228'],
      ['v1.19', 'v1.19.0 bpf/bpf_wireguard.c:269'],
      ['main', 'main bpf/bpf_wireguard.c:209'],
    ] as const) {
      const t = wg(version, 'native', 'pod3', {
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
      });
      assert.equal(t.config.hostRouting, 'bpf', version);
      const hop = t.hops.find(
        (h) => h.program?.function === 'tail_handle_ipv4' && h.device === 'cilium_wg0',
      )!;
      assert.ok(
        hop.steps.some((s) => s.type === 'tail-call' && s.cite === cite),
        `${version}: ${cite}`,
      );
      assert.ok(
        !t.hops.some((h) => h.program?.function === 'cil_from_host'),
        'no detour through cilium_host',
      );
    }
  });

  test('v1.16–v1.17 without encrypt-node: no program on cilium_wg0 ingress (bpf_host there needs NodePort, WireGuard and EncryptNode, v1.16.0 pkg/option/config.go:2588)', () => {
    const t = wg('v1.17', 'native');
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0' && h.program));
  });
});
