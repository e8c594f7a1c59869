/**
 * Steps performed by a call (or a `return CTX_ACT_OK`): which recorded callees may perform each step.
 * A union over releases (names change: `lookup_ip4_endpoint` → `__lookup_ip4_endpoint`,
 * `policy_can_access_ingress` → `policy_can_ingress4`, `skb_get_tunnel_key` → `ctx_get_tunnel_key`);
 * the step's function, and the order of the steps inside it, pick the one site.
 */
import type { Step } from '../trace/trace-types';

const REDIRECTS = [
  'redirect_ep',
  'ctx_redirect',
  'redirect_peer',
  'ctx_redirect_peer',
  'redirect',
  'bpf_redirect_neigh',
  'redirect_direct_v4',
  'fib_redirect_v4',
  'redirect_direct_v6',
  'fib_redirect_v6',
];
/** BPF host routing's exits after a FIB lookup (v1.10.0 bpf/bpf_lxc.c:394, v1.16.0 bpf/bpf_lxc.c:692) */
const FIB_REDIRECTS = [
  'redirect_direct_v4',
  'redirect_direct_v6',
  'fib_redirect_v4',
  'fib_redirect_v6',
  'bpf_redirect_neigh',
];
const LOCAL_DELIVERY = ['ipv4_local_delivery', 'l3_local_delivery', 'ipv6_local_delivery'];
const ENCAPS = [
  'encap_and_redirect_lxc',
  'encap_and_redirect_with_nodeid',
  'encap_and_redirect_with_nodeid_from_lxc',
  '__encap_and_redirect_with_nodeid',
  'encap_and_redirect_netdev',
  'encap_and_redirect',
  '__encap_with_nodeid',
];
const PASS = ['return CTX_ACT_OK', 'return TC_ACT_OK'];
const LOOKUPS: Array<[RegExp, string[]]> = [
  [/^cilium_lb4_services/, ['lb4_lookup_service']],
  [/^cilium_lb6_services/, ['lb6_lookup_service']],
  [
    /^cilium_ipcache/,
    [
      'lookup_ip4_remote_endpoint',
      'resolve_srcid_ipv4',
      'ipcache_lookup4',
      'lookup_ip6_remote_endpoint',
      'resolve_srcid_ipv6',
      'ipcache_lookup6',
    ],
  ],
  [
    /^cilium_lxc$/,
    ['lookup_ip4_endpoint', '__lookup_ip4_endpoint', 'lookup_ip6_endpoint', '__lookup_ip6_endpoint'],
  ],
  // IPv6 (issue 12): bpf_lxc's ICMPv6 neighbour-discovery check (icmp6_handle until v1.12, is_icmp6_ndp later)
  [/^ICMPv6 neighbour discovery$/, ['icmp6_handle', 'is_icmp6_ndp']],
  [/^tunnel key/, ['ctx_get_tunnel_key', 'skb_get_tunnel_key', 'get_tunnel_key']],
];
export const DROP_NOTIFY = /^send_drop_notify/;

/**
 * NAT, per kind, best first:
 * - dnat: the Service translation `lb4_local` (which rewrites through lb4_xlate: v1.10.0
 *   bpf/bpf_lxc.c:571 in handle_ipv4_from_lxc, v1.16.0 bpf/bpf_lxc.c:117 in
 *   __per_packet_lb_svc_xlate_4, v1.16.0 bpf/lib/nodeport.h:2845 in nodeport_lb4), the socket LB's
 *   `__sock4_xlate_fwd` (v1.10.0 bpf/bpf_sock.c:452 in sock4_connect);
 * - rev-dnat: `lb4_rev_nat` (v1.10.0 bpf/bpf_lxc.c:1366 in ipv4_policy);
 * - snat: BPF masquerade, `snat_v4_nat` (v1.16.0 bpf/lib/nodeport.h:1727) or the helper that leads
 *   to it (`handle_nat_fwd`, v1.16.0 bpf/bpf_host.c:1584);
 * - rev-snat: `snat_v4_rev_nat` (v1.16.0 bpf/lib/nodeport.h:2575), reached from from-netdev's
 *   `nodeport_lb4` (v1.16.0 bpf/bpf_host.c:607) through a tail call: that call when no helper has it.
 */
const NAT_CALLS: Record<'dnat' | 'snat' | 'rev-dnat' | 'rev-snat', string[]> = {
  dnat: ['lb4_local', '__sock4_xlate_fwd', 'lb4_xlate'],
  'rev-dnat': ['lb4_rev_nat'],
  snat: ['snat_v4_nat', 'nodeport_nat_ipv4_fwd', 'handle_nat_fwd_ipv4', 'handle_nat_fwd'],
  'rev-snat': ['snat_v4_rev_nat', 'nodeport_lb4'],
};

/**
 * The tail call that leads to the program doing a masquerade when no helper of the step's function
 * calls snat_v4_nat itself: `__handle_nat_fwd_ipv4` tail-calls CILIUM_CALL_IPV4_NODEPORT_SNAT_FWD
 * (v1.16.0 bpf/lib/nodeport.h:3212, main bpf/lib/nodeport_egress.h:553), whose program calls
 * snat_v4_nat (v1.16.0 bpf/lib/nodeport.h:1727).
 */
export function natTailSlot(step: Step): string | undefined {
  return step.type === 'nat' && step.kind === 'snat' ? 'CILIUM_CALL_IPV4_NODEPORT_SNAT_FWD' : undefined;
}

/** The callees that may perform `step`, best first; 'last-return' = the function's final `return`. */
export function calleesFor(step: Step): string[] {
  switch (step.type) {
    case 'lookup': {
      // one function may look up both families (do_netdev's switch): the key's family picks the calls
      const names = LOOKUPS.find(([re]) => re.test(step.map))?.[1] ?? ['map_lookup_elem'];
      const address = step.key.replace(/^\[(.*)\]:<dport>$/, '$1').replace(/:<dport>$/, '');
      const other = address.includes(':') ? /_ip4_|ipv4|lookup4/ : /_ip6_|ipv6|lookup6/;
      return names.filter((n) => !other.test(n));
    }
    case 'ct':
      return /ct6|any6/.test(step.map)
        ? ['ct_lookup6', 'ct_lazy_lookup6', 'ct_create6']
        : ['ct_lookup4', 'ct_lazy_lookup4', 'ct_create4'];
    case 'policy':
      return [
        'policy_can_egress4',
        'policy_can_ingress4',
        'policy_can_access_ingress',
        'policy_can_access',
        'policy_can_egress',
        'policy_can_egress6',
        'policy_can_ingress6',
      ];
    case 'redirect':
      if (step.fib) return FIB_REDIRECTS;
      return step.tunnelEndpoint !== undefined ? ENCAPS : [...REDIRECTS, ...LOCAL_DELIVERY];
    case 'encap':
      return ENCAPS;
    case 'xmit':
      // the model's exit row says the program passes it on: `return CTX_ACT_OK`, or the program's last
      // return that returns it (v1.10.0 bpf/bpf_lxc.c:897, bpf/bpf_overlay.c:383), never a redirect
      if (step.via) return [...PASS, 'last-return'];
      return [...REDIRECTS, ...PASS, 'last-return'];
    case 'pass-to-stack':
      return [...PASS, 'last-return'];
    case 'deliver':
      return [...REDIRECTS, ...LOCAL_DELIVERY];
    case 'route':
      return ['fib_lookup', 'fib_redirect_v4', 'fib_redirect_v6'];
    case 'drop':
      return ['send_drop_notify*'];
    case 'decap':
      return ['ctx_get_tunnel_key', 'skb_get_tunnel_key', 'get_tunnel_key'];
    case 'lb':
      return ['lb4_lookup_service', 'lb6_lookup_service'];
    case 'nat':
      return NAT_CALLS[step.kind];
    case 'tail-call':
      return [];
  }
}

/** What was looked for, in words, for `sourceNote`. */
export function callWanted(step: Step, callees: readonly string[]): string {
  if (step.type === 'drop') return `a send_drop_notify* with ${step.reason}`;
  const names = callees.filter((c) => c !== 'last-return');
  return names.length > 3
    ? `a call of ${names.slice(0, 3).join(', ')} or similar`
    : `a call of ${names.join(', ')}`;
}
