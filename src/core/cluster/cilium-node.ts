/**
 * `CiliumNode` (cilium.io/v2; `kubectl get ciliumnodes -o yaml|json`). Fields as the CRD's Go types
 * name them (v1.16.0 pkg/k8s/apis/cilium.io/v2/types.go: NodeSpec `addresses` [{type, ip}],
 * `health` {ipv4, ipv6}, `encryption` {key}, `ipam` {podCIDRs}):
 *   spec.addresses[].type InternalIP | ExternalIP | CiliumInternalIP, spec.addresses[].ip
 *   spec.ipam.podCIDRs[]   (cluster-pool and kubernetes IPAM)
 *   spec.health.ipv4       (the cilium-health endpoint)
 *   spec.encryption.key    (the IPsec key index; 0 or absent without IPsec)
 */
import { IPV4_PATTERN } from '../topology/topology-schema';
import { parseCidr } from '../util/ip';
import {
  ClusterInputError,
  describe,
  isObject,
  ofKind,
  optionalInt,
  optionalList,
  optionalString,
  readK8sObjects,
  type ImportWarning,
} from './k8s-objects';

export interface ImportedNode {
  name: string;
  /** the InternalIP (else ExternalIP) IPv4 address */
  ip: string;
  podCidr: string;
  /** CiliumInternalIP: cilium_host's address */
  ciliumHostIp?: string;
  healthIp?: string;
  encryptionKey?: number;
  /** every IPv4 address the node has, for matching CiliumEndpoint status.networking.node */
  addresses: string[];
  ref: string;
  file: string;
}

export function parseCiliumNodes(text: string, file: string, warnings: ImportWarning[]): ImportedNode[] {
  const out: ImportedNode[] = [];
  for (const o of ofKind(readK8sObjects(text, file), 'CiliumNode', file, warnings)) {
    const addresses = (optionalList(o, 'spec.addresses') ?? []).map((a, i) => {
      const path = `spec.addresses[${i}]`;
      if (!isObject(a))
        throw new ClusterInputError(file, o.ref, path, `must be an object {type, ip}, got ${describe(a)}`);
      if (typeof a.type !== 'string' || typeof a.ip !== 'string')
        throw new ClusterInputError(file, o.ref, path, `needs string fields type and ip, got ${describe(a)}`);
      return { type: a.type, ip: a.ip };
    });
    const v4 = addresses.filter((a) => IPV4_PATTERN.test(a.ip));
    const internal = v4.find((a) => a.type === 'InternalIP') ?? v4.find((a) => a.type === 'ExternalIP');
    if (!internal) {
      warnings.push({
        file,
        object: o.ref,
        field: 'spec.addresses',
        message: 'has no IPv4 InternalIP or ExternalIP: node skipped (IPv6-only nodes are not traced)',
      });
      continue;
    }
    if (internal.type === 'ExternalIP')
      warnings.push({
        file,
        object: o.ref,
        field: 'spec.addresses',
        message: `no IPv4 InternalIP: using ExternalIP ${internal.ip}`,
      });
    const cidrs = (optionalList(o, 'spec.ipam.podCIDRs') ?? []).filter(
      (c): c is string => typeof c === 'string',
    );
    const podCidr = cidrs.find((c) => parseCidr(c)?.family === 4);
    if (!podCidr) {
      warnings.push({
        file,
        object: o.ref,
        field: 'spec.ipam.podCIDRs',
        message: 'has no IPv4 PodCIDR (ENI/Azure/multi-pool IPAM?): node skipped',
      });
      continue;
    }
    if (cidrs.filter((c) => parseCidr(c)?.family === 4).length > 1)
      warnings.push({
        file,
        object: o.ref,
        field: 'spec.ipam.podCIDRs',
        message: `has several IPv4 PodCIDRs: using the first, ${podCidr}`,
      });
    const ciliumHost = v4.find((a) => a.type === 'CiliumInternalIP')?.ip;
    const health = optionalString(o, 'spec.health.ipv4');
    const key = optionalInt(o, 'spec.encryption.key');
    out.push({
      name: o.name,
      ip: internal.ip,
      podCidr,
      ...(ciliumHost ? { ciliumHostIp: ciliumHost } : {}),
      ...(health && IPV4_PATTERN.test(health) ? { healthIp: health } : {}),
      ...(key ? { encryptionKey: key } : {}),
      addresses: v4.map((a) => a.ip),
      ref: o.ref,
      file,
    });
  }
  return out;
}
