/**
 * Public shapes of the policy engine: policies as loaded from Kubernetes YAML, normalized to what
 * Cilium enforces (selectors already scoped to namespaces the way the agent scopes them), and the
 * evaluation request/decision the tracer uses.
 */

export type PolicyKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'NetworkPolicy';
export type PolicyDirection = 'ingress' | 'egress';
/** The four rule sections of a Cilium rule; a NetworkPolicy only has the first two. */
export type RuleSection = 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny';

/**
 * A label key as Cilium reads it in a selector: `k8s:app` has source "k8s", `app` and `any:app`
 * have source "any" (matches a label of any source), `reserved:host` has source "reserved".
 */
export interface LabelKey {
  source: string;
  key: string;
}

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface SelectorRequirement {
  key: LabelKey;
  operator: SelectorOperator;
  values: string[];
}

/** A label selector: every requirement must hold (matchLabels become `In` requirements). */
export interface LabelSelector {
  requirements: SelectorRequirement[];
  /** the selector as the user wrote it, for explanations: "app=frontend", "{}" */
  text: string;
}

/** Entities Cilium knows (pkg/policy/api/entity.go). */
export type PolicyEntity =
  | 'all'
  | 'world'
  | 'world-ipv4'
  | 'world-ipv6'
  | 'cluster'
  | 'host'
  | 'remote-node'
  | 'kube-apiserver'
  | 'health'
  | 'init'
  | 'unmanaged'
  | 'ingress'
  | 'none';

/** One L3 peer of a rule block. */
export type PeerSelector =
  | {
      kind: 'endpoints';
      /** the selector as enforced (namespace requirement already added where Cilium adds it) */
      selector: LabelSelector;
      /** how the user wrote it: "fromEndpoints app=frontend", "from namespaceSelector team=web" */
      text: string;
    }
  | { kind: 'entity'; entity: PolicyEntity; text: string }
  | {
      kind: 'cidr';
      /** "10.0.0.0/8"; a bare IP is kept as /32 */
      cidr: string;
      except: string[];
      /** IPv6 prefixes are kept but match nothing: the model is IPv4 only */
      ipv6: boolean;
      text: string;
    }
  /** a peer the model cannot resolve (toFQDNs, toServices, toGroups, fromNodes…): matches nothing */
  | { kind: 'unresolved'; feature: string; text: string };

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ANY';

export interface PortMatch {
  /** 0 means every port of the protocol */
  port: number;
  /** inclusive end of a range (`endPort`) */
  endPort?: number;
  protocol: PortProtocol;
}

/** One entry of ingress[] / egress[] / ingressDeny[] / egressDeny[]. */
export interface RuleBlock {
  section: RuleSection;
  /** position in its section list ("rule 0") */
  index: number;
  /** L3 peers; an empty list means the block selects no peer by itself (see `anyPeer`) */
  peers: PeerSelector[];
  /**
   * true when the block matches every peer: a Cilium block with no L3 field but with toPorts (or
   * icmps), a NetworkPolicy rule whose from/to is empty or missing
   */
  anyPeer: boolean;
  /** undefined: every port and protocol; otherwise one of these must match */
  ports?: PortMatch[];
  /** the L4 part as text: "port 80/TCP", "any port" */
  portText: string;
}

/** One Cilium rule (a `spec` or one of `specs[]`) or the single rule of a NetworkPolicy. */
export interface PolicyRule {
  /** undefined for `spec` (and NetworkPolicy), n for `specs[n]` */
  specIndex?: number;
  /** endpoints the rule applies to, namespace-scoped for CNP/NP; undefined for host policies */
  subject?: LabelSelector;
  /** whether selecting an endpoint puts that direction into default deny */
  defaultDeny: { ingress: boolean; egress: boolean };
  ingress: RuleBlock[];
  egress: RuleBlock[];
  ingressDeny: RuleBlock[];
  egressDeny: RuleBlock[];
}

/** A valid feature the engine does not evaluate; the trace lists these as assumptions. */
export interface PolicyWarning {
  /** field path in the document, "spec.egress[0].toFQDNs" */
  path: string;
  feature: string;
  message: string;
}

export interface ManifestSource {
  file: string;
  /** 1-based document index in the file */
  document: number;
  /** "items[3]" when the object came from a List */
  item?: string;
}

export interface Policy {
  kind: PolicyKind;
  name: string;
  /** undefined for CiliumClusterwideNetworkPolicy */
  namespace?: string;
  rules: PolicyRule[];
  warnings: PolicyWarning[];
  source: ManifestSource;
}

/** A Kubernetes object that is not a policy (Service, Deployment…), kept for later features. */
export interface OtherObject {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** the object as plain JSON data */
  object: Record<string, unknown>;
  source: ManifestSource;
}

export interface PolicySet {
  policies: Policy[];
  others: OtherObject[];
}

/** A pod as the policy engine sees it. */
export interface PolicyPod {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ip: string;
  identity: number;
}

export type PolicyPeer =
  | ({ kind: 'pod' } & PolicyPod)
  | { kind: 'world'; ip: string }
  /** the subject's own node (Cilium's `host` entity) */
  | { kind: 'host'; ip: string }
  /** another node of the cluster */
  | { kind: 'remote-node'; ip: string };

export type PolicyProtocol = 'tcp' | 'udp' | 'icmp' | 'sctp';

export interface PolicyRequest {
  /** ingress: the peer sends to the subject; egress: the subject sends to the peer */
  direction: PolicyDirection;
  subject: PolicyPod;
  peer: PolicyPeer;
  /** destination port (ignored for ICMP); undefined only matches rules without a port */
  port?: number;
  protocol: PolicyProtocol;
  /**
   * Labels of namespaces (from the topology). `kubernetes.io/metadata.name` is always added, as the
   * API server does (Kubernetes ≥ 1.21).
   */
  namespaceLabels?: Record<string, Record<string, string>>;
  /**
   * Cilium's `--allow-localhost` (default `auto`, which becomes `always` in Kubernetes mode): the
   * local host may always reach its endpoints on ingress unless a deny rule says otherwise. Default true.
   */
  allowLocalhost?: boolean;
}

export interface PolicyRuleRef {
  policy: string;
  /** undefined for CiliumClusterwideNetworkPolicy */
  namespace?: string;
  /** position of the block in its section */
  index: number;
  kind: PolicyKind;
  section: RuleSection;
  /** n for `specs[n]` */
  specIndex?: number;
}

export interface PolicyDecision {
  verdict: 'allow' | 'deny';
  /** false: no rule selecting the subject puts this direction into default deny (and no deny rule matched) */
  enforced: boolean;
  rule?: PolicyRuleRef;
  denyRule?: boolean;
  /** one sentence */
  explanation: string;
  /** warnings of the policies that select the subject (unsupported features), for the trace's assumptions */
  warnings: PolicyWarning[];
}
