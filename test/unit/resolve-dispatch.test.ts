/**
 * resolveHook's dispatch lists for the hooks the traced default path never runs (fidelity review M9):
 * to-container (endpoint routes only), policy-egress (ENABLE_L7_LB) and host-policy (host firewall).
 * Every expected link was read in /work/trees/<tag>/bpf/ (the line is cited next to it), not taken
 * from the tables.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveHook } from '../../src/core';

type Link = [map: string, key: string, target: string];

function dispatch(hook: string, version: string, mode = 'vxlan'): Link[] {
  return resolveHook(hook, mode, version).dispatch.map((d) => [d.map, d.key, d.target.function]);
}

const LXC_CALLS = 'cilium_calls_<endpoint id>';
const HOST_CALLS = 'cilium_calls_hostns_<host endpoint id>';

describe('to-container dispatch', () => {
  test('v1.6: straight to tail_ipv4_to_endpoint (13), inlined in an IPv4-only build', () => {
    const r = resolveHook('to-container', 'vxlan', 'v1.6');
    assert.deepEqual(dispatch('to-container', 'v1.6'), [
      // v1.6.0 bpf/bpf_lxc.c:1302-1303 invoke_tailcall_if(__and(ENABLE_IPV4, ENABLE_IPV6),
      //   CILIUM_CALL_IPV4_TO_ENDPOINT, tail_ipv4_to_endpoint); slot 13 at v1.6.0 bpf/lib/common.h:78
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
    assert.match(r.dispatch[0]!.condition ?? '', /inlined in an IPv4-only build/);
  });

  test('v1.10: CILIUM_CALL_IPV4_TO_ENDPOINT (13) under __and(ENABLE_IPV4, ENABLE_IPV6)', () => {
    const r = resolveHook('to-container', 'vxlan', 'v1.10');
    assert.equal(r.program.function, 'handle_to_container'); // v1.10.0 bpf/bpf_lxc.c:1702
    assert.deepEqual(dispatch('to-container', 'v1.10'), [
      // v1.10.0 bpf/bpf_lxc.c:1754-1755; declared at :1515-1517; slot 13 at v1.10.0 bpf/lib/common.h:87
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
    assert.match(
      r.dispatch[0]!.condition ?? '',
      /^__and\(is_defined\(ENABLE_IPV4\), is_defined\(ENABLE_IPV6\)\)/,
    );
  });

  test('v1.11: the condition is __or(ENABLE_IPV4, ENABLE_IPV6), a real tail call', () => {
    const r = resolveHook('to-container', 'vxlan', 'v1.11');
    assert.deepEqual(dispatch('to-container', 'v1.11'), [
      // v1.11.0 bpf/bpf_lxc.c:1765-1766 invoke_tailcall_if(__or(is_defined(ENABLE_IPV4), …),
      //   CILIUM_CALL_IPV4_TO_ENDPOINT, tail_ipv4_to_endpoint); declared likewise at :1527
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
    assert.match(r.dispatch[0]!.condition ?? '', /a real tail call in an IPv4-only build/);
  });

  test('v1.12: CILIUM_CALL_IPV4_CT_INGRESS (27) → CILIUM_CALL_IPV4_TO_ENDPOINT (13)', () => {
    const links = dispatch('to-container', 'v1.12');
    assert.deepEqual(links, [
      // v1.12.0 bpf/bpf_lxc.c:2176 ep_tail_call(ctx, CILIUM_CALL_IPV4_CT_INGRESS); 27 at bpf/lib/common.h:94
      [LXC_CALLS, 'CILIUM_CALL_IPV4_CT_INGRESS (27)', 'tail_ipv4_ct_ingress'],
      // v1.12.0 bpf/bpf_lxc.c:2004-2005 TAIL_CT_LOOKUP4(CILIUM_CALL_IPV4_CT_INGRESS, tail_ipv4_ct_ingress,
      //   CT_INGRESS, 1, CILIUM_CALL_IPV4_TO_ENDPOINT, tail_ipv4_to_endpoint)
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
    // both jumps are unconditional (ep_tail_call; TAIL_CT_LOOKUP4 condition literal 1)
    assert.ok(resolveHook('to-container', 'vxlan', 'v1.12').dispatch.every((d) => d.condition === undefined));
  });

  test('v1.16: tail_call_internal into CT_INGRESS (27), then TO_ENDPOINT (13)', () => {
    assert.deepEqual(dispatch('to-container', 'v1.16'), [
      // v1.16.0 bpf/bpf_lxc.c:2377 tail_call_internal(ctx, CILIUM_CALL_IPV4_CT_INGRESS, &ext_err)
      [LXC_CALLS, 'CILIUM_CALL_IPV4_CT_INGRESS (27)', 'tail_ipv4_ct_ingress'],
      // v1.16.0 bpf/bpf_lxc.c:2158-2159 TAIL_CT_LOOKUP4(…, 1, CILIUM_CALL_IPV4_TO_ENDPOINT, tail_ipv4_to_endpoint)
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
  });

  test('v1.18: CT_INGRESS is slot 28', () => {
    const r = resolveHook('to-container', 'vxlan', 'v1.18');
    assert.equal(r.program.function, 'cil_to_container'); // v1.18.0 bpf/bpf_lxc.c:2342
    assert.deepEqual(dispatch('to-container', 'v1.18'), [
      // v1.18.0 bpf/bpf_lxc.c:2414; CILIUM_CALL_IPV4_CT_INGRESS 28 at v1.18.0 bpf/lib/tailcall.h:80
      [LXC_CALLS, 'CILIUM_CALL_IPV4_CT_INGRESS (28)', 'tail_ipv4_ct_ingress'],
      // v1.18.0 bpf/bpf_lxc.c:2221-2222; CILIUM_CALL_IPV4_TO_ENDPOINT 13 at bpf/lib/tailcall.h:65
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
    assert.deepEqual(
      r.dispatch.map((d) => d.target.section),
      ['tc/tail', 'tc/tail'],
    );
  });

  test('main', () => {
    assert.deepEqual(dispatch('to-container', 'main'), [
      // main bpf/bpf_lxc.c:2703 tail_call_internal(ctx, CILIUM_CALL_IPV4_CT_INGRESS, &ext_err)
      [LXC_CALLS, 'CILIUM_CALL_IPV4_CT_INGRESS (28)', 'tail_ipv4_ct_ingress'],
      // main bpf/bpf_lxc.c:2498-2499 TAIL_CT_LOOKUP4(…, 1, CILIUM_CALL_IPV4_TO_ENDPOINT, tail_ipv4_to_endpoint)
      [LXC_CALLS, 'CILIUM_CALL_IPV4_TO_ENDPOINT (13)', 'tail_ipv4_to_endpoint'],
    ]);
  });
});

describe('policy-egress dispatch', () => {
  test('no policy-egress program before v1.12', () => {
    assert.throws(() => resolveHook('policy-egress', 'vxlan', 'v1.10'), /has no policy-egress program/);
  });

  test('v1.12: handle_policy_egress re-enters CILIUM_CALL_IPV4_FROM_LXC (7)', () => {
    const r = resolveHook('policy-egress', 'vxlan', 'v1.12');
    // v1.12.0 bpf/bpf_lxc.c:2067-2068 __section_tail(CILIUM_MAP_EGRESSPOLICY, TEMPLATE_LXC_ID) handle_policy_egress
    assert.equal(r.program.function, 'handle_policy_egress');
    assert.equal(r.program.section, '4/0xffff');
    assert.deepEqual(dispatch('policy-egress', 'v1.12')[0], [
      // v1.12.0 bpf/bpf_lxc.c:2094 ep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC); 7 at bpf/lib/common.h:68
      LXC_CALLS,
      'CILIUM_CALL_IPV4_FROM_LXC (7)',
      'tail_handle_ipv4',
    ]);
    // …and the pod's own egress path follows: v1.12.0 bpf/bpf_lxc.c:1249 CILIUM_CALL_IPV4_CT_EGRESS (29)
    assert.deepEqual(dispatch('policy-egress', 'v1.12')[1], [
      LXC_CALLS,
      'CILIUM_CALL_IPV4_CT_EGRESS (29)',
      'tail_ipv4_ct_egress',
    ]);
  });

  test('v1.16: tail_call_internal into CILIUM_CALL_IPV4_FROM_LXC (7)', () => {
    assert.deepEqual(dispatch('policy-egress', 'v1.16')[0], [
      // v1.16.0 bpf/bpf_lxc.c:2254 tail_call_internal(ctx, CILIUM_CALL_IPV4_FROM_LXC, &ext_err)
      LXC_CALLS,
      'CILIUM_CALL_IPV4_FROM_LXC (7)',
      'tail_handle_ipv4',
    ]);
  });

  test('v1.18: cil_lxc_policy_egress, an entry program', () => {
    const r = resolveHook('policy-egress', 'vxlan', 'v1.18');
    // v1.18.0 bpf/bpf_lxc.c:2287-2288 __section_entry int cil_lxc_policy_egress
    assert.equal(r.program.function, 'cil_lxc_policy_egress');
    assert.equal(r.program.section, 'tc/entry');
    assert.deepEqual(dispatch('policy-egress', 'v1.18')[0], [
      // v1.18.0 bpf/bpf_lxc.c:2317 tail_call_internal(ctx, CILIUM_CALL_IPV4_FROM_LXC, &ext_err);
      // 7 at v1.18.0 bpf/lib/tailcall.h:51
      LXC_CALLS,
      'CILIUM_CALL_IPV4_FROM_LXC (7)',
      'tail_handle_ipv4',
    ]);
  });

  test('main', () => {
    assert.deepEqual(dispatch('policy-egress', 'main')[0], [
      // main bpf/bpf_lxc.c:2606 tail_call_internal(ctx, CILIUM_CALL_IPV4_FROM_LXC, &ext_err)
      LXC_CALLS,
      'CILIUM_CALL_IPV4_FROM_LXC (7)',
      'tail_handle_ipv4',
    ]);
  });
});

describe('host-policy dispatch', () => {
  const POLICY_LINK = 'destination endpoint id (when the destination is a local pod)';

  test('v1.10: the IPv4 case is written with the IPv6 slot (12)', () => {
    const r = resolveHook('host-policy', 'vxlan', 'v1.10');
    // v1.10.0 bpf/bpf_host.c:1274-1275 __section_tail(CILIUM_MAP_POLICY, TEMPLATE_HOST_EP_ID) handle_lxc_traffic
    assert.equal(r.program.function, 'handle_lxc_traffic');
    assert.equal(r.program.section, '1/0xffff');
    assert.deepEqual(dispatch('host-policy', 'v1.10'), [
      // v1.10.0 bpf/bpf_host.c:1289 tail_call_dynamic(ctx, &POLICY_CALL_MAP, lxc_id) (from to-container)
      ['cilium_call_policy', POLICY_LINK, 'handle_policy'],
      // v1.10.0 bpf/bpf_host.c:1206-1210 invoke_tailcall_if(__or(__and(ENABLE_IPV4, ENABLE_IPV6), DEBUG),
      //   CILIUM_CALL_IPV6_TO_HOST_POLICY_ONLY, tail_ipv4_host_policy_ingress); 12 at bpf/lib/common.h:85-86
      [HOST_CALLS, 'CILIUM_CALL_IPV6_TO_HOST_POLICY_ONLY (12)', 'tail_ipv4_host_policy_ingress'],
    ]);
    assert.match(r.dispatch[1]!.condition ?? '', /inlined in an IPv4-only build/);
  });

  test('v1.12: CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY (11)', () => {
    assert.deepEqual(dispatch('host-policy', 'v1.12'), [
      // v1.12.0 bpf/bpf_host.c:1455 tail_call_dynamic(ctx, &POLICY_CALL_MAP, lxc_id)
      ['cilium_call_policy', POLICY_LINK, 'handle_policy'],
      // v1.12.0 bpf/bpf_host.c:1368-1372 invoke_tailcall_if(…, CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY,
      //   tail_ipv4_host_policy_ingress); 11 at v1.12.0 bpf/lib/common.h:76-77
      [HOST_CALLS, 'CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY (11)', 'tail_ipv4_host_policy_ingress'],
    ]);
  });

  test('v1.16', () => {
    assert.deepEqual(dispatch('host-policy', 'v1.16'), [
      // v1.16.0 bpf/bpf_host.c:1891 tail_call_policy(ctx, (__u16)lxc_id)
      ['cilium_call_policy', POLICY_LINK, 'handle_policy'],
      // v1.16.0 bpf/bpf_host.c:1793-1797 invoke_tailcall_if(…, CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY, …)
      [HOST_CALLS, 'CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY (11)', 'tail_ipv4_host_policy_ingress'],
    ]);
  });

  test('v1.18: cil_host_policy', () => {
    const r = resolveHook('host-policy', 'vxlan', 'v1.18');
    assert.equal(r.program.function, 'cil_host_policy'); // v1.18.0 bpf/bpf_host.c:2002
    assert.deepEqual(dispatch('host-policy', 'v1.18'), [
      // v1.18.0 bpf/bpf_host.c:2019 tail_call_policy(ctx, (__u16)lxc_id)
      ['cilium_call_policy', POLICY_LINK, 'cil_lxc_policy'],
      // v1.18.0 bpf/bpf_host.c:1907-1911 invoke_tailcall_if(…, CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY, …);
      // 11 at v1.18.0 bpf/lib/tailcall.h:61-62
      [HOST_CALLS, 'CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY (11)', 'tail_ipv4_host_policy_ingress'],
    ]);
  });

  test('main: the jump moved into host_ingress_policy', () => {
    assert.deepEqual(dispatch('host-policy', 'main'), [
      // main bpf/bpf_host.c:1979 tail_call_policy(ctx, (__u16)lxc_id)
      ['cilium_call_policy', POLICY_LINK, 'cil_lxc_policy'],
      // main bpf/bpf_host.c:1711 tail_call_internal(ctx, CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY, …) when
      // use_tailcall = (ENABLE_IPV4 && ENABLE_IPV6) || DEBUG (main bpf/bpf_host.c:1981)
      [HOST_CALLS, 'CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY (11)', 'tail_ipv4_host_policy_ingress'],
    ]);
  });
});
