/**
 * IPsec in Cilium v1.19 and main (1.20.0-dev), native routing, IPv4 pod to pod: the encryption happens
 * at the native device. Expected values are read from each release's source (/work/trees/<tag>/bpf and
 * `git show <commit>:<path>` for the Go lines: v1.19.0 = 7c6667e1e707, main = aeb2d1b68e0e), not from
 * the tracer. main's lines below (v1.19's in RELEASES):
 * - sender: bpf_lxc passes the packet to the stack unmarked; the main table routes it out of eth0,
 *   where cil_to_netdev (attached because IPsec requires the devices, main pkg/option/config.go:2017)
 *   calls ipsec_maybe_redirect_to_encrypt (main bpf/bpf_host.c:1534): set_ipsec_encrypt writes
 *   MARK_MAGIC_ENCRYPT | spi << 12 | node_id << 16 (main bpf/lib/ipsec.h:102, :77, :107) and the packet
 *   is redirected to cilium_net's ingress (main bpf/lib/ipsec.h:300); cil_to_host keeps the mark
 *   (main bpf/bpf_host.c:1776); the stack forwards it and xfrm's OUT policy for the remote PodCIDR
 *   encrypts it between the CiliumInternalIPs (main pkg/datapath/linux/ipsec.go:268, :275, :309); the
 *   ESP packet, with the output mark 0xe00 (main pkg/datapath/linux/ipsec/ipsec_linux.go:616), leaves
 *   through eth0, where cil_to_netdev sees ctx_is_encrypt (main bpf/bpf_host.c:1541).
 * - receiver: cil_from_netdev's do_decrypt marks the ESP packet (main bpf/lib/ipsec.h:159) and returns
 *   CTX_ACT_OK (main bpf/bpf_host.c:1326-1327); xfrm's IN state decrypts it (main
 *   pkg/datapath/linux/ipsec.go:347, output mark 0xd00 at ipsec_linux.go:594) and re-inserts it on eth0;
 *   cil_from_netdev clears the mark (main bpf/lib/ipsec.h:169) and handles it like any packet from the
 *   network (legacy host routing: to the stack, cilium_host, the pod's policy program).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDefines, DEFAULT_TOPOLOGY, trace } from '../../src/core';
import { attachedAt } from '../../src/core/model/table/attachments';
import { behaviourOf } from '../../src/core/model/table/behaviours';
import { IPSEC_NETDEV, ipsecNetdevOf, ipsecOf } from '../../src/core/model/table/ipsec';
import { resolveCiliumConfig } from '../../src/core/model/cilium-config';
import { parseCiliumVersion } from '../../src/core/model/versions';
import type { Trace } from '../../src/core/trace/trace-types';

const MAIN = parseCiliumVersion('main');
const ipsec = (extra: Record<string, string> = {}, to = 'pod3', reply = false, version = 'main'): Trace =>
  trace({
    mode: 'native',
    from: 'pod0',
    to,
    ciliumVersion: version,
    ciliumConfig: { 'enable-ipsec': 'true', ...extra },
    ...(reply ? { reply: true } : {}),
  });
const steps = (t: Trace) => t.hops.flatMap((h) => h.steps);
const text = (t: Trace) =>
  [...t.hops.map((h) => h.note ?? ''), ...steps(t).map((s) => s.note ?? ''), ...t.assumptions].join('\n');
const path = (t: Trace) =>
  t.hops.map((h) => `${h.node} ${h.device} ${h.hook}${h.program ? ` ${h.program.function}` : ''}`);

/** node0's and node1's CiliumInternalIPs (cilium_host addresses) in the seed topology */
const NODE0_CIP = '10.0.0.196';
const NODE1_CIP = '10.0.1.196';

interface Release {
  version: string;
  /** lib/ipsec.h ipsec_maybe_redirect_to_encrypt: `ret = ctx_redirect(ctx, … cilium_net …, BPF_F_INGRESS);` */
  redirect: string;
  /** what the redirect's note cites: bpf_host.c's call, the key test, the source test, spi, mark, MAC, ipcache */
  redirectCites: readonly string[];
  /** bpf_host.c cil_to_host: `else if (ctx_is_encrypt(ctx)) magic = ctx->mark;` */
  toHostKeeps: string;
  /** bpf_host.c cil_to_host: the `return ret;` (CTX_ACT_OK) without the host firewall */
  toHostPass: string;
  /** ipsec_linux.go ipsecReplacePolicyFwd: `ipSecAttachPolicyTempl(policy, …, true)` (optional) */
  fwdPolicy: string;
  /** ipsec.go enableIPSecIPv4Do: `params.Dir = ipsec.IPSecDirOut` */
  xfrmOut: string;
  /** ipsec.go: localIP (this node's CiliumInternalIP), remoteCiliumInternalIP; ipsec_linux.go state.Mark */
  xfrmCites: readonly string[];
  /** ipsec_linux.go ipSecReplaceStateOut: OutputMark `Value: linux_defaults.RouteMarkEncrypt` */
  outputMark: string;
  /** bpf_host.c cil_to_netdev: the CTX_ACT_OK exit (no host firewall) */
  netdevPass: string;
  /** bpf_host.c cil_to_netdev: `trace.reason |= TRACE_REASON_ENCRYPTED;` (ctx_is_encrypt) */
  netdevEncrypted: string;
  /** bpf_host.c cil_from_netdev: `return CTX_ACT_OK;` after `if (ctx_is_decrypt(ctx))` */
  fromNetdevPass: string;
  /** ipsec.go enableIPSecIPv4Do: `params.Dir = ipsec.IPSecDirIn` */
  xfrmIn: string;
  /** ipsec_linux.go ipSecReplaceStateIn: OutputMark `Value: linux_defaults.RouteMarkDecrypt` */
  stateIn: string;
  /** do_decrypt on the decrypted packet: `ctx->mark = 0;`, the cilium_host redirect, `if (ctx_is_decrypt(ctx))` */
  decryptedCites: readonly string[];
  /** the hops after cil_from_host on node1 (the policy tail calls of the release) */
  policyHops: readonly string[];
}

const RELEASES: readonly Release[] = [
  {
    version: 'v1.19',
    redirect: 'v1.19.0 bpf/lib/ipsec.h:314',
    redirectCites: [
      'v1.19.0 bpf/bpf_host.c:1464', // ret = ipsec_maybe_redirect_to_encrypt(ctx, proto,
      'v1.19.0 bpf/lib/ipsec.h:282', // if (!dst || !dst->flag_has_tunnel_ep || !dst->key)
      'v1.19.0 bpf/lib/ipsec.h:285', // if (!ipsec_redirect_sec_id_ok(src_sec_identity))
      'v1.19.0 bpf/lib/ipsec.h:101', // spi = get_min_encrypt_key(node_value->spi);
      'v1.19.0 bpf/lib/ipsec.h:103', // mark = ipsec_encode_encryption_mark(spi, node_value->id);
      'v1.19.0 bpf/lib/ipsec.h:77', // return or_encrypt_key(key) | node_id << 16;
      'v1.19.0 bpf/lib/common.h:284', // #define MARK_MAGIC_ENCRYPT 0x0E00
      'v1.19.0 bpf/lib/ipsec.h:108', // ctx->mark = mark;
      'v1.19.0 bpf/lib/ipsec.h:311', // eth_store_daddr(ctx, (const __u8 *)&dst_mac, 0) (CILIUM_NET_MAC)
      'v1.19.0 pkg/datapath/ipcache/listener.go:133', // tunnelEndpoint = ip4
    ],
    toHostKeeps: 'v1.19.0 bpf/bpf_host.c:1695',
    toHostPass: 'v1.19.0 bpf/bpf_host.c:1800',
    fwdPolicy: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:628',
    xfrmOut: 'v1.19.0 pkg/datapath/linux/ipsec.go:310',
    xfrmCites: [
      'v1.19.0 pkg/datapath/linux/ipsec.go:276', // localIP := localCiliumInternalIP
      'v1.19.0 pkg/datapath/linux/ipsec.go:269', // remoteCiliumInternalIP := newNode.GetCiliumInternalIP(false)
      'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:585', // state.Mark = generateEncryptMark(key.Spi, params.RemoteNodeID)
    ],
    outputMark: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:587',
    netdevPass: 'v1.19.0 bpf/bpf_host.c:1542',
    netdevEncrypted: 'v1.19.0 bpf/bpf_host.c:1471',
    fromNetdevPass: 'v1.19.0 bpf/bpf_host.c:1254',
    xfrmIn: 'v1.19.0 pkg/datapath/linux/ipsec.go:348',
    stateIn: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:565',
    decryptedCites: [
      'v1.19.0 bpf/lib/ipsec.h:170', // ctx->mark = 0;
      'v1.19.0 bpf/lib/ipsec.h:174', // return ctx_redirect(ctx, CILIUM_HOST_IFINDEX, 0);
      'v1.19.0 bpf/bpf_host.c:1253', // if (ctx_is_decrypt(ctx))
    ],
    policyHops: ['node1 cilium_host tail-call cil_lxc_policy'],
  },
  {
    version: 'main',
    redirect: 'main bpf/lib/ipsec.h:300',
    redirectCites: [
      'main bpf/bpf_host.c:1534', // ret = ipsec_maybe_redirect_to_encrypt(ctx, proto,
      'main bpf/lib/ipsec.h:268', // if (!dst || !dst->flag_has_tunnel_ep || !dst->key)
      'main bpf/lib/ipsec.h:271', // if (!encrypt_src_matches_policy(src_sec_identity))
      'main bpf/lib/ipsec.h:100', // spi = get_min_encrypt_key(node_value->spi);
      'main bpf/lib/ipsec.h:102', // mark = ipsec_encode_encryption_mark(spi, node_value->id);
      'main bpf/lib/ipsec.h:77', // return or_encrypt_key(key) | node_id << 16;
      'main bpf/lib/common.h:275', // #define MARK_MAGIC_ENCRYPT 0x0E00
      'main bpf/lib/ipsec.h:107', // ctx->mark = mark;
      'main bpf/lib/ipsec.h:297', // eth_store_daddr(ctx, (const __u8 *)&dst_mac, 0) (cilium_net_mac)
      'main pkg/datapath/ipcache/listener.go:146', // tunnelEndpoint, _ = netipx.FromStdIP(ip4)
    ],
    toHostKeeps: 'main bpf/bpf_host.c:1776',
    toHostPass: 'main bpf/bpf_host.c:1875',
    fwdPolicy: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:653',
    xfrmOut: 'main pkg/datapath/linux/ipsec.go:309',
    xfrmCites: [
      'main pkg/datapath/linux/ipsec.go:275', // localIP := net.IP(localCiliumInternalIP.AsSlice())
      'main pkg/datapath/linux/ipsec.go:268', // remoteCiliumInternalIP := newNode.GetCiliumInternalIP(false)
      'main pkg/datapath/linux/ipsec/ipsec_linux.go:614', // state.Mark = generateEncryptMark(key.Spi, params.RemoteNodeID)
    ],
    outputMark: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:616',
    netdevPass: 'main bpf/bpf_host.c:1612',
    netdevEncrypted: 'main bpf/bpf_host.c:1541',
    fromNetdevPass: 'main bpf/bpf_host.c:1327',
    xfrmIn: 'main pkg/datapath/linux/ipsec.go:347',
    stateIn: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:594',
    decryptedCites: [
      'main bpf/lib/ipsec.h:169', // ctx->mark = 0;
      'main bpf/lib/ipsec.h:174', // return ctx_redirect(ctx, CONFIG(cilium_host_ifindex), 0);
      'main bpf/bpf_host.c:1326', // if (ctx_is_decrypt(ctx))
    ],
    policyHops: [
      'node1 cilium_host tail-call cil_lxc_policy',
      'node1 cilium_host tail-call tail_ipv4_policy',
    ],
  },
];

describe('IPsec v1.19 and main, native routing: cil_to_netdev → cilium_net → xfrm → ESP → cil_from_netdev', () => {
  test('the rows: v1.19 and main; v1.10–v1.12 keep their own design, v1.13–v1.18 have none', () => {
    assert.deepEqual(
      IPSEC_NETDEV.map((r) => r.versions),
      [{ from: 19, to: 19 }, { from: 99 }],
    );
    assert.ok(ipsecNetdevOf(MAIN) && !ipsecOf(MAIN));
    assert.ok(!ipsecNetdevOf(parseCiliumVersion('v1.12')) && ipsecOf(parseCiliumVersion('v1.12')));
    for (const v of ['v1.13', 'v1.16', 'v1.18'])
      assert.equal(ipsecNetdevOf(parseCiliumVersion(v)), undefined);
  });

  for (const r of RELEASES) {
    test(`${r.version}: the hops from pod0 to pod3`, () => {
      const t = ipsec({}, 'pod3', false, r.version);
      assert.equal(t.disposition, 'delivered');
      const p = path(t);
      const from = p.indexOf('node0 eth0 routing');
      assert.deepEqual(p.slice(from), [
        // the main table: 10.0.1.0/24 via node1 dev eth0 (bpf_lxc did not mark the packet)
        'node0 eth0 routing',
        // cil_to_netdev: ipsec_maybe_redirect_to_encrypt → cilium_net's ingress
        'node0 eth0 tc-egress cil_to_netdev',
        // cil_to_host on cilium_net (main pkg/datapath/loader/host.go:200, v1.19.0 :166)
        'node0 cilium_net tc-ingress cil_to_host',
        // the stack forwards it; xfrm OUT (kernel) encrypts it
        'node0 cilium_net routing',
        'node0 xfrm stack',
        // the ESP packet to node1's CiliumInternalIP: main table → eth0, cil_to_netdev lets it go
        'node0 eth0 routing',
        'node0 eth0 tc-egress cil_to_netdev',
        'node0 → node1 physical network wire',
        // cil_from_netdev: ESP → CTX_ACT_OK; xfrm IN; cil_from_netdev again
        'node1 eth0 tc-ingress cil_from_netdev',
        'node1 xfrm stack',
        'node1 eth0 tc-ingress cil_from_netdev',
        'node1 eth0 tail-call tail_handle_ipv4_from_netdev',
        // legacy host routing: the stack → cilium_host → from-host → pod3's policy program
        'node1 cilium_host routing',
        'node1 cilium_host tc-egress cil_from_host',
        'node1 cilium_host tail-call tail_handle_ipv4_from_host',
        ...r.policyHops,
        // pod3's eth0
        'node1 eth0 driver',
      ]);
      // no bpf_network (v1.19: not loaded when devices are required; main: no bpf_network.c)
      assert.ok(!t.hops.some((h) => /from_network/.test(h.program?.function ?? '')));
      // bpf_lxc passes the packet unmarked: no set_encrypt_key_mark at the source
      const lxc = t.hops.find(
        (h) => h.device === 'veth0' && h.steps.some((s) => s.type === 'pass-to-stack'),
      )!;
      assert.ok(!(lxc.headerChanges ?? []).some((c) => c.includes('skb->mark')));
    });

    test(`${r.version}: cil_to_netdev marks MARK_MAGIC_ENCRYPT | spi << 12 | node ID << 16 and redirects to cilium_net`, () => {
      const t = ipsec({}, 'pod3', false, r.version);
      const netdev = t.hops.find((h) => h.device === 'eth0' && h.program?.function === 'cil_to_netdev')!;
      assert.deepEqual(
        netdev.steps.map((s) => [s.type, s.type === 'redirect' ? s.device : '', s.cite]),
        [['redirect', 'cilium_net', r.redirect]],
      );
      const note = netdev.steps[0]!.note ?? '';
      for (const cite of r.redirectCites) assert.ok(note.includes(cite), `${r.version}: ${cite}`);
      // key 3 on both nodes: 3 << 12 | 0x0E00 = 0x3e00, and the peer's node ID (the agent's) above it
      assert.ok(
        (netdev.headerChanges ?? []).includes(
          "skb->mark = 0x3e00 | node1's node ID << 16 (MARK_MAGIC_ENCRYPT, key 3)",
        ),
      );
      const net = t.hops.find((h) => h.device === 'cilium_net' && h.program)!;
      assert.ok(net.note?.includes(r.toHostKeeps), r.version);
      assert.deepEqual(
        net.steps.map((s) => [s.type, s.cite]),
        [['pass-to-stack', r.toHostPass]],
      );
      assert.ok(
        t.assumptions.some((a) => a.startsWith('IPsec (native routing, encrypted at the native device)')),
      );
    });

    test(`${r.version}: xfrm OUT encrypts between the CiliumInternalIPs; the output mark 0xe00 lets the ESP packet through`, () => {
      const t = ipsec({}, 'pod3', false, r.version);
      const fwd = t.hops.find((h) => h.device === 'cilium_net' && h.hook === 'routing')!;
      const route = fwd.steps[0]!;
      assert.ok(route.type === 'route');
      // the main table's route of node1's PodCIDR (no ip rule sends the mark to table 200 any more)
      assert.deepEqual(
        [route.destination, route.gateway, route.device],
        ['10.0.1.0/24', '172.26.50.102', 'eth0'],
      );
      // the FWD policy's optional template lets the forwarded packet through
      assert.ok(route.note?.includes(r.fwdPolicy), r.version);
      const encap = steps(t).find((s) => s.type === 'encap');
      assert.ok(encap && encap.type === 'encap');
      assert.deepEqual(
        [
          encap.device,
          encap.outer.protocol,
          encap.outer.srcIp,
          encap.outer.dstIp,
          encap.outer.spi,
          encap.cite,
        ],
        ['xfrm', 'esp', NODE0_CIP, NODE1_CIP, 3, r.xfrmOut],
      );
      for (const cite of r.xfrmCites) assert.ok(encap.note?.includes(cite), `${r.version}: ${cite}`);
      const xfrm = t.hops.find((h) => h.node === 'node0' && h.device === 'xfrm')!;
      assert.ok(
        (xfrm.headerChanges ?? []).some((c) => c.startsWith('skb->mark = 0xe00') && c.includes(r.outputMark)),
      );
      const netdevs = t.hops.filter((h) => h.node === 'node0' && h.program?.function === 'cil_to_netdev');
      assert.equal(netdevs.length, 2);
      // the second pass: ctx_is_encrypt → trace.reason |= TRACE_REASON_ENCRYPTED, then CTX_ACT_OK
      assert.equal(netdevs[1]!.headers.outer?.tunnel.protocol, 'esp');
      assert.deepEqual(
        netdevs[1]!.steps.map((s) => [s.type, s.cite]),
        [['xmit', r.netdevPass]],
      );
      assert.ok(netdevs[1]!.note?.includes(r.netdevEncrypted), r.version);
    });

    test(`${r.version}: on the wire: ESP between the CiliumInternalIPs, no UDP, no Ethernet inside`, () => {
      const wire = ipsec({}, 'pod3', false, r.version).hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(
        [wire.headers.outer?.ip.src, wire.headers.outer?.ip.dst, wire.headers.outer?.ip.protocol],
        [NODE0_CIP, NODE1_CIP, 'ESP'],
      );
      assert.equal(wire.headers.outer?.udp, undefined);
      assert.deepEqual(wire.headers.outer?.esp, { spi: 3 });
      assert.equal(wire.headers.ethernet, undefined);
      // between the nodes' eth0 MACs
      assert.deepEqual(wire.headers.outer?.ethernet, {
        src: '52:54:00:1a:50:65',
        dst: '52:54:00:1a:50:66',
      });
      assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
    });

    test(`${r.version}: the receiver: do_decrypt passes the ESP packet, xfrm IN decrypts, do_decrypt clears the mark`, () => {
      const t = ipsec({}, 'pod3', false, r.version);
      const fromNetdev = t.hops.filter(
        (h) => h.node === 'node1' && h.program?.function === 'cil_from_netdev',
      );
      assert.equal(fromNetdev.length, 2);
      // set_decrypt_mark, then `if (ctx_is_decrypt(ctx)) return CTX_ACT_OK;`
      assert.deepEqual(
        fromNetdev[0]!.steps.map((s) => [s.type, s.cite]),
        [['pass-to-stack', r.fromNetdevPass]],
      );
      assert.equal(fromNetdev[0]!.headers.outer?.tunnel.protocol, 'esp');
      const decap = steps(t).find((s) => s.type === 'decap');
      assert.ok(decap && decap.type === 'decap');
      assert.deepEqual([decap.cite, decap.outer.spi, decap.outer.srcIp], [r.xfrmIn, 3, NODE0_CIP]);
      assert.ok(decap.note?.includes(r.stateIn), r.version);
      // the second pass: the mark cleared, the redirect do_decrypt asks for not taken, do_netdev goes on
      const second = fromNetdev[1]!;
      assert.equal(second.headers.outer, undefined);
      for (const cite of r.decryptedCites) assert.ok(second.note?.includes(cite), `${r.version}: ${cite}`);
      assert.deepEqual(
        second.steps.map((s) => s.type),
        ['lookup', 'tail-call'],
      );
      assert.ok(steps(t).some((s) => s.type === 'tail-call' && s.map === 'cilium_call_policy'));
    });
  }

  test('the reply takes the same way back: ESP from node1 to node0', () => {
    const t = ipsec({}, 'pod3', true);
    assert.equal(t.disposition, 'delivered');
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(
      [wire.headers.outer?.ip.src, wire.headers.outer?.ip.dst, wire.headers.outer?.tunnel.protocol],
      [NODE1_CIP, NODE0_CIP, 'esp'],
    );
    assert.ok(t.hops.some((h) => h.node === 'node1' && h.device === 'cilium_net'));
  });

  test('same node: local delivery, no cil_to_netdev, no xfrm', () => {
    const t = ipsec({}, 'pod1');
    assert.equal(t.disposition, 'delivered');
    assert.ok(!t.hops.some((h) => h.device === 'xfrm' || h.device === 'cilium_net'));
  });

  test('without IPsec: no cil_to_netdev on eth0 (no device required), no xfrm', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'main' });
    assert.ok(!t.hops.some((h) => h.device === 'xfrm' || h.program?.function === 'cil_to_netdev'));
    assert.equal(t.hops.find((h) => h.hook === 'wire')!.headers.outer, undefined);
  });

  test('the rows: cil_to_netdev redirects first, cil_from_netdev passes the ESP packet first', () => {
    for (const [version, redirect, pass] of [
      ['v1.19', 'v1.19.0 bpf/lib/ipsec.h:314', 'v1.19.0 bpf/bpf_host.c:1254'],
      ['main', 'main bpf/lib/ipsec.h:300', 'main bpf/bpf_host.c:1327'],
    ] as const) {
      const a = behaviourOf('host/to-netdev', parseCiliumVersion(version))!.actions[0]!;
      assert.ok(a.do === 'exit');
      assert.deepEqual([a.when, a.exit.kind, a.cite], ['ipsec-encrypt', 'ipsec-redirect', redirect]);
      const b = behaviourOf('host/from-netdev', parseCiliumVersion(version))!.actions[0]!;
      assert.ok(b.do === 'exit');
      assert.deepEqual([b.when, b.exit.kind, b.cite], ['ipsec-esp', 'pass', pass]);
    }
  });

  test('attachments: cil_to_netdev on eth0 with IPsec from v1.18; cil_to_host on cilium_net from v1.16', () => {
    const config = (v: string) =>
      resolveCiliumConfig('native', parseCiliumVersion(v), [
        { origin: 'user', label: '--config', keys: { 'enable-ipsec': 'true' } },
      ]).config;
    const plain = resolveCiliumConfig('native', MAIN).config;
    // AreDevicesRequired(…, ipsecEnabled) (main pkg/option/config.go:2017; v1.18.0 pkg/option/config.go:2143)
    assert.equal(attachedAt('native', 'egress', config('main'), 99)?.program, 'host/to-netdev');
    assert.equal(attachedAt('native', 'egress', plain, 99), undefined);
    // v1.16.0 pkg/datapath/loader/loader.go:369 attachSKBProgram(net, coll.Programs[symbolToHostEp], …)
    assert.equal(attachedAt('cilium_net', 'ingress', plain, 16)?.program, 'host/to-host');
    assert.equal(attachedAt('cilium_net', 'ingress', plain, 15), undefined);
  });
});

describe("IPsec main: the nodes' key indexes (the ipcache's and the node map's key)", () => {
  const run = (node0: number, node1: number) =>
    trace(
      {
        mode: 'native',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: 'main',
        ciliumConfig: { 'enable-ipsec': 'true' },
      },
      {
        ...DEFAULT_TOPOLOGY,
        nodes: DEFAULT_TOPOLOGY.nodes.map((n) => ({
          ...n,
          encryptionKey: n.name === 'node0' ? node0 : node1,
        })),
      },
    );

  test('spi = get_min_encrypt_key(node_value->spi) (main bpf/lib/ipsec.h:35-59, :100)', () => {
    for (const [node0, node1, key] of [
      [5, 4, 4],
      [4, 5, 4],
      [1, 15, 15],
      [15, 2, 2],
    ] as const) {
      const t = run(node0, node1);
      assert.deepEqual(
        t.hops.find((h) => h.hook === 'wire')!.headers.outer?.esp,
        { spi: key },
        `${node0}/${node1}`,
      );
      const mark = `0x${((key << 12) | 0x0e00).toString(16)}`;
      assert.ok(
        text(t).includes(`skb->mark = ${mark} | node1's node ID << 16`),
        `${node0}/${node1}: ${mark}`,
      );
    }
  });

  test('a peer without a key: `!dst->key` (main bpf/lib/ipsec.h:268), the packet leaves unencrypted', () => {
    const t = run(3, 0);
    assert.equal(t.disposition, 'delivered');
    assert.ok(!t.hops.some((h) => h.device === 'xfrm' || h.device === 'cilium_net'));
    assert.equal(t.hops.find((h) => h.hook === 'wire')!.headers.outer, undefined);
    // cil_from_netdev: not ESP, not decrypted: do_netdev handles it (the ipsec-esp row does not apply)
    const fromNetdev = t.hops.find((h) => h.node === 'node1' && h.program?.function === 'cil_from_netdev')!;
    assert.notEqual(fromNetdev.steps[0]?.cite, 'main bpf/bpf_host.c:1327');
  });
});

describe('IPsec main: what is not traced', () => {
  test('this node without a key, the peer with one: SPI 0 is refused (main bpf/lib/ipsec.h:100)', () => {
    assert.throws(
      () =>
        trace(
          {
            mode: 'native',
            from: 'pod0',
            to: 'pod3',
            ciliumVersion: 'main',
            ciliumConfig: { 'enable-ipsec': 'true' },
          },
          {
            ...DEFAULT_TOPOLOGY,
            nodes: DEFAULT_TOPOLOGY.nodes.map((n) => ({ ...n, encryptionKey: n.name === 'node0' ? 0 : 3 })),
          },
        ),
      (e: unknown) => e instanceof Error && /SPI 0 \(main bpf\/lib\/ipsec\.h:100\).*/.test(e.message),
    );
  });

  test('kube-proxy replacement, BPF host routing, tunnels: refused with the line that decides', () => {
    const refusedWith = (extra: Record<string, string>, pattern: RegExp) =>
      assert.throws(
        () => ipsec(extra),
        (e: unknown) => e instanceof Error && pattern.test(e.message),
      );
    // ret = handle_nat_fwd(ctx, 0, src_id, proto, true, &trace, &ext_err); in cil_to_host
    refusedWith({ 'kube-proxy-replacement': 'true' }, /main bpf\/bpf_host\.c:1846.*not modelled yet/);
    // ret = fib_redirect_v4(ctx, ETH_HLEN, ip4, false, false, ext_err, &oif, tbid); (--host-routing bpf sets the axis)
    assert.throws(
      () =>
        resolveCiliumConfig(
          'native',
          MAIN,
          [{ origin: 'user', label: '--config', keys: { 'enable-ipsec': 'true' } }],
          { hostRouting: 'bpf' },
        ),
      (e: unknown) =>
        e instanceof Error &&
        /BPF host routing .*main bpf\/bpf_lxc\.c:1358.*not modelled yet/.test(e.message),
    );
    // if (ctx_is_overlay(ctx)) in ipsec_maybe_redirect_to_encrypt: the VXLAN packet is what gets encrypted
    refusedWith({ 'routing-mode': 'tunnel' }, /tunnel=vxlan .*main bpf\/lib\/ipsec\.h:210.*not modelled yet/);
  });
});

describe('IPsec build defines follow the release', () => {
  test('ENCRYPT_IFACE through v1.15, BPF_HAVE_FIB_LOOKUP through v1.12, ENABLE_IPSEC always', () => {
    const defines = (v: string) =>
      buildDefines(
        resolveCiliumConfig('native', parseCiliumVersion(v), [
          { origin: 'user', label: '--config', keys: { 'enable-ipsec': 'true' } },
        ]).config,
        parseCiliumVersion(v),
      );
    // v1.12.0 pkg/datapath/linux/config/config.go:218 (ENABLE_IPSEC), :501 (ENCRYPT_IFACE);
    // v1.12.0 bpf/include/bpf/features_skb.h:16 (BPF_HAVE_FIB_LOOKUP)
    const v112 = defines('v1.12');
    assert.ok(['ENABLE_IPSEC', 'ENCRYPT_IFACE', 'BPF_HAVE_FIB_LOOKUP'].every((d) => v112.has(d)));
    // main pkg/datapath/linux/ipsec/cell.go:55 (ENABLE_IPSEC); no ENCRYPT_IFACE since v1.16 (v1.16.0
    // pkg/datapath/linux/config/config.go:611 writes only IPV4_ENCRYPT_IFACE); bpf/ no longer tests the probe
    const main = defines('main');
    assert.ok(main.has('ENABLE_IPSEC'));
    assert.ok(!main.has('ENCRYPT_IFACE') && !main.has('BPF_HAVE_FIB_LOOKUP'));
  });
});
