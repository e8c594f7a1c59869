/**
 * IPv6 pod to pod with native routing (routing-mode=native; tunnel=disabled before v1.12) and with BPF
 * host routing (enable-host-legacy-routing=false), issue 12 item 4, in v1.10, v1.12, v1.16 and main.
 * Without a tunnel the sender's handle_ipv6_from_lxc returns to the stack (or, with BPF host routing,
 * redirects after a FIB lookup); the node routes the IPv6 PodCIDR via the peer node's IPv6 address;
 * the receiving node's bpf_host.c runs its ETH_P_IPV6 branch: from-netdev returns to the stack before
 * the endpoint lookup unless BPF host routing is on, and cilium_host's from-host delivers through
 * ipv6_local_delivery. Addresses: the bundled topology's IPv6 view (node0 fd00:172:26:50::101 with
 * fd00:10::/64, node1 fd00:172:26:50::102 with fd00:10:0:1::/64).
 *
 * Every comment "vX.Y.0 bpf/file.c:N" names the line of that release's source where the step happens
 * (checked against /work/trees/<tag>/bpf).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY, trace, DatapathError, type Step, type Trace } from '../../src/core';

const DUAL = { 'enable-ipv6': 'true' };

function native6(to: string, version: string, config: Record<string, unknown> = {}): Trace {
  return trace({
    mode: 'native',
    from: 'pod0',
    to,
    ciliumVersion: version,
    family: 6,
    ciliumConfig: DUAL,
    config,
  });
}

/** The bpf_host.c hops: "<function>: <step> @<cite>" per step, in order. */
function hostSteps(t: Trace): string[] {
  return t.hops
    .filter((h) => h.program?.file === 'bpf/bpf_host.c')
    .flatMap((h) =>
      h.steps.map((s) => {
        const what =
          s.type === 'tail-call'
            ? `tail-call ${s.keyName}=${s.key}${s.inlined ? ' inline' : ''}`
            : s.type === 'lookup'
              ? `lookup ${s.map}`
              : s.type;
        return `${h.program!.function}: ${what} @${s.cite}`;
      }),
    );
}

function steps(t: Trace): Step[] {
  return t.hops.flatMap((h) => h.steps);
}

function routes(t: Trace): string[] {
  return t.hops.flatMap((h) =>
    h.steps.flatMap((s) =>
      s.type === 'route' ? [`${h.node}: ${s.destination} via ${s.gateway} dev ${s.device}`] : [],
    ),
  );
}

/**
 * The step of the sender's bpf_lxc that ends its program (pass to the stack or redirect):
 * tail_handle_ipv6_cont from v1.12, tail_handle_ipv6 (the whole egress path) in v1.10.
 */
function senderExit(t: Trace): Step | undefined {
  const sender = t.hops.filter((h) => h.node === 'node0' && h.program?.file === 'bpf/bpf_lxc.c').at(-1);
  return sender?.steps.find((s) => s.type === 'pass-to-stack' || s.type === 'redirect');
}

describe('IPv6 native routing, cross-node, legacy host routing', () => {
  const CASES: Array<{ version: string; lxcExit: string; host: string[] }> = [
    {
      version: 'v1.10',
      // v1.10.0 bpf/bpf_lxc.c:407 pass_to_stack (handle_ipv6's whole egress path is one program)
      lxcExit: 'v1.10.0 bpf/bpf_lxc.c:407',
      host: [
        // v1.10: no native device in --devices, so no from-netdev; the stack routes via cilium_host
        // v1.10.0 bpf/bpf_host.c:855 resolve_srcid_ipv6, :858 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_HOST)
        'from_host: lookup cilium_ipcache @v1.10.0 bpf/bpf_host.c:855',
        'from_host: tail-call CILIUM_CALL_IPV6_FROM_HOST=23 @v1.10.0 bpf/bpf_host.c:858',
        // v1.10.0 bpf/bpf_host.c:253 lookup_ip6_endpoint, :261 ipv6_local_delivery
        'tail_handle_ipv6_from_host: lookup cilium_lxc @v1.10.0 bpf/bpf_host.c:253',
        'tail_handle_ipv6_from_host: tail-call endpoint id of pod3=3044 @v1.10.0 bpf/bpf_host.c:261',
      ],
    },
    {
      version: 'v1.12',
      // v1.12.0 bpf/bpf_lxc.c:529 pass_to_stack in handle_ipv6_from_lxc (no TUNNEL_MODE, no ENABLE_HOST_ROUTING)
      lxcExit: 'v1.12.0 bpf/bpf_lxc.c:529',
      host: [
        // v1.12.0 bpf/bpf_host.c:962 resolve_srcid_ipv6, :965 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_HOST)
        'from_host: lookup cilium_ipcache @v1.12.0 bpf/bpf_host.c:962',
        'from_host: tail-call CILIUM_CALL_IPV6_FROM_HOST=23 @v1.12.0 bpf/bpf_host.c:965',
        // v1.12.0 bpf/bpf_host.c:266 lookup_ip6_endpoint, :274 ipv6_local_delivery
        'tail_handle_ipv6_from_host: lookup cilium_lxc @v1.12.0 bpf/bpf_host.c:266',
        'tail_handle_ipv6_from_host: tail-call endpoint id of pod3=3044 @v1.12.0 bpf/bpf_host.c:274',
      ],
    },
    {
      version: 'v1.16',
      // v1.16.0 bpf/bpf_lxc.c:714 pass_to_stack
      lxcExit: 'v1.16.0 bpf/bpf_lxc.c:714',
      host: [
        // v1.16: cil_from_netdev on every native device; v1.16.0 bpf/bpf_host.c:1153 resolve_srcid_ipv6,
        // :1165 tail_call_internal(ctx, from_host ? CILIUM_CALL_IPV6_FROM_HOST : CILIUM_CALL_IPV6_FROM_NETDEV
        'cil_from_netdev: lookup cilium_ipcache @v1.16.0 bpf/bpf_host.c:1153',
        'cil_from_netdev: tail-call CILIUM_CALL_IPV6_FROM_NETDEV=10 @v1.16.0 bpf/bpf_host.c:1165',
        // :460 invoke_tailcall_if(is_defined(ENABLE_HOST_FIREWALL), CILIUM_CALL_IPV6_CONT_FROM_NETDEV: inline
        'tail_handle_ipv6_from_netdev: tail-call CILIUM_CALL_IPV6_CONT_FROM_NETDEV=46 inline @v1.16.0 bpf/bpf_host.c:460',
        // :314-315 #ifndef ENABLE_HOST_ROUTING if (!from_host) return CTX_ACT_OK
        'tail_handle_ipv6_from_netdev: pass-to-stack @v1.16.0 bpf/bpf_host.c:314',
        'cil_from_host: lookup cilium_ipcache @v1.16.0 bpf/bpf_host.c:1153',
        'cil_from_host: tail-call CILIUM_CALL_IPV6_FROM_HOST=23 @v1.16.0 bpf/bpf_host.c:1165',
        // :455 invoke_tailcall_if(is_defined(ENABLE_HOST_FIREWALL), CILIUM_CALL_IPV6_CONT_FROM_HOST: inline
        'tail_handle_ipv6_from_host: tail-call CILIUM_CALL_IPV6_CONT_FROM_HOST=45 inline @v1.16.0 bpf/bpf_host.c:455',
        // :331 lookup_ip6_endpoint, :351 ipv6_local_delivery
        'tail_handle_ipv6_from_host: lookup cilium_lxc @v1.16.0 bpf/bpf_host.c:331',
        'tail_handle_ipv6_from_host: tail-call endpoint id of pod3=3044 @v1.16.0 bpf/bpf_host.c:351',
      ],
    },
    {
      version: 'main',
      // main bpf/bpf_lxc.c:817 pass_to_stack
      lxcExit: 'main bpf/bpf_lxc.c:817',
      host: [
        // main bpf/bpf_host.c:1091 resolve_srcid_ipv6, :1113 tail_call_internal(... CILIUM_CALL_IPV6_FROM_NETDEV
        'cil_from_netdev: lookup cilium_ipcache_v2 @main bpf/bpf_host.c:1091',
        'cil_from_netdev: tail-call CILIUM_CALL_IPV6_FROM_NETDEV=10 @main bpf/bpf_host.c:1113',
        // :483 CILIUM_CALL_IPV6_CONT_FROM_NETDEV only when use_tailcall (host firewall)
        'tail_handle_ipv6_from_netdev: tail-call CILIUM_CALL_IPV6_CONT_FROM_NETDEV=44 inline @main bpf/bpf_host.c:483',
        // :334-335 #ifndef ENABLE_HOST_ROUTING if (!from_host) return CTX_ACT_OK
        'tail_handle_ipv6_from_netdev: pass-to-stack @main bpf/bpf_host.c:335',
        'cil_from_host: lookup cilium_ipcache_v2 @main bpf/bpf_host.c:1091',
        // slot 24 from v1.18 (main bpf/lib/tailcall.h:76)
        'cil_from_host: tail-call CILIUM_CALL_IPV6_FROM_HOST=24 @main bpf/bpf_host.c:1113',
        'tail_handle_ipv6_from_host: tail-call CILIUM_CALL_IPV6_CONT_FROM_HOST=43 inline @main bpf/bpf_host.c:482',
        // :339 lookup_ip6_endpoint, :361 ipv6_local_delivery
        'tail_handle_ipv6_from_host: lookup cilium_lxc @main bpf/bpf_host.c:339',
        'tail_handle_ipv6_from_host: tail-call endpoint id of pod3=3044 @main bpf/bpf_host.c:361',
      ],
    },
  ];
  for (const c of CASES)
    describe(c.version, () => {
      const t = native6('pod3', c.version);
      test('delivered; the sender returns the packet to the stack', () => {
        assert.equal(t.disposition, 'delivered');
        assert.equal(senderExit(t)?.type, 'pass-to-stack');
        assert.equal(senderExit(t)?.cite, c.lxcExit);
      });
      test("routed via node1's IPv6 address, then through cilium_host on node1", () => {
        assert.deepEqual(routes(t), [
          'node0: fd00:10:0:1::/64 via fd00:172:26:50::102 dev eth0',
          'node1: fd00:10:0:1::/64 via fd00:10:0:1::1 dev cilium_host',
        ]);
        const wire = t.hops.find((h) => h.hook === 'wire')!;
        assert.equal(wire.headers.outer, undefined, 'no tunnel header');
        assert.equal(wire.headers.ip.src, 'fd00:10::1f');
        assert.equal(wire.headers.ip.dst, 'fd00:10:0:1::48');
      });
      test("bpf_host.c's IPv6 branch on node1, each step at the release's line", () => {
        assert.deepEqual(hostSteps(t), c.host);
      });
      test("the assumptions name the agent's IPv6 direct route", () => {
        const cite = {
          'v1.10': 'v1.10.0 pkg/datapath/linux/node.go:978',
          'v1.12': 'v1.12.0 pkg/datapath/linux/node.go:1127',
          'v1.16': 'v1.16.0 pkg/datapath/linux/node.go:1024',
          main: 'main pkg/datapath/linux/node.go:567',
        }[c.version]!;
        assert.ok(
          t.assumptions.some((a) => a.includes("via that node's IPv6 address") && a.includes(cite)),
          t.assumptions.join('\n'),
        );
      });
    });
});

describe('IPv6 native routing, same node', () => {
  for (const [version, cite] of [
    // v1.12.0 bpf/bpf_lxc.c:465 ipv6_local_delivery; main bpf/bpf_lxc.c:766
    ['v1.12', 'v1.12.0 bpf/bpf_lxc.c:465'],
    ['main', 'main bpf/bpf_lxc.c:766'],
  ] as const)
    test(`${version}: ipv6_local_delivery in the sender's program, no routing`, () => {
      const t = native6('pod1', version);
      assert.equal(t.disposition, 'delivered');
      assert.deepEqual(routes(t), []);
      const policy = steps(t).find((s) => s.type === 'tail-call' && s.keyName === 'endpoint id of pod1');
      assert.equal(policy?.cite, cite);
    });
});

describe('IPv6 native routing with kube-proxy replacement (from-netdev on the native device)', () => {
  for (const [version, cite] of [
    // v1.10.0 bpf/bpf_host.c:235-236 if (skip_redirect) return CTX_ACT_OK (NO_REDIRECT inside ENABLE_NODEPORT)
    ['v1.10', 'v1.10.0 bpf/bpf_host.c:236'],
    // v1.12.0 bpf/bpf_host.c:248-249 if (skip_redirect) return CTX_ACT_OK (NO_REDIRECT, no ENABLE_HOST_ROUTING)
    ['v1.12', 'v1.12.0 bpf/bpf_host.c:249'],
  ] as const)
    test(`${version}: from-netdev returns to the stack before the endpoint lookup; from-host delivers`, () => {
      const t = native6('pod3', version, { kubeProxyReplacement: true });
      assert.equal(t.disposition, 'delivered');
      const netdev = t.hops.find((h) => h.program?.function === 'tail_handle_ipv6_from_netdev')!;
      assert.deepEqual(
        netdev.steps.map((s) => `${s.type} @${s.cite}`),
        [`pass-to-stack @${cite}`],
      );
      assert.ok(t.hops.some((h) => h.program?.function === 'tail_handle_ipv6_from_host'));
    });
});

describe('IPv6 with BPF host routing (enable-host-legacy-routing=false)', () => {
  const CASES: Array<{ version: string; fib: string; toNetdev: string; netdev: string[] }> = [
    {
      version: 'v1.10',
      // v1.10.0 bpf/bpf_lxc.c:394 redirect_direct_v6 (ENABLE_REDIRECT_FAST); bpf_host.c:1055 to_netdev returns ret
      fib: 'v1.10.0 bpf/bpf_lxc.c:394',
      toNetdev: 'v1.10.0 bpf/bpf_host.c:1055',
      netdev: [
        'from_netdev: lookup cilium_ipcache @v1.10.0 bpf/bpf_host.c:855',
        // v1.10.0 bpf/bpf_host.c:860 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_LXC) — slot 10 in bpf_host too
        'from_netdev: tail-call CILIUM_CALL_IPV6_FROM_LXC=10 @v1.10.0 bpf/bpf_host.c:860',
        'tail_handle_ipv6_from_netdev: lookup cilium_lxc @v1.10.0 bpf/bpf_host.c:253',
        'tail_handle_ipv6_from_netdev: tail-call endpoint id of pod3=3044 @v1.10.0 bpf/bpf_host.c:261',
      ],
    },
    {
      version: 'v1.12',
      // v1.12.0 bpf/bpf_lxc.c:516 redirect_direct_v6; bpf_host.c:1206 to_netdev's return ret
      fib: 'v1.12.0 bpf/bpf_lxc.c:516',
      toNetdev: 'v1.12.0 bpf/bpf_host.c:1206',
      netdev: [
        'from_netdev: lookup cilium_ipcache @v1.12.0 bpf/bpf_host.c:962',
        'from_netdev: tail-call CILIUM_CALL_IPV6_FROM_NETDEV=10 @v1.12.0 bpf/bpf_host.c:967',
        'tail_handle_ipv6_from_netdev: lookup cilium_lxc @v1.12.0 bpf/bpf_host.c:266',
        'tail_handle_ipv6_from_netdev: tail-call endpoint id of pod3=3044 @v1.12.0 bpf/bpf_host.c:274',
      ],
    },
    {
      version: 'v1.16',
      // v1.16.0 bpf/bpf_lxc.c:692 fib_redirect_v6; bpf_host.c:1600 cil_to_netdev's return ret
      fib: 'v1.16.0 bpf/bpf_lxc.c:692',
      toNetdev: 'v1.16.0 bpf/bpf_host.c:1600',
      netdev: [
        'cil_from_netdev: lookup cilium_ipcache @v1.16.0 bpf/bpf_host.c:1153',
        'cil_from_netdev: tail-call CILIUM_CALL_IPV6_FROM_NETDEV=10 @v1.16.0 bpf/bpf_host.c:1165',
        'tail_handle_ipv6_from_netdev: tail-call CILIUM_CALL_IPV6_CONT_FROM_NETDEV=46 inline @v1.16.0 bpf/bpf_host.c:460',
        'tail_handle_ipv6_from_netdev: lookup cilium_lxc @v1.16.0 bpf/bpf_host.c:331',
        'tail_handle_ipv6_from_netdev: tail-call endpoint id of pod3=3044 @v1.16.0 bpf/bpf_host.c:351',
      ],
    },
    {
      version: 'main',
      // main bpf/bpf_lxc.c:792 fib_redirect_v6; bpf_host.c:1612 cil_to_netdev's return ret
      fib: 'main bpf/bpf_lxc.c:792',
      toNetdev: 'main bpf/bpf_host.c:1612',
      netdev: [
        'cil_from_netdev: lookup cilium_ipcache_v2 @main bpf/bpf_host.c:1091',
        'cil_from_netdev: tail-call CILIUM_CALL_IPV6_FROM_NETDEV=10 @main bpf/bpf_host.c:1113',
        'tail_handle_ipv6_from_netdev: tail-call CILIUM_CALL_IPV6_CONT_FROM_NETDEV=44 inline @main bpf/bpf_host.c:483',
        'tail_handle_ipv6_from_netdev: lookup cilium_lxc @main bpf/bpf_host.c:339',
        'tail_handle_ipv6_from_netdev: tail-call endpoint id of pod3=3044 @main bpf/bpf_host.c:361',
      ],
    },
  ];
  for (const c of CASES)
    test(`${c.version}: FIB redirect out of eth0, from-netdev delivers with redirect_peer`, () => {
      const t = native6('pod3', c.version, { hostRouting: 'bpf' });
      assert.equal(t.disposition, 'delivered');
      const fib = senderExit(t);
      assert.equal(fib?.type, 'redirect');
      assert.equal(fib?.cite, c.fib);
      assert.deepEqual(routes(t), [], 'no kernel routing: the FIB lookup is in BPF');
      // to-netdev (attached for BPF host routing) passes the IPv6 packet on
      const toNetdev = t.hops.find((h) => h.program?.hook === 'to-netdev')!;
      assert.deepEqual(
        toNetdev.steps.map((s) => `${s.type} @${s.cite}`),
        [`xmit @${c.toNetdev}`],
      );
      // node1: the native device's program delivers; cilium_host is not on the path
      assert.deepEqual(
        hostSteps(t).filter((s) => !s.includes('to_netdev')),
        c.netdev,
      );
      const deliver = steps(t).filter((s) => s.type === 'redirect' && s.device === 'veth1');
      assert.equal(deliver.length, 1);
      assert.match(deliver[0]!.note, /redirect_peer/);
    });
});

describe('refusals over IPv6 native routing', () => {
  test("a node without an IPv6 address names the topology's field", () => {
    const topology = {
      ...DEFAULT_TOPOLOGY,
      nodes: DEFAULT_TOPOLOGY.nodes.map(({ ipv6, ...n }) => (n.name === 'node1' ? n : { ...n, ipv6 })),
    };
    let error: unknown;
    try {
      trace(
        { mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16', family: 6, ciliumConfig: DUAL },
        topology,
      );
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof DatapathError, String(error));
    assert.equal(error.code, 'invalid-family');
    assert.match(error.message, /Node node1 has no IPv6 address \(the topology's nodes\[\]\.ipv6\)/);
  });
});

describe('--reply over IPv6, pod to pod', () => {
  const reply6 = (mode: 'native' | 'vxlan', version: string): Trace =>
    trace({
      mode,
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: version,
      family: 6,
      ciliumConfig: DUAL,
      reply: true,
    });
  for (const [version, mode] of [
    ['v1.10', 'native'],
    ['v1.12', 'native'],
    ['v1.16', 'vxlan'],
    ['main', 'native'],
  ] as const)
    test(`${version} ${mode}: conntrack finds the reply in cilium_ct6_global, no policy check`, () => {
      const t = reply6(mode, version);
      assert.equal(t.disposition, 'delivered');
      assert.equal(t.source.ip, 'fd00:10:0:1::48');
      assert.equal(t.destination.ip, 'fd00:10::1f');
      const ct = steps(t).filter((s) => s.type === 'ct');
      // the egress CT lookup at pod3 and the ingress one at pod0 (v1.12.0 bpf/bpf_lxc.c:140 ct_lookup6)
      assert.deepEqual(
        ct.map((s) => (s.type === 'ct' ? `${s.direction} ${s.map} ${s.result}` : '')),
        ['egress cilium_ct6_global reply', 'ingress cilium_ct6_global reply'],
      );
      // CT_REPLY skips enforcement: v1.12.0 bpf/bpf_lxc.c:333 and :1450 (ct_status/ret != CT_REPLY),
      // v1.16.0 bpf/bpf_lxc.c:480 and :1537, main bpf/bpf_lxc.c:992 and :1900 (case CT_REPLY)
      assert.deepEqual(
        steps(t).filter((s) => s.type === 'policy'),
        [],
      );
      const delivered = t.hops.at(-1)!;
      assert.equal(delivered.node, 'node0');
    });
  test('native (v1.12): the reply is routed via node0’s IPv6 address and delivered by node0’s from-host', () => {
    const t = reply6('native', 'v1.12');
    assert.deepEqual(routes(t), [
      'node1: fd00:10::/64 via fd00:172:26:50::101 dev eth0',
      'node0: fd00:10::/64 via fd00:10::1 dev cilium_host',
    ]);
    // v1.12.0 bpf/bpf_host.c:274 ipv6_local_delivery into pod0's policy program
    const tail = steps(t).find((s) => s.type === 'tail-call' && s.keyName === 'endpoint id of pod0');
    assert.equal(tail?.cite, 'v1.12.0 bpf/bpf_host.c:274');
  });
});
