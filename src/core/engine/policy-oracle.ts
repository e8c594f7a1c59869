/**
 * Connects the policy engine (src/core/policy) to the interpreter: turns "pod3's ingress, peer
 * 10.0.0.31" into a policy request with the topology's labels and namespaces, and back.
 */
import type { CiliumVersion } from '../model/versions';
import { evaluatePolicy } from '../policy/evaluate-policy';
import type { PolicyPeer, PolicyPod, PolicyProtocol, PolicySet } from '../policy/policy-types';
import type { ResolvedTopology, TopologyPod } from '../topology/topology-types';
import type { PolicyOracle } from './interpret';

export interface OracleOptions {
  port?: number;
  protocol: PolicyProtocol;
  version: CiliumVersion;
  namespaceLabels?: Record<string, Record<string, string>>;
}

/** Deny rules (ingressDeny / egressDeny) arrived in Cilium v1.9 (DROP_POLICY_DENY, v1.9.0 bpf/lib/common.h:383). */
const DENY_SINCE = 9;

function asPolicyPod(pod: TopologyPod): PolicyPod {
  return {
    name: pod.name,
    namespace: pod.namespace,
    labels: pod.labels,
    ip: pod.ip,
    identity: pod.identity,
  };
}

export interface Oracle {
  oracle: PolicyOracle;
  /** what the trace should say it assumed about these policies */
  notes: string[];
}

export function policyOracle(set: PolicySet, topology: ResolvedTopology, options: OracleOptions): Oracle {
  const notes: string[] = [];
  let effective = set;
  const hasDeny = set.policies.some((p) => p.rules.some((r) => r.ingressDeny.length || r.egressDeny.length));
  if (hasDeny && options.version.minor < DENY_SINCE) {
    notes.push(
      `Cilium ${options.version.label} has no deny policies (ingressDeny/egressDeny arrived in v1.9): those rules were left out.`,
    );
    effective = {
      ...set,
      policies: set.policies.map((p) => ({
        ...p,
        // A direction whose default deny came only from its deny rules has none left without them.
        rules: p.rules.map((r) => ({
          ...r,
          defaultDeny: {
            ingress: r.defaultDeny.ingress && (r.ingress.length > 0 || r.ingressDeny.length === 0),
            egress: r.defaultDeny.egress && (r.egress.length > 0 || r.egressDeny.length === 0),
          },
          ingressDeny: [],
          egressDeny: [],
        })),
      })),
    };
  }
  for (const policy of set.policies)
    for (const warning of policy.warnings)
      notes.push(
        `${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ''}${policy.name}: ${warning.message}`,
      );
  const pods = topology.pods;
  const oracle: PolicyOracle = (query) => {
    const subjectPod = pods.find((p) => p.name === query.subject)!;
    const subject = asPolicyPod(subjectPod);
    const peerPod = pods.find((p) => p.ip === query.peer.ip);
    const node = topology.nodes.find((n) => n.ip === query.peer.ip || n.ciliumHostIp === query.peer.ip);
    const peer: PolicyPeer = peerPod
      ? { kind: 'pod', ...asPolicyPod(peerPod) }
      : node
        ? { kind: node.name === subjectPod.node ? 'host' : 'remote-node', ip: query.peer.ip }
        : { kind: 'world', ip: query.peer.ip };
    const decision = evaluatePolicy(effective, {
      direction: query.direction,
      subject,
      peer,
      ...(options.port !== undefined ? { port: options.port } : {}),
      protocol: options.protocol,
      ...(options.namespaceLabels ? { namespaceLabels: options.namespaceLabels } : {}),
    });
    return {
      verdict: decision.verdict,
      enforced: decision.enforced,
      ...(decision.rule ? { rule: decision.rule } : {}),
      ...(decision.denyRule ? { byDenyRule: true } : {}),
      explanation: decision.explanation,
    };
  };
  return { oracle, notes };
}
