/**
 * A node's kernel routing table, derived from the topology the way Cilium installs routes (§8). An
 * IPv6 table (the topology's IPv6 view, `familyView`) writes the prefix length where IPv4 has a
 * netmask (`/64`) and `::` for no gateway, as `route -n -A inet6` does.
 */
import { PRESETS, tunnelOf } from '../model/config';
import type { DatapathMode } from '../model/model-types';
import { cidrOf, compareIps, ipFamily, maskPrefix, maskToText, parseCidr, type Cidr } from '../util/ip';
import type { ResolvedTopology, TopologyNode, TopologyRoute } from './topology-types';

/** A route's gateway that means "on-link" (0.0.0.0, or :: in an IPv6 table). */
export function onLink(gateway: string): boolean {
  return gateway === '0.0.0.0' || gateway === '::';
}

const maskOf = (cidr: Pick<Cidr, 'family' | 'prefix'>): string =>
  cidr.family === 6 ? `/${cidr.prefix}` : maskToText(cidr.prefix);

export function routingTable(
  topology: ResolvedTopology,
  node: TopologyNode,
  mode: DatapathMode,
  /** enable-endpoint-routes: a /32 route per local pod to its lxc device (InstallEndpointRoute) */
  options: { endpointRoutes?: boolean } = {},
): TopologyRoute[] {
  const routes: TopologyRoute[] = [];
  const family = ipFamily(node.ip) ?? 4;
  const any = family === 6 ? '::' : '0.0.0.0';
  const host = family === 6 ? '/128' : '255.255.255.255';
  if (options.endpointRoutes)
    for (const pod of topology.pods)
      if (pod.node === node.name)
        routes.push({
          destination: pod.ip,
          gateway: any,
          genmask: host,
          flags: 'UH',
          iface: pod.hostVeth,
        });
  if (node.gateway)
    routes.push({
      destination: any,
      gateway: node.gateway,
      genmask: family === 6 ? '/0' : '0.0.0.0',
      flags: 'UG',
      iface: node.device,
    });
  const own = parseCidr(node.podCidr)!;
  routes.push({
    destination: own.network,
    gateway: node.ciliumHostIp,
    genmask: maskOf(own),
    flags: 'UG',
    iface: 'cilium_host',
  });
  routes.push({
    destination: node.ciliumHostIp,
    gateway: any,
    genmask: host,
    flags: 'UH',
    iface: 'cilium_host',
  });
  const tunnel = tunnelOf(PRESETS[mode]) !== undefined;
  for (const other of topology.nodes) {
    if (other.name === node.name) continue;
    const cidr = parseCidr(other.podCidr)!;
    routes.push(
      tunnel
        ? // createNodeRouteSpec: remote PodCIDR via the local cilium_host address, dev cilium_host
          {
            destination: cidr.network,
            gateway: node.ciliumHostIp,
            genmask: maskOf(cidr),
            flags: 'UG',
            iface: 'cilium_host',
          }
        : // auto-direct-node-routes / IPVLAN: remote PodCIDR via the remote node's address on the native device
          {
            destination: cidr.network,
            gateway: other.ip,
            genmask: maskOf(cidr),
            flags: 'UG',
            iface: node.device,
          },
    );
  }
  if (family === 4) routes.push(...(node.extraRoutes ?? []));
  const subnet = cidrOf(node.ip, node.subnetPrefix)!;
  routes.push({
    destination: subnet.network,
    gateway: any,
    genmask: maskOf(subnet),
    flags: 'U',
    iface: node.device,
  });
  return routes.sort((a, b) => compareIps(a.destination, b.destination));
}

/** The prefix length of a route: its IPv4 netmask, or the `/N` of an IPv6 route. */
function prefixOf(genmask: string): number {
  if (genmask.startsWith('/')) return Number(genmask.slice(1));
  return maskPrefix(genmask) ?? 0;
}

/** Longest-prefix match (routes of the other family never match). */
export function lookupRoute(
  table: readonly TopologyRoute[],
  destination: string,
): (TopologyRoute & { prefix: number }) | undefined {
  if (ipFamily(destination) === undefined) return undefined;
  let best: (TopologyRoute & { prefix: number }) | undefined;
  for (const route of table) {
    const prefix = prefixOf(route.genmask);
    const net = cidrOf(route.destination, prefix);
    if (net && net.network === cidrOf(destination, prefix)?.network && (!best || prefix > best.prefix))
      best = { ...route, prefix };
  }
  return best;
}
