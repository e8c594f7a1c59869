/**
 * The labels of a peer's security identity, as Cilium derives them: a pod has its Kubernetes
 * labels (source k8s), `io.kubernetes.pod.namespace=<ns>` and its namespace's labels as
 * `io.cilium.k8s.namespace.labels.<key>` (pkg/k8s/apis/cilium.io/const.go); the namespace always
 * carries `kubernetes.io/metadata.name=<ns>` (set by the API server since Kubernetes 1.21).
 * Entities have reserved labels: `reserved:world` (and `reserved:world-ipv4`), `reserved:host`,
 * `reserved:remote-node`.
 */
import type { IdentityLabel } from './label-selector';
import type { PolicyPeer, PolicyPod } from './policy-types';

export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export function namespaceLabelsOf(
  namespace: string,
  namespaceLabels: Record<string, Record<string, string>> | undefined,
): Record<string, string> {
  return { ...(namespaceLabels?.[namespace] ?? {}), [NAMESPACE_NAME_LABEL]: namespace };
}

export function podIdentityLabels(
  pod: PolicyPod,
  namespaceLabels: Record<string, Record<string, string>> | undefined,
): IdentityLabel[] {
  const labels: IdentityLabel[] = Object.entries(pod.labels).map(([key, value]) => ({
    source: 'k8s',
    key,
    value,
  }));
  labels.push({ source: 'k8s', key: POD_NAMESPACE_LABEL, value: pod.namespace });
  for (const [key, value] of Object.entries(namespaceLabelsOf(pod.namespace, namespaceLabels))) {
    labels.push({ source: 'k8s', key: NAMESPACE_LABELS_PREFIX + key, value });
  }
  return labels;
}

export function peerIdentityLabels(
  peer: PolicyPeer,
  namespaceLabels: Record<string, Record<string, string>> | undefined,
): IdentityLabel[] {
  switch (peer.kind) {
    case 'pod':
      return podIdentityLabels(peer, namespaceLabels);
    case 'world':
      return [
        { source: 'reserved', key: 'world', value: '' },
        { source: 'reserved', key: 'world-ipv4', value: '' },
      ];
    case 'host':
      return [{ source: 'reserved', key: 'host', value: '' }];
    case 'remote-node':
      return [{ source: 'reserved', key: 'remote-node', value: '' }];
  }
}

export function peerText(peer: PolicyPeer): string {
  return peer.kind === 'pod' ? `${peer.namespace}/${peer.name}` : `${peer.kind} ${peer.ip}`;
}
