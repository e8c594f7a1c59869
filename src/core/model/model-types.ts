/**
 * Public shapes of the bundled datapath model. The model itself is data (see datapath-model.ts and
 * the era tables); the tracer and hook resolver read it, they do not branch on versions themselves.
 */

/** Datapath modes the model knows. "contract" */
export type DatapathMode = 'vxlan' | 'geneve' | 'native' | 'ipvlan';
export const DATAPATH_MODES: readonly DatapathMode[] = ['vxlan', 'geneve', 'native', 'ipvlan'];

/** "v1.10", "v1.16", "main": minor-level release line. */
export type CiliumVersionString = string;

/** Stable hook names, independent of how a version spells its sections or functions. */
export type HookName =
  | 'from-container'
  | 'to-container'
  | 'from-overlay'
  | 'to-overlay'
  | 'from-netdev'
  | 'to-netdev'
  | 'from-host'
  | 'to-host'
  | 'policy' // bpf_lxc policy program reached through cilium_call_policy[endpoint id]
  | 'policy-egress'
  | 'host-policy';

export type TcDirection = 'ingress' | 'egress';

/** One place a program is attached, in one mode. */
export interface Attachment {
  /** device role, e.g. "lxc-veth", "pod-eth0", "cilium_host", "cilium_net", "cilium_vxlan", "native-eth0" */
  deviceRole: string;
  /** human device name, e.g. "lxc… (host side of the pod's veth)" */
  device: string;
  direction: TcDirection;
  /** tc (cls_bpf), a tcx link (v1.16+ with enable-tcx), or a netkit link on the netkit pair */
  attach?: 'tc' | 'tcx' | 'netkit-peer' | 'netkit-primary';
  /** reached through a prog array instead of directly, e.g. "cilium_lxc_ipve_<endpoint id>[0]" */
  via?: string;
  /** when it is attached, e.g. "always", "with endpoint routes" */
  condition: string;
}

export interface ProgramInfo {
  hook: HookName;
  /** "bpf/bpf_lxc.c" in this version */
  file: string;
  /** ELF section as declared in this version: "from-container", "tc", "tc/entry", "1/0xffff" */
  section: string;
  /** C function name in this version */
  function: string;
  description: string;
}

export interface DispatchLink {
  /** prog array the call goes through, e.g. "cilium_calls_<endpoint id>" */
  map: string;
  /** key, symbolic: "CILIUM_CALL_IPV4_FROM_LXC (7)", "endpoint id", "0" */
  key: string;
  target: ProgramInfo | { file: string; function: string; section?: string; hook?: HookName };
  condition?: string;
}

export interface HookResolution {
  hook: HookName;
  mode: DatapathMode;
  /** the preset the active configuration equals, or "custom" */
  preset?: DatapathMode | 'custom';
  ciliumVersion: CiliumVersionString;
  program: ProgramInfo;
  /** empty when the program has no device hook in this mode (then `reachedThrough` says how it runs) */
  attachments: Attachment[];
  /** e.g. "cilium_call_policy[endpoint id]" for the policy program */
  reachedThrough?: string;
  /** the programs this one hands packets to, in order */
  dispatch: DispatchLink[];
  notes: string[];
}

/** A clear, user-facing error: the CLI prints `message` and exits 2; the server answers with it. */
export class DatapathError extends Error {
  constructor(
    message: string,
    /** machine-readable: "unknown-mode", "unsupported-version", "unknown-pod", "invalid-topology", … */
    readonly code: string,
  ) {
    super(message);
    this.name = 'DatapathError';
  }
}
