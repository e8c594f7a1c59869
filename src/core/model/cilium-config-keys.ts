/**
 * The `cilium-config` ConfigMap keys the model reads, per release: which releases read each key (and
 * its older or newer name), the values the release accepts, and the release's default (the agent's
 * flag default or pkg/defaults; the Go source line is cited). Data only: cilium-config.ts gives it
 * meaning.
 */
import type { VersionRange } from './versions';

export type ConfigKeyName =
  | 'routing-mode'
  | 'tunnel-protocol'
  | 'tunnel'
  | 'datapath-mode'
  | 'kube-proxy-replacement'
  | 'bpf-lb-sock'
  | 'enable-host-reachable-services'
  | 'enable-bpf-masquerade'
  | 'enable-ipv4-masquerade'
  | 'masquerade'
  | 'enable-host-legacy-routing'
  | 'enable-endpoint-routes'
  | 'enable-ipv4'
  | 'enable-ipv6'
  | 'enable-wireguard'
  | 'enable-ipsec'
  | 'enable-host-firewall'
  | 'bpf-lb-mode'
  | 'node-port-mode'
  | 'enable-tcx';

export interface DefaultRow {
  since: number;
  value: string;
  /** "v1.10.0 daemon/cmd/daemon_main.go:664": the flag or default in the release's Go source */
  cite: string;
}

export interface ConfigKeySpec {
  key: ConfigKeyName;
  /** releases whose agent reads the key */
  versions: VersionRange;
  /** the key's name in the other releases (same meaning) */
  otherName?: ConfigKeyName;
  /** 'bool' (Go strconv.ParseBool), or the values the release accepts, per release range */
  values: 'bool' | ReadonlyArray<{ versions: VersionRange; values: readonly string[] }>;
  defaults: readonly DefaultRow[];
}

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  {
    key: 'routing-mode',
    versions: { from: 14 },
    otherName: 'tunnel',
    values: [{ versions: { from: 14 }, values: ['tunnel', 'native'] }],
    defaults: [{ since: 14, value: 'tunnel', cite: 'v1.16.0 pkg/defaults/defaults.go:547' }],
  },
  {
    key: 'tunnel-protocol',
    versions: { from: 14 },
    otherName: 'tunnel',
    values: [{ versions: { from: 14 }, values: ['vxlan', 'geneve'] }],
    defaults: [{ since: 14, value: 'vxlan', cite: 'v1.16.0 pkg/defaults/defaults.go:550' }],
  },
  {
    key: 'tunnel',
    versions: { from: 4, to: 14 },
    otherName: 'routing-mode',
    values: [{ versions: { from: 4, to: 14 }, values: ['vxlan', 'geneve', 'disabled'] }],
    defaults: [{ since: 4, value: 'vxlan', cite: 'v1.10.0 daemon/cmd/daemon_main.go:740' }],
  },
  {
    key: 'datapath-mode',
    versions: { from: 4 },
    values: [
      { versions: { from: 4, to: 12 }, values: ['veth', 'ipvlan'] },
      { versions: { from: 13, to: 15 }, values: ['veth'] },
      { versions: { from: 16 }, values: ['veth', 'netkit', 'netkit-l2'] },
    ],
    defaults: [{ since: 4, value: 'veth', cite: 'v1.10.0 pkg/defaults/defaults.go:209' }],
  },
  {
    key: 'kube-proxy-replacement',
    versions: { from: 7 },
    values: [
      { versions: { from: 7, to: 13 }, values: ['disabled', 'partial', 'probe', 'strict'] },
      { versions: { from: 14, to: 15 }, values: ['disabled', 'partial', 'probe', 'strict', 'true', 'false'] },
      { versions: { from: 16 }, values: ['true', 'false'] },
    ],
    defaults: [
      { since: 7, value: 'partial', cite: 'v1.10.0 daemon/cmd/daemon_main.go:544' },
      { since: 14, value: 'false', cite: 'v1.14.0 daemon/cmd/daemon_main.go:526' },
    ],
  },
  {
    key: 'bpf-lb-sock',
    versions: { from: 12 },
    otherName: 'enable-host-reachable-services',
    values: 'bool',
    defaults: [{ since: 12, value: 'false', cite: 'v1.12.0 daemon/cmd/daemon_main.go:368' }],
  },
  {
    key: 'enable-host-reachable-services',
    versions: { from: 6, to: 12 },
    otherName: 'bpf-lb-sock',
    values: 'bool',
    defaults: [{ since: 6, value: 'false', cite: 'v1.10.0 daemon/cmd/daemon_main.go:359' }],
  },
  {
    key: 'enable-bpf-masquerade',
    versions: { from: 8 },
    values: 'bool',
    defaults: [{ since: 8, value: 'false', cite: 'v1.10.0 daemon/cmd/daemon_main.go:670' }],
  },
  {
    key: 'enable-ipv4-masquerade',
    versions: { from: 10 },
    otherName: 'masquerade',
    values: 'bool',
    defaults: [{ since: 10, value: 'true', cite: 'v1.10.0 daemon/cmd/daemon_main.go:664' }],
  },
  {
    key: 'masquerade',
    versions: { from: 4, to: 10 },
    otherName: 'enable-ipv4-masquerade',
    values: 'bool',
    defaults: [{ since: 4, value: 'true', cite: 'v1.10.0 daemon/cmd/daemon_main.go:660' }],
  },
  {
    key: 'enable-host-legacy-routing',
    versions: { from: 10 },
    values: 'bool',
    defaults: [{ since: 10, value: 'false', cite: 'v1.10.0 pkg/defaults/defaults.go:174' }],
  },
  {
    key: 'enable-endpoint-routes',
    versions: { from: 6 },
    values: 'bool',
    defaults: [{ since: 6, value: 'false', cite: 'v1.10.0 pkg/defaults/defaults.go:308' }],
  },
  {
    key: 'enable-ipv4',
    versions: { from: 4 },
    values: 'bool',
    defaults: [{ since: 4, value: 'true', cite: 'v1.10.0 pkg/defaults/defaults.go:162' }],
  },
  {
    key: 'enable-ipv6',
    versions: { from: 4 },
    values: 'bool',
    defaults: [{ since: 4, value: 'true', cite: 'v1.10.0 pkg/defaults/defaults.go:165' }],
  },
  {
    key: 'enable-wireguard',
    versions: { from: 10 },
    values: 'bool',
    defaults: [{ since: 10, value: 'false', cite: 'v1.10.0 daemon/cmd/daemon_main.go:407' }],
  },
  {
    key: 'enable-ipsec',
    versions: { from: 4 },
    values: 'bool',
    defaults: [{ since: 4, value: 'false', cite: 'v1.10.0 pkg/defaults/defaults.go:186' }],
  },
  {
    key: 'enable-host-firewall',
    versions: { from: 8 },
    values: 'bool',
    defaults: [{ since: 8, value: 'false', cite: 'v1.10.0 daemon/cmd/daemon_main.go:634' }],
  },
  {
    key: 'bpf-lb-mode',
    versions: { from: 10 },
    otherName: 'node-port-mode',
    values: [{ versions: { from: 10 }, values: ['snat', 'dsr', 'hybrid'] }],
    defaults: [{ since: 10, value: 'snat', cite: 'v1.10.0 daemon/cmd/daemon_main.go:588' }],
  },
  {
    key: 'node-port-mode',
    versions: { from: 8, to: 19 },
    otherName: 'bpf-lb-mode',
    values: [{ versions: { from: 8, to: 19 }, values: ['snat', 'dsr', 'hybrid'] }],
    defaults: [{ since: 8, value: 'snat', cite: 'v1.8.0 daemon/cmd/daemon_main.go:516' }],
  },
  {
    key: 'enable-tcx',
    versions: { from: 16 },
    values: 'bool',
    defaults: [
      { since: 16, value: 'true', cite: 'v1.16.0 daemon/cmd/daemon_main.go:745' },
      { since: 99, value: 'true', cite: 'main daemon/cmd/daemon_main.go:560' },
    ],
  },
];

export function keySpec(key: string): ConfigKeySpec | undefined {
  return CONFIG_KEYS.find((k) => k.key === key);
}
