/**
 * WireGuard (enable-wireguard) per release: how a pod's packet for a pod on another node is sent to
 * cilium_wg0, and what runs when it comes out decrypted. Data only; every field cites the release.
 *
 * - v1.10–v1.13: bpf_lxc marks the packet. The ipcache entry of a remote pod carries its node as
 *   tunnel endpoint, so from-container sets `dst_remote_ep`, skips the VXLAN/Geneve encapsulation in
 *   tunnel mode (WireGuard is the only encapsulation) and, on its way to the stack, ORs
 *   MARK_MAGIC_ENCRYPT (0x0E00) into skb->mark (`set_encrypt_mark`). The agent's ip rule (priority 1,
 *   fwmark 0xE00/0xF00, table 201) sends marked packets to table 201, whose default route is
 *   `dev cilium_wg0`.
 * - v1.14+: bpf_host's to-netdev redirects to cilium_wg0 (`wg_maybe_redirect_to_encrypt`, the
 *   behaviour tables' `wireguard-encrypt` exit); the agent no longer installs the rule.
 * - v1.18+: `cil_from_wireguard` runs on cilium_wg0's tc ingress for the decrypted packet.
 */
import type { CiliumVersion, VersionRange } from '../versions';
import type { Cite } from './table-types';

export interface WireguardMarkRow {
  versions: VersionRange;
  /** `dst_remote_ep = true` when the destination's ipcache entry has a tunnel endpoint and is no node */
  remote: Cite;
  /** `if (!dst_remote_ep)` around encap_and_redirect_lxc under TUNNEL_MODE */
  skipEncap: Cite;
  /** `set_encrypt_mark(ctx)` at pass_to_stack */
  mark: Cite;
  /** `#define MARK_MAGIC_ENCRYPT 0x0E00` */
  magic: Cite;
  /** the agent's rule: `Priority: linux_defaults.RulePriorityWireguard` */
  rule: Cite;
  /** `RouteTableWireguard = 201` */
  table: Cite;
  /** the listen port (51871) */
  port: Cite;
}

export const WIREGUARD_MARK: readonly WireguardMarkRow[] = [
  {
    versions: { from: 10, to: 10 },
    remote: 'v1.10.0 bpf/bpf_lxc.c:631',
    skipEncap: 'v1.10.0 bpf/bpf_lxc.c:820',
    mark: 'v1.10.0 bpf/bpf_lxc.c:867',
    magic: 'v1.10.0 bpf/lib/common.h:483',
    rule: 'v1.10.0 pkg/wireguard/agent/agent.go:158',
    table: 'v1.10.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:28',
    port: 'v1.10.0 pkg/wireguard/agent/agent.go:51',
  },
  {
    versions: { from: 11, to: 11 },
    remote: 'v1.11.0 bpf/bpf_lxc.c:632',
    skipEncap: 'v1.11.0 bpf/bpf_lxc.c:832',
    mark: 'v1.11.0 bpf/bpf_lxc.c:879',
    magic: 'v1.11.0 bpf/lib/common.h:490',
    rule: 'v1.11.0 pkg/wireguard/agent/agent.go:247',
    table: 'v1.11.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:17',
    port: 'v1.11.0 pkg/wireguard/agent/agent.go:44',
  },
  {
    versions: { from: 12, to: 12 },
    remote: 'v1.12.0 bpf/bpf_lxc.c:774',
    skipEncap: 'v1.12.0 bpf/bpf_lxc.c:1072',
    mark: 'v1.12.0 bpf/bpf_lxc.c:1119',
    magic: 'v1.12.0 bpf/lib/common.h:505',
    rule: 'v1.12.0 pkg/wireguard/agent/agent.go:249',
    table: 'v1.12.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:17',
    port: 'v1.12.0 pkg/wireguard/agent/agent.go:44',
  },
  {
    versions: { from: 13, to: 13 },
    remote: 'v1.13.0 bpf/bpf_lxc.c:777',
    skipEncap: 'v1.13.0 bpf/bpf_lxc.c:1065',
    mark: 'v1.13.0 bpf/bpf_lxc.c:1120',
    magic: 'v1.13.0 bpf/lib/common.h:599',
    rule: 'v1.13.0 pkg/wireguard/agent/agent.go:249',
    table: 'v1.13.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:17',
    port: 'v1.13.0 pkg/wireguard/agent/agent.go:44',
  },
];

/** The mark-and-rule row of a release (v1.10–v1.13), or undefined. */
export function wireguardMarkOf(version: CiliumVersion): WireguardMarkRow | undefined {
  return WIREGUARD_MARK.find(
    (r) => version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity),
  );
}

/**
 * WireGuard with a tunnel (VXLAN/Geneve), v1.14+: where the pod's packet for a remote pod meets
 * cilium_wg0. Every field cites the release's line.
 *
 * - v1.14 (`before-encap`): from-container still calls encap_and_redirect_lxc, but
 *   __encap_and_redirect_with_nodeid calls wg_maybe_redirect_to_encrypt before __encap_with_nodeid: a
 *   pod's packet whose destination's ipcache entry carries a key is redirected to cilium_wg0 without
 *   the VXLAN/Geneve header (WireGuard is the only encapsulation, as before v1.14).
 * - v1.15+ (`encapsulated`): from-container encapsulates as usual; the VXLAN/Geneve packet leaves by
 *   the native device, where to-netdev's wg_maybe_redirect_to_encrypt recognises it (v1.15–v1.16: UDP
 *   dport == TUNNEL_PORT; v1.17+: ctx_is_overlay, the MARK_MAGIC_OVERLAY mark cil_to_overlay set) and
 *   jumps to the redirect without looking at keys (`overlay_encrypt`). WireGuard (the kernel, not BPF)
 *   encrypts the whole VXLAN/Geneve packet for the peer whose allowed IPs hold the outer destination,
 *   the node's own address.
 */
export interface WireguardTunnelRow {
  versions: VersionRange;
  where: 'before-encap' | 'encapsulated';
  /** the wg_maybe_redirect_to_encrypt call that redirects (v1.14: in encap.h; v1.15+: to-netdev's) */
  call: Cite;
  /** how the packet is recognised: v1.14 `if (dst && dst->key)`; v1.15–v1.16 the TUNNEL_PORT test; v1.17+ `ctx_is_overlay` */
  test: Cite;
  /** the redirect itself: `return ctx_redirect(ctx, WG_IFINDEX, 0)` (v1.15+: below the overlay label) */
  redirect: Cite;
  /** v1.17+: cil_to_overlay's `set_identity_mark(…, MARK_MAGIC_OVERLAY)`, which ctx_is_overlay reads */
  overlayMark?: Cite;
  /** the check that skips a packet already encrypted (MARK_MAGIC_WG_ENCRYPTED / ctx_is_encrypt) */
  encrypted: Cite;
  /** v1.14: `if (!src || src->sec_identity == HOST_ID) goto out` — a host's packet is not encrypted */
  hostSource?: Cite;
  /** v1.15+: the agent puts the peer's node address in its allowed IPs (the outer destination) */
  allowedIps?: Cite;
}

export const WIREGUARD_TUNNEL: readonly WireguardTunnelRow[] = [
  {
    versions: { from: 14, to: 14 },
    where: 'before-encap',
    call: 'v1.14.0 bpf/lib/encap.h:82',
    test: 'v1.14.0 bpf/lib/wireguard.h:103',
    redirect: 'v1.14.0 bpf/lib/wireguard.h:104',
    encrypted: 'v1.14.0 bpf/lib/wireguard.h:76',
    hostSource: 'v1.14.0 bpf/lib/wireguard.h:87',
  },
  {
    versions: { from: 15, to: 15 },
    where: 'encapsulated',
    call: 'v1.15.0 bpf/bpf_host.c:1399',
    test: 'v1.15.0 bpf/lib/wireguard.h:83',
    redirect: 'v1.15.0 bpf/lib/wireguard.h:141',
    encrypted: 'v1.15.0 bpf/lib/wireguard.h:107',
    allowedIps: 'v1.15.0 pkg/wireguard/agent/agent.go:162',
  },
  {
    versions: { from: 16, to: 16 },
    where: 'encapsulated',
    call: 'v1.16.0 bpf/bpf_host.c:1486',
    test: 'v1.16.0 bpf/lib/wireguard.h:88',
    redirect: 'v1.16.0 bpf/lib/wireguard.h:158',
    encrypted: 'v1.16.0 bpf/bpf_host.c:1485',
    allowedIps: 'v1.16.0 pkg/wireguard/agent/agent.go:381',
  },
  {
    versions: { from: 17, to: 17 },
    where: 'encapsulated',
    call: 'v1.17.0 bpf/bpf_host.c:1539',
    test: 'v1.17.0 bpf/lib/wireguard.h:113',
    redirect: 'v1.17.0 bpf/lib/wireguard.h:173',
    overlayMark: 'v1.17.0 bpf/bpf_overlay.c:804',
    encrypted: 'v1.17.0 bpf/bpf_host.c:1538',
    allowedIps: 'v1.17.0 pkg/wireguard/agent/agent.go:410',
  },
  {
    versions: { from: 18, to: 18 },
    where: 'encapsulated',
    call: 'v1.18.0 bpf/bpf_host.c:1605',
    test: 'v1.18.0 bpf/lib/wireguard.h:120',
    redirect: 'v1.18.0 bpf/lib/wireguard.h:186',
    overlayMark: 'v1.18.0 bpf/bpf_overlay.c:844',
    encrypted: 'v1.18.0 bpf/bpf_host.c:1604',
    allowedIps: 'v1.18.0 pkg/wireguard/agent/agent.go:435',
  },
  {
    versions: { from: 19, to: 19 },
    where: 'encapsulated',
    call: 'v1.19.0 bpf/bpf_host.c:1496',
    test: 'v1.19.0 bpf/lib/wireguard.h:78',
    redirect: 'v1.19.0 bpf/lib/wireguard.h:189',
    overlayMark: 'v1.19.0 bpf/bpf_overlay.c:674',
    encrypted: 'v1.19.0 bpf/bpf_host.c:1495',
    allowedIps: 'v1.19.0 pkg/wireguard/agent/agent.go:534',
  },
  {
    versions: { from: 99 },
    where: 'encapsulated',
    call: 'main bpf/bpf_host.c:1566',
    test: 'main bpf/lib/wireguard.h:78',
    redirect: 'main bpf/lib/wireguard.h:163',
    overlayMark: 'main bpf/bpf_overlay.c:651',
    encrypted: 'main bpf/bpf_host.c:1565',
    allowedIps: 'main pkg/wireguard/agent/agent.go:547',
  },
];

/** How WireGuard meets the tunnel in a release (v1.14+), or undefined. */
export function wireguardTunnelOf(version: CiliumVersion): WireguardTunnelRow | undefined {
  return WIREGUARD_TUNNEL.find(
    (r) => version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity),
  );
}
