/**
 * WireGuard with VXLAN/Geneve, v1.14+ (enable-wireguard=true, routing-mode tunnel). Expected values are
 * read from each release's source (/work/trees/<tag>/bpf; Go lines from the tag's tree):
 * - v1.14: encap_and_redirect_lxc → __encap_and_redirect_with_nodeid calls wg_maybe_redirect_to_encrypt
 *   before __encap_with_nodeid (v1.14.0 bpf/lib/encap.h:82): the pod's packet goes to cilium_wg0 with
 *   no VXLAN/Geneve header.
 * - v1.15+: the packet is encapsulated as usual; cil_to_netdev on the native device redirects the
 *   VXLAN/Geneve packet to cilium_wg0 (`from_tunnel` by TUNNEL_PORT in v1.15–v1.16, ctx_is_overlay from
 *   v1.17), WireGuard encrypts it whole, and the peer decrypts it back into the VXLAN/Geneve packet,
 *   which the stack hands to the tunnel device (cil_from_overlay).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trace } from '../../src/core';
import type { Hop, Trace } from '../../src/core/trace/trace-types';
import { isValidTrace } from '../../src/protocol/validate-trace';

const wg = (version: string, mode: string, to = 'pod3'): Trace =>
  trace({ mode, from: 'pod0', to, ciliumVersion: version, ciliumConfig: { 'enable-wireguard': 'true' } });
const steps = (t: Trace) => t.hops.flatMap((h) => h.steps);
const notes = (t: Trace) => [...t.hops.map((h) => h.note ?? ''), ...steps(t).map((s) => s.note)].join('\n');
const indexOf = (t: Trace, pred: (h: Hop) => boolean) => t.hops.findIndex(pred);
const TUNNELS = [
  ['vxlan', 'cilium_vxlan', 8472],
  ['geneve', 'cilium_geneve', 6081],
] as const;
// the sender's identity (pod0) is the VNI: the default topology's pod0 identity
const POD0_IDENTITY = 48312;

describe('WireGuard + tunnel v1.14: redirected to cilium_wg0 before the encapsulation', () => {
  test('from-container redirects the pod packet to cilium_wg0 from __encap_and_redirect_with_nodeid; no VXLAN/Geneve header, WireGuard is the only outer header', () => {
    for (const [mode, device] of TUNNELS) {
      const t = wg('v1.14', mode);
      assert.equal(t.disposition, 'delivered', mode);
      // v1.14.0 bpf/lib/encap.h:82: ret = wg_maybe_redirect_to_encrypt(ctx); before __encap_with_nodeid
      const redirect = steps(t).find((s) => s.cite === 'v1.14.0 bpf/lib/encap.h:82');
      assert.ok(redirect && redirect.type === 'redirect' && redirect.device === 'cilium_wg0', mode);
      const at = t.hops.find((h) => h.steps.includes(redirect))!;
      assert.equal(at.program?.file, 'bpf/bpf_lxc.c', mode);
      // v1.14.0 bpf/lib/wireguard.h:103 `if (dst && dst->key)`, :87 the HOST_ID source check, :104 the redirect
      for (const cite of [
        'v1.14.0 bpf/lib/wireguard.h:103',
        'v1.14.0 bpf/lib/wireguard.h:87',
        'v1.14.0 bpf/lib/wireguard.h:104',
      ])
        assert.ok(notes(t).includes(cite), `${mode}: ${cite}`);
      assert.ok(!t.hops.some((h) => h.device === device), `${mode}: no ${device}`);
      assert.ok(!steps(t).some((s) => s.type === 'encap' && s.device === device));
      const wire = t.hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(
        [wire.headers.outer?.tunnel.protocol, wire.headers.outer?.udp?.dstPort, wire.headers.overlay],
        ['wireguard', 51871, undefined],
        mode,
      );
      assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
      // to-netdev sees the encrypted packet: MARK_MAGIC_WG_ENCRYPTED (v1.14.0 bpf/lib/wireguard.h:76) → out
      const netdev = t.hops.filter((h) => h.program?.function === 'cil_to_netdev');
      assert.equal(netdev.length, 1, mode);
      assert.ok(netdev[0]!.steps.some((s) => s.type === 'xmit'));
    }
  });

  test('v1.13 skips the encapsulation in bpf_lxc (dst_remote_ep), v1.14 in encap.h: both send WireGuard only', () => {
    const t13 = wg('v1.13', 'vxlan');
    assert.ok(!steps(t13).some((s) => s.cite === 'v1.14.0 bpf/lib/encap.h:82'));
    assert.ok(notes(t13).includes('v1.13.0 bpf/bpf_lxc.c:1065'));
  });
});

// [release, the redirect line, the test, the to-netdev call, the encrypted-mark check, cil_to_overlay's mark, allowed IPs]
const ENCAPSULATED: ReadonlyArray<
  readonly [string, string, string, string, string, string | undefined, string]
> = [
  [
    'v1.15',
    'v1.15.0 bpf/lib/wireguard.h:141',
    'v1.15.0 bpf/lib/wireguard.h:83', // if (dport == bpf_htons(TUNNEL_PORT))
    'v1.15.0 bpf/bpf_host.c:1399',
    'v1.15.0 bpf/lib/wireguard.h:107', // MARK_MAGIC_WG_ENCRYPTED inside wg_maybe_redirect_to_encrypt
    undefined,
    'v1.15.0 pkg/wireguard/agent/agent.go:162', // requireNodesInPeerList ||= TunnelingEnabled()
  ],
  [
    'v1.16',
    'v1.16.0 bpf/lib/wireguard.h:158', // overlay_encrypt: return ctx_redirect(ctx, WG_IFINDEX, 0)
    'v1.16.0 bpf/lib/wireguard.h:88',
    'v1.16.0 bpf/bpf_host.c:1486',
    'v1.16.0 bpf/bpf_host.c:1485', // if ((ctx->mark & MARK_MAGIC_WG_ENCRYPTED) != MARK_MAGIC_WG_ENCRYPTED)
    undefined,
    'v1.16.0 pkg/wireguard/agent/agent.go:381',
  ],
  [
    'v1.17',
    'v1.17.0 bpf/lib/wireguard.h:173',
    'v1.17.0 bpf/lib/wireguard.h:113', // if (ctx_is_overlay(ctx)) goto overlay_encrypt
    'v1.17.0 bpf/bpf_host.c:1539',
    'v1.17.0 bpf/bpf_host.c:1538', // if (!ctx_mark_is_wireguard(ctx))
    'v1.17.0 bpf/bpf_overlay.c:804', // set_identity_mark(ctx, src_sec_identity, MARK_MAGIC_OVERLAY)
    'v1.17.0 pkg/wireguard/agent/agent.go:410',
  ],
  [
    'v1.18',
    'v1.18.0 bpf/lib/wireguard.h:186',
    'v1.18.0 bpf/lib/wireguard.h:120',
    'v1.18.0 bpf/bpf_host.c:1605',
    'v1.18.0 bpf/bpf_host.c:1604',
    'v1.18.0 bpf/bpf_overlay.c:844',
    'v1.18.0 pkg/wireguard/agent/agent.go:435',
  ],
  [
    'v1.19',
    'v1.19.0 bpf/lib/wireguard.h:189', // return ctx_redirect(ctx, CONFIG(wg_ifindex), 0)
    'v1.19.0 bpf/lib/wireguard.h:78',
    'v1.19.0 bpf/bpf_host.c:1496',
    'v1.19.0 bpf/bpf_host.c:1495', // if (!ctx_is_encrypt(ctx))
    'v1.19.0 bpf/bpf_overlay.c:674',
    'v1.19.0 pkg/wireguard/agent/agent.go:534',
  ],
  [
    'main',
    'main bpf/lib/wireguard.h:163',
    'main bpf/lib/wireguard.h:78',
    'main bpf/bpf_host.c:1566',
    'main bpf/bpf_host.c:1565',
    'main bpf/bpf_overlay.c:651',
    'main pkg/wireguard/agent/agent.go:547',
  ],
];

describe('WireGuard + tunnel v1.15+: to-netdev encrypts the VXLAN/Geneve packet', () => {
  test('from-container encapsulates as usual; cil_to_netdev redirects the tunnel packet to cilium_wg0 (overlay_encrypt), after the encapsulation', () => {
    for (const [mode, device, port] of TUNNELS)
      for (const [version, redirect, testCite, call, encrypted, mark] of ENCAPSULATED) {
        const label = `${version} ${mode}`;
        const t = wg(version, mode);
        assert.equal(t.disposition, 'delivered', label);
        const encap = indexOf(t, (h) => h.steps.some((s) => s.type === 'encap' && s.device === device));
        assert.ok(encap > 0, `${label}: ${device} encapsulates`);
        const step = steps(t).find((s) => s.cite === redirect);
        assert.ok(step && step.type === 'redirect' && step.device === 'cilium_wg0', `${label}: ${redirect}`);
        const hop = indexOf(t, (h) => h.steps.includes(step));
        assert.equal(t.hops[hop]!.program?.function, 'cil_to_netdev', label);
        assert.equal(t.hops[hop]!.device, 'eth0', label);
        assert.ok(hop > encap, `${label}: the redirect follows the encapsulation`);
        // what it sees: the tunnel packet, UDP dport TUNNEL_PORT
        assert.deepEqual(
          [t.hops[hop]!.headers.outer?.tunnel.protocol, t.hops[hop]!.headers.outer?.udp?.dstPort],
          [mode, port],
          label,
        );
        for (const cite of [testCite, call, encrypted, ...(mark ? [mark] : [])])
          assert.ok(step.note.includes(cite), `${label}: ${cite}`);
        // v1.15–v1.16 test the port, v1.17+ the mark cil_to_overlay set
        assert.match(step.note, mark ? /ctx_is_overlay/ : /TUNNEL_PORT/, label);
      }
  });

  test('WireGuard encrypts the whole tunnel packet: on the wire outer WireGuard UDP 51871 node → node, then the VXLAN/Geneve header, then the pod packet', () => {
    for (const [mode, , port] of TUNNELS)
      for (const [version, , , , , , allowed] of ENCAPSULATED) {
        const label = `${version} ${mode}`;
        const t = wg(version, mode);
        const enc = steps(t).find((s) => s.type === 'encap' && s.device === 'cilium_wg0');
        assert.ok(enc && enc.type === 'encap', label);
        assert.deepEqual(
          [enc.outer.protocol, enc.outer.srcIp, enc.outer.dstIp, enc.outer.dstPort],
          ['wireguard', '172.26.50.101', '172.26.50.102', 51871],
          label,
        );
        // the kernel does it, and the peer is chosen by the node address in its allowed IPs
        assert.match(enc.note, /kernel's WireGuard driver, no BPF/);
        assert.ok(enc.note.includes(allowed), `${label}: ${allowed}`);
        const wire = t.hops.find((h) => h.hook === 'wire')!;
        assert.deepEqual(
          wire.headers.outer && {
            src: wire.headers.outer.ip.src,
            dst: wire.headers.outer.ip.dst,
            port: wire.headers.outer.udp?.dstPort,
            proto: wire.headers.outer.tunnel.protocol,
          },
          { src: '172.26.50.101', dst: '172.26.50.102', port: 51871, proto: 'wireguard' },
          label,
        );
        assert.deepEqual(
          wire.headers.overlay && {
            src: wire.headers.overlay.ip.src,
            dst: wire.headers.overlay.ip.dst,
            port: wire.headers.overlay.udp?.dstPort,
            proto: wire.headers.overlay.tunnel.protocol,
            vni: wire.headers.overlay.tunnel.vni,
          },
          { src: '172.26.50.101', dst: '172.26.50.102', port, proto: mode, vni: POD0_IDENTITY },
          label,
        );
        assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72'], label);
        assert.equal(wire.headers.ethernet, undefined, `${label}: cilium_wg0 is an L3 device`);
        // to-netdev runs twice on node0: the redirect, then the encrypted packet goes out
        const netdev = t.hops.filter((h) => h.node === 'node0' && h.program?.function === 'cil_to_netdev');
        assert.equal(netdev.length, 2, label);
        assert.ok(
          netdev[1]!.steps.some((s) => s.type === 'xmit'),
          label,
        );
      }
  });

  test('node1: from-netdev passes the WireGuard packet to the stack, cilium_wg0 decrypts it into the tunnel packet, cil_from_overlay handles it as in plain tunnel mode', () => {
    for (const [mode, device] of TUNNELS)
      for (const [version] of ENCAPSULATED) {
        const label = `${version} ${mode}`;
        const t = wg(version, mode);
        const decrypt = indexOf(t, (h) =>
          h.steps.some((s) => s.type === 'decap' && s.device === 'cilium_wg0'),
        );
        assert.ok(decrypt > 0, label);
        const after = t.hops[decrypt]!;
        assert.equal(after.node, 'node1');
        assert.equal(after.headers.overlay, undefined, label);
        assert.equal(
          after.headers.outer?.tunnel.protocol,
          mode,
          `${label}: the tunnel header is outer again`,
        );
        const decap = indexOf(t, (h) => h.steps.some((s) => s.type === 'decap' && s.device === device));
        assert.ok(decap > decrypt, `${label}: ${device} decapsulates after the decryption`);
        const fromOverlay = t.hops.find((h) => h.program?.function === 'cil_from_overlay');
        assert.ok(fromOverlay && fromOverlay.device === device, label);
        // the VNI still carries pod0's identity
        assert.ok(
          fromOverlay.steps.some((s) => s.type === 'lookup' && s.result.includes(String(POD0_IDENTITY))),
          label,
        );
      }
  });

  test('cil_from_wireguard: not attached in v1.18 tunnel mode (v1.18.0 pkg/option/config.go:2158); v1.19+ attached but returns CTX_ACT_OK under TUNNEL_MODE before any lookup', () => {
    const t18 = wg('v1.18', 'vxlan');
    assert.ok(!t18.hops.some((h) => h.program?.function === 'cil_from_wireguard'));
    for (const [version, cite] of [
      ['v1.19', 'v1.19.0 bpf/bpf_wireguard.c:340'],
      ['main', 'main bpf/bpf_wireguard.c:288'],
    ] as const)
      for (const [mode] of TUNNELS) {
        const t = wg(version, mode);
        const hop = t.hops.find((h) => h.program?.function === 'cil_from_wireguard')!;
        assert.ok(hop && hop.device === 'cilium_wg0', `${version} ${mode}`);
        assert.deepEqual(
          hop.steps.map((s) => [s.type, s.cite]),
          [['pass-to-stack', cite]],
          `${version} ${mode}`,
        );
        assert.ok(
          !t.hops.some((h) => h.program?.function === 'tail_handle_ipv4' && h.device === 'cilium_wg0'),
        );
      }
  });

  test('native routing is unchanged: no tunnel header inside the WireGuard packet', () => {
    for (const version of ['v1.16', 'main']) {
      const wire = wg(version, 'native').hops.find((h) => h.hook === 'wire')!;
      assert.equal(wire.headers.outer?.tunnel.protocol, 'wireguard');
      assert.equal(wire.headers.overlay, undefined);
    }
  });

  test('same node: nothing is encrypted', () => {
    const t = wg('v1.16', 'vxlan', 'pod1');
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0'));
  });
});

test('the webview accepts a trace with headers.overlay and refuses a malformed one', () => {
  const t = JSON.parse(JSON.stringify(wg('v1.16', 'vxlan'))) as Trace;
  assert.ok(isValidTrace(t));
  const wire = t.hops.find((h) => h.hook === 'wire')!;
  (wire.headers.overlay as unknown as { udp: unknown }).udp = 'x';
  assert.ok(!isValidTrace(t));
});

test("the host's packet to a remote pod: v1.14 leaves it unencrypted (HOST_ID source, v1.14.0 bpf/lib/wireguard.h:87), v1.15+ encrypt every tunnel packet (goto overlay_encrypt before that check, v1.16.0 bpf/lib/wireguard.h:104 vs :131)", () => {
  const host = (version: string) =>
    trace({
      mode: 'vxlan',
      from: 'node0',
      to: 'pod3',
      ciliumVersion: version,
      ciliumConfig: { 'enable-wireguard': 'true' },
    });
  const w14 = host('v1.14').hops.find((h) => h.hook === 'wire')!;
  assert.deepEqual([w14.headers.outer?.tunnel.protocol, w14.headers.overlay], ['vxlan', undefined]);
  for (const version of ['v1.16', 'main']) {
    const w = host(version).hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(
      [w.headers.outer?.tunnel.protocol, w.headers.overlay?.tunnel.protocol, w.headers.overlay?.tunnel.vni],
      ['wireguard', 'vxlan', 6],
      version,
    );
  }
});

test('native routing v1.14–v1.15: cil_to_netdev redirects the pod packet itself (v1.14.0 bpf/bpf_host.c:1481, v1.15.0 bpf/bpf_host.c:1399: ret = wg_maybe_redirect_to_encrypt(ctx))', () => {
  for (const [version, cite] of [
    ['v1.14', 'v1.14.0 bpf/bpf_host.c:1481'],
    ['v1.15', 'v1.15.0 bpf/bpf_host.c:1399'],
  ] as const) {
    const t = wg(version, 'native');
    const redirect = steps(t).find((s) => s.cite === cite);
    assert.ok(redirect && redirect.type === 'redirect' && redirect.device === 'cilium_wg0', version);
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual([wire.headers.outer?.tunnel.protocol, wire.headers.overlay], ['wireguard', undefined]);
  }
});
