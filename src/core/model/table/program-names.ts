/**
 * Which file, ELF section and C function each program has, per Cilium release (data only).
 * Entry sections: `__section("…")` until v1.13, `__section_entry` = "tc" in v1.14–v1.17 and "tc/entry"
 * from v1.18 (v1.14.0 bpf/include/bpf/ctx/skb.h; v1.18.0 bpf/include/bpf/section.h:21); `cil_*`
 * function names from v1.13 (2e40d67ec93). Tail programs: `__section_tail(CILIUM_MAP_CALLS, ID)` gives
 * "2/<slot>" until v1.17 (CILIUM_MAP_CALLS = 2, v1.10.0 bpf/lib/ids.h), `__declare_tail(ID)` gives
 * "tc/tail" from v1.18 (98f26035b3d, v1.18.0 bpf/lib/tailcall.h). Policy programs: "1/0xffff"
 * (`__section_tail(CILIUM_MAP_POLICY, TEMPLATE_LXC_ID)`, v1.5–v1.16), "1/<LXC_ID>" in v1.4
 * (v1.4.0 bpf/bpf_lxc.c:1116), entries from v1.17 (e9438c20e7d), `cil_lxc_policy` from v1.18
 * (91a9a614cf8).
 */
import { pick, type CiliumVersion } from '../versions';
import type { NameRow, ProgramId, ProgramNames } from './table-types';

const LXC = 'bpf/bpf_lxc.c';
const OVERLAY = 'bpf/bpf_overlay.c';
const HOST = 'bpf/bpf_host.c';
const NETDEV = 'bpf/bpf_netdev.c';

/** An entry program that kept its section name until v1.13 and became __section_entry in v1.14. */
function entry(file: string, section: string, oldFn: string, newFn: string, since = 4): NameRow[] {
  return [
    { since, file, section, function: oldFn },
    { since: 13, file, section, function: newFn },
    { since: 14, file, section: 'tc', function: newFn },
    { since: 18, file, section: 'tc/entry', function: newFn },
  ];
}

/** A tail program in the object's calls map: section "2/<slot>", "tc/tail" from v1.18. */
function tail(file: string, fn: string, slot: number, since = 4): NameRow[] {
  return [
    { since, file, section: `2/${slot}`, function: fn },
    { since: 18, file, section: 'tc/tail', function: fn },
  ];
}

export const PROGRAM_NAMES: readonly ProgramNames[] = [
  {
    id: 'lxc/from-container',
    hook: 'from-container',
    since: 4,
    rows: entry(LXC, 'from-container', 'handle_xgress', 'cil_from_container'),
    description:
      'Handles every packet a pod sends: service translation, conntrack, egress policy, then local delivery, encapsulation or the stack.',
  },
  {
    id: 'lxc/ipv4-from-lxc',
    since: 4,
    rows: tail(LXC, 'tail_handle_ipv4', 7),
    description: "The pod's IPv4 egress path (CILIUM_CALL_IPV4_FROM_LXC).",
  },
  {
    id: 'lxc/ct-egress',
    since: 12,
    rows: tail(LXC, 'tail_ipv4_ct_egress', 29, 12),
    description: 'Conntrack lookup of the egress path (TAIL_CT_LOOKUP4 CILIUM_CALL_IPV4_CT_EGRESS).',
  },
  {
    id: 'lxc/ipv4-from-lxc-cont',
    since: 12,
    rows: tail(LXC, 'tail_handle_ipv4_cont', 25, 12),
    description:
      'The rest of the egress path after conntrack: ipcache, egress policy and the forwarding decision.',
  },
  {
    id: 'lxc/policy',
    hook: 'policy',
    since: 4,
    rows: [
      { since: 4, file: LXC, section: '1/<endpoint id>', function: 'handle_policy' },
      { since: 5, file: LXC, section: '1/0xffff', function: 'handle_policy' },
      { since: 17, file: LXC, section: 'tc', function: 'handle_policy' },
      { since: 18, file: LXC, section: 'tc/entry', function: 'cil_lxc_policy' },
    ],
    description:
      "The destination pod's ingress policy program. It has no device hook: senders tail-call it through the policy prog array at the destination's endpoint id.",
  },
  {
    id: 'lxc/ct-ingress-policy-only',
    since: 12,
    rows: tail(LXC, 'tail_ipv4_ct_ingress_policy_only', 28, 12),
    description:
      'Conntrack lookup for the ingress policy (TAIL_CT_LOOKUP4 CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY).',
  },
  {
    id: 'lxc/ipv4-policy',
    since: 4,
    rows: tail(LXC, 'tail_ipv4_policy', 11),
    description: "The destination pod's ingress policy verdict and the redirect to its device.",
  },
  {
    id: 'lxc/to-container',
    hook: 'to-container',
    since: 6,
    rows: entry(LXC, 'to-container', 'handle_to_container', 'cil_to_container', 6),
    description: 'Ingress policy on the lxc device’s egress; attached only with endpoint routes.',
  },
  {
    id: 'lxc/ct-ingress',
    since: 12,
    rows: tail(LXC, 'tail_ipv4_ct_ingress', 27, 12),
    description:
      'Conntrack lookup of to-container (TAIL_CT_LOOKUP4 CILIUM_CALL_IPV4_CT_INGRESS, 27 until v1.17, 28 from v1.18).',
  },
  {
    id: 'lxc/to-endpoint',
    since: 6,
    rows: tail(LXC, 'tail_ipv4_to_endpoint', 13, 6),
    description:
      'The ingress policy of to-container (CILIUM_CALL_IPV4_TO_ENDPOINT): source identity, policy verdict, then on to the pod.',
  },
  {
    id: 'lxc/policy-egress',
    hook: 'policy-egress',
    since: 12,
    rows: [
      // __section_tail(CILIUM_MAP_EGRESSPOLICY, TEMPLATE_LXC_ID): CILIUM_MAP_EGRESSPOLICY = 4
      // (v1.12.0 bpf/lib/ids.h:10), TEMPLATE_LXC_ID = 0xffff (v1.12.0 bpf/lib/lxc.h:19).
      { since: 12, file: LXC, section: '4/0xffff', function: 'handle_policy_egress' },
      { since: 17, file: LXC, section: 'tc', function: 'handle_policy_egress' },
      { since: 18, file: LXC, section: 'tc/entry', function: 'cil_lxc_policy_egress' },
    ],
    description:
      'Re-enters a pod’s egress path after L7 load-balancing; reached through cilium_egresscall_policy.',
  },
  {
    id: 'lxc/ipv6-from-lxc',
    since: 4,
    rows: tail(LXC, 'tail_handle_ipv6', 10),
    description: "The pod's IPv6 egress path (CILIUM_CALL_IPV6_FROM_LXC).",
  },
  {
    id: 'lxc/ipv6-ct-egress',
    since: 12,
    rows: tail(LXC, 'tail_ipv6_ct_egress', 32, 12),
    description:
      'Conntrack lookup of the IPv6 egress path (TAIL_CT_LOOKUP6 CILIUM_CALL_IPV6_CT_EGRESS, 32 until v1.17, 33 from v1.18).',
  },
  {
    id: 'lxc/ipv6-from-lxc-cont',
    since: 12,
    rows: tail(LXC, 'tail_handle_ipv6_cont', 26, 12),
    description:
      'The rest of the IPv6 egress path after conntrack (CILIUM_CALL_IPV6_FROM_LXC_CONT, 26 until v1.17, 27 from v1.18).',
  },
  {
    id: 'lxc/ipv6-ct-ingress-policy-only',
    since: 12,
    rows: tail(LXC, 'tail_ipv6_ct_ingress_policy_only', 31, 12),
    description:
      'Conntrack lookup for the IPv6 ingress policy (TAIL_CT_LOOKUP6 CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY, 31 until v1.17, 32 from v1.18).',
  },
  {
    id: 'lxc/ipv6-policy',
    since: 4,
    rows: tail(LXC, 'tail_ipv6_policy', 12),
    description: "The destination pod's IPv6 ingress policy verdict and the redirect to its device.",
  },
  {
    id: 'overlay/from-overlay',
    hook: 'from-overlay',
    since: 4,
    rows: entry(OVERLAY, 'from-overlay', 'from_overlay', 'cil_from_overlay'),
    description: 'Receives decapsulated packets from the tunnel device; the VNI carries the source identity.',
  },
  {
    id: 'overlay/ipv4',
    since: 4,
    rows: tail(OVERLAY, 'tail_handle_ipv4', 7),
    description:
      "The overlay object's IPv4 path (CILIUM_CALL_IPV4_FROM_LXC, aliased IPV4_FROM_OVERLAY from v1.12).",
  },
  {
    id: 'overlay/ipv6',
    since: 4,
    rows: tail(OVERLAY, 'tail_handle_ipv6', 10),
    description:
      "The overlay object's IPv6 path (CILIUM_CALL_IPV6_FROM_LXC, aliased IPV6_FROM_OVERLAY from v1.12).",
  },
  {
    id: 'overlay/to-overlay',
    hook: 'to-overlay',
    since: 6,
    rows: entry(OVERLAY, 'to-overlay', 'to_overlay', 'cil_to_overlay', 6),
    description: 'Runs on packets leaving through the tunnel device (NodePort and SNAT helpers).',
  },
  {
    id: 'host/from-netdev',
    hook: 'from-netdev',
    since: 4,
    rows: [
      { since: 4, file: NETDEV, section: 'from-netdev', function: 'from_netdev' },
      ...entry(HOST, 'from-netdev', 'from_netdev', 'cil_from_netdev', 8),
    ],
    description:
      "Handles packets arriving on a node's native device (and the IPVLAN master); delivers to local pods only where that release and configuration let it.",
  },
  {
    id: 'host/netdev-ipv4',
    since: 4,
    rows: [
      { since: 4, file: NETDEV, section: '2/7', function: 'tail_handle_ipv4' },
      { since: 8, file: HOST, section: '2/7', function: 'tail_handle_ipv4_from_netdev' },
      { since: 18, file: HOST, section: 'tc/tail', function: 'tail_handle_ipv4_from_netdev' },
    ],
    description:
      'The native device object’s IPv4 path (CILIUM_CALL_IPV4_FROM_LXC, aliased IPV4_FROM_NETDEV from v1.12).',
  },
  {
    id: 'host/netdev-ipv4-cont',
    since: 14,
    rows: tail(HOST, 'tail_handle_ipv4_cont_from_netdev', 44, 14),
    description:
      'The rest of the native device’s IPv4 path, handle_ipv4_cont (CILIUM_CALL_IPV4_CONT_FROM_NETDEV, 44 until v1.17, 42 from v1.18): a tail call only with the host firewall, else called inline.',
  },
  {
    id: 'host/from-host',
    hook: 'from-host',
    since: 4,
    rows: [
      // v1.4–v1.7: bpf_netdev.c built a second time as bpf_host.o (-DFROM_HOST), section from-netdev,
      // loaded on cilium_host egress (v1.7.0 bpf/init.sh:629).
      { since: 4, file: NETDEV, section: 'from-netdev', function: 'from_netdev' },
      ...entry(HOST, 'from-host', 'from_host', 'cil_from_host', 8),
    ],
    description: 'Runs on packets the host stack sends through cilium_host (its tc egress).',
  },
  {
    id: 'host/host-ipv4',
    since: 4,
    rows: [
      { since: 4, file: NETDEV, section: '2/7', function: 'tail_handle_ipv4' },
      { since: 8, file: HOST, section: '2/22', function: 'tail_handle_ipv4_from_host' },
      { since: 18, file: HOST, section: 'tc/tail', function: 'tail_handle_ipv4_from_host' },
    ],
    description: 'The cilium_host object’s IPv4 path (CILIUM_CALL_IPV4_FROM_HOST from v1.8).',
  },
  {
    id: 'host/host-ipv4-cont',
    since: 14,
    rows: tail(HOST, 'tail_handle_ipv4_cont_from_host', 43, 14),
    description:
      'The rest of the cilium_host IPv4 path, handle_ipv4_cont (CILIUM_CALL_IPV4_CONT_FROM_HOST, 43 until v1.17, 41 from v1.18): a tail call only with the host firewall, else called inline.',
  },
  {
    id: 'host/netdev-ipv6',
    since: 10,
    rows: [
      // v1.10: __section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV6_FROM_LXC) (v1.10.0 bpf/bpf_host.c:349)
      { since: 10, file: HOST, section: '2/10', function: 'tail_handle_ipv6_from_netdev' },
      { since: 18, file: HOST, section: 'tc/tail', function: 'tail_handle_ipv6_from_netdev' },
    ],
    description:
      'The native device object’s IPv6 path (CILIUM_CALL_IPV6_FROM_LXC, aliased IPV6_FROM_NETDEV from v1.12).',
  },
  {
    id: 'host/netdev-ipv6-cont',
    since: 14,
    rows: tail(HOST, 'tail_handle_ipv6_cont_from_netdev', 46, 14),
    description:
      'The rest of the native device’s IPv6 path, handle_ipv6_cont (CILIUM_CALL_IPV6_CONT_FROM_NETDEV, 46 until v1.17, 44 from v1.18): a tail call only with the host firewall, else called inline.',
  },
  {
    id: 'host/host-ipv6',
    since: 10,
    rows: tail(HOST, 'tail_handle_ipv6_from_host', 23, 10),
    description:
      'The cilium_host object’s IPv6 path (CILIUM_CALL_IPV6_FROM_HOST, 23 until v1.17, 24 from v1.18).',
  },
  {
    id: 'host/host-ipv6-cont',
    since: 14,
    rows: tail(HOST, 'tail_handle_ipv6_cont_from_host', 45, 14),
    description:
      'The rest of the cilium_host IPv6 path, handle_ipv6_cont (CILIUM_CALL_IPV6_CONT_FROM_HOST, 45 until v1.17, 43 from v1.18): a tail call only with the host firewall, else called inline.',
  },
  {
    id: 'host/to-host',
    hook: 'to-host',
    since: 6,
    rows: [
      { since: 6, file: 'bpf/bpf_hostdev_ingress.c', section: 'to-host', function: 'to_host' },
      ...entry(HOST, 'to-host', 'to_host', 'cil_to_host', 8),
    ],
    description: 'Runs on packets entering the host stack through cilium_host/cilium_net (host firewall).',
  },
  {
    id: 'host/to-netdev',
    hook: 'to-netdev',
    since: 6,
    rows: [
      { since: 6, file: NETDEV, section: 'to-netdev', function: 'to_netdev' },
      ...entry(HOST, 'to-netdev', 'to_netdev', 'cil_to_netdev', 8),
    ],
    description: 'Runs on packets leaving a native device: NodePort, BPF masquerading, host firewall.',
  },
  {
    id: 'host/host-policy',
    hook: 'host-policy',
    since: 10,
    rows: [
      // __section_tail(CILIUM_MAP_POLICY, TEMPLATE_HOST_EP_ID): 1/0xffff (v1.10.0 bpf/bpf_host.c:17, 1274).
      { since: 10, file: HOST, section: '1/0xffff', function: 'handle_lxc_traffic' },
      { since: 17, file: HOST, section: 'tc', function: 'handle_lxc_traffic' },
      { since: 18, file: HOST, section: 'tc/entry', function: 'cil_host_policy' },
    ],
    description: 'Host firewall program reached through cilium_call_policy at the host endpoint id.',
  },
  {
    id: 'host/to-host-policy-only',
    since: 10,
    rows: tail(HOST, 'tail_ipv4_host_policy_ingress', 11, 10),
    description:
      'The host firewall’s ingress policy for packets from a local pod to the host (CILIUM_CALL_IPV4_TO_HOST_POLICY_ONLY).',
  },
  {
    id: 'wireguard/from-wireguard',
    since: 18,
    rows: [{ since: 18, file: 'bpf/bpf_wireguard.c', section: 'tc/entry', function: 'cil_from_wireguard' }],
    description:
      'Runs on cilium_wg0 for a packet WireGuard decrypted: its source identity from the ipcache, then local delivery or the stack (v1.18+).',
  },
  {
    id: 'wireguard/ipv4',
    since: 18,
    rows: [{ since: 18, file: 'bpf/bpf_wireguard.c', section: 'tc/tail', function: 'tail_handle_ipv4' }],
    description:
      'bpf_wireguard.c tail_handle_ipv4 (CILIUM_CALL_IPV4_FROM_WIREGUARD): delivers to a local endpoint with BPF host routing, else hands the packet to the stack.',
  },
  {
    id: 'network/from-network',
    since: 10,
    until: 19,
    // v1.10.0 bpf/bpf_network.c:14 __section("from-network") from_network; v1.13 cil_from_network;
    // v1.14 __section_entry; gone in main (bpf_host on the devices instead)
    rows: entry('bpf/bpf_network.c', 'from-network', 'from_network', 'cil_from_network', 10),
    description:
      'IPsec only: on the encrypt interface’s tc ingress instead of bpf_host. Marks an ESP packet MARK_MAGIC_DECRYPT for the kernel’s xfrm and sends the decrypted packet to cilium_host.',
  },
  {
    id: 'ipvlan/stub',
    since: 4,
    until: 12,
    rows: [
      { since: 4, file: 'pkg/endpoint/connector/ipvlan.go', section: 'polEntry', function: 'loadEntryProg' },
      { since: 8, file: 'pkg/datapath/connector/ipvlan.go', section: 'polEntry', function: 'loadEntryProg' },
      {
        since: 10,
        file: 'pkg/datapath/connector/ipvlan.go',
        section: 'polEntry',
        function: 'getEntryProgInstructions',
      },
    ],
    description:
      'IPVLAN has no host-side device: cilium-cni attaches a 5-instruction stub (load map, key 0, tail call, return 0) to the pod eth0 tc egress.',
  },
];

const BY_ID = new Map<ProgramId, ProgramNames>(PROGRAM_NAMES.map((p) => [p.id, p]));

export function programNames(id: ProgramId): ProgramNames {
  return BY_ID.get(id)!;
}

export interface ResolvedNames {
  id: ProgramId;
  hook?: ProgramNames['hook'];
  file: string;
  section: string;
  function: string;
}

/** A program's names in a release, or undefined when the release has no such program. */
export function namesOf(id: ProgramId, version: CiliumVersion): ResolvedNames | undefined {
  const p = BY_ID.get(id);
  if (!p || version.minor < p.since || version.minor > (p.until ?? Infinity)) return undefined;
  const row = pick(p.rows, version);
  if (!row) return undefined;
  return {
    id,
    ...(p.hook ? { hook: p.hook } : {}),
    file: row.file,
    section: row.section,
    function: row.function,
  };
}
