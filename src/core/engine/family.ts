/**
 * The IP family of a trace. An IPv6 trace runs on the topology's IPv6 view: each pod's address is its
 * IPv6 address, each node's PodCIDR and router (cilium_host) address the IPv6 ones; the node address
 * is the underlay the model names for the configuration (`ipv6Underlay`): the IPv4 one a tunnel uses,
 * or the node's IPv6 address with native routing. Everything else (endpoints, planner, interpreter)
 * then works on addresses without knowing the family; which programs an IPv6 packet runs is the
 * model's (behaviour rows with family 6).
 */
import type { DatapathConfig } from '../model/config';
import { DatapathError } from '../model/model-types';
import { ipv6Releases } from '../model/table/behaviours';
import { ipv6Underlay } from '../model/table/ipv6-underlay';
import type { CiliumVersion } from '../model/versions';
import type { ResolvedTopology } from '../topology/topology-types';
import { canonicalIp, ipFamily, nthAddress, parseCidr } from '../util/ip';

export type IpFamily = 4 | 6;

/** The family a trace runs in: the destination address's, else the one asked for, else IPv4. */
export function traceFamily(to: string, asked: IpFamily | undefined): IpFamily {
  const family = ipFamily(to);
  if (family && asked && family !== asked)
    throw new DatapathError(
      `--family ${asked} does not match the destination ${to.slice(0, 45)}, an IPv${family} address.`,
      'invalid-family',
    );
  return family ?? asked ?? 4;
}

const label = (minor: number): string => (minor === 99 ? 'main' : `v1.${minor}`);

/**
 * The configuration and release must carry the family. IPv6 paths are modelled pod to pod (and, with
 * native routing, from a pod to its own node's address: the tracer checks the destination), in the
 * releases whose table has IPv6 rows, over a tunnel or native routing, with either host routing; a
 * pod-to-pod --reply is the same programs' CT_REPLY path (the interpreter skips policy for it).
 */
export function checkFamily(
  family: IpFamily,
  config: DatapathConfig,
  version: CiliumVersion,
  shape: { fromNode: boolean; external: boolean; service: boolean },
): void {
  if (family === 4) {
    if (!config.ipv4)
      throw new DatapathError(
        'enable-ipv4 is false: the build has no IPv4 path (ENABLE_IPV4 undefined). Trace IPv6 with --family 6 or an IPv6 destination.',
        'invalid-config',
      );
    return;
  }
  if (!config.ipv6)
    throw new DatapathError(
      'An IPv6 trace needs enable-ipv6=true (the build defines ENABLE_IPV6 only then): add --config enable-ipv6=true, or set it in the topology config.',
      'invalid-config',
    );
  const releases = ipv6Releases();
  const refuse = (what: string): never => {
    throw new DatapathError(
      `${what} is not modelled over IPv6 yet; trace it over IPv4.`,
      'unsupported-family',
    );
  };
  if (!releases.includes(version.minor))
    throw new DatapathError(
      `IPv6 traces are modelled for Cilium ${releases.map(label).join(', ')}; ${version.label} is not one of them (use --cilium-version).`,
      'unsupported-family',
    );
  if (!ipv6Underlay(config, version)) refuse('Native routing (routing-mode=native)');
  if (config.podLink !== 'veth') refuse(`datapath-mode=${config.podLink}`);
  if (config.endpointRoutes) refuse('enable-endpoint-routes');
  if (config.encryption !== 'none') refuse(`Encryption (${config.encryption})`);
  if (shape.fromNode) refuse("A trace from a node's host namespace");
  if (shape.external) refuse('A trace from outside the cluster');
  if (shape.service) refuse('A Service destination');
}

/** The prefix the nodes' IPv6 addresses are taken to share on the native device (no topology field). */
const NODE_IPV6_PREFIX = 64;

/**
 * The topology as an IPv6 packet sees it (pods without an IPv6 address are left out). With an IPv6
 * underlay (native routing) each node's address is its IPv6 one, and a node without one is left out
 * with its pods (the agent installs no IPv6 route via a node it has no IPv6 address for).
 */
export function familyView(
  topo: ResolvedTopology,
  family: IpFamily,
  underlay: IpFamily = 4,
): ResolvedTopology {
  if (family === 4) return topo;
  const nodes = topo.nodes.flatMap(({ gateway, ...n }) =>
    n.ipv6PodCidr && (underlay === 4 || n.ipv6)
      ? [
          {
            ...n,
            ...(gateway && underlay === 4 ? { gateway } : {}),
            podCidr: n.ipv6PodCidr,
            ciliumHostIp: canonicalIp(n.ipv6CiliumHostIp ?? nthAddress(parseCidr(n.ipv6PodCidr)!, 1))!,
            ...(n.ipv6 ? { ipv6: canonicalIp(n.ipv6)! } : {}),
            ...(underlay === 6 ? { ip: canonicalIp(n.ipv6!)!, subnetPrefix: NODE_IPV6_PREFIX } : {}),
          },
        ]
      : [],
  );
  const kept = new Set(nodes.map((n) => n.name));
  return {
    ...topo,
    nodes,
    pods: topo.pods.flatMap((p) => (p.ipv6 && kept.has(p.node) ? [{ ...p, ip: canonicalIp(p.ipv6)! }] : [])),
    services: [],
  };
}

/** Why a pod or node cannot be an end of an IPv6 trace, or undefined. */
export function missingIpv6(
  topo: ResolvedTopology,
  name: string,
  underlay: IpFamily = 4,
): string | undefined {
  const pod = topo.pods.find((p) => p.name === name);
  if (pod && !pod.ipv6)
    return `Pod ${pod.name} has no IPv6 address (the topology's pods[].ipv6): an IPv6 trace needs both ends dual-stack.`;
  const node = topo.nodes.find((n) => n.name === (pod?.node ?? name));
  if (node && !node.ipv6PodCidr)
    return `Node ${node.name} has no IPv6 PodCIDR (the topology's nodes[].ipv6PodCidr).`;
  if (node && underlay === 6 && !node.ipv6)
    return `Node ${node.name} has no IPv6 address (the topology's nodes[].ipv6): native routing over IPv6 routes PodCIDRs via the nodes' IPv6 addresses.`;
  return undefined;
}
