/** A node's kernel routing table, derived from the topology the way Cilium installs routes (§8). */
import { PRESETS, tunnelOf } from '../model/config';
import type { DatapathMode } from '../model/model-types';
import { cidrOf, maskToText, parseCidr, parseIpv4, prefixMask } from '../util/ipv4';
import type { ResolvedTopology, TopologyNode, TopologyRoute } from './topology-types';

export function routingTable(
  topology: ResolvedTopology,
  node: TopologyNode,
  mode: DatapathMode,
  /** enable-endpoint-routes: a /32 route per local pod to its lxc device (InstallEndpointRoute) */
  options: { endpointRoutes?: boolean } = {},
): TopologyRoute[] {
  const routes: TopologyRoute[] = [];
  if (options.endpointRoutes)
    for (const pod of topology.pods)
      if (pod.node === node.name)
        routes.push({
          destination: pod.ip,
          gateway: '0.0.0.0',
          genmask: '255.255.255.255',
          flags: 'UH',
          iface: pod.hostVeth,
        });
  if (node.gateway)
    routes.push({
      destination: '0.0.0.0',
      gateway: node.gateway,
      genmask: '0.0.0.0',
      flags: 'UG',
      iface: node.device,
    });
  const own = parseCidr(node.podCidr)!;
  routes.push({
    destination: maskedText(own.network),
    gateway: node.ciliumHostIp,
    genmask: maskToText(own.prefix),
    flags: 'UG',
    iface: 'cilium_host',
  });
  routes.push({
    destination: node.ciliumHostIp,
    gateway: '0.0.0.0',
    genmask: '255.255.255.255',
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
            destination: maskedText(cidr.network),
            gateway: node.ciliumHostIp,
            genmask: maskToText(cidr.prefix),
            flags: 'UG',
            iface: 'cilium_host',
          }
        : // auto-direct-node-routes / IPVLAN: remote PodCIDR via the remote node's address on the native device
          {
            destination: maskedText(cidr.network),
            gateway: other.ip,
            genmask: maskToText(cidr.prefix),
            flags: 'UG',
            iface: node.device,
          },
    );
  }
  routes.push(...(node.extraRoutes ?? []));
  const subnet = cidrOf(parseIpv4(node.ip)!, node.subnetPrefix);
  routes.push({
    destination: maskedText(subnet.network),
    gateway: '0.0.0.0',
    genmask: maskToText(subnet.prefix),
    flags: 'U',
    iface: node.device,
  });
  return routes.sort((a, b) => (parseIpv4(a.destination) ?? 0) - (parseIpv4(b.destination) ?? 0));
}

function maskedText(network: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
}

function prefixOf(genmask: string): number {
  const mask = parseIpv4(genmask) ?? 0;
  let prefix = 0;
  while (prefix < 32 && (mask & prefixMask(prefix + 1)) >>> 0 === prefixMask(prefix + 1)) prefix++;
  return prefix;
}

/** Longest-prefix match. */
export function lookupRoute(
  table: readonly TopologyRoute[],
  destination: string,
): (TopologyRoute & { prefix: number }) | undefined {
  const ip = parseIpv4(destination);
  if (ip === undefined) return undefined;
  let best: (TopologyRoute & { prefix: number }) | undefined;
  for (const route of table) {
    const prefix = prefixOf(route.genmask);
    const net = parseIpv4(route.destination) ?? 0;
    if ((ip & prefixMask(prefix)) >>> 0 === net && (!best || prefix > best.prefix))
      best = { ...route, prefix };
  }
  return best;
}
