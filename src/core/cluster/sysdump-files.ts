/**
 * Which files of a `cilium-sysdump` zip an import reads, by the names cilium-cli gives them
 * (cilium/cilium-cli sysdump/constants.go: "cilium-configmap-<ts>.yaml", "ciliumnodes-<ts>.yaml",
 * "ciliumendpoints-<ts>.yaml", "ciliumnetworkpolicies-<ts>.yaml",
 * "ciliumclusterwidenetworkpolicies-<ts>.yaml", "k8s-networkpolicies-<ts>.yaml",
 * "k8s-services-<ts>.yaml", "cilium-daemonset-<ts>.yaml"; <ts> is timeFormat "20060102-150405"),
 * usually under a top folder "cilium-sysdump-<ts>/".
 */
import { versionFromAgentImage } from '../model/cluster-hints';
import { field, isObject, readK8sObjects } from './k8s-objects';

export type SysdumpRole = 'config' | 'nodes' | 'endpoints' | 'manifest' | 'daemonset';

const PATTERNS: ReadonlyArray<[SysdumpRole, RegExp]> = [
  ['config', /^cilium-configmap-\d{8}-\d{6}\.yaml$/],
  ['nodes', /^ciliumnodes-\d{8}-\d{6}\.yaml$/],
  ['endpoints', /^ciliumendpoints-\d{8}-\d{6}\.yaml$/],
  ['manifest', /^ciliumnetworkpolicies-\d{8}-\d{6}\.yaml$/],
  ['manifest', /^ciliumclusterwidenetworkpolicies-\d{8}-\d{6}\.yaml$/],
  ['manifest', /^k8s-networkpolicies-\d{8}-\d{6}\.yaml$/],
  ['manifest', /^k8s-services-\d{8}-\d{6}\.yaml$/],
  ['daemonset', /^cilium-daemonset-\d{8}-\d{6}\.yaml$/],
];

/** The role of a zip entry, or undefined for the files an import does not read. */
export function sysdumpRole(entryName: string): SysdumpRole | undefined {
  const base = entryName.replace(/\\/g, '/').split('/').pop() ?? entryName;
  return PATTERNS.find(([, re]) => re.test(base))?.[0];
}

/** The Cilium release of the cilium-agent container of a DaemonSet manifest, e.g. "v1.16.3". */
export function agentVersionOfDaemonSet(text: string, file: string): string | undefined {
  for (const o of readK8sObjects(text, file)) {
    const containers = field(o.value, 'spec.template.spec.containers');
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (isObject(c) && c.name === 'cilium-agent' && typeof c.image === 'string')
        return versionFromAgentImage(c.image);
    }
  }
  return undefined;
}
