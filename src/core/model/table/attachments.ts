/**
 * Where each entry program is attached, per release and configuration (data only). A row is active
 * when its release range contains the release and `when` holds for the configuration; `condition`
 * says in words what the release requires.
 */
import type { TcDirection } from '../model-types';
import type { DatapathConfig } from '../config';
import type { VersionRange } from '../versions';
import type { Cite, ProgramId } from './table-types';

export type DeviceRole = 'lxc-veth' | 'pod-eth0' | 'cilium_host' | 'cilium_net' | 'tunnel' | 'native';

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
    when: (c) => c.podLink === 'ipvlan' || c.hostRouting === 'bpf',
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
    versions: { from: 6 },
    when: (c) => c.hostRouting === 'bpf',
    condition: 'with BPF NodePort, host firewall or BPF masquerading (all needed by BPF host routing)',
    cite: 'v1.10.0 pkg/datapath/loader/loader.go:255',
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
