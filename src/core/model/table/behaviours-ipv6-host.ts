/**
 * What bpf_host.c does to an IPv6 packet (issue 12: native routing and BPF host routing over IPv6), in
 * the releases the IPv6 traces cover: v1.10, v1.12, v1.16 and main. The native device's from-netdev and
 * cilium_host's from-host switch on ETH_P_IPV6, resolve the source identity (resolve_srcid_ipv6) and
 * tail-call CILIUM_CALL_IPV6_FROM_NETDEV (10; CILIUM_CALL_IPV6_FROM_LXC in v1.10) or
 * CILIUM_CALL_IPV6_FROM_HOST (23; 24 from v1.18) into tail_handle_ipv6_from_netdev / _from_host, whose
 * handle_ipv6 (v1.10, v1.12) or handle_ipv6_cont (v1.14+, reached through CILIUM_CALL_IPV6_CONT_FROM_*
 * only with the host firewall) looks the destination up in the endpoint map and hands a local pod to
 * ipv6_local_delivery. Without BPF host routing a packet from the wire returns to the stack before the
 * endpoint lookup (NO_REDIRECT / no ENABLE_HOST_ROUTING), so the stack routes it through cilium_host,
 * whose from-host delivers it. Read with /work/trees/<tag> (`scripts/check-model-cites.mjs`).
 */
import type { Behaviour } from './table-types';

const HOST_FIREWALL = 'is_defined(ENABLE_HOST_FIREWALL)';
const ICMP6 =
  'An ICMPv6 packet first meets icmp6_host_handle (neighbour discovery for the node’s addresses is answered or passed to the stack); the traced packet is not ICMPv6.';
/** to-netdev's IPv6 packet: the NAT tail call BPF NodePort adds (its site per release) is not shown */
const toNetdev = (natFwd: string, tail: string, slot: string): string =>
  `The IPv6 branch: no host firewall in the traced build, and the native device transmits the packet. With BPF NodePort, handle_nat_fwd (${natFwd}) also tail-calls ${slot} (${tail}; a real tail call in a dual-stack build) into the IPv6 NAT program, which has nothing to translate for pod-to-pod traffic (no IPv6 masquerade is traced) and returns it; the table does not show that call.`;

export const BEHAVIOURS_IPV6_HOST: readonly Behaviour[] = [
  // ---- v1.10 bpf_host.c: from_netdev → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-netdev',
    versions: { from: 10, to: 10 },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_host.c:940',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.10.0 bpf/bpf_host.c:855' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'host/netdev-ipv6',
        via: 'ep_tail_call',
        map: 'netdev',
        cite: 'v1.10.0 bpf/bpf_host.c:860',
      },
    ],
  },
  // ---- v1.10 bpf_host.c: tail_handle_ipv6_from_netdev (slot 10) → handle_ipv6(from_host = false)
  {
    id: 'host/netdev-ipv6',
    versions: { from: 10, to: 10 },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_host.c:350',
    note: `skip_redirect is set inside #ifdef ENABLE_NODEPORT (bpf_host.c:213-215), which holds whenever v1.10 attaches from-netdev (BPF NodePort): with NO_REDIRECT (iptables rules installed) and without ENABLE_REDIRECT_FAST the packet returns to the stack before the endpoint lookup. ${ICMP6}`,
    actions: [
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'skip_redirect (NO_REDIRECT, no ENABLE_REDIRECT_FAST)',
        cite: 'v1.10.0 bpf/bpf_host.c:236',
      },
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.10.0 bpf/bpf_host.c:253' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.10.0 bpf/bpf_host.c:258',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_dynamic' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.10.0 bpf/bpf_host.c:261',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6: !from_host',
        cite: 'v1.10.0 bpf/bpf_host.c:268',
      },
    ],
  },
  // ---- v1.10 bpf_host.c: from_host → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-host',
    versions: { from: 10, to: 10 },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_host.c:950',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.10.0 bpf/bpf_host.c:855' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_HOST',
        value: 23,
        target: 'host/host-ipv6',
        via: 'ep_tail_call',
        map: 'host',
        cite: 'v1.10.0 bpf/bpf_host.c:858',
      },
    ],
  },
  // ---- v1.10 bpf_host.c: tail_handle_ipv6_from_host (slot 23) → handle_ipv6(from_host = true)
  {
    id: 'host/host-ipv6',
    versions: { from: 10, to: 10 },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_host.c:344',
    note: 'From cilium_host the redirect is never skipped (skip_redirect is set only for !from_host). A destination that is no local endpoint goes on to the tunnel or ipcache checks (bpf_host.c:271-325), which a pod destination never reaches here.',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.10.0 bpf/bpf_host.c:253' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.10.0 bpf/bpf_host.c:258',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_dynamic' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.10.0 bpf/bpf_host.c:261',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6',
        cite: 'v1.10.0 bpf/bpf_host.c:325',
      },
    ],
  },
  // ---- v1.10 bpf_host.c: to_netdev (IPv6)
  {
    id: 'host/to-netdev',
    versions: { from: 10, to: 10 },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_host.c:966',
    note: toNetdev('bpf_host.c:1040', 'lib/nodeport.h:2190', 'CILIUM_CALL_IPV6_ENCAP_NODEPORT_NAT'),
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'to_netdev',
        cite: 'v1.10.0 bpf/bpf_host.c:1055',
      },
    ],
  },
  // ---- v1.12 bpf_host.c: from_netdev → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-netdev',
    versions: { from: 12, to: 12 },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_host.c:1047',
    note: 'resolve_srcid_ipv6 (bpf_host.c:136) keeps the ipcache identity of a packet from the wire only with SECCTX_FROM_IPCACHE (identity_from_ipcache_ok), else WORLD; derive_src_id reads the flow label only for sources in the node’s own /64.',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.12.0 bpf/bpf_host.c:962' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_NETDEV',
        value: 10,
        target: 'host/netdev-ipv6',
        via: 'ep_tail_call',
        map: 'netdev',
        cite: 'v1.12.0 bpf/bpf_host.c:967',
      },
    ],
  },
  // ---- v1.12 bpf_host.c: tail_handle_ipv6_from_netdev (slot 10) → handle_ipv6(from_host = false)
  {
    id: 'host/netdev-ipv6',
    versions: { from: 12, to: 12 },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_host.c:362',
    note: `With NO_REDIRECT (iptables rules installed, the default) and without ENABLE_HOST_ROUTING, handle_ipv6 sets skip_redirect for every packet not from the host (bpf_host.c:230-233) and returns before the endpoint lookup: local pods are not delivered here. ${ICMP6}`,
    actions: [
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'skip_redirect (NO_REDIRECT, no ENABLE_HOST_ROUTING)',
        cite: 'v1.12.0 bpf/bpf_host.c:249',
      },
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.12.0 bpf/bpf_host.c:266' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.12.0 bpf/bpf_host.c:271',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_dynamic' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.12.0 bpf/bpf_host.c:274',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6: !from_host',
        cite: 'v1.12.0 bpf/bpf_host.c:281',
      },
    ],
  },
  // ---- v1.12 bpf_host.c: from_host → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-host',
    versions: { from: 12, to: 12 },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_host.c:1072',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.12.0 bpf/bpf_host.c:962' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_HOST',
        value: 23,
        target: 'host/host-ipv6',
        via: 'ep_tail_call',
        map: 'host',
        cite: 'v1.12.0 bpf/bpf_host.c:965',
      },
    ],
  },
  // ---- v1.12 bpf_host.c: tail_handle_ipv6_from_host (slot 23) → handle_ipv6(from_host = true)
  {
    id: 'host/host-ipv6',
    versions: { from: 12, to: 12 },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_host.c:356',
    note: 'From cilium_host the redirect is never skipped; rewrite_dmac_to_host runs first (bpf_host.c:256). A destination whose ipcache entry is missing or WORLD is dropped as DROP_UNROUTABLE (bpf_host.c:322), which a pod destination never is.',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.12.0 bpf/bpf_host.c:266' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.12.0 bpf/bpf_host.c:271',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_dynamic' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.12.0 bpf/bpf_host.c:274',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6',
        cite: 'v1.12.0 bpf/bpf_host.c:337',
      },
    ],
  },
  // ---- v1.12 bpf_host.c: to_netdev (IPv6)
  {
    id: 'host/to-netdev',
    versions: { from: 12, to: 12 },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_host.c:1088',
    note: toNetdev('bpf_host.c:1181', 'lib/nodeport.h:2308', 'CILIUM_CALL_IPV6_ENCAP_NODEPORT_NAT'),
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'to_netdev',
        cite: 'v1.12.0 bpf/bpf_host.c:1206',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: cil_from_netdev → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-netdev',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:1271',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.16.0 bpf/bpf_host.c:1153' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_NETDEV',
        value: 10,
        target: 'host/netdev-ipv6',
        via: 'tail_call_internal',
        map: 'netdev',
        cite: 'v1.16.0 bpf/bpf_host.c:1165',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: tail_handle_ipv6_from_netdev (slot 10) → handle_ipv6, then 46 or inline
  {
    id: 'host/netdev-ipv6',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:486',
    note: 'handle_ipv6 (bpf_host.c:143) does NodePort and host-firewall work (neither in the traced build) and returns CTX_ACT_OK; tail_handle_ipv6 continues through invoke_tailcall_if(is_defined(ENABLE_HOST_FIREWALL), CILIUM_CALL_IPV6_CONT_FROM_NETDEV (46), tail_handle_ipv6_cont_from_netdev): a tail call only with the host firewall, otherwise called inline, and handle_ipv6_cont (:233) does the rest.',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CONT_FROM_NETDEV',
        value: 46,
        target: 'host/netdev-ipv6-cont',
        via: 'invoke_tailcall_if',
        condition: HOST_FIREWALL,
        map: 'netdev',
        cite: 'v1.16.0 bpf/bpf_host.c:460',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: tail_handle_ipv6_cont_from_netdev (46) → handle_ipv6_cont(from_host = false)
  {
    id: 'host/netdev-ipv6-cont',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:436',
    actions: [
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont: !from_host (no ENABLE_HOST_ROUTING)',
        cite: 'v1.16.0 bpf/bpf_host.c:314',
      },
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.16.0 bpf/bpf_host.c:331' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.16.0 bpf/bpf_host.c:338',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.16.0 bpf/bpf_host.c:351',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont: !from_host',
        cite: 'v1.16.0 bpf/bpf_host.c:358',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: cil_from_host → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-host',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:1327',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'v1.16.0 bpf/bpf_host.c:1153' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_HOST',
        value: 23,
        target: 'host/host-ipv6',
        via: 'tail_call_internal',
        map: 'host',
        cite: 'v1.16.0 bpf/bpf_host.c:1165',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: tail_handle_ipv6_from_host (slot 23) → handle_ipv6, then 45 or inline
  {
    id: 'host/host-ipv6',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:474',
    note: 'tail_handle_ipv6 continues through invoke_tailcall_if(is_defined(ENABLE_HOST_FIREWALL), CILIUM_CALL_IPV6_CONT_FROM_HOST (45), tail_handle_ipv6_cont_from_host): a tail call only with the host firewall, otherwise called inline.',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CONT_FROM_HOST',
        value: 45,
        target: 'host/host-ipv6-cont',
        via: 'invoke_tailcall_if',
        condition: HOST_FIREWALL,
        map: 'host',
        cite: 'v1.16.0 bpf/bpf_host.c:455',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: tail_handle_ipv6_cont_from_host (45) → handle_ipv6_cont(from_host = true)
  {
    id: 'host/host-ipv6-cont',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:429',
    note: 'rewrite_dmac_to_host runs first (bpf_host.c:322). A destination whose ipcache entry is missing or world is dropped as DROP_UNROUTABLE (bpf_host.c:396), which a pod destination never is.',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'v1.16.0 bpf/bpf_host.c:331' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_F_HOST',
        cite: 'v1.16.0 bpf/bpf_host.c:338',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv6_local_delivery',
        cite: 'v1.16.0 bpf/bpf_host.c:351',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont',
        cite: 'v1.16.0 bpf/bpf_host.c:410',
      },
    ],
  },
  // ---- v1.16 bpf_host.c: cil_to_netdev (IPv6)
  {
    id: 'host/to-netdev',
    versions: { from: 16, to: 16 },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_host.c:1341',
    note: toNetdev('bpf_host.c:1584', 'lib/nodeport.h:3388', 'CILIUM_CALL_IPV6_NODEPORT_NAT_FWD'),
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'cil_to_netdev',
        cite: 'v1.16.0 bpf/bpf_host.c:1600',
      },
    ],
  },
  // ---- main bpf_host.c: cil_from_netdev → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-netdev',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:1260',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'main bpf/bpf_host.c:1091' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_NETDEV',
        value: 10,
        target: 'host/netdev-ipv6',
        via: 'tail_call_internal',
        map: 'netdev',
        cite: 'main bpf/bpf_host.c:1113',
      },
    ],
  },
  // ---- main bpf_host.c: tail_handle_ipv6_from_netdev (slot 10) → handle_ipv6, then 44 or inline
  {
    id: 'host/netdev-ipv6',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:512',
    note: 'tail_handle_ipv6 sets use_tailcall = is_defined(ENABLE_HOST_FIREWALL) and tail-calls CILIUM_CALL_IPV6_CONT_FROM_NETDEV (44) only then; without the host firewall it calls tail_handle_ipv6_cont directly (bpf_host.c:486), and handle_ipv6_cont (:249) does the rest.',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CONT_FROM_NETDEV',
        value: 44,
        target: 'host/netdev-ipv6-cont',
        via: 'tail_call_internal',
        condition: HOST_FIREWALL,
        map: 'netdev',
        cite: 'main bpf/bpf_host.c:483',
      },
    ],
  },
  // ---- main bpf_host.c: tail_handle_ipv6_cont_from_netdev (44) → handle_ipv6_cont(from_host = false)
  {
    id: 'host/netdev-ipv6-cont',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:445',
    actions: [
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont: !from_host (no ENABLE_HOST_ROUTING)',
        cite: 'main bpf/bpf_host.c:335',
      },
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'main bpf/bpf_host.c:339' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_MASK_HOST_DELIVERY',
        cite: 'main bpf/bpf_host.c:344',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv6_local_delivery',
        cite: 'main bpf/bpf_host.c:361',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont: !from_host',
        cite: 'main bpf/bpf_host.c:369',
      },
    ],
  },
  // ---- main bpf_host.c: cil_from_host → do_netdev, ETH_P_IPV6
  {
    id: 'host/from-host',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:1343',
    actions: [
      { do: 'lookup', what: 'ipcache-src', fn: 'resolve_srcid_ipv6', cite: 'main bpf/bpf_host.c:1091' },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_HOST',
        value: 24,
        target: 'host/host-ipv6',
        via: 'tail_call_internal',
        map: 'host',
        cite: 'main bpf/bpf_host.c:1113',
      },
    ],
  },
  // ---- main bpf_host.c: tail_handle_ipv6_from_host (slot 24) → handle_ipv6, then 43 or inline
  {
    id: 'host/host-ipv6',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:500',
    note: 'tail_handle_ipv6 tail-calls CILIUM_CALL_IPV6_CONT_FROM_HOST (43) only with the host firewall (use_tailcall, bpf_host.c:473), else calls tail_handle_ipv6_cont directly (:486), which rewrites the destination MAC to cilium_net’s after handle_ipv6_cont (:420).',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CONT_FROM_HOST',
        value: 43,
        target: 'host/host-ipv6-cont',
        via: 'tail_call_internal',
        condition: HOST_FIREWALL,
        map: 'host',
        cite: 'main bpf/bpf_host.c:482',
      },
    ],
  },
  // ---- main bpf_host.c: tail_handle_ipv6_cont_from_host (43) → handle_ipv6_cont(from_host = true)
  {
    id: 'host/host-ipv6-cont',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:428',
    note: 'A destination whose ipcache entry is missing or world is dropped as DROP_UNROUTABLE unless it comes from the proxy, which a pod destination never is.',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip6_endpoint', cite: 'main bpf/bpf_host.c:339' },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: { kind: 'pass' },
        fn: 'ENDPOINT_MASK_HOST_DELIVERY',
        cite: 'main bpf/bpf_host.c:344',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv6_local_delivery',
        cite: 'main bpf/bpf_host.c:361',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'handle_ipv6_cont',
        cite: 'main bpf/bpf_host.c:406',
      },
    ],
  },
  // ---- main bpf_host.c: cil_to_netdev (IPv6)
  {
    id: 'host/to-netdev',
    versions: { from: 99 },
    family: 6,
    cite: 'main bpf/bpf_host.c:1399',
    note: toNetdev('bpf_host.c:1596', 'lib/nodeport_egress.h:711', 'CILIUM_CALL_IPV6_NODEPORT_NAT_FWD'),
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'cil_to_netdev',
        cite: 'main bpf/bpf_host.c:1612',
      },
    ],
  },
];
