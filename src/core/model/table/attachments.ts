/**
 * Where each entry program is attached, per release and configuration (data only). A row is active
 * when its release range contains the release and `when` holds for the configuration; `condition`
 * says in words what the release requires.
 */
import type { TcDirection } from '../model-types';
import type { DatapathConfig } from '../config';
import type { VersionRange } from '../versions';
import type { Cite, ProgramId } from './table-types';

export type DeviceRole =
  | 'lxc-veth'
  | 'pod-eth0'
  | 'cilium_host'
  | 'cilium_net'
  | 'tunnel'
  | 'native'
  /** datapath-mode=netkit(-l2), v1.16+: the pod's eth0, the netkit peer (programs run on its transmit) */
  | 'netkit-peer'
  /** the host side of the netkit pair (lxc…), programs run on its transmit towards the pod */
  | 'netkit-primary'
  /** cilium_wg0, the WireGuard device (v1.18+: cil_from_wireguard on its ingress) */
  | 'wireguard';

/** How a program is attached: tc (cls_bpf), a tcx link, or a netkit link (peer or primary). */
export type AttachKind = 'tc' | 'tcx' | 'netkit-peer' | 'netkit-primary';

export interface AttachRow {
  program: ProgramId;
  device: DeviceRole;
  direction: TcDirection;
  versions: VersionRange;
  /** true when the program is attached in this configuration */
  when: (config: DatapathConfig) => boolean;
  condition: string;
  cite: Cite;
  /** reached through a prog array instead of directly (IPVLAN stub) */
  via?: string;
}

const veth = (c: DatapathConfig): boolean => c.podLink === 'veth';
const netkit = (c: DatapathConfig): boolean => c.podLink === 'netkit' || c.podLink === 'netkit-l2';
const tunnel = (c: DatapathConfig): boolean => c.transport !== 'native';
const always = (): boolean => true;
const never = (): boolean => false;

export const ATTACHMENTS: readonly AttachRow[] = [
  {
    program: 'lxc/from-container',
    device: 'lxc-veth',
    direction: 'ingress',
    versions: { from: 4 },
    when: veth,
    condition: "always: the pod's eth0 TX is the host-side veth's RX",
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:319',
  },
  {
    program: 'lxc/from-container',
    device: 'pod-eth0',
    direction: 'egress',
    versions: { from: 4, to: 12 },
    when: (c) => c.podLink === 'ipvlan',
    condition:
      'IPVLAN: through the stub cilium-cni puts on the pod eth0 egress (index 0 of cilium_lxc_ipve_<id>)',
    cite: 'v1.10.0 pkg/datapath/connector/ipvlan.go:117',
    via: 'cilium_lxc_ipve_<endpoint id>[0]',
  },
  {
    program: 'lxc/from-container',
    device: 'netkit-peer',
    direction: 'egress',
    versions: { from: 16 },
    when: netkit,
    condition:
      "netkit: the tc-ingress program of the host side is attached to the transmit of the netkit peer (the pod's eth0)",
    cite: 'v1.16.0 pkg/datapath/loader/netkit.go:28',
  },
  {
    program: 'lxc/to-container',
    device: 'netkit-primary',
    direction: 'egress',
    versions: { from: 16 },
    when: (c) => netkit(c) && c.endpointRoutes,
    condition:
      'netkit with endpoint routes: on the transmit of the netkit primary (host side) towards the pod',
    cite: 'v1.16.0 pkg/datapath/loader/netkit.go:33',
  },
  {
    program: 'lxc/to-container',
    device: 'lxc-veth',
    direction: 'egress',
    versions: { from: 6 },
    when: (c) => c.endpointRoutes && c.podLink === 'veth',
    condition: 'only with endpoint routes (enable-endpoint-routes)',
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:334',
  },
  {
    program: 'overlay/from-overlay',
    device: 'tunnel',
    direction: 'ingress',
    versions: { from: 4 },
    when: tunnel,
    condition: 'always in tunnel mode',
    cite: 'v1.10.0 bpf/init.sh:442',
  },
  {
    program: 'overlay/to-overlay',
    device: 'tunnel',
    direction: 'egress',
    versions: { from: 6, to: 6 },
    when: never,
    condition: 'v1.6: only with BPF NodePort',
    cite: 'v1.6.0 bpf/init.sh:505',
  },
  {
    program: 'overlay/to-overlay',
    device: 'tunnel',
    direction: 'egress',
    versions: { from: 7 },
    when: tunnel,
    condition: 'always in tunnel mode (from v1.7)',
    cite: 'v1.7.0 bpf/init.sh:524',
  },
  {
    program: 'network/from-network',
    device: 'native',
    direction: 'ingress',
    versions: { from: 10, to: 12 },
    when: (c) => c.encryption === 'ipsec' && c.transport === 'native',
    condition:
      'IPsec in native routing: on the encrypt interface (encrypt-interface, else the device of the default route), instead of bpf_host',
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:393',
  },
  {
    program: 'host/from-netdev',
    device: 'native',
    direction: 'ingress',
    versions: { from: 4, to: 7 },
    when: (c) => c.podLink === 'ipvlan',
    condition: 'only in direct-routing mode with --device, and on the IPVLAN master',
    cite: 'v1.7.0 bpf/init.sh:531',
  },
  {
    program: 'host/from-netdev',
    device: 'native',
    direction: 'ingress',
    versions: { from: 8, to: 15 },
    when: (c) =>
      c.podLink === 'ipvlan' || c.hostRouting === 'bpf' || c.kubeProxyReplacement || c.bpfMasquerade,
    condition:
      'only on --devices, which are auto-detected for kube-proxy replacement (BPF NodePort), host firewall or bandwidth manager; the IPVLAN master always',
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:240',
  },
  {
    program: 'host/from-netdev',
    device: 'native',
    direction: 'ingress',
    versions: { from: 16 },
    when: always,
    condition: 'on every auto-detected native device, in every routing mode (from v1.16)',
    cite: 'v1.16.0 pkg/datapath/loader/loader.go:379',
  },
  {
    program: 'host/to-netdev',
    device: 'native',
    direction: 'egress',
    versions: { from: 6, to: 13 },
    when: (c) => c.hostRouting === 'bpf' || c.kubeProxyReplacement || c.bpfMasquerade,
    condition:
      'with BPF NodePort, host firewall or BPF masquerading (all needed by BPF host routing); not for WireGuard, which v1.10–v1.13 reach by mark and ip rule',
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:255',
  },
  {
    program: 'host/to-netdev',
    device: 'native',
    direction: 'egress',
    versions: { from: 14 },
    when: (c) =>
      c.hostRouting === 'bpf' || c.kubeProxyReplacement || c.bpfMasquerade || c.encryption === 'wireguard',
    condition:
      'when the devices are required (AreDevicesRequired): BPF NodePort, host firewall, BPF masquerading (needed by BPF host routing), or WireGuard',
    cite: 'v1.14.0 pkg/datapath/loader/loader.go:254',
  },
  {
    program: 'host/to-netdev',
    device: 'native',
    direction: 'egress',
    versions: { from: 18 },
    when: (c) => c.encryption === 'ipsec',
    condition:
      'IPsec: from v1.18 AreDevicesRequired holds with EnableIPSec (IPsec encrypts at the native device)',
    cite: 'v1.18.0 pkg/option/config.go:2143',
  },
  {
    program: 'wireguard/from-wireguard',
    device: 'wireguard',
    direction: 'ingress',
    versions: { from: 18, to: 18 },
    when: (c) => c.encryption === 'wireguard' && c.transport === 'native',
    condition: 'WireGuard in native routing (NeedIngressOnWireGuardDevice: !TunnelingEnabled)',
    cite: 'v1.18.0 pkg/option/config.go:2158',
  },
  {
    program: 'wireguard/from-wireguard',
    device: 'wireguard',
    direction: 'ingress',
    versions: { from: 19 },
    when: (c) => c.encryption === 'wireguard',
    condition: 'WireGuard: attached unconditionally, so that it marks all decrypted traffic',
    cite: 'v1.19.0 pkg/datapath/loader/wireguard.go:86',
  },
  {
    program: 'host/from-host',
    device: 'cilium_host',
    direction: 'egress',
    versions: { from: 4 },
    when: always,
    condition: 'always (v1.4–v1.7: bpf_netdev.c built as bpf_host.o)',
    cite: 'v1.7.0 bpf/init.sh:629',
  },
  {
    program: 'host/to-host',
    device: 'cilium_net',
    direction: 'ingress',
    versions: { from: 16 },
    when: always,
    condition: 'always: cil_to_host is loaded a second time, for cilium_net',
    cite: 'v1.16.0 pkg/datapath/loader/loader.go:369',
  },
  {
    program: 'host/to-host',
    device: 'cilium_host',
    direction: 'ingress',
    versions: { from: 6 },
    when: always,
    condition: 'always (v1.6–v1.7: bpf_hostdev_ingress.c)',
    cite: 'v1.7.0 bpf/init.sh:630',
  },
];

export function attachedAt(
  device: DeviceRole,
  direction: TcDirection,
  config: DatapathConfig,
  minor: number,
): AttachRow | undefined {
  return ATTACHMENTS.find(
    (a) =>
      a.device === device &&
      a.direction === direction &&
      minor >= a.versions.from &&
      minor <= (a.versions.to ?? Infinity) &&
      a.when(config),
  );
}

/**
 * How a program on a device hook is attached in this configuration: netkit links on the netkit pair,
 * tcx links from v1.16 when enable-tcx holds (v1.16.0 pkg/datapath/loader/tc.go:30; a kernel with tcx, 6.6+, is assumed), else tc.
 */
export function attachKindOf(device: DeviceRole, config: DatapathConfig, minor: number): AttachKind {
  if (device === 'netkit-peer' || device === 'netkit-primary') return device;
  return minor >= 16 && config.tcx ? 'tcx' : 'tc';
}
