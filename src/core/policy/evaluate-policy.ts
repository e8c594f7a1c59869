/**
 * Decides one direction of one connection the way Cilium's default enforcement mode does
 * (docs: "Policy Enforcement Modes", "Deny policies"; pkg/policy/repository.go, rule.go):
 *
 * 1. The rules whose subject selector matches the subject pod are collected.
 * 2. A deny block of those rules (ingressDeny / egressDeny) that matches the peer and the port
 *    denies, whatever allows it: "deny policies take precedence over allow policies".
 * 3. If no collected rule puts the direction into default deny, the traffic is allowed.
 * 4. Otherwise an allow block must match peer (labels, entities, CIDRs) and port; allow blocks of
 *    all rules add up. The local host reaching a local endpoint is allowed on ingress as Cilium's
 *    default `--allow-localhost=auto` (→ always, in Kubernetes) does.
 * 5. Nothing matched: default deny.
 */
import { cidrPeerMatches } from './cidr-rules';
import { entityMatches } from './entities';
import { matchesSelector, type IdentityLabel } from './label-selector';
import { peerIdentityLabels, peerText, podIdentityLabels } from './peer-identity';
import type {
  PeerSelector,
  Policy,
  PolicyDecision,
  PolicyRequest,
  PolicyRule,
  PolicyRuleRef,
  PolicyWarning,
  PolicySet,
  RuleBlock,
} from './policy-types';
import { portMatches } from './port-rules';

interface Selected {
  policy: Policy;
  rule: PolicyRule;
}

function peerMatches(
  selector: PeerSelector,
  request: PolicyRequest,
  labels: readonly IdentityLabel[],
): boolean {
  switch (selector.kind) {
    case 'endpoints':
      return matchesSelector(selector.selector, labels);
    case 'entity':
      return entityMatches(selector.entity, request.peer);
    case 'cidr':
      return cidrPeerMatches(selector, request.peer);
    case 'unresolved':
      return false;
  }
}

/** The text of the peer that matched, or undefined when the block does not match. */
function blockMatch(
  block: RuleBlock,
  request: PolicyRequest,
  labels: readonly IdentityLabel[],
): string | undefined {
  if (block.ports !== undefined && !block.ports.some((p) => portMatches(p, request.protocol, request.port))) {
    return undefined;
  }
  if (block.anyPeer) return 'any peer';
  return block.peers.find((p) => peerMatches(p, request, labels))?.text;
}

export function policyRef(policy: Policy): string {
  switch (policy.kind) {
    case 'CiliumNetworkPolicy':
      return `${policy.namespace ?? 'default'}/${policy.name}`;
    case 'CiliumClusterwideNetworkPolicy':
      return `clusterwide ${policy.name}`;
    case 'NetworkPolicy':
      return `NetworkPolicy ${policy.namespace ?? 'default'}/${policy.name}`;
  }
}

function ruleName(policy: Policy, rule: PolicyRule, block: RuleBlock, showSection: boolean): string {
  const spec = rule.specIndex !== undefined ? ` specs[${rule.specIndex}]` : '';
  const section = showSection ? ` ${block.section}` : '';
  return `${policyRef(policy)}${spec}${section} rule ${block.index}`;
}

function ref(policy: Policy, rule: PolicyRule, block: RuleBlock): PolicyRuleRef {
  const r: PolicyRuleRef = {
    policy: policy.name,
    index: block.index,
    kind: policy.kind,
    section: block.section,
  };
  if (policy.namespace !== undefined) r.namespace = policy.namespace;
  if (rule.specIndex !== undefined) r.specIndex = rule.specIndex;
  return r;
}

function warningsOf(selected: readonly Selected[]): PolicyWarning[] {
  const seen = new Set<Policy>();
  const out: PolicyWarning[] = [];
  for (const { policy } of selected) {
    if (seen.has(policy)) continue;
    seen.add(policy);
    out.push(...policy.warnings.map((w) => ({ ...w, message: `${policyRef(policy)}: ${w.message}` })));
  }
  return out;
}

export function evaluatePolicy(set: PolicySet, request: PolicyRequest): PolicyDecision {
  const { direction, subject } = request;
  const subjectLabels = podIdentityLabels(subject, request.namespaceLabels);
  const peerLabels = peerIdentityLabels(request.peer, request.namespaceLabels);
  const selected: Selected[] = [];
  for (const policy of set.policies) {
    for (const rule of policy.rules) {
      if (rule.subject && matchesSelector(rule.subject, subjectLabels)) selected.push({ policy, rule });
    }
  }
  const warnings = warningsOf(selected);
  const who = `${subject.namespace}/${subject.name}`;
  const what = `${direction === 'ingress' ? 'from' : 'to'} ${peerText(request.peer)}`;

  const denySection = direction === 'ingress' ? 'ingressDeny' : 'egressDeny';
  for (const { policy, rule } of selected) {
    for (const block of rule[denySection]) {
      const peer = blockMatch(block, request, peerLabels);
      if (peer === undefined) continue;
      return {
        verdict: 'deny',
        enforced: true,
        rule: ref(policy, rule, block),
        denyRule: true,
        explanation: `denied by ${ruleName(policy, rule, block, true)} (${peer}, ${block.portText})`,
        warnings,
      };
    }
  }

  const enforcing = selected.filter((s) => s.rule.defaultDeny[direction]);
  for (const { policy, rule } of selected) {
    for (const block of rule[direction]) {
      const peer = blockMatch(block, request, peerLabels);
      if (peer === undefined) continue;
      return {
        verdict: 'allow',
        enforced: enforcing.length > 0,
        rule: ref(policy, rule, block),
        explanation: `allowed by ${ruleName(policy, rule, block, false)} (${peer}, ${block.portText})`,
        warnings,
      };
    }
  }

  if (enforcing.length === 0) {
    const explanation =
      selected.length === 0
        ? `no policy selects ${who}: ${direction} is not enforced, traffic ${what} is allowed`
        : `no rule selecting ${who} enables default deny at ${direction} (enableDefaultDeny), traffic ${what} is allowed`;
    return { verdict: 'allow', enforced: false, explanation, warnings };
  }

  if (direction === 'ingress' && request.peer.kind === 'host' && request.allowLocalhost !== false) {
    return {
      verdict: 'allow',
      enforced: true,
      explanation: `allowed: Cilium lets the local host reach its endpoints (--allow-localhost, default always in Kubernetes)`,
      warnings,
    };
  }

  const by = [...new Set(enforcing.map((s) => policyRef(s.policy)))].join(', ');
  return {
    verdict: 'deny',
    enforced: true,
    explanation: `no rule matched: default deny (${direction} of ${who} is selected by ${by}; nothing allows traffic ${what})`,
    warnings,
  };
}
