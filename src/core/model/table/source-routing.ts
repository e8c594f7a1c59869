/**
 * Endpoint routes at the source: with enable-endpoint-routes the agent builds every endpoint without
 * ENABLE_ROUTING (`RequireRouting = &disabled`, then `if e.RequireRouting() { #define ENABLE_ROUTING }`,
 * v1.10.0 pkg/datapath/linux/config/config.go:727), so the sender's from-container skips the local
 * endpoint lookup (`if (is_defined(ENABLE_ROUTING) || hairpin_flow …)`) and hands a packet for a pod of
 * its own node to the stack, which routes it by the per-endpoint route to the destination's lxc device:
 * its to-container checks ingress policy, once. From v1.14 the lookup also runs with BPF host routing
 * (`|| is_defined(ENABLE_HOST_ROUTING)`). Data only; each row cites the condition in
 * handle_ipv4_from_lxc and the agent's line that clears RequireRouting.
 */
import type { DatapathConfig } from '../config';
import type { CiliumVersion, VersionRange } from '../versions';
import type { Cite } from './table-types';

export interface SourceRoutingRow {
  versions: VersionRange;
  /** `if (is_defined(ENABLE_ROUTING) || hairpin_flow …)` in handle_ipv4_from_lxc */
  condition: Cite;
  /** the agent's `RequireRouting = &disabled` for endpoint routes */
  requireRouting: Cite;
  /** the condition also holds with ENABLE_HOST_ROUTING (v1.14+) */
  hostRoutingLooksUp: boolean;
}

export const SOURCE_ROUTING: readonly SourceRoutingRow[] = [
  {
    versions: { from: 8, to: 8 },
    condition: 'v1.8.0 bpf/bpf_lxc.c:631',
    requireRouting: 'v1.8.0 daemon/cmd/endpoint.go:303',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 9, to: 9 },
    condition: 'v1.9.0 bpf/bpf_lxc.c:654',
    requireRouting: 'v1.9.0 daemon/cmd/endpoint.go:326',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 10, to: 10 },
    condition: 'v1.10.0 bpf/bpf_lxc.c:753',
    requireRouting: 'v1.10.0 daemon/cmd/endpoint.go:317',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 11, to: 11 },
    condition: 'v1.11.0 bpf/bpf_lxc.c:754',
    requireRouting: 'v1.11.0 daemon/cmd/endpoint.go:315',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 12, to: 12 },
    condition: 'v1.12.0 bpf/bpf_lxc.c:956',
    requireRouting: 'v1.12.0 daemon/cmd/endpoint.go:315',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 13, to: 13 },
    condition: 'v1.13.0 bpf/bpf_lxc.c:964',
    requireRouting: 'v1.13.0 daemon/cmd/endpoint.go:320',
    hostRoutingLooksUp: false,
  },
  {
    versions: { from: 14, to: 14 },
    condition: 'v1.14.0 bpf/bpf_lxc.c:1043',
    requireRouting: 'v1.14.0 daemon/cmd/endpoint.go:352',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 15, to: 15 },
    condition: 'v1.15.0 bpf/bpf_lxc.c:1079',
    requireRouting: 'v1.15.0 daemon/cmd/endpoint.go:363',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 16, to: 16 },
    condition: 'v1.16.0 bpf/bpf_lxc.c:1106',
    requireRouting: 'v1.16.0 daemon/cmd/endpoint.go:356',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 17, to: 17 },
    condition: 'v1.17.0 bpf/bpf_lxc.c:1156',
    requireRouting: 'v1.17.0 daemon/cmd/endpoint.go:362',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 18, to: 18 },
    condition: 'v1.18.0 bpf/bpf_lxc.c:1170',
    requireRouting: 'v1.18.0 pkg/endpoint/api/endpoint_api_manager.go:117',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 19, to: 19 },
    condition: 'v1.19.0 bpf/bpf_lxc.c:1121',
    requireRouting: 'v1.19.0 pkg/endpoint/api/endpoint_api_manager.go:117',
    hostRoutingLooksUp: true,
  },
  {
    versions: { from: 99 },
    condition: 'main bpf/bpf_lxc.c:1229',
    requireRouting: 'main pkg/endpoint/api/endpoint_api_manager.go:118',
    hostRoutingLooksUp: true,
  },
];

export interface SourceSkip {
  cite: Cite;
  note: string;
}

/**
 * Whether the sender's from-container skips the local endpoint lookup in this configuration (endpoint
 * routes, veth or netkit pods, and no BPF host routing where that would look up anyway).
 */
export function sourceSkipsLocalLookup(
  config: DatapathConfig,
  version: CiliumVersion,
): SourceSkip | undefined {
  if (!config.endpointRoutes || config.podLink === 'ipvlan') return undefined;
  const row = SOURCE_ROUTING.find(
    (r) => version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity),
  );
  if (!row) return undefined;
  if (row.hostRoutingLooksUp && config.hostRouting === 'bpf') return undefined;
  return {
    cite: row.condition,
    note: `Endpoint routes: the agent builds the endpoint without ENABLE_ROUTING (RequireRouting=false, ${row.requireRouting}), so ${row.hostRoutingLooksUp ? 'without BPF host routing ' : ''}the local endpoint lookup is skipped: a packet for a pod of this node goes to the stack, which routes it by the per-endpoint route to the destination's lxc device, whose to-container checks ingress policy.`,
  };
}

/**
 * v1.10–v1.12 (and v1.8–v1.9 never): the destination's policy program, built without ENABLE_ROUTING
 * (endpoint routes), in tunnel mode and without ENABLE_NODEPORT, does not redirect to the lxc device
 * after its ingress policy: `ctx_change_type(ctx, PACKET_HOST)` and `return CTX_ACT_OK`, so the stack
 * (conntrack, kube-proxy's reverse DNAT) routes it by the per-endpoint route, and to-container on the
 * lxc device runs next (v1.13+ does this in ipv4_local_delivery instead: local-delivery.ts).
 */
export interface PolicyToStackRow {
  versions: VersionRange;
  /** `#if !defined(ENABLE_ROUTING) && defined(TUNNEL_MODE) && !defined(ENABLE_NODEPORT)` in ipv4_policy */
  condition: Cite;
  /** `ctx_change_type(ctx, PACKET_HOST)` */
  changeType: Cite;
}

export const POLICY_TO_STACK: readonly PolicyToStackRow[] = [
  {
    versions: { from: 10, to: 10 },
    condition: 'v1.10.0 bpf/bpf_lxc.c:1451',
    changeType: 'v1.10.0 bpf/bpf_lxc.c:1460',
  },
  {
    versions: { from: 11, to: 11 },
    condition: 'v1.11.0 bpf/bpf_lxc.c:1463',
    changeType: 'v1.11.0 bpf/bpf_lxc.c:1472',
  },
  {
    versions: { from: 12, to: 12 },
    condition: 'v1.12.0 bpf/bpf_lxc.c:1858',
    changeType: 'v1.12.0 bpf/bpf_lxc.c:1867',
  },
];

/** Whether the destination's ipv4_policy hands the packet to the stack instead of redirect_ep. */
export function policyProgramToStack(config: DatapathConfig, version: CiliumVersion): SourceSkip | undefined {
  if (!config.endpointRoutes || config.podLink !== 'veth' || config.transport === 'native') return undefined;
  if (config.kubeProxyReplacement) return undefined;
  const row = POLICY_TO_STACK.find(
    (r) => version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity),
  );
  if (!row) return undefined;
  return {
    cite: row.changeType,
    note: `Endpoint routes in tunnel mode without kube-proxy replacement (${row.condition}): after the ingress policy the program marks the packet PACKET_HOST and returns CTX_ACT_OK instead of redirecting, so the stack routes it by the per-endpoint route to the lxc device, where to-container checks ingress policy again.`,
  };
}
