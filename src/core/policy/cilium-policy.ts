/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (cilium.io/v2) → normalized rules.
 * Both carry a rule in `spec` and/or a list in `specs` (pkg/k8s/apis/cilium.io/v2/cnp_types.go).
 * The subject of a CNP rule is its endpointSelector restricted to the policy's namespace (the agent
 * adds `k8s:io.kubernetes.pod.namespace=<ns>`, ParseToCiliumRule); a CCNP's endpointSelector is
 * cluster-wide and may pick a namespace through that label itself. A rule with nodeSelector is a
 * host policy: it selects nodes, not pods, so the model does not evaluate it (warning).
 */
import { parseCiliumRuleBlock } from './cilium-rule-block';
import {
  FieldError,
  checkKeys,
  expectObject,
  joinPath,
  optionalBoolean,
  optionalList,
  type JsonObject,
} from './field-reader';
import { parseLabelSelector, withRequirement } from './label-selector';
import { POD_NAMESPACE_LABEL } from './peer-identity';
import type { PolicyRule, PolicyWarning, RuleBlock, RuleSection } from './policy-types';

const SPEC_KEYS = [
  'endpointSelector',
  'nodeSelector',
  'ingress',
  'ingressDeny',
  'egress',
  'egressDeny',
  'labels',
  'description',
  'enableDefaultDeny',
  'log',
];
const SECTIONS: readonly RuleSection[] = ['ingress', 'ingressDeny', 'egress', 'egressDeny'];

function parseSpec(
  value: unknown,
  path: string,
  specIndex: number | undefined,
  namespace: string | undefined,
  warnings: PolicyWarning[],
): PolicyRule {
  const spec = expectObject(value, path);
  checkKeys(spec, SPEC_KEYS, path);
  const hasEndpoints = spec.endpointSelector !== undefined && spec.endpointSelector !== null;
  const hasNodes = spec.nodeSelector !== undefined && spec.nodeSelector !== null;
  // pkg/policy/api/rule_validation.go, Rule.Sanitize
  if (hasEndpoints === hasNodes) {
    throw new FieldError(
      joinPath(path, 'endpointSelector'),
      hasEndpoints
        ? 'a rule cannot have both endpointSelector and nodeSelector'
        : 'a rule needs an endpointSelector (or a nodeSelector for a host policy)',
    );
  }

  let subject = undefined;
  if (hasEndpoints) {
    const selectorPath = joinPath(path, 'endpointSelector');
    const selector = parseLabelSelector(spec.endpointSelector, selectorPath);
    if (namespace !== undefined) {
      const other = selector.requirements.find(
        (r) =>
          r.key.key === POD_NAMESPACE_LABEL &&
          r.key.source !== 'reserved' &&
          !(r.operator === 'In' && r.values.length === 1 && r.values[0] === namespace),
      );
      if (other) {
        warnings.push({
          path: selectorPath,
          feature: 'endpointSelector namespace',
          message: `a CiliumNetworkPolicy always applies in its own namespace (${namespace}); Cilium ignores the namespace this endpointSelector names`,
        });
      }
      const scoped = selector.requirements.filter((r) => r !== other);
      subject = withRequirement(
        { requirements: scoped, text: selector.text },
        { key: { source: 'k8s', key: POD_NAMESPACE_LABEL }, operator: 'In', values: [namespace] },
      );
    } else {
      subject = selector;
    }
  } else {
    parseLabelSelector(spec.nodeSelector, joinPath(path, 'nodeSelector'));
    warnings.push({
      path: joinPath(path, 'nodeSelector'),
      feature: 'nodeSelector (host policy)',
      message: 'host policies (nodeSelector) select nodes, not pods; the model does not evaluate them',
    });
  }

  const blocks = {} as Record<RuleSection, RuleBlock[]>;
  for (const section of SECTIONS) {
    const sectionPath = joinPath(path, section);
    blocks[section] = (optionalList(spec[section], sectionPath) ?? []).map((raw, i) =>
      parseCiliumRuleBlock(raw, section, i, joinPath(sectionPath, i), namespace, warnings),
    );
  }

  // Rule.Sanitize: unless enableDefaultDeny says otherwise, a rule with an ingress or ingressDeny
  // section puts the endpoints it selects into default deny at ingress (egress alike). Docs,
  // "Policy Enforcement Modes": "If any rule selects an Endpoint and the rule has an ingress
  // section, the endpoint goes into default deny at ingress." (enableDefaultDeny: Cilium ≥ 1.15)
  const defaultDenyPath = joinPath(path, 'enableDefaultDeny');
  const enable: JsonObject = expectObject(spec.enableDefaultDeny ?? {}, defaultDenyPath);
  checkKeys(enable, ['ingress', 'egress'], defaultDenyPath);
  const ingressDefault = optionalBoolean(enable.ingress, joinPath(defaultDenyPath, 'ingress'));
  const egressDefault = optionalBoolean(enable.egress, joinPath(defaultDenyPath, 'egress'));
  const defaultDeny = {
    ingress: ingressDefault ?? (blocks.ingress.length > 0 || blocks.ingressDeny.length > 0),
    egress: egressDefault ?? (blocks.egress.length > 0 || blocks.egressDeny.length > 0),
  };

  const rule: PolicyRule = { subject, defaultDeny, ...blocks };
  if (specIndex !== undefined) rule.specIndex = specIndex;
  return rule;
}

/** `namespace` is undefined for a CiliumClusterwideNetworkPolicy. */
export function parseCiliumPolicy(
  obj: JsonObject,
  namespace: string | undefined,
  warnings: PolicyWarning[],
): PolicyRule[] {
  const rules: PolicyRule[] = [];
  if (obj.spec !== undefined && obj.spec !== null) {
    rules.push(parseSpec(obj.spec, 'spec', undefined, namespace, warnings));
  }
  (optionalList(obj.specs, 'specs') ?? []).forEach((raw, i) => {
    rules.push(parseSpec(raw, joinPath('specs', i), i, namespace, warnings));
  });
  if (rules.length === 0) throw new FieldError('spec', 'a policy needs spec or specs');
  return rules;
}
