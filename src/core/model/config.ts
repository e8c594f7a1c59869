/**
 * The datapath configuration along its real axes. The four mode names are presets of it.
 * Pod link: veth (default) or IPVLAN (v1.4–v1.12; removed in v1.13 by c3adaec9dc0).
 * Transport: VXLAN (Cilium's default tunnel), Geneve, or native routing (`routing-mode=native`,
 * older `tunnel=disabled`). Host routing: legacy (through the host stack, Cilium's default unless
 * kube-proxy replacement and BPF masquerade are on) or BPF (`enable-host-legacy-routing=false`).
 */
import type { DatapathMode } from './model-types';

export type PodLink = 'veth' | 'ipvlan';
export type Transport = 'vxlan' | 'geneve' | 'native';
export type HostRouting = 'legacy' | 'bpf';

export interface DatapathConfig {
  podLink: PodLink;
  transport: Transport;
  hostRouting: HostRouting;
}

export const PRESETS: Readonly<Record<DatapathMode, DatapathConfig>> = {
  vxlan: { podLink: 'veth', transport: 'vxlan', hostRouting: 'legacy' },
  geneve: { podLink: 'veth', transport: 'geneve', hostRouting: 'legacy' },
  native: { podLink: 'veth', transport: 'native', hostRouting: 'legacy' },
  ipvlan: { podLink: 'ipvlan', transport: 'native', hostRouting: 'legacy' },
};

export interface TunnelSpec {
  device: 'cilium_vxlan' | 'cilium_geneve';
  protocol: 'vxlan' | 'geneve';
  /** Cilium's default ports: VXLAN 8472, Geneve 6081 */
  port: number;
}

export const TUNNELS: Readonly<Record<'vxlan' | 'geneve', TunnelSpec>> = {
  vxlan: { device: 'cilium_vxlan', protocol: 'vxlan', port: 8472 },
  geneve: { device: 'cilium_geneve', protocol: 'geneve', port: 6081 },
};

export function tunnelOf(config: DatapathConfig): TunnelSpec | undefined {
  return config.transport === 'native' ? undefined : TUNNELS[config.transport];
}

/**
 * The build defines the traced configuration compiles with, as far as conditional tail calls care.
 * IPv6 is off (Helm's `ipv6.enabled` defaults to false), DEBUG is off, and per-packet load-balancing
 * is compiled in (ENABLE_PER_PACKET_LB: socket LB is not in full mode; v1.16.0 bpf/bpf_lxc.c:64-69).
 */
export function buildDefines(config: DatapathConfig): ReadonlySet<string> {
  const defines = new Set(['ENABLE_IPV4', 'ENABLE_PER_PACKET_LB']);
  if (config.hostRouting === 'bpf') defines.add('ENABLE_HOST_ROUTING');
  return defines;
}
