/**
 * Endpoint routes (enable-endpoint-routes): what ipv4_local_delivery does instead of the policy tail
 * call, per release. The agent then defines USE_BPF_PROG_FOR_INGRESS_POLICY (v1.10.0
 * pkg/datapath/linux/config/config.go:720) and attaches to-container to the lxc device's tc egress,
 * so ingress policy runs there. Each row cites the branch in lib/l3.h (lib/local_delivery.h from
 * v1.18) of its first release.
 */
import type { DatapathConfig } from '../config';
import type { CiliumVersion, VersionRange } from '../versions';
import type { Cite } from './table-types';

export interface LocalDeliveryRow {
  versions: VersionRange;
  /** the branch that replaces the tail call: `#if defined(USE_BPF_PROG_FOR_INGRESS_POLICY) …` */
  branch: Cite;
  /** `return redirect_ep(ctx, ep->ifindex, …)` to the lxc device */
  redirect: Cite;
  /** `return CTX_ACT_OK` (PACKET_HOST): the stack routes it by the endpoint route */
  toStack?: { cite: Cite; when: 'tunnel-mode' | 'from-tunnel' };
  /** FORCE_LOCAL_POLICY_EVAL_AT_SOURCE is the agent's default: the tail call stays */
  forcedByDefault?: Cite;
  /** BPF host routing keeps the policy at the source (FORCE_… from ENABLE_HOST_ROUTING, or !ENABLE_HOST_ROUTING) */
  hostRoutingKeepsTail?: Cite;
}

export const LOCAL_DELIVERY: readonly LocalDeliveryRow[] = [
  {
    versions: { from: 8, to: 9 },
    branch: 'v1.8.0 bpf/lib/l3.h:127',
    redirect: 'v1.8.0 bpf/lib/l3.h:130',
    forcedByDefault: 'v1.8.0 pkg/defaults/defaults.go:272',
  },
  {
    versions: { from: 10, to: 12 },
    branch: 'v1.10.0 bpf/lib/l3.h:139',
    redirect: 'v1.10.0 bpf/lib/l3.h:144',
    forcedByDefault: 'v1.10.0 pkg/defaults/defaults.go:304',
  },
  {
    versions: { from: 13, to: 13 },
    branch: 'v1.13.0 bpf/lib/l3.h:102',
    redirect: 'v1.13.0 bpf/lib/l3.h:118',
    toStack: { cite: 'v1.13.0 bpf/lib/l3.h:116', when: 'tunnel-mode' },
  },
  {
    versions: { from: 14, to: 14 },
    branch: 'v1.14.0 bpf/lib/l3.h:95',
    redirect: 'v1.14.0 bpf/lib/l3.h:111',
    toStack: { cite: 'v1.14.0 bpf/lib/l3.h:109', when: 'tunnel-mode' },
    hostRoutingKeepsTail: 'v1.14.0 bpf/lib/l3.h:22',
  },
  {
    versions: { from: 15, to: 16 },
    branch: 'v1.15.0 bpf/lib/l3.h:89',
    redirect: 'v1.15.0 bpf/lib/l3.h:107',
    toStack: { cite: 'v1.15.0 bpf/lib/l3.h:103', when: 'from-tunnel' },
    hostRoutingKeepsTail: 'v1.16.0 bpf/lib/l3.h:21',
  },
  {
    versions: { from: 17, to: 17 },
    branch: 'v1.17.0 bpf/lib/l3.h:83',
    redirect: 'v1.17.0 bpf/lib/l3.h:101',
    toStack: { cite: 'v1.17.0 bpf/lib/l3.h:97', when: 'from-tunnel' },
    hostRoutingKeepsTail: 'v1.17.0 bpf/lib/l3.h:84',
  },
  {
    versions: { from: 18, to: 18 },
    branch: 'v1.18.0 bpf/lib/local_delivery.h:141',
    redirect: 'v1.18.0 bpf/lib/local_delivery.h:159',
    toStack: { cite: 'v1.18.0 bpf/lib/local_delivery.h:155', when: 'from-tunnel' },
    hostRoutingKeepsTail: 'v1.18.0 bpf/lib/local_delivery.h:142',
  },
  {
    versions: { from: 19, to: 19 },
    branch: 'v1.19.0 bpf/lib/local_delivery.h:150',
    redirect: 'v1.19.0 bpf/lib/local_delivery.h:172',
    toStack: { cite: 'v1.19.0 bpf/lib/local_delivery.h:168', when: 'from-tunnel' },
    hostRoutingKeepsTail: 'v1.19.0 bpf/lib/local_delivery.h:149',
  },
  {
    versions: { from: 99 },
    branch: 'main bpf/lib/local_delivery.h:173',
    redirect: 'main bpf/lib/local_delivery.h:201',
    toStack: { cite: 'main bpf/lib/local_delivery.h:197', when: 'from-tunnel' },
    hostRoutingKeepsTail: 'main bpf/lib/local_delivery.h:172',
  },
];

export type EndpointRouteDelivery =
  | { kind: 'redirect-lxc'; cite: Cite; note: string }
  | { kind: 'to-stack'; cite: Cite; note: string }
  | { kind: 'policy-tail'; cite?: Cite; note?: string };

/**
 * What local delivery to a pod does in this configuration. `fromTunnel`: the packet came out of the
 * tunnel (from-overlay). Without endpoint routes, the tail call into the destination's policy program.
 */
export function endpointRouteDelivery(
  config: DatapathConfig,
  version: CiliumVersion,
  fromTunnel: boolean,
): EndpointRouteDelivery {
  if (!config.endpointRoutes || config.podLink === 'ipvlan') return { kind: 'policy-tail' };
  const row = LOCAL_DELIVERY.find(
    (r) => version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity),
  );
  if (!row) return { kind: 'policy-tail' };
  if (row.forcedByDefault)
    return {
      kind: 'policy-tail',
      cite: row.forcedByDefault,
      note: `force-local-policy-eval-at-source defaults to true in Cilium ${version.label} (FORCE_LOCAL_POLICY_EVAL_AT_SOURCE): the policy is checked at the source by the tail call; to-container on the lxc device runs after the redirect.`,
    };
  if (row.hostRoutingKeepsTail && config.hostRouting === 'bpf')
    return {
      kind: 'policy-tail',
      cite: row.hostRoutingKeepsTail,
      note: 'With BPF host routing the packet bypasses to-container (redirect_peer), so the policy is checked at the source.',
    };
  const tunnelled =
    row.toStack &&
    !config.kubeProxyReplacement &&
    (row.toStack.when === 'tunnel-mode' ? config.transport !== 'native' : fromTunnel);
  if (tunnelled && row.toStack)
    return {
      kind: 'to-stack',
      cite: row.toStack.cite,
      note: 'Endpoint routes without ENABLE_NODEPORT: ctx_change_type(PACKET_HOST) and return CTX_ACT_OK, so the stack (conntrack, kube-proxy) routes it by the per-endpoint route to the lxc device.',
    };
  return {
    kind: 'redirect-lxc',
    cite: row.redirect,
    note: 'Endpoint routes (USE_BPF_PROG_FOR_INGRESS_POLICY): set the identity mark and redirect_ep to the lxc device, whose to-container program checks ingress policy.',
  };
}
