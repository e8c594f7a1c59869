/**
 * bpf_wireguard.c (v1.18+): cil_from_wireguard on cilium_wg0's tc ingress, for the packet WireGuard
 * decrypted, and its IPv4 tail program. Every row cites the release's line. In tunnel mode (v1.19+,
 * where it is attached with a tunnel too) it returns CTX_ACT_OK at once: the decrypted packet is the
 * VXLAN/Geneve packet, which the stack hands to the tunnel device's socket.
 */
import type { Behaviour } from './table-types';

export const BEHAVIOURS_WIREGUARD: readonly Behaviour[] = [
  {
    id: 'wireguard/from-wireguard',
    versions: { from: 18, to: 18 },
    cite: 'v1.18.0 bpf/bpf_wireguard.c:255',
    actions: [
      {
        do: 'lookup',
        what: 'ipcache-src',
        fn: 'resolve_srcid_ipv4 → lookup_ip4_remote_endpoint',
        cite: 'v1.18.0 bpf/bpf_wireguard.c:138',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV4_FROM_WIREGUARD',
        value: 7,
        target: 'wireguard/ipv4',
        via: 'tail_call_internal',
        map: 'wireguard',
        cite: 'v1.18.0 bpf/bpf_wireguard.c:304',
      },
    ],
  },
  {
    id: 'wireguard/from-wireguard',
    versions: { from: 19, to: 19 },
    cite: 'v1.19.0 bpf/bpf_wireguard.c:304',
    actions: [
      {
        do: 'exit',
        when: 'tunnel-mode',
        exit: { kind: 'pass' },
        fn: 'cil_from_wireguard (#if defined(TUNNEL_MODE) && !(ENABLE_NODEPORT && ENABLE_NODE_ENCRYPTION))',
        cite: 'v1.19.0 bpf/bpf_wireguard.c:340',
      },
      {
        do: 'lookup',
        what: 'ipcache-src',
        fn: 'resolve_srcid_ipv4 → lookup_ip4_remote_endpoint',
        cite: 'v1.19.0 bpf/bpf_wireguard.c:174',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV4_FROM_WIREGUARD',
        value: 7,
        target: 'wireguard/ipv4',
        via: 'tail_call_internal',
        map: 'wireguard',
        cite: 'v1.19.0 bpf/bpf_wireguard.c:374',
      },
    ],
  },
  {
    id: 'wireguard/from-wireguard',
    versions: { from: 99 },
    cite: 'main bpf/bpf_wireguard.c:252',
    actions: [
      {
        do: 'exit',
        when: 'tunnel-mode',
        exit: { kind: 'pass' },
        fn: 'cil_from_wireguard (#if defined(TUNNEL_MODE) && !(ENABLE_NODEPORT && ENABLE_NODE_ENCRYPTION))',
        cite: 'main bpf/bpf_wireguard.c:288',
      },
      {
        do: 'lookup',
        what: 'ipcache-src',
        fn: 'lookup_ip4_remote_endpoint',
        cite: 'main bpf/bpf_wireguard.c:317',
      },
      {
        do: 'tail-call',
        slot: 'CILIUM_CALL_IPV4_FROM_WIREGUARD',
        value: 7,
        target: 'wireguard/ipv4',
        via: 'tail_call_internal',
        map: 'wireguard',
        cite: 'main bpf/bpf_wireguard.c:326',
      },
    ],
  },
  {
    id: 'wireguard/ipv4',
    versions: { from: 18, to: 18 },
    cite: 'v1.18.0 bpf/bpf_wireguard.c:239',
    actions: [
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'handle_ipv4 (#ifndef ENABLE_HOST_ROUTING)',
        cite: 'v1.18.0 bpf/bpf_wireguard.c:203',
      },
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip4_endpoint', cite: 'v1.18.0 bpf/bpf_wireguard.c:207' },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv4_local_delivery',
        cite: 'v1.18.0 bpf/bpf_wireguard.c:228',
      },
    ],
    note: 'Without BPF host routing the program returns TC_ACT_OK before the endpoint lookup: the stack routes the decrypted packet. A destination that is no local endpoint also goes to the stack (TC_ACT_OK, line 235; not traced: encryption is modelled for pod-to-pod traffic).',
  },
  {
    id: 'wireguard/ipv4',
    versions: { from: 19, to: 19 },
    cite: 'v1.19.0 bpf/bpf_wireguard.c:288',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip4_endpoint', cite: 'v1.19.0 bpf/bpf_wireguard.c:251' },
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'handle_ipv4 (local endpoint, no ENABLE_HOST_ROUTING)',
        cite: 'v1.19.0 bpf/bpf_wireguard.c:272',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv4_local_delivery',
        cite: 'v1.19.0 bpf/bpf_wireguard.c:269',
      },
    ],
    note: 'A local endpoint: CTX_ACT_OK to the stack without BPF host routing, ipv4_local_delivery with it. Any other destination goes to the host by ipv4_host_delivery (not traced: encryption is modelled for pod-to-pod traffic).',
  },
  {
    id: 'wireguard/ipv4',
    versions: { from: 99 },
    cite: 'main bpf/bpf_wireguard.c:236',
    actions: [
      { do: 'lookup', what: 'endpoint', fn: 'lookup_ip4_endpoint', cite: 'main bpf/bpf_wireguard.c:191' },
      {
        do: 'exit',
        when: 'legacy-host-routing',
        exit: { kind: 'pass' },
        fn: 'handle_ipv4 (local endpoint, no ENABLE_HOST_ROUTING)',
        cite: 'main bpf/bpf_wireguard.c:212',
      },
      {
        do: 'exit',
        when: 'dst-local-pod',
        exit: { kind: 'policy-tail', via: 'tail_call_policy' },
        fn: 'ipv4_local_delivery',
        cite: 'main bpf/bpf_wireguard.c:209',
      },
    ],
    note: 'A local endpoint: CTX_ACT_OK to the stack without BPF host routing, ipv4_local_delivery with it. Any other destination goes to the host by ipv4_host_delivery (not traced: encryption is modelled for pod-to-pod traffic).',
  },
];
