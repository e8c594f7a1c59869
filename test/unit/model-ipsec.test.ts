/**
 * IPsec (enable-ipsec) per release, native routing, IPv4 pod to pod. Expected values are read from each
 * release's source (/work/trees/<tag>/bpf and the Go tree of the tag, `git show <tag>:<path>`), not from
 * the tracer:
 * - sender: bpf_lxc takes the key from the destination's ipcache entry and sets
 *   skb->mark = MARK_MAGIC_ENCRYPT | key << 12 at pass_to_stack (set_encrypt_key_mark); the agent's
 *   rule 1 (fwmark 0xe00/0xf00 → table 200) routes it to cilium_host; xfrm encrypts it in tunnel mode
 *   between the cilium_host addresses (the router IP → the peer's CiliumInternalIP); the state's output
 *   mark routes the ESP packet out of cilium_host, where bpf_host's from-host redirects it to eth0.
 * - receiver: bpf_network's from-network on eth0 (the encrypt interface) marks the ESP packet
 *   MARK_MAGIC_DECRYPT, xfrm decrypts and re-inserts the inner packet on eth0, from-network sends it
 *   to cilium_host's egress, where from-host delivers it to the pod (policy tail call).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY, trace } from '../../src/core';
import { DatapathError } from '../../src/core/model/model-types';
import { ipsecScopeRefusal } from '../../src/core/model/table/ipsec';
import { behaviourOf } from '../../src/core/model/table/behaviours';
import { namesOf } from '../../src/core/model/table/program-names';
import { parseCiliumVersion } from '../../src/core/model/versions';
import type { Trace } from '../../src/core/trace/trace-types';

const ipsec = (version: string, extra: Record<string, string> = {}, to = 'pod3', reply = false): Trace =>
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
const refused = (fn: () => unknown, pattern: RegExp, code: string) =>
  assert.throws(fn, (e: unknown) => e instanceof DatapathError && e.code === code && pattern.test(e.message));

interface Release {
  version: string;
  /** bpf_lxc.c: `encrypt_key = get_min_encrypt_key(info->key);` in the IPv4 egress path */
  key: string;
  /** bpf_lxc.c: `set_encrypt_key_mark(ctx, encrypt_key);` under `#elif !defined(TUNNEL_MODE)` / `!defined(ENCAP_IFINDEX)` */
  mark: string;
  /** lib/common.h: `#define MARK_MAGIC_ENCRYPT 0x0E00` */
  magic: string;
  /** node.go replaceHostRules: `rule.Mark = linux_defaults.RouteMarkEncrypt` (Priority 1, table RouteTableIPSec) */
  rule: string;
  /** node.go enableIPsec: `ipsec.UpsertIPsecEndpoint(ipsecLocal, ipsecRemote, ipsecLocal, ipsec.IPSecDirOut, …)` */
  xfrmOut: string;
  /** ipsec_linux.go ipSecReplaceStateOut: OutputMark `Value: linux_defaults.RouteMarkEncrypt` */
  outputMark: string;
  /** bpf_host.c do_netdev_encrypt: `redirect(encrypt_iface, 0)` */
  hostRedirect: string;
  /** bpf_host.c handle_netdev, from_host: `if (magic == MARK_MAGIC_ENCRYPT)` */
  hostEncrypt: string;
  /** node.go enableIPsec, local node: `UpsertIPsecEndpoint(ipsecLocal, ipsecIPv4Wildcard, ipsecLocal, ipsec.IPSecDirIn, …)` */
  xfrmIn: string;
}

const RELEASES: readonly Release[] = [
  {
    version: 'v1.10',
    key: 'v1.10.0 bpf/bpf_lxc.c:620',
    mark: 'v1.10.0 bpf/bpf_lxc.c:872',
    magic: 'v1.10.0 bpf/lib/common.h:483',
    rule: 'v1.10.0 pkg/datapath/linux/node.go:1094',
    xfrmOut: 'v1.10.0 pkg/datapath/linux/node.go:880',
    outputMark: 'v1.10.0 pkg/datapath/linux/ipsec/ipsec_linux.go:152',
    hostRedirect: 'v1.10.0 bpf/bpf_host.c:785',
    hostEncrypt: 'v1.10.0 bpf/bpf_host.c:821',
    xfrmIn: 'v1.10.0 pkg/datapath/linux/node.go:872',
  },
  {
    version: 'v1.11',
    key: 'v1.11.0 bpf/bpf_lxc.c:622',
    mark: 'v1.11.0 bpf/bpf_lxc.c:884',
    magic: 'v1.11.0 bpf/lib/common.h:490',
    rule: 'v1.11.0 pkg/datapath/linux/node.go:1198',
    xfrmOut: 'v1.11.0 pkg/datapath/linux/node.go:984',
    outputMark: 'v1.11.0 pkg/datapath/linux/ipsec/ipsec_linux.go:143',
    hostRedirect: 'v1.11.0 bpf/bpf_host.c:815',
    hostEncrypt: 'v1.11.0 bpf/bpf_host.c:851',
    xfrmIn: 'v1.11.0 pkg/datapath/linux/node.go:976',
  },
  {
    version: 'v1.12',
    key: 'v1.12.0 bpf/bpf_lxc.c:764',
    mark: 'v1.12.0 bpf/bpf_lxc.c:1124',
    magic: 'v1.12.0 bpf/lib/common.h:505',
    rule: 'v1.12.0 pkg/datapath/linux/node.go:1247',
    xfrmOut: 'v1.12.0 pkg/datapath/linux/node.go:1022',
    outputMark: 'v1.12.0 pkg/datapath/linux/ipsec/ipsec_linux.go:184',
    hostRedirect: 'v1.12.0 bpf/bpf_host.c:869',
    hostEncrypt: 'v1.12.0 bpf/bpf_host.c:934',
    xfrmIn: 'v1.12.0 pkg/datapath/linux/node.go:1014',
  },
];

/** node0's cilium_host (router) address and node1's CiliumInternalIP in the seed topology */
const NODE0_ROUTER = '10.0.0.196';
const NODE1_ROUTER = '10.0.1.196';

describe('IPsec v1.10–v1.12, native routing: mark, table 200, xfrm, cilium_host, bpf_network', () => {
  for (const r of RELEASES) {
    test(`${r.version}: the hops from pod0 to pod3`, () => {
      const t = ipsec(r.version);
      assert.equal(t.disposition, 'delivered');
      const path = t.hops.map(
        (h) => `${h.node} ${h.device} ${h.hook}${h.program ? ` ${h.program.function}` : ''}`,
      );
      const from = path.findIndex((p) => p === 'node0 cilium_host routing');
      assert.deepEqual(path.slice(from, from + 8), [
        // rule 1 → table 200 → dev cilium_host (node.go replaceHostRules, createNodeIPSecOutRoute)
        'node0 cilium_host routing',
        // xfrm OUT (kernel)
        'node0 xfrm stack',
        // the output mark 0xe00 → table 200 again → out of cilium_host
        'node0 cilium_host routing',
        // bpf_host from-host (v1.10.0 bpf/bpf_host.c:1071 __section("from-host"))
        'node0 cilium_host tc-egress from_host',
        'node0 → node1 physical network wire',
        // bpf_network.c:14 __section("from-network"), on eth0 (v1.10.0 pkg/datapath/loader/loader.go:393)
        'node1 eth0 tc-ingress from_network',
        // xfrm IN (kernel), the inner packet re-inserted on eth0
        'node1 xfrm stack',
        'node1 eth0 tc-ingress from_network',
      ]);
      assert.equal(path[from + 8], 'node1 cilium_host tc-egress from_host');
      assert.equal(t.hops.at(-1)!.steps[0]?.type, 'deliver');
      // no from-netdev / to-netdev: no device needs bpf_host without kube-proxy replacement
      assert.ok(!t.hops.some((h) => /netdev/.test(h.program?.function ?? '')), r.version);
    });

    test(`${r.version}: bpf_lxc sets MARK_MAGIC_ENCRYPT | key << 12 and returns CTX_ACT_OK`, () => {
      const t = ipsec(r.version);
      const all = text(t);
      for (const cite of [r.key, r.mark, r.magic]) assert.ok(all.includes(cite), `${r.version}: ${cite}`);
      // key 3 (the key assumed for every node): 3 << 12 | 0x0E00 = 0x3e00
      assert.ok(all.includes('skb->mark = 0x3e00'), r.version);
      const toStack = t.hops.find((h) =>
        h.steps.some((s) => s.type === 'pass-to-stack' && s.note?.includes(r.mark)),
      );
      assert.ok(toStack && toStack.device === 'veth0', r.version);
      assert.ok(
        t.assumptions.some((a) => a.startsWith('IPsec (native routing)')),
        r.version,
      );
    });

    test(`${r.version}: rule 1 routes to cilium_host, xfrm encrypts between the cilium_host addresses`, () => {
      const t = ipsec(r.version);
      const route = steps(t).find((s) => s.type === 'route' && s.cite === r.rule);
      assert.ok(route && route.type === 'route', r.version);
      assert.deepEqual([route.destination, route.device], ['10.0.1.0/24', 'cilium_host']);
      const encap = steps(t).find((s) => s.type === 'encap');
      assert.ok(encap && encap.type === 'encap', r.version);
      assert.deepEqual(
        [
          encap.device,
          encap.outer.protocol,
          encap.outer.srcIp,
          encap.outer.dstIp,
          encap.outer.spi,
          encap.cite,
        ],
        ['xfrm', 'esp', NODE0_ROUTER, NODE1_ROUTER, 3, r.xfrmOut],
      );
      assert.ok(
        steps(t).some((s) => s.type === 'route' && s.cite === r.outputMark && s.device === 'cilium_host'),
      );
      const fromHost = t.hops.find((h) => h.node === 'node0' && h.program?.function === 'from_host')!;
      assert.deepEqual(
        fromHost.steps.map((s) => [s.type, s.type === 'redirect' ? s.device : '', s.cite]),
        [['redirect', 'eth0', r.hostRedirect]],
      );
      assert.ok(fromHost.steps[0]!.note?.includes(r.hostEncrypt), r.version);
    });

    test(`${r.version}: on the wire: ESP between the cilium_host addresses, no UDP, no Ethernet inside`, () => {
      const wire = ipsec(r.version).hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(
        [wire.headers.outer?.ip.src, wire.headers.outer?.ip.dst, wire.headers.outer?.ip.protocol],
        [NODE0_ROUTER, NODE1_ROUTER, 'ESP'],
      );
      assert.equal(wire.headers.outer?.udp, undefined);
      assert.deepEqual(wire.headers.outer?.esp, { spi: 3 });
      assert.equal(wire.headers.outer?.tunnel.protocol, 'esp');
      assert.equal(wire.headers.ethernet, undefined);
      assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
    });

    test(`${r.version}: the receiver: do_decrypt marks, xfrm decrypts, do_decrypt redirects to cilium_host`, () => {
      const t = ipsec(r.version);
      const net = t.hops.filter((h) => h.program?.function === 'from_network');
      assert.equal(net.length, 2);
      // first pass: ESP → ctx->mark = MARK_MAGIC_DECRYPT (encrypt.h:60), return CTX_ACT_OK (encrypt.h:67)
      assert.deepEqual(
        net[0]!.steps.map((s) => [s.type, s.cite]),
        [['pass-to-stack', 'v1.10.0 bpf/lib/encrypt.h:67']],
      );
      assert.equal(net[0]!.headers.outer?.tunnel.protocol, 'esp');
      // second pass: the decrypted packet → ctx_redirect(ctx, CILIUM_IFINDEX, 0) (encrypt.h:73)
      assert.deepEqual(
        net[1]!.steps.map((s) => [s.type, s.type === 'redirect' ? s.device : '', s.cite]),
        [['redirect', 'cilium_host', 'v1.10.0 bpf/lib/encrypt.h:73']],
      );
      assert.equal(net[1]!.headers.outer, undefined);
      const decap = steps(t).find((s) => s.type === 'decap');
      assert.ok(
        decap && decap.type === 'decap' && decap.cite === r.xfrmIn && decap.outer.spi === 3,
        r.version,
      );
      // cilium_host's egress: from-host delivers through pod3's policy program
      assert.ok(
        steps(t).some((s) => s.type === 'tail-call' && s.map === 'cilium_call_policy'),
        r.version,
      );
    });
  }

  test('the reply takes the same way back: ESP from node1 to node0', () => {
    const t = ipsec('v1.12', {}, 'pod3', true);
    assert.equal(t.disposition, 'delivered');
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(
      [wire.headers.outer?.ip.src, wire.headers.outer?.ip.dst, wire.headers.outer?.tunnel.protocol],
      [NODE1_ROUTER, NODE0_ROUTER, 'esp'],
    );
  });

  test('same node: local delivery, no mark and no xfrm (the destination is a local endpoint)', () => {
    const t = ipsec('v1.12', {}, 'pod1');
    assert.equal(t.disposition, 'delivered');
    assert.ok(!t.hops.some((h) => h.device === 'xfrm'));
    assert.ok(!text(t).includes('MARK_MAGIC_ENCRYPT'));
  });

  test('without IPsec the same release routes the plain packet out of eth0 (no bpf_network)', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.12' });
    assert.ok(!t.hops.some((h) => h.device === 'xfrm' || h.program?.function === 'from_network'));
    assert.equal(t.hops.find((h) => h.hook === 'wire')!.headers.outer, undefined);
  });
});

describe('IPsec: what the releases refuse, and what the model does not trace', () => {
  test("the releases' own refusals, with their lines", () => {
    // v1.10.0 daemon/cmd/daemon_main.go:1340, v1.12.0 :1470, v1.16.0 :1451 log.Fatal("IPSec cannot be used with the host firewall.")
    for (const [version, line] of [
      ['v1.10', 'v1.10.0 daemon/cmd/daemon_main.go:1340'],
      ['v1.12', 'v1.12.0 daemon/cmd/daemon_main.go:1470'],
      ['v1.16', 'v1.16.0 daemon/cmd/daemon_main.go:1451'],
      ['main', 'main daemon/cmd/daemon.go:56'],
    ] as const)
      refused(
        () => ipsec(version, { 'enable-host-firewall': 'true' }),
        new RegExp(`IPSec cannot be used with the host firewall.*${line.replace(/\./g, '\\.')}`),
        'invalid-config',
      );
    // v1.12.0 daemon/cmd/daemon_main.go:1387 log.Fatal("Currently ipsec cannot be used in the 'ipvlan' datapath mode.")
    refused(
      () => ipsec('v1.12', { 'datapath-mode': 'ipvlan' }),
      /Currently ipsec cannot be used in the 'ipvlan' datapath mode.*v1\.12\.0 daemon\/cmd\/daemon_main\.go:1387/,
      'invalid-config',
    );
    // v1.12.0 daemon/cmd/kube_proxy_replacement.go:548 "BPF host routing is incompatible with enable-ipsec"
    refused(
      () => ipsec('v1.12', { 'enable-host-legacy-routing': 'false' }),
      /BPF host routing is incompatible with enable-ipsec.*v1\.12\.0 daemon\/cmd\/kube_proxy_replacement\.go:548/,
      'invalid-config',
    );
    // v1.12.0 daemon/cmd/daemon_main.go:1688 "Wireguard (--enable-wireguard) cannot be used with IPSec"
    refused(
      () => ipsec('v1.12', { 'enable-wireguard': 'true' }),
      /cannot be used with IPSec.*v1\.12\.0 daemon\/cmd\/daemon_main\.go:1688/,
      'invalid-config',
    );
  });

  test('v1.16–v1.17 stay refused: two programs on the same tc ingress, which one runs is not in the configuration', () => {
    const reason = (version: string): string => {
      try {
        ipsec(version);
      } catch (e) {
        if (e instanceof DatapathError) return e.message;
      }
      return '';
    };
    for (const version of ['v1.16', 'v1.17']) {
      const why = reason(version);
      for (const cite of [
        // attachSKBProgram(iface, coll.Programs[symbolFromHostNetdevEp], …, netlink.HANDLE_MIN_INGRESS, …) for every device
        'v1.16.0 pkg/datapath/loader/loader.go:400',
        // if !option.Config.EnableIPSec || option.Config.AreDevicesRequired() { return nil }
        'v1.16.0 pkg/datapath/loader/base.go:199',
        // option.Config.EncryptInterface = append(option.Config.EncryptInterface, link) (the default route's device)
        'v1.16.0 daemon/cmd/daemon_main.go:1434',
        // attachSKBProgram(device, coll.Programs[symbolFromNetwork], …, netlink.HANDLE_MIN_INGRESS, …)
        'v1.16.0 pkg/datapath/loader/base.go:251',
        // Anchor: link.Tail()
        'v1.16.0 pkg/datapath/loader/tcx.go:61',
        // do_decrypt: return ctx_redirect(ctx, CILIUM_IFINDEX, 0);
        'v1.16.0 bpf/lib/encrypt.h:203',
        // do_netdev: do_decrypt(ctx, proto); (the return value ignored) and if (ctx->mark == MARK_MAGIC_DECRYPT)
        'v1.16.0 bpf/bpf_host.c:1092',
        'v1.16.0 bpf/bpf_host.c:1093',
      ])
        assert.ok(why.includes(cite), `${version}: ${cite}`);
    }
  });

  test('the legacy host routing fallback is in the assumptions (v1.10.0 daemon/cmd/kube_proxy_replacement.go:513)', () => {
    const t = ipsec('v1.10');
    assert.ok(t.assumptions.some((a) => a.includes('v1.10.0 daemon/cmd/kube_proxy_replacement.go:513')));
  });

  test('not modelled: other releases, tunnels, kube-proxy replacement, endpoint routes, Services, nodes, IPv6', () => {
    for (const version of ['v1.13', 'v1.14', 'v1.15', 'v1.16', 'v1.17', 'v1.18'])
      refused(
        () => ipsec(version),
        new RegExp(
          `enable-ipsec=true in ${version.replace('.', '\\.')} \\(IPsec is traced for Cilium v1\\.10–v1\\.12, v1\\.19 and main.*not modelled yet`,
        ),
        'not-modelled',
      );
    refused(() => ipsec('v1.12', { tunnel: 'vxlan' }), /tunnel=vxlan .*not modelled yet/, 'not-modelled');
    refused(
      () => ipsec('v1.12', { 'kube-proxy-replacement': 'strict' }),
      /kube-proxy replacement or BPF masquerade .*not modelled yet/,
      'not-modelled',
    );
    refused(
      () => ipsec('v1.12', { 'enable-endpoint-routes': 'true' }),
      /enable-endpoint-routes=true .*not modelled yet/,
      'not-modelled',
    );
    assert.match(
      ipsecScopeRefusal({ family: 4, srcKind: 'pod', dstKind: 'service' }) ?? '',
      /A Service with enable-ipsec=true is not modelled/,
    );
    assert.match(
      ipsecScopeRefusal({ family: 6, srcKind: 'pod', dstKind: 'pod' }) ?? '',
      /IPv6 with enable-ipsec=true is not modelled/,
    );
    assert.equal(ipsecScopeRefusal({ family: 4, srcKind: 'pod', dstKind: 'pod' }), undefined);
    refused(
      () =>
        trace({
          mode: 'native',
          from: 'node0',
          to: 'pod3',
          ciliumVersion: 'v1.12',
          ciliumConfig: { 'enable-ipsec': 'true' },
        }),
      /Only pod-to-pod traffic is modelled with enable-ipsec=true/,
      'not-modelled',
    );
  });
});

describe('bpf_network.c in the tables', () => {
  test('its names per release (bpf/bpf_network.c:14-15 of each tree; gone in main)', () => {
    const expected: ReadonlyArray<readonly [string, string, string] | readonly [string]> = [
      // v1.10.0–v1.12.0 bpf/bpf_network.c:14 __section("from-network"), :15 int from_network(
      ['v1.10', 'from-network', 'from_network'],
      ['v1.12', 'from-network', 'from_network'],
      // v1.13.0 bpf/bpf_network.c:14 __section("from-network"), :15 int cil_from_network(
      ['v1.13', 'from-network', 'cil_from_network'],
      // v1.14.0 bpf/bpf_network.c:14 __section_entry ("tc"), :15 int cil_from_network(
      ['v1.14', 'tc', 'cil_from_network'],
      ['v1.17', 'tc', 'cil_from_network'],
      // v1.18.0 bpf/bpf_network.c:14 __section_entry ("tc/entry" from v1.18)
      ['v1.18', 'tc/entry', 'cil_from_network'],
      ['v1.19', 'tc/entry', 'cil_from_network'],
      // main has no bpf/bpf_network.c: bpf_host is on the devices with IPsec
      ['main'],
    ];
    for (const [version, section, fn] of expected) {
      const n = namesOf('network/from-network', parseCiliumVersion(version));
      if (!section) assert.equal(n, undefined, version);
      else assert.deepEqual([n?.file, n?.section, n?.function], ['bpf/bpf_network.c', section, fn], version);
    }
  });

  test('from-network v1.10–v1.12: the three exits of do_decrypt (bpf/lib/encrypt.h)', () => {
    for (const version of ['v1.10', 'v1.11', 'v1.12']) {
      const b = behaviourOf('network/from-network', parseCiliumVersion(version))!;
      assert.deepEqual(
        b.actions.map((a) => (a.do === 'exit' ? [a.when, a.exit.kind, a.cite] : [a.do])),
        [
          // :60 ctx->mark = MARK_MAGIC_DECRYPT; :66 ctx_change_type(ctx, PACKET_HOST); :67 return CTX_ACT_OK
          ['ipsec-esp', 'pass', 'v1.10.0 bpf/lib/encrypt.h:67'],
          // :69 ctx->mark = 0; :73 return ctx_redirect(ctx, CILIUM_IFINDEX, 0) (v1.10: redirect(CILIUM_IFINDEX, 0))
          ['ipsec-decrypted', 'redirect-host-egress', 'v1.10.0 bpf/lib/encrypt.h:73'],
          // :56-57 if (protocol != IPPROTO_ESP) return CTX_ACT_OK
          ['otherwise', 'pass', 'v1.10.0 bpf/lib/encrypt.h:57'],
        ],
        version,
      );
    }
  });
});

describe("IPsec: the nodes' key indexes (CiliumNode spec.encryption.key)", () => {
  const keyed = (node0: number, node1: number) => ({
    ...DEFAULT_TOPOLOGY,
    nodes: DEFAULT_TOPOLOGY.nodes.map((n) => ({
      ...n,
      encryptionKey: n.name === 'node0' ? node0 : node1,
    })),
  });
  const run = (node0: number, node1: number) =>
    trace(
      {
        mode: 'native',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: 'v1.12',
        ciliumConfig: { 'enable-ipsec': 'true' },
      },
      keyed(node0, node1),
    );

  test('get_min_encrypt_key: the smaller key, 15 rolling over to 1 (v1.12.0 bpf/lib/l3.h:157)', () => {
    for (const [node0, node1, key] of [
      [5, 4, 4],
      [4, 5, 4],
      // if (peer_key == MAX_KEY_INDEX) return local_key == 1 ? peer_key : local_key;
      [1, 15, 15],
      // if (local_key == MAX_KEY_INDEX) return peer_key == 1 ? local_key : peer_key;
      [15, 1, 15],
      [15, 2, 2],
    ] as const) {
      const t = run(node0, node1);
      const wire = t.hops.find((h) => h.hook === 'wire')!;
      assert.deepEqual(wire.headers.outer?.esp, { spi: key }, `${node0}/${node1}`);
      const mark = `0x${((key << 12) | 0x0e00).toString(16)}`;
      assert.ok(text(t).includes(`skb->mark = ${mark}`), `${node0}/${node1}: ${mark}`);
      assert.ok(!t.assumptions.some((a) => a.includes('is assumed')), 'both keys from the topology');
    }
  });

  test('a node without a key (0): `if (encrypt_key && tunnel_endpoint)` fails, the packet goes unencrypted', () => {
    const t = run(3, 0);
    assert.equal(t.disposition, 'delivered');
    assert.ok(!t.hops.some((h) => h.device === 'xfrm'));
    assert.equal(t.hops.find((h) => h.hook === 'wire')!.headers.outer, undefined);
    // from-network passes the plain packet: `if (protocol != IPPROTO_ESP) return CTX_ACT_OK;` (encrypt.h:56-57)
    const net = t.hops.filter((h) => h.program?.function === 'from_network');
    assert.deepEqual(
      net.map((h) => h.steps.map((s) => [s.type, s.cite])),
      [[['pass-to-stack', 'v1.10.0 bpf/lib/encrypt.h:57']]],
    );
    assert.ok(
      text(t).includes('encrypt_key = get_min_encrypt_key(info->key) = 0 (v1.12.0 bpf/bpf_lxc.c:764)'),
    );
  });
});
