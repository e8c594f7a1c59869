/**
 * Which addresses carry an IPv6 pod packet between nodes (issue 12). With a tunnel the agent keys the
 * IPv6 PodCIDR's tunnel entry with the node's IPv4 address ("Not a typo, the IPv4 host IP is used to
 * build the IPv6 overlay"), so the outer header stays IPv4. With native routing and
 * auto-direct-node-routes the agent routes a remote node's IPv6 PodCIDR via that node's IPv6 address
 * (updateDirectRoute(s) with GetNodeIP(true)), so the packet crosses the wire as plain IPv6 and the
 * nodes' IPv6 addresses are the underlay. Cites are the agent's Go source of each release.
 */
import type { DatapathConfig } from '../config';
import type { CiliumVersion } from '../versions';
import type { Cite } from './table-types';

export interface Ipv6Underlay {
  /** the family of the addresses between the nodes: their IPv4 (tunnel) or IPv6 (native) addresses */
  family: 4 | 6;
  cite: Cite;
  note: string;
}

/** updateDirectRoute(s) for the IPv6 PodCIDR with the node's IPv6 address, per release (minor → cite). */
export const DIRECT_ROUTES_V6: ReadonlyArray<{ minor: number; cite: Cite }> = [
  { minor: 10, cite: 'v1.10.0 pkg/datapath/linux/node.go:978' },
  { minor: 12, cite: 'v1.12.0 pkg/datapath/linux/node.go:1127' },
  { minor: 16, cite: 'v1.16.0 pkg/datapath/linux/node.go:1024' },
  { minor: 99, cite: 'main pkg/datapath/linux/node.go:567' },
];

/** The tunnel mapping of the IPv6 PodCIDR with the node's IPv4 address. */
export const TUNNEL_MAPPING_V6: Cite = 'v1.12.0 pkg/datapath/linux/node.go:1136';

/**
 * The underlay of an IPv6 pod packet in this configuration, or undefined when the release has no
 * modelled IPv6 direct route (native routing over IPv6 is then not modelled).
 */
export function ipv6Underlay(config: DatapathConfig, version: CiliumVersion): Ipv6Underlay | undefined {
  if (config.transport !== 'native')
    return {
      family: 4,
      cite: TUNNEL_MAPPING_V6,
      note: "A tunnel's outer header stays IPv4 between the nodes' addresses (the underlay): the agent maps the IPv6 PodCIDR to the node's IPv4 address",
    };
  const row = DIRECT_ROUTES_V6.find((r) => r.minor === version.minor);
  if (!row) return undefined;
  return {
    family: 6,
    cite: row.cite,
    note: "Native routing: the agent routes each remote node's IPv6 PodCIDR via that node's IPv6 address on the native device (auto-direct-node-routes), so the packet crosses the wire as IPv6 between the nodes' IPv6 addresses (the topology's nodes[].ipv6, taken to share one /64)",
  };
}
