/**
 * Masquerading of pod traffic leaving the cluster, per release (data only).
 * iptables (enable-ipv4-masquerade without enable-bpf-masquerade): the agent's rule in CILIUM_POST_nat,
 * `! -d <exclusion CIDR> -s <local PodCIDR> ! -o cilium_+ -j MASQUERADE` ("cilium masquerade
 * non-cluster"), installed only when BPF masquerade is off (v1.10.0 pkg/datapath/iptables/iptables.go:1210).
 * BPF masquerade needs BPF NodePort (kube-proxy replacement): v1.10 falls back to iptables with a
 * warning (v1.10.0 daemon/cmd/daemon.go:598-620), v1.16 refuses to start (v1.16.0 daemon/cmd/daemon.go:670-683).
 */
import type { CiliumVersion } from '../versions';
import { pick } from '../versions';
import type { Cite } from './table-types';
import type { DatapathConfig } from '../config';

/** The line of the agent's MASQUERADE rule in each release. */
const IPTABLES_RULE: Array<{ since: number; cite: Cite }> = [
  { since: 4, cite: 'v1.4.0 pkg/datapath/iptables/iptables.go:363' },
  { since: 5, cite: 'v1.5.0 pkg/datapath/iptables/iptables.go:389' },
  { since: 6, cite: 'v1.6.0 pkg/datapath/iptables/iptables.go:747' },
  { since: 7, cite: 'v1.7.0 pkg/datapath/iptables/iptables.go:837' },
  { since: 8, cite: 'v1.8.0 pkg/datapath/iptables/iptables.go:921' },
  { since: 9, cite: 'v1.9.0 pkg/datapath/iptables/iptables.go:955' },
  { since: 10, cite: 'v1.10.0 pkg/datapath/iptables/iptables.go:1003' },
  { since: 11, cite: 'v1.11.0 pkg/datapath/iptables/iptables.go:1130' },
  { since: 12, cite: 'v1.12.0 pkg/datapath/iptables/iptables.go:1114' },
  { since: 13, cite: 'v1.13.0 pkg/datapath/iptables/iptables.go:1149' },
  { since: 14, cite: 'v1.14.0 pkg/datapath/iptables/iptables.go:1253' },
  { since: 15, cite: 'v1.15.0 pkg/datapath/iptables/iptables.go:1372' },
  { since: 16, cite: 'v1.16.0 pkg/datapath/iptables/iptables.go:1326' },
  { since: 17, cite: 'v1.17.0 pkg/datapath/iptables/iptables.go:1814' },
  { since: 18, cite: 'v1.18.0 pkg/datapath/iptables/iptables.go:1861' },
  { since: 19, cite: 'v1.19.0 pkg/datapath/iptables/iptables.go:2097' },
  { since: 20, cite: 'main pkg/datapath/iptables/iptables.go:2191' },
];

export function iptablesMasqueradeCite(version: CiliumVersion): Cite {
  return (pick(IPTABLES_RULE, version) ?? IPTABLES_RULE[0]!).cite;
}

/**
 * Why the agent would not run BPF masquerade in this configuration, or undefined when it does. It needs
 * BPF NodePort (kube-proxy replacement) in every release (v1.10.0 daemon/cmd/daemon.go:598-606;
 * v1.16.0 daemon/cmd/daemon.go:670-677), and in tunnel mode up to v1.15 the socket LB
 * (v1.10.0 daemon/cmd/daemon.go:600 hasFullHostReachableServices; v1.14.0 daemon/cmd/daemon.go:945;
 * gone from the v1.16.0 check). v1.10–v1.12 fall back to iptables masquerading with a warning;
 * later releases refuse to start.
 */
export function bpfMasqueradeProblem(config: DatapathConfig, version: CiliumVersion): string | undefined {
  if (!config.bpfMasquerade) return undefined;
  const outcome =
    version.minor <= 12
      ? `Cilium ${version.label} falls back to iptables masquerading`
      : `Cilium ${version.label} refuses to start`;
  if (!config.ipv4Masquerade)
    return 'BPF masquerade without enable-ipv4-masquerade is turned off by the agent (v1.10.0 daemon/cmd/daemon.go:642-646).';
  if (!config.kubeProxyReplacement)
    return `BPF masquerade requires NodePort (kube-proxy replacement): ${outcome} (v1.10.0 daemon/cmd/daemon.go:598-606, v1.16.0 daemon/cmd/daemon.go:670-677). Add --kube-proxy-replacement true.`;
  if (config.transport !== 'native' && !config.socketLB && version.minor <= 15)
    return `BPF masquerade in tunnel mode requires the socket LB up to v1.15: ${outcome} (v1.10.0 daemon/cmd/daemon.go:600, v1.14.0 daemon/cmd/daemon.go:945). Add --socket-lb true.`;
  return undefined;
}
