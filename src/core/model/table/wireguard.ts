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
