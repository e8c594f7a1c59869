/**
 * The datapath modes as data: which devices exist on a node, which hook runs on which device and tc
 * direction, and the maps that dispatch. The tracer and the hook resolver read these tables.
 * Source: reference notes §6–§8 and the two seed documents.
 */
import type { DatapathMode, HookName, TcDirection } from './model-types';
import { DatapathError } from './model-types';
import { inRange, pick, type CiliumVersion, type VersionRange } from './versions';

export interface ModeAttachment {
  hook: HookName;
  /** device role: see DeviceRole */
  deviceRole: DeviceRole;
  direction: TcDirection;
  condition: string;
  /** default-on in the traced configuration */
  active: boolean;
  versions?: VersionRange;
}

export type DeviceRole = 'lxc-veth' | 'pod-eth0' | 'cilium_host' | 'cilium_net' | 'tunnel' | 'native';

export interface ModeSpec {
  mode: DatapathMode;
  label: string;
  /** how a pod is wired to its node */
  podLink: 'veth' | 'ipvlan';
  tunnel?: { device: 'cilium_vxlan' | 'cilium_geneve'; protocol: 'vxlan' | 'geneve'; port: number };
  versions: VersionRange;
  /** devices Cilium creates or uses on every node, host namespace */
  hostDevices: string[];
  attachments: ModeAttachment[];
  summary: string;
}

const vethAttachments = (tunnel: boolean): ModeAttachment[] => [
  { hook: 'from-container', deviceRole: 'lxc-veth', direction: 'ingress', condition: 'always', active: true },
  {
    hook: 'to-container',
    deviceRole: 'lxc-veth',
    direction: 'egress',
    condition: 'only with endpoint routes (enable-endpoint-routes)',
    active: false,
    versions: { from: 6 },
  },
  ...(tunnel
    ? ([
        {
          hook: 'from-overlay',
          deviceRole: 'tunnel',
          direction: 'ingress',
          condition: 'always',
          active: true,
        },
        {
          hook: 'to-overlay',
          deviceRole: 'tunnel',
          direction: 'egress',
          condition: 'always from v1.8 (v1.6–v1.7 only with NodePort)',
          active: true,
          versions: { from: 6 },
        },
      ] satisfies ModeAttachment[])
    : []),
  {
    hook: 'from-netdev',
    deviceRole: 'native',
    direction: 'ingress',
    condition: tunnel
      ? 'when the device is in --devices (kube-proxy replacement, host firewall); tunnel traffic passes to the stack'
      : 'always in native routing (v1.8+: every device in --devices)',
    active: !tunnel,
  },
  {
    hook: 'to-netdev',
    deviceRole: 'native',
    direction: 'egress',
    condition: 'with NodePort, host firewall, BPF masquerading or bandwidth manager',
    active: false,
    versions: { from: 6 },
  },
  {
    hook: 'from-host',
    deviceRole: 'cilium_host',
    direction: 'egress',
    condition: 'always',
    active: true,
    versions: { from: 8 },
  },
  {
    hook: 'to-host',
    deviceRole: 'cilium_host',
    direction: 'ingress',
    condition: 'always',
    active: true,
    versions: { from: 8 },
  },
  {
    hook: 'to-host',
    deviceRole: 'cilium_net',
    direction: 'ingress',
    condition: 'always',
    active: true,
    versions: { from: 8 },
  },
];

export const MODES: Record<DatapathMode, ModeSpec> = {
  vxlan: {
    mode: 'vxlan',
    label: 'VXLAN',
    podLink: 'veth',
    tunnel: { device: 'cilium_vxlan', protocol: 'vxlan', port: 8472 },
    versions: { from: 4 },
    hostDevices: ['eth0', 'cilium_host', 'cilium_net', 'cilium_vxlan'],
    attachments: vethAttachments(true),
    summary: "Cilium's default: veth pairs for pods, VXLAN (UDP 8472) between nodes.",
  },
  geneve: {
    mode: 'geneve',
    label: 'Geneve',
    podLink: 'veth',
    tunnel: { device: 'cilium_geneve', protocol: 'geneve', port: 6081 },
    versions: { from: 4 },
    hostDevices: ['eth0', 'cilium_host', 'cilium_net', 'cilium_geneve'],
    attachments: vethAttachments(true),
    summary: 'veth pairs for pods, Geneve (UDP 6081) between nodes.',
  },
  native: {
    mode: 'native',
    label: 'Native routing',
    podLink: 'veth',
    versions: { from: 4 },
    hostDevices: ['eth0', 'cilium_host', 'cilium_net'],
    attachments: vethAttachments(false),
    summary:
      'veth pairs for pods, no tunnel: each node routes "PodCIDR via node IP" (auto-direct-node-routes).',
  },
  ipvlan: {
    mode: 'ipvlan',
    label: 'IPVLAN',
    podLink: 'ipvlan',
    versions: { from: 4, to: 12 },
    hostDevices: ['eth0', 'cilium_host'],
    attachments: [
      {
        hook: 'from-container',
        deviceRole: 'pod-eth0',
        direction: 'egress',
        condition: 'always',
        active: true,
      },
      {
        hook: 'from-netdev',
        deviceRole: 'native',
        direction: 'ingress',
        condition: 'always (the IPVLAN master)',
        active: true,
      },
      {
        hook: 'from-netdev',
        deviceRole: 'cilium_host',
        direction: 'egress',
        condition: 'v1.4–v1.7',
        active: true,
        versions: { from: 4, to: 7 },
      },
      {
        hook: 'from-host',
        deviceRole: 'cilium_host',
        direction: 'egress',
        condition: 'v1.8+',
        active: true,
        versions: { from: 8 },
      },
      {
        hook: 'to-host',
        deviceRole: 'cilium_host',
        direction: 'ingress',
        condition: 'v1.8+',
        active: true,
        versions: { from: 8 },
      },
      {
        hook: 'to-netdev',
        deviceRole: 'native',
        direction: 'egress',
        condition: 'with NodePort, host firewall or masquerading',
        active: false,
        versions: { from: 6 },
      },
    ],
    summary:
      'Pods are IPVLAN slaves of the node eth0 (master), sharing its MAC; no tunnel, all nodes in one subnet. IPVLAN existed in v1.4–v1.12 (deprecated in v1.11).',
  },
};

export const DEVICE_LABELS: Record<DeviceRole, string> = {
  'lxc-veth': 'lxc veth',
  'pod-eth0': 'pod eth0',
  cilium_host: 'cilium_host',
  cilium_net: 'cilium_net',
  tunnel: 'tunnel device',
  native: 'node eth0',
};

export function deviceLabel(role: DeviceRole, spec: ModeSpec): string {
  if (role === 'tunnel') return spec.tunnel?.device ?? 'tunnel device';
  return DEVICE_LABELS[role];
}

/** Throws a clear error when a mode does not exist in a version (IPVLAN after v1.12). */
export function modeSpec(mode: string, version: CiliumVersion): ModeSpec {
  const spec = (MODES as Record<string, ModeSpec | undefined>)[mode];
  if (!spec) {
    throw new DatapathError(
      `Unknown datapath mode "${mode}": use one of ${Object.keys(MODES).join(', ')}.`,
      'unknown-mode',
    );
  }
  if (!inRange(version, spec.versions)) {
    throw new DatapathError(
      `${spec.label} mode does not exist in Cilium ${version.label}: it exists in v1.${spec.versions.from}–v1.${spec.versions.to ?? ''} (deprecated in v1.11, removed in v1.13 by "Remove IPVLAN code").`,
      'unsupported-version',
    );
  }
  return spec;
}

export function attachmentsIn(spec: ModeSpec, version: CiliumVersion): ModeAttachment[] {
  return spec.attachments.filter((a) => !a.versions || inRange(version, a.versions));
}

/** Map names that changed across releases. */
export interface MapNames {
  policy: string;
  egressPolicy?: string;
  ipcache: string;
  endpoints: string;
  tunnel?: string;
  /** per-object calls maps */
  lxcCalls: (endpointId: number) => string;
  overlayCalls: string;
  netdevCalls: string;
  hostCalls: string;
  ipvlanEntry: (endpointId: number) => string;
}

const MAP_ROWS: Array<{ since: number; names: MapNames }> = [
  {
    since: 4,
    names: {
      policy: 'cilium_policy',
      ipcache: 'cilium_ipcache',
      endpoints: 'cilium_lxc',
      tunnel: 'cilium_tunnel_map',
      lxcCalls: (id) => `cilium_calls_${id}`,
      overlayCalls: 'cilium_calls_overlay_2',
      netdevCalls: 'cilium_calls_netdev_2',
      hostCalls: 'cilium_calls_netdev_ns_1',
      ipvlanEntry: (id) => `cilium_lxc_ipve_${id}`,
    },
  },
  {
    since: 8,
    names: {
      policy: 'cilium_call_policy',
      ipcache: 'cilium_ipcache',
      endpoints: 'cilium_lxc',
      tunnel: 'cilium_tunnel_map',
      lxcCalls: (id) => `cilium_calls_${id}`,
      overlayCalls: 'cilium_calls_overlay_2',
      netdevCalls: 'cilium_calls_netdev_<ifindex>',
      hostCalls: 'cilium_calls_hostns_<host endpoint id>',
      ipvlanEntry: (id) => `cilium_lxc_ipve_${id}`,
    },
  },
  {
    since: 12,
    names: {
      policy: 'cilium_call_policy',
      egressPolicy: 'cilium_egresscall_policy',
      ipcache: 'cilium_ipcache',
      endpoints: 'cilium_lxc',
      tunnel: 'cilium_tunnel_map',
      lxcCalls: (id) => `cilium_calls_${id}`,
      overlayCalls: 'cilium_calls_overlay_2',
      netdevCalls: 'cilium_calls_netdev_<ifindex>',
      hostCalls: 'cilium_calls_hostns_<host endpoint id>',
      ipvlanEntry: (id) => `cilium_lxc_ipve_${id}`,
    },
  },
  {
    since: 18,
    names: {
      policy: 'cilium_call_policy',
      egressPolicy: 'cilium_egresscall_policy',
      ipcache: 'cilium_ipcache_v2',
      endpoints: 'cilium_lxc',
      lxcCalls: (id) => `cilium_calls_${id}`,
      overlayCalls: 'cilium_calls_overlay_2',
      netdevCalls: 'cilium_calls_netdev_<ifindex>',
      hostCalls: 'cilium_calls_hostns_<host endpoint id>',
      ipvlanEntry: (id) => `cilium_lxc_ipve_${id}`,
    },
  },
];

export function mapNames(version: CiliumVersion): MapNames {
  const row = pick(MAP_ROWS, version) ?? MAP_ROWS[0];
  return row!.names;
}

/** The calls-map slot the IPv4 path of each object jumps to first, and the function it lands on. */
export function ipv4Slot(
  version: CiliumVersion,
  object: 'lxc' | 'overlay' | 'netdev',
): { id: string; value: number; fn: string } {
  const alias =
    version.minor >= 12 && object !== 'lxc'
      ? object === 'overlay'
        ? 'IPV4_FROM_OVERLAY'
        : 'IPV4_FROM_NETDEV'
      : 'IPV4_FROM_LXC';
  const fn = object === 'netdev' && version.minor >= 14 ? 'tail_handle_ipv4_from_netdev' : 'tail_handle_ipv4';
  return { id: `CILIUM_CALL_${alias}`, value: 7, fn };
}

/** Slot and function of the policy program's IPv4 tail (§5). */
export function policyIpv4Slot(version: CiliumVersion): { id: string; value: number; fn: string } {
  if (version.minor <= 5) return { id: 'CILIUM_CALL_IPV4_TO_LXC', value: 11, fn: 'tail_ipv4_policy' };
  if (version.minor >= 12)
    return {
      id: 'CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY',
      value: version.minor >= 18 ? 29 : 28,
      fn: 'tail_ipv4_ct_ingress_policy_only',
    };
  return { id: 'CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', value: 11, fn: 'tail_ipv4_policy' };
}
