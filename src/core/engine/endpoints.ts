/** Resolves the two ends of a trace in a topology: pods by name or IP, nodes' own addresses, outside. */
import { DatapathError } from '../model/model-types';
import type { ResolvedTopology, TopologyNode, TopologyPod } from '../topology/topology-types';
import { cidrContains, parseCidr, parseIpv4 } from '../util/ipv4';

export interface Endpoints {
  src: TopologyPod;
  srcNode: TopologyNode;
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

export function resolveEndpoints(topo: ResolvedTopology, from: string, to: string): Endpoints {
  const valid = topo.pods
    .slice(0, 20)
    .map((p) => `${p.name} (${p.ip})`)
    .join(', ');
  const src = findPod(topo, from);
  if (!src) throw new DatapathError(`Unknown source pod "${clip(from)}": pods are ${valid}.`, 'unknown-pod');
  const srcNode = topo.nodes.find((n) => n.name === src.node)!;
  const dst = findPod(topo, to);
  if (dst) {
    if (dst.name === src.name)
      throw new DatapathError(
        `Source and destination are both ${src.name}: pick another destination.`,
        'unknown-pod',
      );
    return {
      src,
      srcNode,
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
  if (node) return { src, srcNode, dstNode: node, dstIp: to, dstKind: 'node' };
  const owner = topo.nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, ip));
  if (owner)
    throw new DatapathError(
      `No pod has ${to}, which is in ${owner.name}'s PodCIDR ${owner.podCidr}: pods are ${valid}.`,
      'unknown-pod',
    );
  return { src, srcNode, dstIp: to, dstKind: 'outside' };
}
