/**
 * Kubernetes NetworkPolicy (networking.k8s.io/v1) as Cilium translates it
 * (pkg/k8s/network_policy.go, ParseNetworkPolicy): podSelector within the policy's namespace;
 * policyTypes default to Ingress, plus Egress when the egress list is not empty (the API server's
 * defaulting), and each listed type is default deny for the selected pods; a rule with an empty or
 * missing from/to matches every peer (Cilium uses `reserved:all`); a peer is a podSelector (the
 * policy's namespace), a namespaceSelector (labels of namespaces, `io.cilium.k8s.namespace.labels.*`;
 * `{}` is every namespace) optionally ANDed with a podSelector, or an ipBlock (a CIDR set).
 * Ports default to TCP; no ports means every port.
 */
import { parseCidrRule } from './cidr-rules';
import {
  FieldError,
  checkKeys,
  describeValue,
  expectObject,
  joinPath,
  optionalList,
  stringList,
  type JsonObject,
} from './field-reader';
import { parseLabelSelector, withRequirement } from './label-selector';
import { NAMESPACE_LABELS_PREFIX, POD_NAMESPACE_LABEL } from './peer-identity';
import type { LabelSelector, PeerSelector, PolicyRule, PolicyWarning, RuleBlock } from './policy-types';
import { parseNetworkPolicyPort, portsText } from './port-rules';

function parsePeer(
  value: unknown,
  path: string,
  namespace: string,
  field: 'from' | 'to',
  warnings: PolicyWarning[],
): PeerSelector {
  const peer = expectObject(value, path);
  checkKeys(peer, ['podSelector', 'namespaceSelector', 'ipBlock'], path);
  const has = (key: string): boolean => peer[key] !== undefined && peer[key] !== null;
  if (has('ipBlock')) {
    if (has('podSelector') || has('namespaceSelector')) {
      throw new FieldError(
        joinPath(path, 'ipBlock'),
        'ipBlock cannot be combined with podSelector or namespaceSelector',
      );
    }
    const cidr = parseCidrRule(peer.ipBlock, joinPath(path, 'ipBlock'), `${field} ipBlock`, true, warnings);
    return cidr;
  }
  if (!has('podSelector') && !has('namespaceSelector')) {
    throw new FieldError(path, 'a peer needs podSelector, namespaceSelector or ipBlock');
  }
  const pods = has('podSelector')
    ? parseLabelSelector(peer.podSelector, joinPath(path, 'podSelector'), 'k8s')
    : undefined;
  if (!has('namespaceSelector')) {
    const selector = withRequirement(pods as LabelSelector, {
      key: { source: 'k8s', key: POD_NAMESPACE_LABEL },
      operator: 'In',
      values: [namespace],
    });
    return { kind: 'endpoints', selector, text: `${field} podSelector ${selector.text}` };
  }
  const nsSelector = parseLabelSelector(
    peer.namespaceSelector,
    joinPath(path, 'namespaceSelector'),
    'k8s',
    NAMESPACE_LABELS_PREFIX,
  );
  const requirements =
    nsSelector.requirements.length > 0
      ? [...nsSelector.requirements]
      : [{ key: { source: 'k8s', key: POD_NAMESPACE_LABEL }, operator: 'Exists' as const, values: [] }];
  if (pods) requirements.push(...pods.requirements);
  const text =
    `${field} namespaceSelector ${nsSelector.text}` + (pods ? ` and podSelector ${pods.text}` : '');
  return { kind: 'endpoints', selector: { requirements, text }, text };
}

function parseRuleList(
  value: unknown,
  path: string,
  namespace: string,
  direction: 'ingress' | 'egress',
  warnings: PolicyWarning[],
): RuleBlock[] {
  const field = direction === 'ingress' ? 'from' : 'to';
  return (optionalList(value, path) ?? []).map((raw, index) => {
    const p = joinPath(path, index);
    const rule = expectObject(raw, p);
    checkKeys(rule, [field, 'ports'], p);
    const peersPath = joinPath(p, field);
    const peers = (optionalList(rule[field], peersPath) ?? []).map((peer, i) =>
      parsePeer(peer, joinPath(peersPath, i), namespace, field, warnings),
    );
    const portsPath = joinPath(p, 'ports');
    const portList = optionalList(rule.ports, portsPath) ?? [];
    const ports =
      portList.length === 0
        ? undefined
        : portList.map((x, i) => parseNetworkPolicyPort(x, joinPath(portsPath, i)));
    return {
      section: direction,
      index,
      peers,
      anyPeer: peers.length === 0,
      ports,
      portText: portsText(ports),
    };
  });
}

export function parseNetworkPolicy(
  obj: JsonObject,
  namespace: string,
  warnings: PolicyWarning[],
): PolicyRule[] {
  const spec = expectObject(obj.spec, 'spec');
  checkKeys(spec, ['podSelector', 'policyTypes', 'ingress', 'egress'], 'spec');
  if (spec.podSelector === undefined || spec.podSelector === null) {
    throw new FieldError(
      'spec.podSelector',
      'podSelector is required ({} selects every pod in the namespace)',
    );
  }
  const podSelector = parseLabelSelector(spec.podSelector, 'spec.podSelector', 'k8s');
  const subject = withRequirement(podSelector, {
    key: { source: 'k8s', key: POD_NAMESPACE_LABEL },
    operator: 'In',
    values: [namespace],
  });
  const ingress = parseRuleList(spec.ingress, 'spec.ingress', namespace, 'ingress', warnings);
  const egress = parseRuleList(spec.egress, 'spec.egress', namespace, 'egress', warnings);
  const typesPath = 'spec.policyTypes';
  let types = stringList(spec.policyTypes, typesPath);
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') {
      throw new FieldError(
        joinPath(typesPath, i),
        `${describeValue(t)} is not a policy type; use Ingress or Egress`,
      );
    }
  });
  if (types.length === 0) types = egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  const ingressOn = types.includes('Ingress');
  const egressOn = types.includes('Egress');
  return [
    {
      subject,
      defaultDeny: { ingress: ingressOn, egress: egressOn },
      // Rules of a type the policy does not list have no effect (NetworkPolicySpec.policyTypes).
      ingress: ingressOn ? ingress : [],
      egress: egressOn ? egress : [],
      ingressDeny: [],
      egressDeny: [],
    },
  ];
}
