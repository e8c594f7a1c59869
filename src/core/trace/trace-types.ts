/**
 * The trace contract. `cilium-datapath trace --format json` prints a `Trace`; the webview renders one;
 * the language server returns one from `cilium/trace`. Names marked "contract" are read by other tools:
 * keep them stable (see docs/trace-format.md). Anything else may be added freely.
 */
import type { DatapathConfig } from '../model/config';
import type { CiliumVersionString, DatapathMode } from '../model/model-types';

/** Where a hop happens. "contract" */
export type HookKind =
  | 'tc-ingress'
  | 'tc-egress'
  | 'driver' // the kernel driver of a device does the work (veth pair, IPVLAN, VXLAN device)
  | 'routing' // the node's routing table decides
  | 'wire' // the physical network between nodes
  | 'stack' // the kernel network stack (not routing)
  | 'tail-call' // a program reached through a prog array, not a device hook
  | 'socket'; // a cgroup socket program (the socket LB at connect()), before a packet exists

export interface SourceLocationHint {
  /** bpf/ relative file, e.g. "bpf/bpf_lxc.c" */
  file: string;
  function: string;
  section?: string;
}

export interface ProgramRef {
  /** e.g. "bpf/bpf_lxc.c" "contract" */
  file: string;
  /** ELF/iproute2 section name as the version declares it, e.g. "from-container", or "tc" / "tc/entry" "contract" */
  section: string;
  /** C function name in this version, e.g. "handle_xgress" (≤ v1.12) or "cil_from_container" "contract" */
  function: string;
  /** the stable hook name the model uses, e.g. "from-container", "policy" */
  hook?: string;
  /** how the program was reached when not through a device hook, e.g. "cilium_lxc_ipve_1234[0]" */
  via?: string;
}

export interface TailCallTarget {
  file: string;
  function: string;
  section?: string;
}

interface StepBase {
  /** One sentence a person reads in the hop list. */
  note: string;
  /** the source line of the release the model follows for this step */
  cite?: ModelCite;
  /** the C function of that release whose code does this step (inlined callees name themselves) */
  function?: string;
  /**
   * Where this step happens in the user's checkout (found through its index): the line of the call,
   * return or lookup that performs it, inside `function`. null: the checkout was searched and holds no
   * such site (`sourceNote` says what was looked for). Absent: no checkout was given. "contract"
   */
  source?: StepSource | null;
  /** why `source` is null: what was looked for and where, e.g. "no tail call to CILIUM_CALL_IPV4_CT_EGRESS in tail_handle_ipv4" */
  sourceNote?: string;
  /** the write of skb->mark this step performs (the model's src/core/model/skb-mark.ts) */
  mark?: StepMark;
}

/** A write of skb->mark: what the mark holds after the step. */
export interface StepMark {
  /** the magic in the mark's low half, e.g. "MARK_MAGIC_IDENTITY", or "cleared" (the mark is 0) */
  magic: string;
  /** the mark after the write, e.g. "0xbcb80f00" (identity 48312 << 16 | 0x0f00) */
  value: string;
  /** the identity the upper 16 bits carry, when they carry one */
  identity?: number;
  /** what the mark tells whoever reads it next */
  meaning: string;
  /** the line of the release that writes it: "v1.16.0 bpf/bpf_lxc.c:1299" */
  cite: ModelCite;
}

/** A line of the user's checkout. "contract" */
export interface StepSource {
  /** checkout-relative path with '/' separators, e.g. "bpf/bpf_lxc.c" */
  file: string;
  /** 1-based line */
  line: number;
  /** the enclosing C function in that checkout */
  function: string;
}

/** Where the model's claim for a step comes from: "v1.10.0 bpf/bpf_lxc.c:654" (release, file, line). */
export type ModelCite = string;

export interface TailCallStep extends StepBase {
  type: 'tail-call';
  /**
   * the build condition the release writes at the call (e.g. "__and(is_defined(ENABLE_IPV4),
   * is_defined(ENABLE_IPV6))"); absent when the call is unconditional
   */
  condition?: string;
  /** true when the condition is false in the traced build: the target is compiled inline, no tail call */
  inlined?: boolean;
  /** prog array name, e.g. "cilium_call_policy", "cilium_calls_1234", "cilium_lxc_ipve_1234" "contract" */
  map: string;
  /** key: an endpoint id, a CILIUM_CALL_* slot number, or 0 "contract" */
  key: number;
  /** symbolic key, e.g. "CILIUM_CALL_IPV4_FROM_LXC" or "endpoint id of pod3" */
  keyName?: string;
  target: TailCallTarget; // "contract"
}

export interface LookupStep extends StepBase {
  type: 'lookup';
  map: string;
  key: string;
  result: string;
}

export interface RouteStep extends StepBase {
  type: 'route';
  /** the matched route's destination prefix, e.g. "10.0.1.0/24" "contract" */
  destination: string;
  /** "0.0.0.0" for a directly connected route "contract" */
  gateway: string;
  device: string; // "contract"
  flags?: string;
  /** the node's whole routing table as `route -n` prints it, in the order the kernel's table lists it */
  table?: Array<{ destination: string; gateway: string; genmask: string; flags: string; iface: string }>;
}

export interface RedirectStep extends StepBase {
  type: 'redirect';
  device: string; // "contract"
  /** the node address handed along when redirecting to a tunnel device */
  tunnelEndpoint?: string;
  /**
   * BPF host routing's redirect after a FIB lookup (redirect_direct_v4/v6, fib_redirect_v4/v6): the
   * anchor looks for that call, not for a local delivery earlier in the function
   */
  fib?: true;
}

export interface XmitStep extends StepBase {
  type: 'xmit';
  device: string; // "contract"
  /**
   * `return CTX_ACT_OK` when the model's exit row says the program passes the packet on (the device
   * transmits it) rather than redirecting it: the anchor then looks for that return, not a redirect
   */
  via?: 'return CTX_ACT_OK';
}

export interface OuterHeaders {
  srcIp: string; // "contract"
  dstIp: string; // "contract"
  dstPort: number; // "contract"
  /** VNI = the source security identity "contract" (0 for WireGuard and ESP) */
  vni: number;
  /** dstPort is 0 for ESP (IP protocol 50, no UDP header) */
  protocol: 'vxlan' | 'geneve' | 'wireguard' | 'esp';
  /** ESP (IPsec): the SPI of the xfrm state, the key index from the nodes' keys */
  spi?: number;
  srcMac?: string;
  dstMac?: string;
}

export interface EncapStep extends StepBase {
  type: 'encap';
  device: string;
  outer: OuterHeaders; // "contract"
}

export interface DecapStep extends StepBase {
  type: 'decap';
  device: string;
  outer: OuterHeaders;
}

export interface PassToStackStep extends StepBase {
  type: 'pass-to-stack';
}

export interface DeliverStep extends StepBase {
  type: 'deliver';
  device: string;
  pod: string;
}

export interface DropStep extends StepBase {
  type: 'drop';
  /** the release's drop reason constant, e.g. "DROP_POLICY", "DROP_POLICY_DENY" "contract" */
  reason: string;
  /** the reason as `cilium-dbg monitor` prints it, e.g. "Policy denied" "contract" */
  text: string;
  /** the numeric value in that release (negative, as the datapath returns it), e.g. -133 */
  code?: number;
}

/** The rule that decided a policy verdict. */
export interface PolicyRuleRef {
  /** the policy's name "contract" */
  policy: string;
  /** its namespace; absent for cluster-wide policies "contract" */
  namespace?: string;
  /** index of the rule in its direction's list (ingress[i], egressDeny[i], …) "contract" */
  index: number;
  kind?: string;
  /** which list the rule is in: "ingress", "ingressDeny", "egress", "egressDeny" */
  section?: string;
}

export interface PolicyStep extends StepBase {
  type: 'policy';
  direction: 'ingress' | 'egress'; // "contract"
  verdict: 'allow' | 'deny'; // "contract"
  /** the endpoint whose policy is checked "contract" */
  endpointId: number;
  /** the peer's security identity "contract" */
  identity: number;
  /** the rule that matched, when one did "contract" */
  rule?: PolicyRuleRef;
  /** the per-endpoint policy map the program looks up, e.g. "cilium_policy_3044" */
  map: string;
  /** false when no policy selects the endpoint in this direction (allow without enforcement) */
  enforced: boolean;
}

export interface CtStep extends StepBase {
  type: 'ct';
  result: 'new' | 'established' | 'reply' | 'related'; // "contract"
  /** conntrack map, e.g. "cilium_ct4_global" "contract" */
  map: string;
  direction: 'egress' | 'ingress';
}

/** An address and port of a NAT: the destination for dnat/rev-snat targets, the source for snat. */
export interface NatEndpoint {
  ip: string; // "contract"
  /** absent when the trace does not know it (a source port the client picked) */
  port?: number; // "contract"
}
/** An address translation: the header fields before and after it. */
export interface NatStep extends StepBase {
  type: 'nat';
  /** dnat: destination rewritten (a Service); snat: source (masquerade); rev-*: their reverse on the reply "contract" */
  kind: 'dnat' | 'snat' | 'rev-dnat' | 'rev-snat';
  before: NatEndpoint; // "contract"
  after: NatEndpoint; // "contract"
  /** the BPF map that holds the translation, as the release names it "contract" */
  map?: string;
  /** who translates: a BPF program or the kernel's netfilter (iptables rules of the agent or kube-proxy) "contract" */
  by: 'bpf' | 'iptables';
}
/** A Service lookup that found a frontend and chose a backend. */
export interface LbStep extends StepBase {
  type: 'lb';
  /** namespace/name "contract" */
  service: string;
  /** ip:port "contract" */
  frontend: string;
  /** ip:port of the chosen backend "contract" */
  backend: string;
  /** the backend's pod, when the topology knows it "contract" */
  backendPod?: string;
  /** the service map looked up, as the release names it (the backend map is named in the note) "contract" */
  map: string;
}
export type Step =
  | NatStep
  | LbStep
  | TailCallStep
  | LookupStep
  | RouteStep
  | RedirectStep
  | XmitStep
  | EncapStep
  | DecapStep
  | PassToStackStep
  | DeliverStep
  | DropStep
  | PolicyStep
  | CtStep;

export type StepType = Step['type'];

export interface EthernetHeader {
  src: string;
  dst: string;
}

export interface IpHeader {
  src: string;
  dst: string;
  protocol: string;
  ttl?: number;
}

/** Headers of the packet as seen at a hop. */
export interface PacketHeaders {
  ethernet?: EthernetHeader;
  ip: IpHeader;
  /** present while the packet is encapsulated: the outermost header */
  outer?: OuterLayer;
  /**
   * WireGuard over a tunnel (v1.15+): the VXLAN/Geneve header WireGuard encrypted, between `outer`
   * (the WireGuard UDP header) and the pod's packet; present from cilium_wg0's encryption to the
   * peer's decryption
   */
  overlay?: OuterLayer;
}

/** One encapsulation layer: outer IP, UDP (or ESP) and the tunnel header. */
export interface OuterLayer {
  ethernet?: EthernetHeader;
  ip: IpHeader;
  /** absent for ESP (IPsec: IP protocol 50, no UDP header) */
  udp?: { srcPort?: number; dstPort: number };
  /** IPsec: the ESP header's SPI */
  esp?: { spi: number };
  /** WireGuard and ESP: vni 0 (no VNI; WireGuard's peer is chosen by its allowed IPs, ESP's state by SPI) */
  tunnel: { protocol: 'vxlan' | 'geneve' | 'wireguard' | 'esp'; vni: number };
}

export interface Hop {
  index: number;
  node: string; // "contract"
  device: string; // "contract"
  hook: HookKind; // "contract"
  /** network namespace: "host" or "pod:<pod name>" */
  namespace: string;
  program?: ProgramRef; // "contract" (present when a BPF program runs)
  /** how the program on a device hook is attached: tc, a tcx link (v1.16+), or a netkit link */
  attach?: 'tc' | 'tcx' | 'netkit-peer' | 'netkit-primary';
  steps: Step[]; // "contract"
  headers: PacketHeaders;
  /** what changed in the headers at this hop, in words */
  headerChanges?: string[];
  note?: string;
}

export type Disposition = 'delivered' | 'dropped' | 'forwarded-to-stack';

export interface TraceEndpoint {
  /** pod name, or the IP when the destination is not a known pod */
  name: string;
  ip: string;
  node?: string;
  endpointId?: number;
}

/** The configuration axes the trace ran with (the mode is a preset of them). */
export type TraceConfig = DatapathConfig;

export interface Trace {
  mode: DatapathMode; // "contract"
  /** the preset the configuration equals, or "custom" (cilium-config keys changed it) */
  preset?: DatapathMode | 'custom';
  config: TraceConfig;
  /** what the trace assumed where build or agent configuration changes the path "contract" */
  assumptions: string[];
  ciliumVersion: CiliumVersionString; // "contract"
  source: TraceEndpoint; // "contract"
  destination: TraceEndpoint; // "contract"
  disposition: Disposition; // "contract"
  hops: Hop[]; // "contract"
  /** the hook the trace was started from when not the source pod ("Simulate from here") */
  startHook?: string;
  /** a one-line summary, e.g. "pod0 → pod3 (cross-node, VXLAN): delivered in 7 hops" */
  summary: string;
  /** which seed document the scenario reproduces, when it does */
  reference?: string;
}
