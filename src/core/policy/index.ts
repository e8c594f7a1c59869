/** The policy engine: Kubernetes/Cilium network policies loaded from YAML and evaluated as Cilium does. */
export * from './policy-types';
export { loadPolicyManifests, mergePolicySets, loadPolicyFiles } from './load-manifests';
export { evaluatePolicy, policyRef } from './evaluate-policy';
export { POLICY_ENTITIES } from './entities';
export { MAX_FILE_CHARS, MAX_DOCUMENT_CHARS, MAX_NESTING_DEPTH, MAX_ALIAS_COUNT } from './yaml-documents';
export { servicesFromManifests, withManifestServices } from './service-manifest';
