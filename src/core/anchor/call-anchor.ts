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
      return step.tunnelEndpoint !== undefined ? ENCAPS : [...REDIRECTS, ...LOCAL_DELIVERY];
    case 'encap':
      return ENCAPS;
    case 'xmit':
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
      // the NAT helpers are not among the calls the indexer records yet: such a step says so
      return ['snat_v4_nat', 'lb4_xlate'];
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
