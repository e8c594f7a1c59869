/**
 * Resolves the two ends of a trace in a topology: pods by name or IP, nodes (by name, as a source:
 * a process in the node's host namespace), nodes' own addresses, outside.
 */
import { DatapathError } from '../model/model-types';
import type { ResolvedTopology, TopologyNode, TopologyPod } from '../topology/topology-types';
import { cidrContains, parseCidr, parseIpv4 } from '../util/ipv4';

export interface Endpoints {
  /** the sender; for a node source, the node's host namespace shaped as an endpoint (see hostAsSource) */
  src: TopologyPod;
  srcNode: TopologyNode;
  /** what the sender is: a pod, or a process in a node's host namespace */
  srcKind: 'pod' | 'node';
  /** the destination pod; undefined when the destination is a node address or outside every pod */
  dst?: TopologyPod;
  /** the node that owns the destination pod or address */
  dstNode?: TopologyNode;
  dstIp: string;
  /** what the destination is */
  dstKind: 'pod' | 'node' | 'outside';
}

function findPod(topo: ResolvedTopology, text: string): TopologyPod | undefined {
  return topo.pods.find((p) => p.name === text) ?? topo.pods.find((p) => p.ip === text);
}

const clip = (text: string): string => (text.length > 80 ? text.slice(0, 77) + '...' : text);

/** Reserved identity of the local host (pkg/identity/numericidentity.go: ReservedIdentityHost = 1). */
const HOST_IDENTITY = 1;

/**
 * A node's host namespace as a trace source. Its address is the one the kernel picks for the route:
 * Cilium installs PodCIDR routes through cilium_host with `src` = the router (cilium_host) address
 * (v1.10.0 pkg/datapath/linux/node.go:334-335, createNodeRouteSpec: nexthop = local = Router()); other
 * destinations leave from the node's own address.
 */
function hostAsSource(node: TopologyNode, viaCiliumHost: boolean): TopologyPod {
  return {
    name: node.name,
    node: node.name,
    ip: viaCiliumHost ? node.ciliumHostIp : node.ip,
    endpointId: 0,
    identity: HOST_IDENTITY,
    hostVeth: 'cilium_host',
    mac: node.mac,
    namespace: 'host',
    labels: { 'reserved:host': '' },
  };
}

export function resolveEndpoints(
  topo: ResolvedTopology,
  from: string,
  to: string,
  options: { tunnel: boolean } = { tunnel: false },
): Endpoints {
  const valid = topo.pods
    .slice(0, 20)
    .map((p) => `${p.name} (${p.ip})`)
    .join(', ');
  const fromNode = topo.nodes.find((n) => n.name === from);
  const src = fromNode ? undefined : findPod(topo, from);
  if (!src && !fromNode)
    throw new DatapathError(
      `Unknown source "${clip(from)}": pods are ${valid}; nodes are ${topo.nodes.map((n) => n.name).join(', ')}.`,
      'unknown-pod',
    );
  const srcNode = fromNode ?? topo.nodes.find((n) => n.name === src!.node)!;
  const sender = (dstIp: string): TopologyPod => {
    if (src) return src;
    const ip = parseIpv4(dstIp);
    const owner = topo.nodes.find((n) => ip !== undefined && cidrContains(parseCidr(n.podCidr)!, ip));
    return hostAsSource(srcNode, !!owner && (owner.name === srcNode.name || options.tunnel));
  };
  const srcKind = src ? 'pod' : 'node';
  const dst = findPod(topo, to);
  if (dst) {
    if (dst.name === src?.name)
      throw new DatapathError(
        `Source and destination are both ${dst.name}: pick another destination.`,
        'unknown-pod',
      );
    return {
      src: sender(dst.ip),
      srcNode,
      srcKind,
      dst,
      dstNode: topo.nodes.find((n) => n.name === dst.node)!,
      dstIp: dst.ip,
      dstKind: 'pod',
    };
  }
  const ip = parseIpv4(to);
  if (ip === undefined)
    throw new DatapathError(
      `Unknown destination pod "${clip(to)}": pods are ${valid}, or give an IPv4 address.`,
      'unknown-pod',
    );
  const node = topo.nodes.find((n) => n.ip === to || n.ciliumHostIp === to);
  if (node && fromNode)
    throw new DatapathError(
      `A trace from ${fromNode.name}'s host namespace to a node address is host networking: no Cilium program is on that path to show. Trace to a pod instead.`,
      'unknown-pod',
    );
  if (node) return { src: sender(to), srcNode, srcKind, dstNode: node, dstIp: to, dstKind: 'node' };
  const owner = topo.nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, ip));
  if (owner)
    throw new DatapathError(
      `No pod has ${to}, which is in ${owner.name}'s PodCIDR ${owner.podCidr}: pods are ${valid}.`,
      'unknown-pod',
    );
  if (fromNode)
    throw new DatapathError(
      `A trace from ${fromNode.name}'s host namespace to ${to} is host networking: no Cilium program is on that path to show. Trace to a pod instead.`,
      'unknown-pod',
    );
  return { src: sender(to), srcNode, srcKind, dstIp: to, dstKind: 'outside' };
}
