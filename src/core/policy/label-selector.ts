/**
 * Label selectors as Cilium reads them (pkg/policy/api/selector.go, pkg/labels): a key may carry a
 * source prefix, `k8s:app` (only Kubernetes labels), `reserved:host` (Cilium's reserved labels);
 * a key without a prefix, or with `any:`, matches a label of any source. matchLabels and
 * matchExpressions (In, NotIn, Exists, DoesNotExist) are ANDed, an empty selector matches all.
 */
import {
  FieldError,
  checkKeys,
  describeValue,
  expectObject,
  joinPath,
  optionalList,
  optionalString,
  stringList,
} from './field-reader';
import type { LabelKey, LabelSelector, SelectorOperator, SelectorRequirement } from './policy-types';

/** One label of an identity, with its source: pods' labels are "k8s", entities' are "reserved". */
export interface IdentityLabel {
  source: string;
  key: string;
  value: string;
}

const OPERATORS: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export function parseLabelKey(text: string, defaultSource = 'any'): LabelKey {
  const colon = text.indexOf(':');
  if (colon > 0) return { source: text.slice(0, colon), key: text.slice(colon + 1) };
  return { source: defaultSource, key: text };
}

export function labelKeyText(key: LabelKey): string {
  return key.source === 'any' ? key.key : `${key.source}:${key.key}`;
}

/**
 * Parses a Kubernetes LabelSelector object. `defaultSource` is "any" for Cilium policies and "k8s"
 * for NetworkPolicy (Cilium translates those with the k8s source, pkg/k8s/network_policy.go).
 * `keyPrefix` is put in front of every key (NetworkPolicy namespaceSelector keys become
 * `io.cilium.k8s.namespace.labels.<key>`).
 */
export function parseLabelSelector(
  value: unknown,
  path: string,
  defaultSource = 'any',
  keyPrefix = '',
): LabelSelector {
  const obj = expectObject(value ?? {}, path);
  checkKeys(obj, ['matchLabels', 'matchExpressions'], path);
  const requirements: SelectorRequirement[] = [];
  const texts: string[] = [];
  const labelsPath = joinPath(path, 'matchLabels');
  const matchLabels = expectObject(obj.matchLabels ?? {}, labelsPath);
  for (const [rawKey, rawValue] of Object.entries(matchLabels)) {
    const valuePath = joinPath(labelsPath, rawKey);
    if (typeof rawValue !== 'string') {
      const hint = typeof rawValue === 'number' || typeof rawValue === 'boolean' ? ' (quote it)' : '';
      throw new FieldError(valuePath, `label values are strings, found ${describeValue(rawValue)}${hint}`);
    }
    requirements.push({
      key: prefixed(rawKey, defaultSource, keyPrefix),
      operator: 'In',
      values: [rawValue],
    });
    texts.push(`${rawKey}=${rawValue}`);
  }
  const exprPath = joinPath(path, 'matchExpressions');
  (optionalList(obj.matchExpressions, exprPath) ?? []).forEach((raw, i) => {
    const p = joinPath(exprPath, i);
    const expr = expectObject(raw, p);
    checkKeys(expr, ['key', 'operator', 'values'], p);
    const key = optionalString(expr.key, joinPath(p, 'key'));
    if (!key) throw new FieldError(joinPath(p, 'key'), 'a key is required');
    const operator = optionalString(expr.operator, joinPath(p, 'operator'));
    if (!operator || !(OPERATORS as readonly string[]).includes(operator)) {
      throw new FieldError(
        joinPath(p, 'operator'),
        `${describeValue(operator)} is not an operator; use one of ${OPERATORS.join(', ')}`,
      );
    }
    const op = operator as SelectorOperator;
    const values = stringList(expr.values, joinPath(p, 'values'));
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      throw new FieldError(joinPath(p, 'values'), `${op} needs at least one value`);
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      throw new FieldError(joinPath(p, 'values'), `${op} takes no values`);
    }
    requirements.push({ key: prefixed(key, defaultSource, keyPrefix), operator: op, values });
    texts.push(expressionText(key, op, values));
  });
  return { requirements, text: texts.length === 0 ? '{}' : texts.join(',') };
}

function prefixed(rawKey: string, defaultSource: string, keyPrefix: string): LabelKey {
  const key = parseLabelKey(rawKey, defaultSource);
  return keyPrefix === '' ? key : { source: key.source, key: keyPrefix + key.key };
}

function expressionText(key: string, op: SelectorOperator, values: string[]): string {
  switch (op) {
    case 'In':
      return `${key} in (${values.join(',')})`;
    case 'NotIn':
      return `${key} notin (${values.join(',')})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
  }
}

/** Whether the selector has a requirement on this key (any or the given source), like Cilium's HasKey. */
export function selectorHasKey(selector: LabelSelector, key: string, sources: readonly string[]): boolean {
  return selector.requirements.some((r) => r.key.key === key && sources.includes(r.key.source));
}

export function selectorHasKeyPrefix(
  selector: LabelSelector,
  prefix: string,
  sources: readonly string[],
): boolean {
  return selector.requirements.some((r) => r.key.key.startsWith(prefix) && sources.includes(r.key.source));
}

export function selectorHasSource(selector: LabelSelector, source: string): boolean {
  return selector.requirements.some((r) => r.key.source === source);
}

export function withRequirement(selector: LabelSelector, requirement: SelectorRequirement): LabelSelector {
  return { requirements: [...selector.requirements, requirement], text: selector.text };
}

export function matchesSelector(selector: LabelSelector, labels: readonly IdentityLabel[]): boolean {
  return selector.requirements.every((req) => {
    const values = labels
      .filter((l) => l.key === req.key.key && (req.key.source === 'any' || req.key.source === l.source))
      .map((l) => l.value);
    switch (req.operator) {
      case 'In':
        return values.some((v) => req.values.includes(v));
      case 'NotIn':
        return !values.some((v) => req.values.includes(v));
      case 'Exists':
        return values.length > 0;
      case 'DoesNotExist':
        return values.length === 0;
    }
  });
}
