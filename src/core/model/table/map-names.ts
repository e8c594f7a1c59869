/**
 * Map names per release (data only). Go-side names: pkg/maps/policymap/policymap.go (policy call map
 * `cilium_policy` until v1.7, `cilium_call_policy` from v1.8 by 5d6b6697aa5; per-endpoint policy map
 * `cilium_policy_<id>`, `cilium_policy_v2_<id>` from v1.17: v1.17.0 pkg/maps/policymap/policymap.go:34),
 * pkg/maps/ipcache (`cilium_ipcache`, `cilium_ipcache_v2` from v1.18), pkg/maps/lxcmap (`cilium_lxc`),
 * pkg/maps/lbmap (`cilium_lb4_services` in v1.4, `cilium_lb4_services_v2` from v1.5),
 * pkg/maps/tunnel (`cilium_tunnel_map`, removed in v1.18 by 17bc606ea78), pkg/maps/ctmap
 * (`cilium_ct4_global` for TCP, `cilium_ct_any4_global` otherwise: `get_ct_map4`,
 * v1.10.0 bpf/lib/conntrack_map.h:74-79). Per-endpoint maps carry the endpoint id zero-padded to five
 * digits from v1.5 (`bpf.LocalMapName`: "%s%05d", v1.5.0 pkg/bpf/bpffs_linux.go:109-110), unpadded in
 * v1.4 (`CallsMapName + strconv.Itoa(id)`, v1.4.0 pkg/endpoint/bpf.go:79).
 */
import { pick, type CiliumVersion } from '../versions';

export interface MapNames {
  policy: string;
  egressPolicy?: string;
  /** per-endpoint policy map */
  endpointPolicy: (endpointId: number) => string;
  ipcache: string;
  endpoints: string;
  /** IPv4 service (frontend) map */
  services: string;
  /** IPv4 backend map (Go: pkg/maps/lbmap/ipv4.go Backend4Map*Name) */
  backends: string;
  /** IPv4 reverse-NAT map (service id → frontend) */
  revNat: string;
  /** BPF masquerade's SNAT map (pkg/maps/nat/nat.go MapNameSnat4Global) */
  snat: string;
  tunnel?: string;
  ct: (protocol: string) => string;
  lxcCalls: (endpointId: number) => string;
  overlayCalls: string;
  netdevCalls: string;
  hostCalls: string;
  ipvlanEntry: (endpointId: number) => string;
  /** bpf_wireguard.o's calls map (v1.18+): cilium_calls_wireguard_<ifindex> */
  wireguardCalls?: string;
}

const ct = (protocol: string): string =>
  protocol.toUpperCase() === 'TCP' ? 'cilium_ct4_global' : 'cilium_ct_any4_global';
const pad = (id: number): string => String(id).padStart(5, '0');
const lxcCalls = (id: number): string => `cilium_calls_${pad(id)}`;
const ipvlanEntry = (id: number): string => `cilium_lxc_ipve_${pad(id)}`;
const policyV1 = (id: number): string => `cilium_policy_${pad(id)}`;

/** v1.4 as loaded by bpf/init.sh and the v1.4 Go loader (ids not yet padded). */
const V1_4: MapNames = {
  policy: 'cilium_policy',
  endpointPolicy: (id) => `cilium_policy_${id}`,
  ipcache: 'cilium_ipcache',
  endpoints: 'cilium_lxc',
  services: 'cilium_lb4_services',
  backends: 'cilium_lb4_backends',
  revNat: 'cilium_lb4_reverse_nat',
  snat: 'cilium_snat_v4_external',
  tunnel: 'cilium_tunnel_map',
  ct,
  lxcCalls: (id) => `cilium_calls_${id}`,
  overlayCalls: 'cilium_calls_overlay_2',
  netdevCalls: 'cilium_calls_netdev_2',
  hostCalls: 'cilium_calls_netdev_ns_1',
  ipvlanEntry: (id) => `cilium_lxc_ipve_${id}`,
};
// Each release changes only what its row names; the rest is the row before.
const V1_5: MapNames = {
  ...V1_4,
  endpointPolicy: policyV1,
  services: 'cilium_lb4_services_v2',
  lxcCalls,
  ipvlanEntry,
};
const V1_8: MapNames = {
  ...V1_5,
  policy: 'cilium_call_policy',
  netdevCalls: 'cilium_calls_netdev_<ifindex>',
  hostCalls: 'cilium_calls_hostns_<host endpoint id>',
};
// The agent compiles the backend map name into the program: cilium_lb4_backends in v1.10
// (v1.10.0 pkg/datapath/linux/config/config.go:186), cilium_lb4_backends_v2 in v1.11–v1.12
// (v1.11.0 …/config.go:181), cilium_lb4_backends_v3 from v1.13 (v1.13.0 …/config.go:201).
const V1_11: MapNames = { ...V1_8, backends: 'cilium_lb4_backends_v2' };
const V1_12: MapNames = { ...V1_11, egressPolicy: 'cilium_egresscall_policy' };
const V1_13: MapNames = { ...V1_12, backends: 'cilium_lb4_backends_v3' };
const V1_17: MapNames = { ...V1_13, endpointPolicy: (id) => `cilium_policy_v2_${pad(id)}` };
const { tunnel: _removed, ...withoutTunnel } = V1_17;
// v1.18.0 pkg/datapath/loader/loader.go:751: cilium_calls_wireguard_<ifindex of cilium_wg0>
const V1_18: MapNames = {
  ...withoutTunnel,
  ipcache: 'cilium_ipcache_v2',
  wireguardCalls: 'cilium_calls_wireguard_<ifindex>',
};

const ROWS: Array<{ since: number; names: MapNames }> = [
  { since: 4, names: V1_4 },
  { since: 5, names: V1_5 },
  { since: 8, names: V1_8 },
  { since: 11, names: V1_11 },
  { since: 12, names: V1_12 },
  { since: 13, names: V1_13 },
  { since: 17, names: V1_17 },
  { since: 18, names: V1_18 },
];

export function mapNames(version: CiliumVersion): MapNames {
  return (pick(ROWS, version) ?? ROWS[0]!).names;
}

/**
 * The maps an IPv6 packet meets: the same ipcache, endpoint, policy and tunnel maps (keyed by family),
 * its own conntrack (`get_ct_map6`: CT_MAP_TCP6 / CT_MAP_ANY6, v1.10.0 bpf/lib/conntrack_map.h:41-46;
 * Go: pkg/maps/ctmap MapNameTCP6Global = "cilium_ct6_global") and Service maps (pkg/maps/lbmap/ipv6.go:
 * cilium_lb6_services_v2, cilium_lb6_reverse_nat, cilium_lb6_backends until v1.10, _v2 in v1.11–v1.12,
 * _v3 from v1.13).
 */
export function forFamily(names: MapNames, version: CiliumVersion, family: 4 | 6): MapNames {
  if (family === 4) return names;
  return {
    ...names,
    services: 'cilium_lb6_services_v2',
    backends:
      version.minor >= 13
        ? 'cilium_lb6_backends_v3'
        : version.minor >= 11
          ? 'cilium_lb6_backends_v2'
          : 'cilium_lb6_backends',
    revNat: 'cilium_lb6_reverse_nat',
    snat: 'cilium_snat_v6_external',
    ct: (protocol) => (protocol.toUpperCase() === 'TCP' ? 'cilium_ct6_global' : 'cilium_ct_any6_global'),
  };
}
