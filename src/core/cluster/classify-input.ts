/**
 * Which part of a snapshot a file is, by the kinds of its objects (a folder given to the editor's
 * Import Cluster Snapshot… holds kubectl dumps under any names): ConfigMap → config, CiliumNode →
 * nodes, CiliumEndpoint → endpoints, policies and Services → manifests; anything else is left out.
 */
import { readK8sObjects } from './k8s-objects';

export type InputRole = 'config' | 'nodes' | 'endpoints' | 'manifest';

const MANIFEST_KINDS = new Set([
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'NetworkPolicy',
  'Service',
]);

/** The role of a file, or a reason it has none (not Kubernetes YAML/JSON, or other kinds). */
export function classifyInput(text: string, file: string): { role: InputRole } | { skip: string } {
  let kinds: Set<string>;
  try {
    kinds = new Set(readK8sObjects(text, file).map((o) => o.kind));
  } catch (e) {
    return { skip: (e as Error).message };
  }
  if (kinds.has('CiliumEndpoint')) return { role: 'endpoints' };
  if (kinds.has('CiliumNode')) return { role: 'nodes' };
  if (kinds.has('ConfigMap')) return { role: 'config' };
  if ([...kinds].some((k) => MANIFEST_KINDS.has(k))) return { role: 'manifest' };
  return {
    skip: kinds.size ? `holds ${[...kinds].join(', ')}, none of which an import reads` : 'holds no object',
  };
}
