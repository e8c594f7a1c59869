/**
 * The datapath configuration along its real axes. The four mode names are presets of it.
 * Pod link: veth (default) or IPVLAN (v1.4–v1.12; removed in v1.13 by c3adaec9dc0).
 * Transport: VXLAN (Cilium's default tunnel), Geneve, or native routing (`routing-mode=native`,
 * older `tunnel=disabled`). Host routing: legacy (through the host stack, Cilium's default unless
 * kube-proxy replacement and BPF masquerade are on) or BPF (`enable-host-legacy-routing=false`).
 */
import type { DatapathMode } from './model-types';
import type { CiliumVersion } from './versions';

/** datapath-mode: veth, ipvlan (v1.4–v1.12), netkit / netkit-l2 (v1.16+) */
export type PodLink = 'veth' | 'ipvlan' | 'netkit' | 'netkit-l2';
export type Transport = 'vxlan' | 'geneve' | 'native';
export type HostRouting = 'legacy' | 'bpf';

export type LbMode = 'snat' | 'dsr';
export type Encryption = 'none' | 'wireguard' | 'ipsec';

export interface DatapathConfig {
  podLink: PodLink;
  transport: Transport;
  hostRouting: HostRouting;
  /** kube-proxy-replacement: BPF replaces kube-proxy for Services (NodePort in from-netdev) */
  kubeProxyReplacement: boolean;
  /** bpf-lb-sock: Services are translated at connect() by the socket LB (bpf_sock.c) */
  socketLB: boolean;
  /** enable-bpf-masquerade: SNAT to the node IP in BPF (to-netdev), not by iptables */
  bpfMasquerade: boolean;
  /** enable-ipv4-masquerade: traffic leaving the cluster is masqueraded to the node IP */
  ipv4Masquerade: boolean;
  /** bpf-lb-mode: how a NodePort reaches a remote backend */
  lbMode: LbMode;
  /** enable-endpoint-routes: per-endpoint routes to the lxc device instead of cilium_host */
  endpointRoutes: boolean;
  /** enable-ipv4 / enable-ipv6 */
  ipv4: boolean;
  ipv6: boolean;
  /** enable-wireguard / enable-ipsec */
  encryption: Encryption;
  /** enable-host-firewall */
  hostFirewall: boolean;
  /**
   * enable-tcx (v1.16+, default true): tc programs are attached through tcx links instead of cls_bpf;
   * absent before v1.16. netkit forces it on.
   */
  tcx?: boolean;
}

/** The axes every preset shares: the defaults of a Helm install without kube-proxy replacement. */
const COMMON = {
  hostRouting: 'legacy',
  kubeProxyReplacement: false,
  socketLB: false,
  bpfMasquerade: false,
  ipv4Masquerade: true,
  lbMode: 'snat',
  endpointRoutes: false,
  ipv4: true,
  ipv6: false,
  encryption: 'none',
  hostFirewall: false,
} as const satisfies Omit<DatapathConfig, 'podLink' | 'transport'>;

export const PRESETS: Readonly<Record<DatapathMode, DatapathConfig>> = {
  vxlan: { ...COMMON, podLink: 'veth', transport: 'vxlan' },
  geneve: { ...COMMON, podLink: 'veth', transport: 'geneve' },
  native: { ...COMMON, podLink: 'veth', transport: 'native' },
  ipvlan: { ...COMMON, podLink: 'ipvlan', transport: 'native' },
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
 * IPv6 follows enable-ipv6 (the presets: off, as Helm's `ipv6.enabled` defaults to false), DEBUG is off. Per-packet load-balancing in
 * from-container is compiled in unless the socket LB handles every Service (TCP and UDP):
 * ENABLE_PER_PACKET_LB is defined when ENABLE_SOCKET_LB_FULL is not (v1.16.0 bpf/bpf_lxc.c:64-69;
 * v1.11.0 bpf/bpf_lxc.c:45-46 with ENABLE_HOST_SERVICES_FULL; v1.10.0 bpf/bpf_lxc.c:555 skips the
 * service lookup under the same define).
 */
export function buildDefines(config: DatapathConfig, version: CiliumVersion): ReadonlySet<string> {
  const defines = new Set<string>();
  if (config.ipv4) defines.add('ENABLE_IPV4');
  // enable-ipv6: the agent writes ENABLE_IPV6 into node_config.h; a dual-stack build
  if (config.ipv6) defines.add('ENABLE_IPV6');
  if (config.socketLB) {
    defines.add('ENABLE_SOCKET_LB_FULL');
    defines.add('ENABLE_HOST_SERVICES_FULL');
  } else defines.add('ENABLE_PER_PACKET_LB');
  if (config.kubeProxyReplacement) defines.add('ENABLE_NODEPORT');
  if (config.bpfMasquerade) defines.add('ENABLE_MASQUERADE');
  // BPF host routing: ENABLE_HOST_ROUTING (v1.12.0 pkg/datapath/linux/config/config.go:389), named
  // ENABLE_REDIRECT_FAST in v1.10–v1.11 (v1.10.0 pkg/datapath/linux/config/config.go:363); later
  // releases' bpf/ never tests the old name, so both are written
  if (config.hostRouting === 'bpf') {
    defines.add('ENABLE_HOST_ROUTING');
    defines.add('ENABLE_REDIRECT_FAST');
  }
  // enable-endpoint-routes: v1.12.0 pkg/datapath/linux/config/config.go:245 (ENABLE_ENDPOINT_ROUTES) and
  // the endpoint's RequireEgressProg (v1.10.0 pkg/datapath/linux/config/config.go:720)
  if (config.endpointRoutes) {
    defines.add('ENABLE_ENDPOINT_ROUTES');
    defines.add('USE_BPF_PROG_FOR_INGRESS_POLICY');
  }
  if (config.kubeProxyReplacement) defines.add('ENABLE_NODEPORT');
  // the endpoint's ENABLE_ROUTING: written when it RequireRouting(), true unless endpoint routes
  // (v1.10.0 pkg/datapath/linux/config/config.go:727, pkg/endpoint/bpf.go:1469, daemon/cmd/endpoint.go:317;
  // v1.16.0 pkg/datapath/linux/config/config.go:1064; main pkg/datapath/linux/config/config.go:666)
  if (!config.endpointRoutes) defines.add('ENABLE_ROUTING');
  // enable-host-firewall (v1.10.0 pkg/datapath/linux/config/config.go:454, v1.16.0 :601, main :436)
  if (config.hostFirewall) defines.add('ENABLE_HOST_FIREWALL');
  // enable-ipsec: ENABLE_IPSEC (v1.10.0 pkg/datapath/linux/config/config.go:213, v1.12.0 :218; v1.19
  // and main from the IPsec cell, main pkg/datapath/linux/ipsec/cell.go:55) and, through v1.15, the
  // encrypt interface's ENCRYPT_IFACE (v1.10.0 :463, v1.12.0 :501, v1.15.0 :588; v1.16.0 writes only
  // IPV4_ENCRYPT_IFACE, an address); BPF_HAVE_FIB_LOOKUP is the helper probe that bpf/ tests through
  // v1.12 (v1.12.0 bpf/include/bpf/features_skb.h:16), assumed present (Linux 4.18+)
  if (config.encryption === 'ipsec') {
    defines.add('ENABLE_IPSEC');
    if (version.minor <= 15) defines.add('ENCRYPT_IFACE');
    if (version.minor <= 12) defines.add('BPF_HAVE_FIB_LOOKUP');
  }
  return defines;
}
