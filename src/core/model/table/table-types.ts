/**
 * The program table's vocabulary. Each Cilium program (an entry program on a device hook, or a tail
 * program in a prog array) is described per release range as the ordered things it does to an IPv4
 * packet. Every row cites the line of the first release of its range that does it
 * (`scripts/check-model-cites.mjs` checks each row against every release of the range).
 */
import type { HookName } from '../model-types';
import type { VersionRange } from '../versions';

/** "v1.10.0 bpf/bpf_lxc.c:981" — release tag, file, line. */
export type Cite = string;

/** Stable ids of programs across releases; names per release live in the variant. */
export type ProgramId =
  | 'lxc/from-container'
  | 'lxc/ipv4-from-lxc'
  | 'lxc/ct-egress'
  | 'lxc/ipv4-from-lxc-cont'
  | 'lxc/policy'
  | 'lxc/ct-ingress-policy-only'
  | 'lxc/ipv4-policy'
  | 'lxc/to-container'
  | 'lxc/ct-ingress'
  | 'lxc/to-endpoint'
  | 'lxc/policy-egress'
  | 'lxc/ipv6-from-lxc'
  | 'lxc/ipv6-ct-egress'
  | 'lxc/ipv6-from-lxc-cont'
  | 'lxc/ipv6-ct-ingress-policy-only'
  | 'lxc/ipv6-policy'
  | 'overlay/from-overlay'
  | 'overlay/ipv4'
  | 'overlay/to-overlay'
  | 'overlay/ipv6'
  | 'host/from-netdev'
  | 'host/netdev-ipv4'
  | 'host/netdev-ipv4-cont'
  | 'host/from-host'
  | 'host/host-ipv4'
  | 'host/host-ipv4-cont'
  /** bpf_host.c tail_handle_ipv6_from_netdev (CILIUM_CALL_IPV6_FROM_NETDEV) and its continuation */
  | 'host/netdev-ipv6'
  | 'host/netdev-ipv6-cont'
  /** bpf_host.c tail_handle_ipv6_from_host (CILIUM_CALL_IPV6_FROM_HOST) and its continuation */
  | 'host/host-ipv6'
  | 'host/host-ipv6-cont'
  | 'host/to-host'
  | 'host/to-netdev'
  | 'host/host-policy'
  | 'host/to-host-policy-only'
  | 'ipvlan/stub'
  /** bpf_wireguard.c cil_from_wireguard on cilium_wg0's tc ingress (v1.18+) */
  | 'wireguard/from-wireguard'
  /** its tail program CILIUM_CALL_IPV4_FROM_WIREGUARD (tail_handle_ipv4) */
  | 'wireguard/ipv4'
  /** bpf_network.c from-network on the native device's tc ingress with IPsec (EncryptInterface) */
  | 'network/from-network';

/** Which prog array a tail call goes through: the object's own calls map, or the policy map. */
export type CallsMap = 'lxc' | 'overlay' | 'netdev' | 'host' | 'policy' | 'ipvlan' | 'wireguard';

/** What the packet is, as seen by the program that runs (evaluated by the interpreter). */
export type Guard =
  /** destination is a pod on this node */
  | 'dst-local-pod'
  /** destination is one of this node's own addresses (cilium_lxc entry with ENDPOINT_F_HOST) */
  | 'dst-local-host'
  /** destination is behind a tunnel endpoint (ipcache tunnel_endpoint, tunnel modes) */
  | 'dst-remote-tunnel'
  /** tunnel mode, no ipcache tunnel endpoint, but the tunnel map covers the address (pod CIDR of a node) */
  | 'dst-tunnel-map'
  /** tunnel mode, the destination is not local and the ipcache gave no tunnel endpoint */
  | 'no-tunnel-endpoint'
  /** BPF host routing is on (ENABLE_HOST_ROUTING; ENABLE_REDIRECT_FAST before v1.12) */
  | 'bpf-host-routing'
  /** none of the above: the packet goes on */
  | 'otherwise'
  /**
   * the program returns CTX_ACT_OK before the endpoint lookup unless BPF host routing is on
   * (v1.11+ bpf_host.c `skip_redirect` with NO_REDIRECT; v1.13+ without ENABLE_HOST_ROUTING)
   */
  | 'legacy-host-routing'
  /**
   * v1.10: the same return, but bpf_host.c sets `skip_redirect` only inside `#ifdef ENABLE_NODEPORT`
   * (v1.10.0 bpf/bpf_host.c:471-490): legacy host routing with BPF NodePort (kube-proxy replacement)
   */
  | 'legacy-host-routing-nodeport'
  /**
   * BPF masquerade is on (enable-bpf-masquerade) and the packet, from a pod of this node, leaves for
   * an address outside the cluster (reserved:world)
   */
  | 'bpf-masquerade'
  /** a reply of a Service connection translated per packet, at the client endpoint */
  | 'reply-service'
  /** a reply of a connection BPF masquerade translated, arriving at the node's address */
  | 'reply-bpf-masquerade'
  /** the destination is this node's address and a NodePort of a Service (BPF NodePort, kube-proxy replacement) */
  | 'nodeport-frontend'
  /**
   * WireGuard (enable-wireguard, no encrypt-node): a pod's packet to a remote pod, not yet encrypted
   * (no MARK_MAGIC_WG_ENCRYPTED), whose destination's ipcache entry carries the peer's key
   */
  | 'wireguard-encrypt'
  /**
   * WireGuard with a tunnel, v1.15+: the packet is a VXLAN/Geneve packet from the tunnel device, not yet
   * encrypted (v1.15–v1.16: its UDP dport is TUNNEL_PORT; v1.17+: ctx_is_overlay, the MARK_MAGIC_OVERLAY
   * mark cil_to_overlay set); wg_maybe_redirect_to_encrypt redirects it without a key lookup
   */
  | 'wireguard-overlay'
  /** the routing mode is VXLAN or Geneve (TUNNEL_MODE defined) */
  | 'tunnel-mode'
  /** IPsec: an ESP packet not yet decrypted (skb->mark is not MARK_MAGIC_DECRYPT) */
  | 'ipsec-esp'
  /** IPsec: the inner packet xfrm decrypted and re-inserted, marked MARK_MAGIC_DECRYPT */
  | 'ipsec-decrypted'
  /**
   * IPsec at the native device (main): a packet from a pod of the cluster, not yet encrypted (no
   * MARK_MAGIC_ENCRYPT), whose destination's ipcache entry has a tunnel endpoint and a key
   */
  | 'ipsec-encrypt';

export type Exit =
  /** tail call into the destination endpoint's policy program: POLICY_CALL_MAP[ep->lxc_id] */
  | { kind: 'policy-tail'; via: string }
  /** set the tunnel key and redirect to the tunnel device (egress) */
  | { kind: 'encap-redirect'; via: string }
  /** redirect to the destination endpoint's device */
  | { kind: 'redirect-ep'; via: string }
  /** FIB lookup in BPF and redirect to the egress device, bypassing the host stack (BPF host routing) */
  | { kind: 'fib-redirect'; via: string }
  /** redirect to cilium_host (HOST_IFINDEX): the host stack receives it */
  | { kind: 'redirect-host'; via: string }
  /** redirect to cilium_wg0 (WG_IFINDEX) for WireGuard encryption */
  | { kind: 'wg-redirect'; via: string }
  /** redirect to cilium_net's ingress (BPF_F_INGRESS) for the kernel's xfrm to encrypt (IPsec, main) */
  | { kind: 'ipsec-redirect'; via: string }
  /** redirect to cilium_host's egress (CILIUM_IFINDEX, flags 0): its from-host program runs */
  | { kind: 'redirect-host-egress'; via: string }
  /** return CTX_ACT_OK / TC_ACT_OK: the kernel carries on */
  | { kind: 'pass' }
  /** a drop with the release's reason constant */
  | { kind: 'drop'; reason: string };

export type Action =
  | {
      do: 'tail-call';
      when?: Guard;
      /** CILIUM_CALL_* name as the release spells it */
      slot: string;
      value: number;
      target: ProgramId;
      /** the macro form at the site: ep_tail_call, invoke_tailcall_if, tail_call_internal, … */
      via: string;
      /** build condition as the release writes it; absent = unconditional */
      condition?: string;
      map: CallsMap;
      cite: Cite;
    }
  | {
      do: 'lookup';
      when?: Guard;
      /** ndp: the ICMPv6 neighbour discovery check of the IPv6 egress path (icmp6_handle, icmp6_ndp_handle) */
      what: 'service' | 'ipcache-dst' | 'ipcache-src' | 'endpoint' | 'tunnel-key' | 'tunnel-map' | 'ndp';
      /** the function or helper at the site */
      fn: string;
      cite: Cite;
    }
  | { do: 'ct'; direction: 'egress' | 'ingress'; fn: string; cite: Cite; when?: Guard }
  | {
      do: 'policy';
      when?: Guard;
      direction: 'egress' | 'ingress';
      fn: string;
      cite: Cite;
      /** where a denied packet is dropped (send_drop_notify…) */
      dropCite: Cite;
    }
  | {
      /**
       * snat: source NAT to the node's address (BPF masquerade); rev-snat: its reverse on the reply;
       * rev-dnat: a Service's reverse NAT on the reply (the source becomes the frontend again)
       */
      do: 'nat';
      when: Guard;
      kind: 'snat' | 'rev-snat' | 'rev-dnat' | 'dnat';
      /** the call at the site, e.g. handle_nat_fwd */
      fn: string;
      cite: Cite;
      /** the NAT tail call on the way; compiled inline when its build condition is false */
      tail?: { slot: string; value: number; target: string; condition: string; cite: Cite };
    }
  | {
      do: 'exit';
      when: Guard;
      exit: Exit;
      cite: Cite;
      /** the call at the site, e.g. ipv4_local_delivery, encap_and_redirect_lxc, redirect_ep */
      fn: string;
    };

/** A program's names in the releases from `since` on (until the next row). */
export interface NameRow {
  since: number;
  file: string;
  /** ELF section as declared ("from-container", "tc", "tc/entry", "2/7", "1/0xffff", "tc/tail") */
  section: string;
  function: string;
}

export interface ProgramNames {
  id: ProgramId;
  /** the stable hook name, for entry programs and the policy programs */
  hook?: HookName;
  /** first release that has the program */
  since: number;
  /** last release that has it, when it is gone */
  until?: number;
  rows: NameRow[];
  description: string;
}

/** What a program does in a range of releases. */
export interface Behaviour {
  id: ProgramId;
  versions: VersionRange;
  /**
   * 6: the program's IPv6 branch (behaviours-ipv6.ts); absent: what it does to an IPv4 packet. An
   * IPv6 trace uses only rows with family 6.
   */
  family?: 6;
  /** where the program is declared in the first release of the range */
  cite: Cite;
  actions: Action[];
  /** what this release's source says that a reader of the trace should know */
  note?: string;
}
