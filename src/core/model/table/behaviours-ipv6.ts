/**
 * What each program does to an IPv6 packet (issue 12), in the releases the IPv6 traces cover: v1.10
 * (one program for the whole egress path), v1.12 and v1.16 (slots 10 → 32 → 26, policy chain 31 → 12)
 * and main (33 → 27, 32 → 12, __declare_tail). Each row is the IPv6 branch of a program (`family: 6`):
 * the entry programs switch on the ethertype (ETH_P_IPV6) and jump into the CILIUM_CALL_IPV6_* slots.
 * Conditional tail calls (invoke_tailcall_if / declare_tailcall_if on
 * __and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))) are real only in a dual-stack build.
 * Read with /work/trees/<tag> (`scripts/check-model-cites.mjs`).
 */
import type { Behaviour } from './table-types';

const DUAL_STACK = '__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))';
const PER_PACKET_LB = 'is_defined(ENABLE_PER_PACKET_LB)';

export const BEHAVIOURS_IPV6: readonly Behaviour[] = [
  // ---- v1.10 bpf_lxc.c: handle_xgress, ETH_P_IPV6
  {
    id: 'lxc/from-container',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_lxc.c:962',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'lxc/ipv6-from-lxc',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.10.0 bpf/bpf_lxc.c:981',
        condition: '__or(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), is_defined(DEBUG))',
      },
    ],
  },
  // ---- v1.10 bpf_lxc.c: tail_handle_ipv6 → handle_ipv6
  {
    id: 'lxc/ipv6-from-lxc',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_lxc.c:484',
    note: 'v1.10 has no conntrack tail call on the IPv6 egress path: ipv6_l3_from_lxc (bpf_lxc.c:84, called by handle_ipv6 at :454) does the service lookup, ct_lookup6, the ipcache, the egress policy and the forwarding in one program. The tunnel map key of an IPv6 destination is its /96 prefix (bpf_lxc.c:367).',
    actions: [
      {
        do: 'lookup',
        what: 'ndp',
        fn: 'icmp6_handle',
        cite: 'v1.10.0 bpf/bpf_lxc.c:472',
      },
      {
        do: 'lookup',
        what: 'service',
        fn: 'lb6_lookup_service',
        cite: 'v1.10.0 bpf/bpf_lxc.c:140',
      },
      {
        do: 'ct',
        direction: 'egress',
        fn: 'ct_lookup6',
        cite: 'v1.10.0 bpf/bpf_lxc.c:171',
      },
      {
        do: 'lookup',
        what: 'ipcache-dst',
        fn: 'lookup_ip6_remote_endpoint',
        cite: 'v1.10.0 bpf/bpf_lxc.c:191',
      },
      {
        do: 'policy',
        direction: 'egress',
        fn: 'policy_can_egress6',
        cite: 'v1.10.0 bpf/bpf_lxc.c:223',
        dropCite: 'v1.10.0 bpf/bpf_lxc.c:490',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.10.0 bpf/bpf_lxc.c:326',
      },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: {
          kind: 'pass',
        },
        fn: 'ENDPOINT_F_HOST → to_host → pass_to_stack',
        cite: 'v1.10.0 bpf/bpf_lxc.c:407',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_dynamic',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.10.0 bpf/bpf_lxc.c:338',
      },
      {
        do: 'exit',
        when: 'dst-remote-tunnel',
        exit: {
          kind: 'encap-redirect',
          via: 'redirect(ENCAP_IFINDEX)',
        },
        fn: 'encap_and_redirect_lxc',
        cite: 'v1.10.0 bpf/bpf_lxc.c:379',
      },
      {
        do: 'exit',
        when: 'bpf-host-routing',
        exit: {
          kind: 'fib-redirect',
          via: 'redirect_neigh',
        },
        fn: 'redirect_direct_v6',
        cite: 'v1.10.0 bpf/bpf_lxc.c:394',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'pass_to_stack',
        cite: 'v1.10.0 bpf/bpf_lxc.c:407',
      },
    ],
  },
  // ---- v1.10 bpf_lxc.c: handle_policy, ETH_P_IPV6
  {
    id: 'lxc/policy',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_lxc.c:1606',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY',
        value: 12,
        target: 'lxc/ipv6-policy',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.10.0 bpf/bpf_lxc.c:1620',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- v1.10 bpf_lxc.c: tail_ipv6_policy → ipv6_policy
  {
    id: 'lxc/ipv6-policy',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_lxc.c:1163',
    actions: [
      {
        do: 'ct',
        direction: 'ingress',
        fn: 'ct_lookup6',
        cite: 'v1.10.0 bpf/bpf_lxc.c:1056',
      },
      {
        do: 'policy',
        direction: 'ingress',
        fn: 'policy_can_access_ingress',
        cite: 'v1.10.0 bpf/bpf_lxc.c:1087',
        dropCite: 'v1.10.0 bpf/bpf_lxc.c:1183',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-ep',
          via: 'redirect()',
        },
        fn: 'redirect_ep',
        cite: 'v1.10.0 bpf/bpf_lxc.c:1155',
      },
    ],
  },
  // ---- v1.10 bpf_overlay.c: from_overlay, ETH_P_IPV6
  {
    id: 'overlay/from-overlay',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_overlay.c:290',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'overlay/ipv6',
        via: 'ep_tail_call',
        map: 'overlay',
        cite: 'v1.10.0 bpf/bpf_overlay.c:319',
      },
    ],
  },
  // ---- v1.10 bpf_overlay.c: tail_handle_ipv6 → handle_ipv6
  {
    id: 'overlay/ipv6',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_overlay.c:151',
    actions: [
      {
        do: 'lookup',
        what: 'tunnel-key',
        fn: 'ctx_get_tunnel_key',
        cite: 'v1.10.0 bpf/bpf_overlay.c:67',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.10.0 bpf/bpf_overlay.c:109',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_dynamic',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.10.0 bpf/bpf_overlay.c:124',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-host',
          via: 'redirect(HOST_IFINDEX)',
        },
        fn: 'to_host → ipv6_l3 → redirect',
        cite: 'v1.10.0 bpf/bpf_overlay.c:143',
      },
    ],
  },
  // ---- v1.10 bpf_overlay.c: to_overlay (the same code for both families)
  {
    id: 'overlay/to-overlay',
    versions: {
      from: 10,
      to: 10,
    },
    family: 6,
    cite: 'v1.10.0 bpf/bpf_overlay.c:349',
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'to_overlay (no NodePort, no bandwidth manager)',
        cite: 'v1.10.0 bpf/bpf_overlay.c:383',
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: handle_xgress, ETH_P_IPV6
  {
    id: 'lxc/from-container',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:1304',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'lxc/ipv6-from-lxc',
        via: 'ep_tail_call',
        map: 'lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:1324',
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: tail_handle_ipv6 (slot 10) → __tail_handle_ipv6
  {
    id: 'lxc/ipv6-from-lxc',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:693',
    actions: [
      {
        do: 'lookup',
        what: 'ndp',
        fn: 'icmp6_handle',
        cite: 'v1.12.0 bpf/bpf_lxc.c:622',
      },
      {
        do: 'lookup',
        what: 'service',
        fn: 'lb6_lookup_service',
        cite: 'v1.12.0 bpf/bpf_lxc.c:666',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_EGRESS',
        value: 32,
        target: 'lxc/ipv6-ct-egress',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:687',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: tail_ipv6_ct_egress (slot 32, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-egress',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:601',
    note: 'ct_lookup6 and the jump are the TAIL_CT_LOOKUP6 macro body (bpf_lxc.c:112); the jump is cited at the instance line that names the target.',
    actions: [
      {
        do: 'ct',
        direction: 'egress',
        fn: 'ct_lookup6',
        cite: 'v1.12.0 bpf/bpf_lxc.c:140',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC_CONT',
        value: 26,
        target: 'lxc/ipv6-from-lxc-cont',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:603',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: tail_handle_ipv6_cont (slot 26) → handle_ipv6_from_lxc
  {
    id: 'lxc/ipv6-from-lxc-cont',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:580',
    note: 'The tunnel map key of an IPv6 destination is its /96 prefix (bpf_lxc.c:495).',
    actions: [
      {
        do: 'lookup',
        what: 'ipcache-dst',
        fn: 'lookup_ip6_remote_endpoint',
        cite: 'v1.12.0 bpf/bpf_lxc.c:248',
      },
      {
        do: 'policy',
        direction: 'egress',
        fn: 'policy_can_egress6',
        cite: 'v1.12.0 bpf/bpf_lxc.c:330',
        dropCite: 'v1.12.0 bpf/bpf_lxc.c:586',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.12.0 bpf/bpf_lxc.c:452',
      },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: {
          kind: 'pass',
        },
        fn: 'ENDPOINT_F_HOST → to_host → pass_to_stack',
        cite: 'v1.12.0 bpf/bpf_lxc.c:529',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_dynamic',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.12.0 bpf/bpf_lxc.c:465',
      },
      {
        do: 'exit',
        when: 'dst-remote-tunnel',
        exit: {
          kind: 'encap-redirect',
          via: 'ctx_redirect(ENCAP_IFINDEX)',
        },
        fn: 'encap_and_redirect_lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:507',
      },
      {
        do: 'exit',
        when: 'bpf-host-routing',
        exit: {
          kind: 'fib-redirect',
          via: 'redirect_neigh',
        },
        fn: 'redirect_direct_v6',
        cite: 'v1.12.0 bpf/bpf_lxc.c:516',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'pass_to_stack',
        cite: 'v1.12.0 bpf/bpf_lxc.c:529',
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: handle_policy, ETH_P_IPV6
  {
    id: 'lxc/policy',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:2020',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY',
        value: 31,
        target: 'lxc/ipv6-ct-ingress-policy-only',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:2034',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: tail_ipv6_ct_ingress_policy_only (slot 31, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-ingress-policy-only',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:1657',
    actions: [
      {
        do: 'ct',
        direction: 'ingress',
        fn: 'ct_lookup6',
        cite: 'v1.12.0 bpf/bpf_lxc.c:140',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY',
        value: 12,
        target: 'lxc/ipv6-policy',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.12.0 bpf/bpf_lxc.c:1660',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- v1.12 bpf_lxc.c: tail_ipv6_policy (slot 12) → ipv6_policy
  {
    id: 'lxc/ipv6-policy',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_lxc.c:1536',
    actions: [
      {
        do: 'policy',
        direction: 'ingress',
        fn: 'policy_can_access_ingress',
        cite: 'v1.12.0 bpf/bpf_lxc.c:1443',
        dropCite: 'v1.12.0 bpf/bpf_lxc.c:1556',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-ep',
          via: 'ctx_redirect()',
        },
        fn: 'redirect_ep',
        cite: 'v1.12.0 bpf/bpf_lxc.c:1528',
      },
    ],
  },
  // ---- v1.12 bpf_overlay.c: from_overlay, ETH_P_IPV6
  {
    id: 'overlay/from-overlay',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_overlay.c:431',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_OVERLAY',
        value: 10,
        target: 'overlay/ipv6',
        via: 'ep_tail_call',
        map: 'overlay',
        cite: 'v1.12.0 bpf/bpf_overlay.c:492',
      },
    ],
  },
  // ---- v1.12 bpf_overlay.c: tail_handle_ipv6 (slot 10) → handle_ipv6
  {
    id: 'overlay/ipv6',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_overlay.c:179',
    actions: [
      {
        do: 'lookup',
        what: 'tunnel-key',
        fn: 'ctx_get_tunnel_key',
        cite: 'v1.12.0 bpf/bpf_overlay.c:73',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.12.0 bpf/bpf_overlay.c:137',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_dynamic',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.12.0 bpf/bpf_overlay.c:152',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-host',
          via: 'ctx_redirect(HOST_IFINDEX)',
        },
        fn: 'ipv6_l3 → ctx_redirect',
        cite: 'v1.12.0 bpf/bpf_overlay.c:171',
      },
    ],
  },
  // ---- v1.12 bpf_overlay.c: to_overlay (the same code for both families)
  {
    id: 'overlay/to-overlay',
    versions: {
      from: 12,
      to: 12,
    },
    family: 6,
    cite: 'v1.12.0 bpf/bpf_overlay.c:529',
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'to_overlay (no NodePort, no bandwidth manager)',
        cite: 'v1.12.0 bpf/bpf_overlay.c:563',
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: cil_from_container, ETH_P_IPV6
  {
    id: 'lxc/from-container',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:1441',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'lxc/ipv6-from-lxc',
        via: 'tail_call_internal',
        map: 'lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:1464',
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: tail_handle_ipv6 (slot 10) → __tail_handle_ipv6
  {
    id: 'lxc/ipv6-from-lxc',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:811',
    note: 'The jump to slot 32 is a plain tail_call_internal in __per_packet_lb_svc_xlate_6, compiled only with ENABLE_PER_PACKET_LB (bpf_lxc.c:801; without it tail_ipv6_ct_egress is called inline at :806), written here as the condition is_defined(ENABLE_PER_PACKET_LB).',
    actions: [
      {
        do: 'lookup',
        what: 'ndp',
        fn: 'is_icmp6_ndp → icmp6_ndp_handle',
        cite: 'v1.16.0 bpf/bpf_lxc.c:795',
      },
      {
        do: 'lookup',
        what: 'service',
        fn: 'lb6_lookup_service',
        cite: 'v1.16.0 bpf/bpf_lxc.c:166',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_EGRESS',
        value: 32,
        target: 'lxc/ipv6-ct-egress',
        via: 'tail_call_internal',
        map: 'lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:195',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: tail_ipv6_ct_egress (slot 32, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-egress',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:779',
    note: 'ct_lookup6 and the jump are the TAIL_CT_LOOKUP6 macro body (bpf_lxc.c:312); the jump is cited at the instance line that names the target.',
    actions: [
      {
        do: 'ct',
        direction: 'egress',
        fn: 'ct_lookup6',
        cite: 'v1.16.0 bpf/bpf_lxc.c:342',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC_CONT',
        value: 26,
        target: 'lxc/ipv6-from-lxc-cont',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:781',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: tail_handle_ipv6_cont (slot 26) → handle_ipv6_from_lxc
  {
    id: 'lxc/ipv6-from-lxc-cont',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:756',
    note: 'The tunnel map key of an IPv6 destination is its address with the last 32 bits cleared (bpf_lxc.c:665, key.ip6.p4 = 0).',
    actions: [
      {
        do: 'lookup',
        what: 'ipcache-dst',
        fn: 'lookup_ip6_remote_endpoint',
        cite: 'v1.16.0 bpf/bpf_lxc.c:436',
      },
      {
        do: 'policy',
        direction: 'egress',
        fn: 'policy_can_egress6',
        cite: 'v1.16.0 bpf/bpf_lxc.c:498',
        dropCite: 'v1.16.0 bpf/bpf_lxc.c:763',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.16.0 bpf/bpf_lxc.c:630',
      },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: {
          kind: 'pass',
        },
        fn: 'ENDPOINT_F_HOST → to_host → pass_to_stack',
        cite: 'v1.16.0 bpf/bpf_lxc.c:714',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_policy',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.16.0 bpf/bpf_lxc.c:645',
      },
      {
        do: 'exit',
        when: 'dst-remote-tunnel',
        exit: {
          kind: 'encap-redirect',
          via: 'ctx_redirect(ENCAP_IFINDEX)',
        },
        fn: 'encap_and_redirect_lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:680',
      },
      {
        do: 'exit',
        when: 'bpf-host-routing',
        exit: {
          kind: 'fib-redirect',
          via: 'redirect_neigh',
        },
        fn: 'fib_redirect_v6',
        cite: 'v1.16.0 bpf/bpf_lxc.c:692',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'pass_to_stack',
        cite: 'v1.16.0 bpf/bpf_lxc.c:714',
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: handle_policy, ETH_P_IPV6
  {
    id: 'lxc/policy',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:2174',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY',
        value: 31,
        target: 'lxc/ipv6-ct-ingress-policy-only',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:2190',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: tail_ipv6_ct_ingress_policy_only (slot 31, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-ingress-policy-only',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:1795',
    actions: [
      {
        do: 'ct',
        direction: 'ingress',
        fn: 'ct_lookup6',
        cite: 'v1.16.0 bpf/bpf_lxc.c:342',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY',
        value: 12,
        target: 'lxc/ipv6-policy',
        via: 'invoke_tailcall_if',
        map: 'lxc',
        cite: 'v1.16.0 bpf/bpf_lxc.c:1798',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- v1.16 bpf_lxc.c: tail_ipv6_policy (slot 12) → ipv6_policy
  {
    id: 'lxc/ipv6-policy',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_lxc.c:1634',
    actions: [
      {
        do: 'policy',
        direction: 'ingress',
        fn: 'policy_can_ingress6',
        cite: 'v1.16.0 bpf/bpf_lxc.c:1572',
        dropCite: 'v1.16.0 bpf/bpf_lxc.c:1703',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-ep',
          via: 'ctx_redirect()',
        },
        fn: 'redirect_ep',
        cite: 'v1.16.0 bpf/bpf_lxc.c:1673',
      },
    ],
  },
  // ---- v1.16 bpf_overlay.c: cil_from_overlay, ETH_P_IPV6 (the tunnel key is read for both families)
  {
    id: 'overlay/from-overlay',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_overlay.c:574',
    actions: [
      {
        do: 'lookup',
        what: 'tunnel-key',
        fn: 'ctx_get_tunnel_key',
        cite: 'v1.16.0 bpf/bpf_overlay.c:633',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_OVERLAY',
        value: 10,
        target: 'overlay/ipv6',
        via: 'tail_call_internal',
        map: 'overlay',
        cite: 'v1.16.0 bpf/bpf_overlay.c:683',
      },
    ],
  },
  // ---- v1.16 bpf_overlay.c: tail_handle_ipv6 (slot 10) → handle_ipv6
  {
    id: 'overlay/ipv6',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_overlay.c:168',
    note: 'The source ipcache entry replaces the tunnel identity only when that is a remote-node identity (bpf_overlay.c:99); a pod identity in the VNI is kept.',
    actions: [
      {
        do: 'lookup',
        what: 'ipcache-src',
        fn: 'lookup_ip6_remote_endpoint',
        cite: 'v1.16.0 bpf/bpf_overlay.c:82',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'v1.16.0 bpf/bpf_overlay.c:141',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_policy',
        },
        fn: 'ipv6_local_delivery',
        cite: 'v1.16.0 bpf/bpf_overlay.c:143',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-host',
          via: 'ctx_redirect(HOST_IFINDEX)',
        },
        fn: 'ipv6_l3 → ctx_redirect',
        cite: 'v1.16.0 bpf/bpf_overlay.c:160',
      },
    ],
  },
  // ---- v1.16 bpf_overlay.c: cil_to_overlay (the same code for both families)
  {
    id: 'overlay/to-overlay',
    versions: {
      from: 16,
      to: 16,
    },
    family: 6,
    cite: 'v1.16.0 bpf/bpf_overlay.c:742',
    actions: [
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'to_overlay (no NodePort, no bandwidth manager)',
        cite: 'v1.16.0 bpf/bpf_overlay.c:801',
      },
    ],
  },
  // ---- main bpf_lxc.c: cil_from_container, ETH_P_IPV6
  {
    id: 'lxc/from-container',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:1789',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC',
        value: 10,
        target: 'lxc/ipv6-from-lxc',
        via: 'tail_call_internal',
        map: 'lxc',
        cite: 'main bpf/bpf_lxc.c:1828',
      },
    ],
  },
  // ---- main bpf_lxc.c: tail_handle_ipv6 (slot 10) → __tail_handle_ipv6
  {
    id: 'lxc/ipv6-from-lxc',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:1130',
    note: 'The jump to slot 33 is a plain tail_call_internal in __per_packet_lb_svc_xlate_6, compiled only with ENABLE_PER_PACKET_LB (bpf_lxc.c:1120; without it tail_ipv6_ct_egress is called inline at :1125), written here as the condition is_defined(ENABLE_PER_PACKET_LB).',
    actions: [
      {
        do: 'lookup',
        what: 'ndp',
        fn: 'is_icmp6_ndp → icmp6_ndp_handle',
        cite: 'main bpf/bpf_lxc.c:1111',
      },
      {
        do: 'lookup',
        what: 'service',
        fn: 'lb6_lookup_service',
        cite: 'main bpf/bpf_lxc.c:365',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_EGRESS',
        value: 33,
        target: 'lxc/ipv6-ct-egress',
        via: 'tail_call_internal',
        map: 'lxc',
        cite: 'main bpf/bpf_lxc.c:449',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- main bpf_lxc.c: tail_ipv6_ct_egress (slot 33, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-egress',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:1085',
    actions: [
      {
        do: 'ct',
        direction: 'egress',
        fn: 'ct_lookup6',
        cite: 'main bpf/bpf_lxc.c:639',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_LXC_CONT',
        value: 27,
        target: 'lxc/ipv6-from-lxc-cont',
        via: 'TAIL_CT_LOOKUP6 → tail_call_internal',
        map: 'lxc',
        cite: 'main bpf/bpf_lxc.c:1087',
        condition: PER_PACKET_LB,
      },
    ],
  },
  // ---- main bpf_lxc.c: tail_handle_ipv6_cont (slot 27) → handle_ipv6_from_lxc
  {
    id: 'lxc/ipv6-from-lxc-cont',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:1071',
    note: 'The forwarding part is ipv6_forward_to_destination (bpf_lxc.c:665).',
    actions: [
      {
        do: 'lookup',
        what: 'ipcache-dst',
        fn: 'lookup_ip6_remote_endpoint',
        cite: 'main bpf/bpf_lxc.c:882',
      },
      {
        do: 'policy',
        direction: 'egress',
        fn: 'policy_can_egress6',
        cite: 'main bpf/bpf_lxc.c:954',
        dropCite: 'main bpf/bpf_lxc.c:1078',
      },
      {
        do: 'lookup',
        what: 'endpoint',
        fn: '__lookup_ip6_endpoint',
        cite: 'main bpf/bpf_lxc.c:750',
      },
      {
        do: 'exit',
        when: 'dst-local-host',
        exit: {
          kind: 'pass',
        },
        fn: 'ENDPOINT_MASK_HOST_DELIVERY → pass_to_stack',
        cite: 'main bpf/bpf_lxc.c:817',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_policy',
        },
        fn: 'ipv6_local_delivery',
        cite: 'main bpf/bpf_lxc.c:766',
      },
      {
        do: 'exit',
        when: 'dst-remote-tunnel',
        exit: {
          kind: 'encap-redirect',
          via: 'ctx_redirect(ENCAP_IFINDEX)',
        },
        fn: 'encap_and_redirect_lxc',
        cite: 'main bpf/bpf_lxc.c:783',
      },
      {
        do: 'exit',
        when: 'bpf-host-routing',
        exit: {
          kind: 'fib-redirect',
          via: 'redirect_neigh',
        },
        fn: 'fib_redirect_v6',
        cite: 'main bpf/bpf_lxc.c:792',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'pass_to_stack',
        cite: 'main bpf/bpf_lxc.c:817',
      },
    ],
  },
  // ---- main bpf_lxc.c: cil_lxc_policy, ETH_P_IPV6
  {
    id: 'lxc/policy',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:2514',
    note: 'The release writes the condition as a plain `if (is_defined(ENABLE_IPV4) && is_defined(ENABLE_IPV6))` (line 2534), else tail_ipv6_ct_ingress_policy_only runs inline (line 2538); it is given here in the equivalent __and() form.',
    actions: [
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY',
        value: 32,
        target: 'lxc/ipv6-ct-ingress-policy-only',
        via: 'tail_call_internal',
        map: 'lxc',
        cite: 'main bpf/bpf_lxc.c:2535',
        condition: DUAL_STACK,
      },
    ],
  },
  // ---- main bpf_lxc.c: tail_ipv6_ct_ingress_policy_only (slot 32, TAIL_CT_LOOKUP6)
  {
    id: 'lxc/ipv6-ct-ingress-policy-only',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:2161',
    note: 'The TAIL_CT_LOOKUP6 condition is the literal 1 (line 2163): the tail call into tail_ipv6_policy is made in single-stack builds too.',
    actions: [
      {
        do: 'ct',
        direction: 'ingress',
        fn: 'ct_lookup6',
        cite: 'main bpf/bpf_lxc.c:639',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_TO_LXC_POLICY_ONLY',
        value: 12,
        target: 'lxc/ipv6-policy',
        via: 'TAIL_CT_LOOKUP6 → tail_call_internal',
        map: 'lxc',
        cite: 'main bpf/bpf_lxc.c:2163',
      },
    ],
  },
  // ---- main bpf_lxc.c: tail_ipv6_policy (slot 12) → ipv6_policy
  {
    id: 'lxc/ipv6-policy',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_lxc.c:2018',
    actions: [
      {
        do: 'policy',
        direction: 'ingress',
        fn: 'policy_can_ingress6',
        cite: 'main bpf/bpf_lxc.c:1953',
        dropCite: 'main bpf/bpf_lxc.c:2087',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-ep',
          via: 'ctx_redirect()',
        },
        fn: 'redirect_ep',
        cite: 'main bpf/bpf_lxc.c:2073',
      },
    ],
  },
  // ---- main bpf_overlay.c: cil_from_overlay, ETH_P_IPV6
  {
    id: 'overlay/from-overlay',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_overlay.c:490',
    actions: [
      {
        do: 'lookup',
        what: 'tunnel-key',
        fn: 'get_tunnel_key',
        cite: 'main bpf/bpf_overlay.c:538',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV6_FROM_OVERLAY',
        value: 10,
        target: 'overlay/ipv6',
        via: 'tail_call_internal',
        map: 'overlay',
        cite: 'main bpf/bpf_overlay.c:569',
      },
    ],
  },
  // ---- main bpf_overlay.c: tail_handle_ipv6 (slot 10) → handle_ipv6
  {
    id: 'overlay/ipv6',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_overlay.c:167',
    actions: [
      {
        do: 'lookup',
        what: 'endpoint',
        fn: 'lookup_ip6_endpoint',
        cite: 'main bpf/bpf_overlay.c:154',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: {
          kind: 'policy-tail',
          via: 'tail_call_policy',
        },
        fn: 'ipv6_local_delivery',
        cite: 'main bpf/bpf_overlay.c:156',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'redirect-host',
          via: 'ctx_redirect(CONFIG(cilium_host_ifindex), BPF_F_INGRESS)',
        },
        fn: 'ipv6_host_delivery',
        cite: 'main bpf/bpf_overlay.c:163',
      },
    ],
  },
  // ---- main bpf_overlay.c: cil_to_overlay (the same code for both families)
  {
    id: 'overlay/to-overlay',
    versions: {
      from: 99,
    },
    family: 6,
    cite: 'main bpf/bpf_overlay.c:604',
    actions: [
      {
        do: 'lookup',
        what: 'tunnel-key',
        fn: 'ctx_get_tunnel_key',
        cite: 'main bpf/bpf_overlay.c:647',
      },
      {
        do: 'exit',
        when: 'otherwise',
        exit: {
          kind: 'pass',
        },
        fn: 'cil_to_overlay (no NodePort, no bandwidth manager)',
        cite: 'main bpf/bpf_overlay.c:665',
      },
    ],
  },
];
