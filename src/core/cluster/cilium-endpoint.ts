/**
 * `CiliumEndpoint` (cilium.io/v2; `kubectl get ciliumendpoints -A -o yaml|json`). Fields as the CRD's
 * Go types name them (EndpointStatus, the same from v1.6.0 to v1.16.0 pkg/k8s/apis/cilium.io/v2/types.go):
 *   status.id                               the endpoint id (key of cilium_call_policy on its node)
 *   status.identity.id, .labels[]           "k8s:app=web", "k8s:io.kubernetes.pod.namespace=shop"
 *   status.networking.addressing[].ipv4     the pod's addresses
 *   status.networking.node                  the node's IP
 * The object's name and namespace are the pod's (one CiliumEndpoint per pod).
 */
import { IPV4_PATTERN } from '../topology/topology-schema';
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

export interface ImportedEndpoint {
  name: string;
  namespace: string;
  ip: string;
  endpointId: number;
  identity?: number;
  /** the pod's labels (source k8s), without the namespace label */
  labels: Record<string, string>;
  /** the namespace's labels, from k8s:io.cilium.k8s.namespace.labels.<key>=<value> */
  namespaceLabels: Record<string, string>;
  nodeIp?: string;
  ref: string;
  file: string;
}

const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

export function parseCiliumEndpoints(
  text: string,
  file: string,
  warnings: ImportWarning[],
): ImportedEndpoint[] {
  const out: ImportedEndpoint[] = [];
  for (const o of ofKind(readK8sObjects(text, file), 'CiliumEndpoint', file, warnings)) {
    const endpointId = optionalInt(o, 'status.id');
    if (endpointId === undefined) {
      warnings.push({
        file,
        object: o.ref,
        field: 'status.id',
        message: 'is missing (endpoint not ready?): skipped',
      });
      continue;
    }
    if (endpointId < 1 || endpointId > 65535)
      throw new ClusterInputError(file, o.ref, 'status.id', `${endpointId} is not an endpoint id (1–65535)`);
    const addressing = optionalList(o, 'status.networking.addressing') ?? [];
    const ips = addressing.map((a, i) => {
      if (!isObject(a))
        throw new ClusterInputError(
          file,
          o.ref,
          `status.networking.addressing[${i}]`,
          `must be an object {ipv4, ipv6}, got ${describe(a)}`,
        );
      return a.ipv4;
    });
    const ip = ips.find((v): v is string => typeof v === 'string' && IPV4_PATTERN.test(v));
    if (!ip) {
      warnings.push({
        file,
        object: o.ref,
        field: 'status.networking.addressing',
        message: 'has no IPv4 address: skipped (IPv6 is not traced)',
      });
      continue;
    }
    const identity = optionalInt(o, 'status.identity.id');
    const labels: Record<string, string> = {};
    const namespaceLabels: Record<string, string> = {};
    (optionalList(o, 'status.identity.labels') ?? []).forEach((l, i) => {
      if (typeof l !== 'string')
        throw new ClusterInputError(
          file,
          o.ref,
          `status.identity.labels[${i}]`,
          `must be a string "source:key=value", got ${describe(l)}`,
        );
      const m = /^([a-z0-9-]+):([^=]+)(?:=(.*))?$/.exec(l);
      if (!m || m[1] !== 'k8s') return; // reserved:, container:, unspec: labels are not Kubernetes labels
      const key = m[2]!;
      const value = m[3] ?? '';
      if (key === NAMESPACE_LABEL) return;
      if (key.startsWith(NAMESPACE_LABELS_PREFIX))
        namespaceLabels[key.slice(NAMESPACE_LABELS_PREFIX.length)] = value;
      else labels[key] = value;
    });
    const namespace = o.namespace ?? 'default';
    if (!o.namespace)
      warnings.push({
        file,
        object: o.ref,
        field: 'metadata.namespace',
        message: 'is missing: namespace "default" assumed',
      });
    const nodeIp = optionalString(o, 'status.networking.node');
    if (identity === undefined)
      warnings.push({
        file,
        object: o.ref,
        field: 'status.identity.id',
        message: 'is missing: the topology assigns one',
      });
    out.push({
      name: o.name,
      namespace,
      ip,
      endpointId,
      ...(identity !== undefined ? { identity } : {}),
      labels,
      namespaceLabels,
      ...(nodeIp ? { nodeIp } : {}),
      ref: o.ref,
      file,
    });
  }
  return out;
}
