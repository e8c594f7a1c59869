/**
 * IPv6 and dual-stack traces (issue 12, item 4). A pod's IPv6 packet runs the programs' ETH_P_IPV6
 * branches and the CILIUM_CALL_IPV6_* slots, meets the IPv6 conntrack and Service maps, and in a
 * dual-stack build (ENABLE_IPV4 and ENABLE_IPV6) the conditional tail calls on
 * __and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)) are real. Addresses: the bundled topology's
 * IPv6 view (node0 fd00:10::/64, node1 fd00:10:0:1::/64).
 *
 * Every comment "vX.Y.0 bpf/file.c:N" names the line of that release's source where the step
 * happens (checked against /work/trees/<tag>/bpf).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadPolicyFiles } from '../../src/core/policy';
import { trace, DatapathError, type Step, type Trace } from '../../src/core';
import { parseTopology } from '../../src/core/topology/parse-topology';
import { canonicalIp, cidrContains, cidrOf, parseCidr, sameIp } from '../../src/core/util/ip';

const DUAL = { 'enable-ipv6': 'true' };

function run6(from: string, to: string, version: string, extra = {}): Trace {
  return trace({ mode: 'vxlan', from, to, ciliumVersion: version, family: 6, ciliumConfig: DUAL, ...extra });
}

function steps(t: Trace): Step[] {
  return t.hops.flatMap((h) => h.steps);
}

function tailCalls(t: Trace): Array<Extract<Step, { type: 'tail-call' }>> {
  return steps(t).filter((s): s is Extract<Step, { type: 'tail-call' }> => s.type === 'tail-call');
}

/** "slot=value" of each tail call through a calls map (the policy tail call is keyed by endpoint id). */
function slots(t: Trace): string[] {
  return tailCalls(t)
    .filter((s) => s.keyName?.startsWith('CILIUM_CALL_'))
    .map((s) => `${s.keyName}=${s.key}${s.inlined ? ' inline' : ''}`);
}

function functions(t: Trace): string[] {
  return t.hops.flatMap((h) => (h.program ? [h.program.function] : []));
}

describe('ip.ts (ipaddr.js)', () => {
  test('parses both families strictly and canonically', () => {
    assert.equal(canonicalIp('FD00:10:0:0::1F'), 'fd00:10::1f');
    assert.equal(canonicalIp('010.0.0.1'), undefined);
    assert.equal(canonicalIp('fe80::1%eth0'), undefined);
    assert.equal(canonicalIp('::ffff:10.0.0.1'), undefined);
    assert.ok(sameIp('fd00:10::1f', 'fd00:10:0:0:0:0:0:1f'));
    assert.equal(parseCidr('fd00:10::1/64'), undefined, 'host bits are refused');
    assert.equal(parseCidr('10.0.0.1/24'), undefined);
    assert.deepEqual(parseCidr('fd00:10:0:1::/64'), {
      family: 6,
      network: 'fd00:10:0:1::',
      prefix: 64,
      text: 'fd00:10:0:1::/64',
    });
    assert.ok(cidrContains(parseCidr('fd00:10:0:1::/64')!, 'fd00:10:0:1::48'));
    assert.ok(!cidrContains(parseCidr('fd00:10:0:1::/64')!, 'fd00:10::48'));
    assert.ok(!cidrContains(parseCidr('10.0.0.0/8')!, 'fd00::1'), 'families never match');
    assert.equal(cidrOf('10.0.1.7', 24)?.text, '10.0.1.0/24');
  });
});

describe('IPv6 pod to pod, same node (v1.12)', () => {
  const t = run6('pod0', 'pod1', 'v1.12');
  test('delivered through the IPv6 slots, each real in the dual-stack build', () => {
    assert.equal(t.disposition, 'delivered');
    assert.equal(t.source.ip, 'fd00:10::1f');
    assert.equal(t.destination.ip, 'fd00:10::2f');
    assert.deepEqual(slots(t), [
      // v1.12.0 bpf/bpf_lxc.c:1324 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_LXC)
      'CILIUM_CALL_IPV6_FROM_LXC=10',
      // v1.12.0 bpf/bpf_lxc.c:687 invoke_tailcall_if(is_defined(ENABLE_PER_PACKET_LB), CILIUM_CALL_IPV6_CT_EGRESS
      'CILIUM_CALL_IPV6_CT_EGRESS=32',
      // v1.12.0 bpf/bpf_lxc.c:603 TAIL_CT_LOOKUP6 → CILIUM_CALL_IPV6_FROM_LXC_CONT
      'CILIUM_CALL_IPV6_FROM_LXC_CONT=26',
      // v1.12.0 bpf/bpf_lxc.c:2034 invoke_tailcall_if(__and(ENABLE_IPV4, ENABLE_IPV6), CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY
      'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY=31',
      // v1.12.0 bpf/bpf_lxc.c:1660 TAIL_CT_LOOKUP6 → CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY (dual-stack)
      'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY=12',
    ]);
  });
  test('the dual-stack condition is shown on the tail calls it makes real', () => {
    const policyOnly = tailCalls(t).find((s) => s.keyName === 'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY')!;
    assert.equal(policyOnly.condition, '__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))');
    assert.equal(policyOnly.inlined, undefined);
    // v1.12.0 bpf/bpf_lxc.c:2034
    assert.equal(policyOnly.cite, 'v1.12.0 bpf/bpf_lxc.c:2034');
  });
  test('IPv6 maps, local delivery by ipv6_local_delivery, the ICMPv6 NDP check', () => {
    const all = steps(t);
    // v1.12.0 bpf/bpf_lxc.c:140 ct_lookup6 (TAIL_CT_LOOKUP6 body) on cilium_ct6_global
    assert.ok(all.some((s) => s.type === 'ct' && s.map === 'cilium_ct6_global'));
    // v1.12.0 bpf/bpf_lxc.c:666 lb6_lookup_service
    assert.ok(all.some((s) => s.type === 'lookup' && s.map === 'cilium_lb6_services_v2'));
    // v1.12.0 bpf/bpf_lxc.c:622 icmp6_handle: bpf_lxc answers NDP for the router
    const ndp = all.find((s) => s.type === 'lookup' && s.map === 'ICMPv6 neighbour discovery');
    assert.equal(ndp?.cite, 'v1.12.0 bpf/bpf_lxc.c:622');
    // v1.12.0 bpf/bpf_lxc.c:465 ipv6_local_delivery → policy tail call
    const policy = tailCalls(t).find((s) => s.keyName?.startsWith('endpoint id'));
    assert.equal(policy?.cite, 'v1.12.0 bpf/bpf_lxc.c:465');
    assert.deepEqual(functions(t).slice(0, 6), [
      'handle_xgress',
      'tail_handle_ipv6',
      'tail_ipv6_ct_egress',
      'tail_handle_ipv6_cont',
      'handle_policy',
      'tail_ipv6_ct_ingress_policy_only',
    ]);
  });
});

describe('IPv6 pod to pod across nodes (VXLAN)', () => {
  test('v1.10: one egress program, the IPv6 tail call real only in the dual-stack build', () => {
    const t = run6('pod0', 'pod3', 'v1.10');
    assert.equal(t.disposition, 'delivered');
    const first = tailCalls(t)[0]!;
    // v1.10.0 bpf/bpf_lxc.c:981 invoke_tailcall_if(__or(__and(ENABLE_IPV4, ENABLE_IPV6), DEBUG), CILIUM_CALL_IPV6_FROM_LXC
    assert.equal(first.keyName, 'CILIUM_CALL_IPV6_FROM_LXC');
    assert.equal(first.cite, 'v1.10.0 bpf/bpf_lxc.c:981');
    assert.equal(
      first.condition,
      '__or(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), is_defined(DEBUG))',
    );
    assert.equal(first.inlined, undefined);
    assert.deepEqual(slots(t), [
      'CILIUM_CALL_IPV6_FROM_LXC=10',
      // v1.10.0 bpf/bpf_overlay.c:319 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_LXC)
      'CILIUM_CALL_IPV6_FROM_LXC=10',
      // v1.10.0 bpf/bpf_lxc.c:1620 invoke_tailcall_if(__and(...), CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY
      'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY=12',
    ]);
    // v1.10.0 bpf/bpf_lxc.c:379 encap_and_redirect_lxc: the IPv6 packet in an IPv4 underlay
    const encap = steps(t).find((s) => s.type === 'redirect' && s.device === 'cilium_vxlan');
    assert.ok(encap && encap.type === 'redirect' && encap.cite === 'v1.10.0 bpf/bpf_lxc.c:379');
    assert.equal(encap.tunnelEndpoint, '172.26.50.102');
  });
  test('v1.16: from-netdev parses the IPv4 underlay, from-overlay the inner IPv6 packet', () => {
    const t = run6('pod0', 'pod3', 'v1.16');
    assert.equal(t.disposition, 'delivered');
    assert.deepEqual(slots(t), [
      // v1.16.0 bpf/bpf_lxc.c:1464 tail_call_internal(ctx, CILIUM_CALL_IPV6_FROM_LXC
      'CILIUM_CALL_IPV6_FROM_LXC=10',
      // v1.16.0 bpf/bpf_lxc.c:195 tail_call_internal(ctx, CILIUM_CALL_IPV6_CT_EGRESS
      'CILIUM_CALL_IPV6_CT_EGRESS=32',
      // v1.16.0 bpf/bpf_lxc.c:781
      'CILIUM_CALL_IPV6_FROM_LXC_CONT=26',
      // the VXLAN packet on node1's eth0 is IPv4: cil_from_netdev takes its IPv4 branch
      'CILIUM_CALL_IPV4_FROM_NETDEV=7',
      'CILIUM_CALL_IPV4_CONT_FROM_NETDEV=44 inline', // the IPv4 row's own condition (ENABLE_HOST_FIREWALL)
      // v1.16.0 bpf/bpf_overlay.c:683 tail_call_internal(ctx, CILIUM_CALL_IPV6_FROM_OVERLAY
      'CILIUM_CALL_IPV6_FROM_OVERLAY=10',
      // v1.16.0 bpf/bpf_lxc.c:2190 invoke_tailcall_if(__and(...), CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY
      'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY=31',
      // v1.16.0 bpf/bpf_lxc.c:1798
      'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY=12',
    ]);
    // v1.16.0 bpf/bpf_lxc.c:795 is_icmp6_ndp → icmp6_ndp_handle
    assert.ok(steps(t).some((s) => s.type === 'lookup' && s.cite === 'v1.16.0 bpf/bpf_lxc.c:795'));
    // v1.16.0 bpf/bpf_overlay.c:82 lookup_ip6_remote_endpoint(saddr)
    assert.ok(steps(t).some((s) => s.type === 'lookup' && s.cite === 'v1.16.0 bpf/bpf_overlay.c:82'));
  });
  test('main: slots 33 → 27, the policy chain 32 → 12 (unconditional in main)', () => {
    const t = run6('pod0', 'pod3', 'main');
    assert.equal(t.disposition, 'delivered');
    const s = slots(t);
    // main bpf/bpf_lxc.c:449 tail_call_internal(ctx, CILIUM_CALL_IPV6_CT_EGRESS
    assert.ok(s.includes('CILIUM_CALL_IPV6_CT_EGRESS=33'));
    // main bpf/bpf_lxc.c:1087
    assert.ok(s.includes('CILIUM_CALL_IPV6_FROM_LXC_CONT=27'));
    // main bpf/bpf_lxc.c:2535 (if is_defined(ENABLE_IPV4) && is_defined(ENABLE_IPV6))
    assert.ok(s.includes('CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY=32'));
    // main bpf/bpf_lxc.c:2163 TAIL_CT_LOOKUP6(…, 1, CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY
    const toPolicy = tailCalls(t).find((x) => x.keyName === 'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY')!;
    assert.equal(toPolicy.condition, undefined);
    assert.equal(toPolicy.cite, 'main bpf/bpf_lxc.c:2163');
    // main bpf/bpf_overlay.c:156 ipv6_local_delivery
    assert.ok(tailCalls(t).some((x) => x.cite === 'main bpf/bpf_overlay.c:156'));
  });
  test('the destination may be given as an IPv6 address (family inferred)', () => {
    const t = trace({
      mode: 'vxlan',
      from: 'pod0',
      to: 'FD00:10:0:1::48',
      ciliumVersion: 'v1.16',
      ciliumConfig: DUAL,
    });
    assert.equal(t.destination.name, 'pod3');
    assert.match(t.assumptions.join('\n'), /the packet traced is IPv6/);
  });
});

describe('policy over IPv6', () => {
  const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'policies');
  const load = (name: string) =>
    loadPolicyFiles([{ name, text: readFileSync(join(FIXTURES, name), 'utf8') }]);
  test('a default-deny ingress drops in the IPv6 policy program, at the release’s drop line', () => {
    const policies = load('default-deny-ingress.yaml');
    const drops: Record<string, string> = {
      // v1.10.0 bpf/bpf_lxc.c:1183 send_drop_notify in tail_ipv6_policy
      'v1.10': 'v1.10.0 bpf/bpf_lxc.c:1183',
      // v1.12.0 bpf/bpf_lxc.c:1556 send_drop_notify in tail_ipv6_policy
      'v1.12': 'v1.12.0 bpf/bpf_lxc.c:1556',
      // v1.16.0 bpf/bpf_lxc.c:1703 drop_err: send_drop_notify_ext
      'v1.16': 'v1.16.0 bpf/bpf_lxc.c:1703',
      // main bpf/bpf_lxc.c:2087 drop_err: send_drop_notify_ext
      main: 'main bpf/bpf_lxc.c:2087',
    };
    for (const [version, cite] of Object.entries(drops)) {
      const t = run6('pod0', 'pod3', version, { policies });
      assert.equal(t.disposition, 'dropped', version);
      const drop = steps(t).find((s) => s.type === 'drop');
      assert.ok(drop && drop.type === 'drop', version);
      assert.equal(drop.reason, 'DROP_POLICY', version);
      assert.equal(drop.function, 'tail_ipv6_policy', version);
      assert.equal(drop.cite, cite, version);
    }
  });
  test('an egress deny drops in the IPv6 egress program (v1.16: tail_handle_ipv6_cont)', () => {
    const t = run6('pod0', 'pod3', 'v1.16', { policies: load('frontend-deny-only.yaml') });
    const drop = steps(t).find((s) => s.type === 'drop');
    assert.ok(drop && drop.type === 'drop');
    assert.equal(drop.reason, 'DROP_POLICY_DENY');
    // v1.16.0 bpf/bpf_lxc.c:763 send_drop_notify_ext in tail_handle_ipv6_cont
    assert.equal(drop.cite, 'v1.16.0 bpf/bpf_lxc.c:763');
  });
});

describe('IPv4 in a dual-stack build', () => {
  test('v1.12: the IPv4 policy chain becomes real tail calls', () => {
    const single = trace({ mode: 'vxlan', from: 'pod0', to: 'pod1', ciliumVersion: 'v1.12' });
    const dual = trace({
      mode: 'vxlan',
      from: 'pod0',
      to: 'pod1',
      ciliumVersion: 'v1.12',
      ciliumConfig: DUAL,
    });
    // v1.12.0 bpf/bpf_lxc.c:2041 invoke_tailcall_if(__and(ENABLE_IPV4, ENABLE_IPV6), CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY
    assert.ok(slots(single).includes('CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY=28 inline'));
    assert.ok(slots(dual).includes('CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY=28'));
    assert.match(dual.assumptions.join('\n'), /dual-stack .*the packet traced is IPv4/);
  });
});

describe('refusals', () => {
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof DatapathError, String(e));
      return `${e.code}: ${e.message}`;
    }
    return 'no error';
  };
  test('IPv6 without enable-ipv6', () => {
    assert.match(
      code(() => trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', family: 6 })),
      /^invalid-config: .*enable-ipv6=true/,
    );
  });
  test('a release without IPv6 rows, endpoint routes, a Service, a pod without IPv6', () => {
    assert.match(
      code(() => run6('pod0', 'pod3', 'v1.13')),
      /^unsupported-family: .*v1\.10, v1\.12, v1\.16, main/,
    );
    assert.match(
      code(() =>
        run6('pod0', 'pod3', 'v1.16', { ciliumConfig: { ...DUAL, 'enable-endpoint-routes': 'true' } }),
      ),
      /^unsupported-family: enable-endpoint-routes/,
    );
    assert.match(
      code(() => run6('node0', 'pod3', 'v1.16')),
      /^unsupported-family: .*host namespace/,
    );
    assert.match(
      code(() => run6('pod0', 'fd00:172:26:50::102', 'v1.16')),
      /^unsupported-family: fd00:172:26:50::102 is no pod's IPv6 address/,
    );
    assert.match(
      code(() => run6('pod0', '2001:db8::1', 'v1.16')),
      /^unsupported-family: .*pod to pod/,
    );
    assert.match(
      code(() => trace({ mode: 'vxlan', from: 'pod0', to: '10.0.1.72', family: 6, ciliumConfig: DUAL })),
      /^invalid-family: --family 6 does not match/,
    );
  });
});

describe('topology: IPv6 fields', () => {
  const base = (pod: Record<string, unknown>, node: Record<string, unknown> = {}, config = {}) => ({
    nodes: [{ name: 'n0', ip: '192.168.0.10', podCidr: '10.0.0.0/24', ipv6PodCidr: 'fd00:1::/64', ...node }],
    pods: [{ name: 'p0', node: 'n0', ip: '10.0.0.5', endpointId: 1, ...pod }],
    config,
  });
  const issue = (value: unknown): string => {
    try {
      parseTopology(JSON.stringify(value), 't.json');
      return 'valid';
    } catch (e) {
      return (e as Error).message;
    }
  };
  test('a dual-stack pod and node are valid; cilium_host gets the first IPv6 address', () => {
    const t = parseTopology(JSON.stringify(base({ ipv6: 'fd00:1::5' })), 't.json');
    assert.equal(t.nodes[0]!.ipv6CiliumHostIp, 'fd00:1::1');
  });
  test('errors name the field', () => {
    assert.match(
      issue(base({ ipv6: 'fd00:2::5' })),
      /\$\.pods\[0\]\.ipv6: "fd00:2::5" is outside n0's ipv6PodCidr fd00:1::\/64/,
    );
    assert.match(
      issue(base({ ipv6: '10.0.0.9' })),
      /\$\.pods\[0\]\.ipv6: "10\.0\.0\.9" is not an IPv6 address/,
    );
    assert.match(
      issue(base({ ipv6: 'fd00:1::5' }, { ipv6PodCidr: undefined })),
      /\$\.pods\[0\]\.ipv6: .*has no ipv6PodCidr/,
    );
    assert.match(
      issue(base({}, { ipv6PodCidr: 'fd00:1::1/64' })),
      /\$\.nodes\[0\]\.ipv6PodCidr: .*no host bits/,
    );
    assert.match(
      issue(base({ ipv6: 'fd00:1::5' }, {}, { 'enable-ipv6': 'false' })),
      /\$\.pods\[0\]\.ipv6: .*enable-ipv6 to false/,
    );
  });
});
