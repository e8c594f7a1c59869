/**
 * One entry of a Cilium rule's ingress / ingressDeny / egress / egressDeny list
 * (pkg/policy/api/ingress.go, egress.go), normalized to peers and ports. Endpoint selectors are
 * scoped the way the agent scopes them (pkg/k8s/apis/cilium.io/utils/utils.go, getEndpointSelector):
 * in a CiliumNetworkPolicy a selector that names neither the namespace label, a namespace-labels
 * key nor a reserved label only matches endpoints of the policy's namespace; in a clusterwide
 * policy it matches any endpoint that has a namespace label (every pod, never world or host).
 */
import { parseCidrEntry, parseCidrRule } from './cidr-rules';
import { parseEntity } from './entities';
import {
  FieldError,
  checkKeys,
  expectObject,
  isObject,
  joinPath,
  optionalList,
  optionalString,
  type Json,
  type JsonObject,
} from './field-reader';
import {
  parseLabelSelector,
  selectorHasKey,
  selectorHasKeyPrefix,
  selectorHasSource,
  withRequirement,
} from './label-selector';
import { NAMESPACE_LABELS_PREFIX, POD_NAMESPACE_LABEL } from './peer-identity';
import type {
  LabelSelector,
  PeerSelector,
  PolicyWarning,
  PortMatch,
  RuleBlock,
  RuleSection,
} from './policy-types';
import { parseCiliumPort, portsText } from './port-rules';

const COMMON_INGRESS = [
  'fromEndpoints',
  'fromRequires',
  'fromCIDR',
  'fromCIDRSet',
  'fromEntities',
  'fromGroups',
  'fromNodes',
];
const COMMON_EGRESS = [
  'toEndpoints',
  'toRequires',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toServices',
  'toGroups',
  'toNodes',
];
const BLOCK_KEYS: Record<RuleSection, readonly string[]> = {
  ingress: [...COMMON_INGRESS, 'toPorts', 'icmps', 'authentication'],
  ingressDeny: [...COMMON_INGRESS, 'toPorts', 'icmps'],
  egress: [...COMMON_EGRESS, 'toFQDNs', 'toPorts', 'icmps', 'authentication'],
  egressDeny: [...COMMON_EGRESS, 'toPorts', 'icmps'],
};
const PORT_RULE_KEYS = ['ports', 'rules', 'serverNames', 'terminatingTLS', 'originatingTLS', 'listener'];
const DENY_PORT_RULE_KEYS = ['ports'];

/** Scopes an endpoint selector of a rule block; `namespace` is undefined for clusterwide policies. */
export function scopePeerSelector(selector: LabelSelector, namespace: string | undefined): LabelSelector {
  if (selectorHasSource(selector, 'reserved')) return selector;
  if (selectorHasKey(selector, POD_NAMESPACE_LABEL, ['k8s', 'any'])) return selector;
  if (namespace === undefined) {
    return withRequirement(selector, {
      key: { source: 'k8s', key: POD_NAMESPACE_LABEL },
      operator: 'Exists',
      values: [],
    });
  }
  if (selectorHasKeyPrefix(selector, NAMESPACE_LABELS_PREFIX, ['k8s', 'any'])) return selector;
  return withRequirement(selector, {
    key: { source: 'k8s', key: POD_NAMESPACE_LABEL },
    operator: 'In',
    values: [namespace],
  });
}

function list(obj: JsonObject, field: string, path: string): Json[] {
  return optionalList(obj[field], joinPath(path, field)) ?? [];
}

function unsupported(warnings: PolicyWarning[], path: string, feature: string, message: string): void {
  warnings.push({ path, feature, message });
}

function fqdnText(entry: Json, path: string): string {
  const obj = expectObject(entry, path);
  checkKeys(obj, ['matchName', 'matchPattern'], path);
  return (
    optionalString(obj.matchName, joinPath(path, 'matchName')) ??
    optionalString(obj.matchPattern, joinPath(path, 'matchPattern')) ??
    '?'
  );
}

function parsePeers(
  obj: JsonObject,
  section: RuleSection,
  path: string,
  namespace: string | undefined,
  warnings: PolicyWarning[],
): PeerSelector[] {
  const ingress = section === 'ingress' || section === 'ingressDeny';
  const f = (name: string): string => (ingress ? 'from' : 'to') + name;
  const peers: PeerSelector[] = [];

  list(obj, f('Endpoints'), path).forEach((raw, i) => {
    const p = joinPath(joinPath(path, f('Endpoints')), i);
    const selector = parseLabelSelector(raw, p);
    peers.push({
      kind: 'endpoints',
      selector: scopePeerSelector(selector, namespace),
      text: `${f('Endpoints')} ${selector.text}`,
    });
  });
  list(obj, f('Entities'), path).forEach((raw, i) => {
    const entity = parseEntity(raw, joinPath(joinPath(path, f('Entities')), i), warnings);
    peers.push({ kind: 'entity', entity, text: `${f('Entities')} ${entity}` });
  });
  list(obj, f('CIDR'), path).forEach((raw, i) => {
    peers.push(parseCidrEntry(raw, joinPath(joinPath(path, f('CIDR')), i), f('CIDR')));
  });
  list(obj, f('CIDRSet'), path).forEach((raw, i) => {
    peers.push(parseCidrRule(raw, joinPath(joinPath(path, f('CIDRSet')), i), f('CIDRSet'), false, warnings));
  });

  const unresolved: Array<[string, string]> = [
    [f('Groups'), 'refers to cloud-provider groups (AWS security groups), which the model does not resolve'],
    [f('Nodes'), 'selects nodes by their labels, which the model does not have'],
  ];
  if (!ingress) {
    unresolved.push([
      'toServices',
      'refers to Services; the model does not resolve Service backends for policy',
    ]);
  }
  if (section === 'egress') {
    unresolved.push([
      'toFQDNs',
      'needs DNS answers seen by Cilium’s DNS proxy, which the model does not have',
    ]);
  }
  for (const [field, why] of unresolved) {
    const entries = list(obj, field, path);
    if (entries.length === 0) continue;
    const fieldPath = joinPath(path, field);
    const text =
      field === 'toFQDNs'
        ? `toFQDNs ${entries.map((e, i) => fqdnText(e, joinPath(fieldPath, i))).join(',')}`
        : field;
    unsupported(warnings, fieldPath, field, `${field} ${why}; this peer matches nothing here`);
    peers.push({ kind: 'unresolved', feature: field, text });
  }

  if (list(obj, f('Requires'), path).length > 0) {
    unsupported(
      warnings,
      joinPath(path, f('Requires')),
      f('Requires'),
      `${f('Requires')} (deprecated) adds requirements to other rules' peers; the model does not apply it`,
    );
  }
  return peers;
}

function parsePorts(
  obj: JsonObject,
  section: RuleSection,
  path: string,
  warnings: PolicyWarning[],
): PortMatch[] | undefined {
  const deny = section === 'ingressDeny' || section === 'egressDeny';
  const toPorts = list(obj, 'toPorts', path);
  const icmps = list(obj, 'icmps', path);
  if (toPorts.length > 0 && icmps.length > 0) {
    // pkg/policy/api/rule_validation.go: "The ICMPs block may only be present without ToPorts."
    throw new FieldError(
      joinPath(path, 'icmps'),
      'icmps may only be present without toPorts; use a separate rule',
    );
  }
  if (icmps.length > 0) {
    unsupported(
      warnings,
      joinPath(path, 'icmps'),
      'icmps',
      'icmps: the rule matches ICMP traffic, the ICMP types it lists are not checked',
    );
    icmps.forEach((raw, i) =>
      checkKeys(
        expectObject(raw, joinPath(joinPath(path, 'icmps'), i)),
        ['fields'],
        joinPath(joinPath(path, 'icmps'), i),
      ),
    );
    return [{ port: 0, protocol: 'ICMP' }];
  }
  if (toPorts.length === 0) return undefined;
  const ports: PortMatch[] = [];
  toPorts.forEach((raw, i) => {
    const p = joinPath(joinPath(path, 'toPorts'), i);
    const rule = expectObject(raw, p);
    checkKeys(rule, deny ? DENY_PORT_RULE_KEYS : PORT_RULE_KEYS, p);
    const entries = list(rule, 'ports', p);
    if (entries.length === 0) ports.push({ port: 0, protocol: 'ANY' });
    entries.forEach((entry, j) => ports.push(parseCiliumPort(entry, joinPath(joinPath(p, 'ports'), j))));
    if (isObject(rule.rules) && Object.keys(rule.rules).length > 0) {
      const kinds = Object.keys(rule.rules).join(', ');
      unsupported(
        warnings,
        joinPath(p, 'rules'),
        `L7 rules (${kinds})`,
        `L7 rules (${kinds}) are not evaluated: the L4 part of the rule is, and the proxy may still refuse a request`,
      );
    }
    for (const field of ['serverNames', 'terminatingTLS', 'originatingTLS', 'listener']) {
      if (rule[field] !== undefined && rule[field] !== null) {
        unsupported(
          warnings,
          joinPath(p, field),
          field,
          `${field} is not evaluated (TLS/Envoy settings of the proxy)`,
        );
      }
    }
  });
  return ports;
}

export function parseCiliumRuleBlock(
  value: unknown,
  section: RuleSection,
  index: number,
  path: string,
  namespace: string | undefined,
  warnings: PolicyWarning[],
): RuleBlock {
  const obj = expectObject(value, path);
  checkKeys(obj, BLOCK_KEYS[section], path);
  const peers = parsePeers(obj, section, path, namespace, warnings);
  const ports = parsePorts(obj, section, path, warnings);
  if (isObject(obj.authentication)) {
    const mode = optionalString(obj.authentication.mode, joinPath(joinPath(path, 'authentication'), 'mode'));
    if (mode !== 'disabled') {
      unsupported(
        warnings,
        joinPath(path, 'authentication'),
        'authentication',
        `authentication mode ${mode ?? '?'} (mutual auth) is not modelled: the rule is evaluated as if the handshake succeeded`,
      );
    }
  }
  // A block without L3 peers but with L4 ports selects every peer on those ports ("Layer 4
  // Examples"); a block with neither (`- {}`) selects nothing: it only switches on default deny
  // ("Layer 3 Examples → Ingress/Egress Default Deny").
  const anyPeer = peers.length === 0 && ports !== undefined;
  return { section, index, peers, anyPeer, ports, portText: portsText(ports) };
}
