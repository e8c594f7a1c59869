/**
 * Cilium's entities (pkg/policy/api/entity.go, docs "Layer 3 Examples → Entities Based") and what
 * each one matches in this model, whose peers are pods, `world`, the subject's own `host` and
 * `remote-node`s (IPv4 only, one cluster):
 *
 * - `all`: every peer (Cilium's wildcard selector).
 * - `world`: peers outside the cluster; `world-ipv4` the same here (IPv4 model); `world-ipv6` none.
 * - `cluster`: every peer inside the cluster: pods, the host, remote nodes (Cilium: host,
 *   remote-node, init, health, unmanaged, ingress, kube-apiserver and every endpoint with this
 *   cluster's name).
 * - `host`: the local host of the subject (and host-network pods on it); `remote-node`: other nodes.
 * - `kube-apiserver`, `health`, `init`, `unmanaged`, `ingress`: identities the model has no peer for
 *   (the apiserver's addresses, cilium-health endpoints, endpoints still initializing, pods Cilium
 *   does not manage, Cilium's Envoy ingress): they match nothing here, and the policy gets a warning.
 * - `none`: nothing, as in Cilium.
 */
import { FieldError, describeValue, optionalString } from './field-reader';
import type { PolicyEntity, PolicyPeer, PolicyWarning } from './policy-types';

export const POLICY_ENTITIES: readonly PolicyEntity[] = [
  'all',
  'world',
  'world-ipv4',
  'world-ipv6',
  'cluster',
  'host',
  'remote-node',
  'kube-apiserver',
  'health',
  'init',
  'unmanaged',
  'ingress',
  'none',
];

const NOT_MODELLED: Partial<Record<PolicyEntity, string>> = {
  'kube-apiserver': 'the model does not know where the kube-apiserver runs',
  health: 'the model has no cilium-health endpoints',
  init: 'the model has no endpoints whose identity is still being resolved',
  unmanaged: 'the model has no pods that Cilium does not manage',
  ingress: 'the model has no Cilium Ingress/Gateway (Envoy) peer',
  'world-ipv6': 'the model is IPv4 only',
};

export function parseEntity(value: unknown, path: string, warnings: PolicyWarning[]): PolicyEntity {
  const text = optionalString(value, path);
  if (text === undefined || !(POLICY_ENTITIES as readonly string[]).includes(text)) {
    throw new FieldError(
      path,
      `${describeValue(value)} is not an entity; use one of ${POLICY_ENTITIES.join(', ')}`,
    );
  }
  const entity = text as PolicyEntity;
  const reason = NOT_MODELLED[entity];
  if (reason !== undefined) {
    warnings.push({
      path,
      feature: `entity ${entity}`,
      message: `entity ${entity} matches no peer here: ${reason}`,
    });
  }
  return entity;
}

export function entityMatches(entity: PolicyEntity, peer: PolicyPeer): boolean {
  switch (entity) {
    case 'all':
      return true;
    case 'world':
    case 'world-ipv4':
      return peer.kind === 'world';
    case 'cluster':
      return peer.kind !== 'world';
    case 'host':
      return peer.kind === 'host';
    case 'remote-node':
      return peer.kind === 'remote-node';
    case 'world-ipv6':
    case 'kube-apiserver':
    case 'health':
    case 'init':
    case 'unmanaged':
    case 'ingress':
    case 'none':
      return false;
  }
}
