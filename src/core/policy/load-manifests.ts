/**
 * Loads Kubernetes YAML as users keep it in git: several documents per file, `kind: List` (and
 * `*List` as kubectl prints them), empty documents skipped. CiliumNetworkPolicy,
 * CiliumClusterwideNetworkPolicy (cilium.io/v2) and NetworkPolicy (networking.k8s.io/v1) become
 * policies; other objects (Service, Deployment…) are kept as they are. Anything wrong is one
 * DatapathError ('invalid-manifest') naming the file, the 1-based document, the object and the
 * field path.
 */
import { parseCiliumPolicy } from './cilium-policy';
import { FieldError, describeValue, isObject } from './field-reader';
import { parseNetworkPolicy } from './network-policy';
import type {
  ManifestSource,
  OtherObject,
  Policy,
  PolicyKind,
  PolicySet,
  PolicyWarning,
} from './policy-types';
import { invalidManifest, readYamlDocuments } from './yaml-documents';

const POLICY_API: Record<PolicyKind, string> = {
  CiliumNetworkPolicy: 'cilium.io/v2',
  CiliumClusterwideNetworkPolicy: 'cilium.io/v2',
  NetworkPolicy: 'networking.k8s.io/v1',
};
const POLICY_KINDS = Object.keys(POLICY_API) as PolicyKind[];

function where(source: ManifestSource, label?: string): string {
  const item = source.item ? `, ${source.item}` : '';
  return `${source.file}, document ${source.document}${item}${label ? ` (${label})` : ''}`;
}

/** Kinds of the cilium.io and networking.k8s.io groups that are not policies (read as other objects). */
const KNOWN_OTHER_KINDS = new Set([
  'CiliumNode',
  'CiliumEndpoint',
  'CiliumEndpointSlice',
  'CiliumIdentity',
  'CiliumExternalWorkload',
  'CiliumLocalRedirectPolicy',
  'CiliumEgressGatewayPolicy',
  'CiliumLoadBalancerIPPool',
  'CiliumBGPPeeringPolicy',
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride',
  'CiliumEnvoyConfig',
  'CiliumClusterwideEnvoyConfig',
  'CiliumNodeConfig',
  'CiliumCIDRGroup',
  'CiliumPodIPPool',
  'CiliumL2AnnouncementPolicy',
  'CiliumGatewayClassConfig',
  'Ingress',
  'IngressClass',
  'ServiceCIDR',
  'IPAddress',
]);

function policyKind(
  apiVersion: string,
  kind: string,
  source: ManifestSource,
  label: string,
): PolicyKind | undefined {
  const known = POLICY_KINDS.find((k) => k === kind);
  if (known) {
    if (apiVersion !== POLICY_API[known]) {
      throw invalidManifest(
        `${where(source, label)}: apiVersion: ${describeValue(apiVersion)} does not serve ${kind}; use ${POLICY_API[known]}`,
      );
    }
    return known;
  }
  // Looks like a policy but is none we know: a typo or a kind from another CNI (Calico's
  // GlobalNetworkPolicy, Antrea's ClusterNetworkPolicy…). Refused rather than silently ignored.
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (
    /networkpolic/i.test(kind) ||
    ((group === 'cilium.io' || group === 'networking.k8s.io') && !KNOWN_OTHER_KINDS.has(kind))
  ) {
    throw invalidManifest(
      `${where(source, label)}: kind: ${describeValue(kind)} (${apiVersion}) is not a policy kind this engine knows; use one of ${POLICY_KINDS.join(', ')}`,
    );
  }
  return undefined;
}

function loadObject(value: unknown, source: ManifestSource, set: PolicySet): void {
  if (!isObject(value)) {
    throw invalidManifest(
      `${where(source)}: expected a Kubernetes object (apiVersion, kind, metadata), found ${describeValue(value)}`,
    );
  }
  const obj = value;
  const kind = obj.kind;
  const apiVersion = obj.apiVersion;
  if (typeof kind !== 'string' || kind === '') {
    throw invalidManifest(`${where(source)}: kind: expected a Kubernetes kind, found ${describeValue(kind)}`);
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    throw invalidManifest(
      `${where(source)}: apiVersion: expected a string, found ${describeValue(apiVersion)}`,
    );
  }
  if (Array.isArray(obj.items) && (kind === 'List' || kind.endsWith('List'))) {
    obj.items.forEach((item, i) => {
      const item_ = source.item ? `${source.item}.items[${i}]` : `items[${i}]`;
      loadObject(item, { ...source, item: item_ }, set);
    });
    return;
  }
  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const ns =
    typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const label = `${kind} ${ns && kind !== 'CiliumClusterwideNetworkPolicy' ? `${ns}/` : ''}${name ?? '(no name)'}`;
  const known = policyKind(apiVersion, kind, source, label);
  if (!known) {
    const other: OtherObject = { apiVersion, kind, object: obj, source };
    if (name !== undefined) other.name = name;
    if (ns !== undefined) other.namespace = ns;
    set.others.push(other);
    return;
  }
  if (!name) {
    throw invalidManifest(`${where(source, label)}: metadata.name: a policy needs a name`);
  }
  const namespace = known === 'CiliumClusterwideNetworkPolicy' ? undefined : (ns ?? 'default');
  const warnings: PolicyWarning[] = [];
  try {
    const rules =
      known === 'NetworkPolicy'
        ? parseNetworkPolicy(obj, namespace ?? 'default', warnings)
        : parseCiliumPolicy(obj, namespace, warnings);
    const policy: Policy = { kind: known, name, rules, warnings, source };
    if (namespace !== undefined) policy.namespace = namespace;
    addPolicy(set, policy);
  } catch (e) {
    if (e instanceof FieldError) throw invalidManifest(`${where(source, label)}: ${e.path}: ${e.problem}`);
    throw e;
  }
}

function policyKey(p: Policy): string {
  return `${p.kind}/${p.namespace ?? ''}/${p.name}`;
}

function addPolicy(set: PolicySet, policy: Policy): void {
  const twin = set.policies.find((p) => policyKey(p) === policyKey(policy));
  if (twin) {
    const ref = policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name;
    throw invalidManifest(
      `${where(policy.source, `${policy.kind} ${ref}`)}: metadata.name: the same policy is already defined in ${where(twin.source)}`,
    );
  }
  set.policies.push(policy);
}

/** Loads one file's text; `fileName` is only used in messages. */
export function loadPolicyManifests(text: string, fileName: string): PolicySet {
  const set: PolicySet = { policies: [], others: [] };
  for (const doc of readYamlDocuments(text, fileName)) {
    if (doc.value === undefined) continue;
    loadObject(doc.value, { file: fileName, document: doc.index }, set);
  }
  return set;
}

/** Merges the sets of several files; the same policy (kind, namespace, name) twice is an error. */
export function mergePolicySets(...sets: PolicySet[]): PolicySet {
  const merged: PolicySet = { policies: [], others: [] };
  for (const set of sets) {
    for (const policy of set.policies) addPolicy(merged, policy);
    merged.others.push(...set.others);
  }
  return merged;
}

/** Reads several files ({ name, text }) into one set. */
export function loadPolicyFiles(files: ReadonlyArray<{ name: string; text: string }>): PolicySet {
  return mergePolicySets(...files.map((f) => loadPolicyManifests(f.text, f.name)));
}
