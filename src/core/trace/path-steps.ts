/** The steps each program takes, built from the model tables (map names, slots, function names). */
import { ipv4Slot, policyIpv4Slot } from '../model/modes';
import { programFor } from '../model/programs';
import type { HookName } from '../model/model-types';
import type { TopologyPod } from '../topology/topology-types';
import type { TraceContext } from './trace-context';
import type { ProgramRef, Step, TailCallStep } from './trace-types';

export function programRef(ctx: TraceContext, hook: HookName, via?: string): ProgramRef {
  const p = programFor(hook, ctx.version)!;
  return { file: p.file, section: p.section, function: p.function, hook, ...(via ? { via } : {}) };
}

/** The object's own calls-map jump into its IPv4 handler (CILIUM_CALL_IPV4_FROM_LXC and aliases). */
export function ipv4TailCall(
  ctx: TraceContext,
  object: 'lxc' | 'overlay' | 'netdev',
  map: string,
  file: string,
): TailCallStep {
  const slot = ipv4Slot(ctx.version, object);
  const conditional = object === 'lxc' && ctx.version.minor < 12;
  return {
    type: 'tail-call',
    map,
    key: slot.value,
    keyName: slot.id,
    target: { file, function: slot.fn },
    note: `Tail call through this object's calls map, slot ${slot.id} (${slot.value}), into ${slot.fn}${
      conditional ? ' (a real tail call in dual-stack builds; inlined when only IPv4 is enabled)' : ''
    }.`,
  };
}

export function policyTailCall(ctx: TraceContext, dst: TopologyPod): TailCallStep {
  const policy = programFor('policy', ctx.version)!;
  return {
    type: 'tail-call',
    map: ctx.maps.policy,
    key: dst.endpointId,
    keyName: `endpoint id of ${dst.name}`,
    target: { file: policy.file, function: policy.function, section: policy.section },
    note: `The destination is a local pod: tail call ${ctx.maps.policy}[${dst.endpointId}] (${dst.name}'s endpoint id) runs ${dst.name}'s ${policy.function}() instead of redirecting to its device and running a program there.`,
  };
}

export function endpointLookup(ctx: TraceContext, ip: string, hit: TopologyPod | undefined): Step {
  return {
    type: 'lookup',
    map: ctx.maps.endpoints,
    key: ip,
    result: hit
      ? `local endpoint ${hit.name}, endpoint id ${hit.endpointId}`
      : 'miss: not an endpoint on this node',
    note: hit ? `${ip} is a pod on this node (${hit.name}).` : `${ip} is not on this node.`,
  };
}

export function ipcacheLookup(ctx: TraceContext, tunnelEndpoint?: string): Step {
  const dst = ctx.ends.dst;
  const identity = dst ? `identity ${dst.identity}` : 'identity 2 (reserved:world)';
  return {
    type: 'lookup',
    map: ctx.maps.ipcache,
    key: ctx.ends.dstIp,
    result: tunnelEndpoint ? `${identity}, tunnel endpoint ${tunnelEndpoint}` : identity,
    note: tunnelEndpoint
      ? `The ipcache gives the destination's security identity and the node that hosts it (${tunnelEndpoint}).`
      : "The ipcache gives the destination's security identity for the egress policy check.",
  };
}

/** The destination's ingress policy program, reached through the policy prog array. */
export function policySteps(ctx: TraceContext, dst: TopologyPod): Step[] {
  const slot = policyIpv4Slot(ctx.version);
  return [
    {
      type: 'tail-call',
      map: ctx.maps.lxcCalls(dst.endpointId),
      key: slot.value,
      keyName: slot.id,
      target: { file: 'bpf/bpf_lxc.c', function: slot.fn },
      note: `Tail call ${slot.id} (${slot.value}) in ${dst.name}'s own calls map into ${slot.fn} (inlined unless dual-stack).`,
    },
    {
      type: 'lookup',
      map: `cilium_policy_${dst.endpointId}`,
      key: `identity ${ctx.ends.src.identity}, ingress`,
      result: 'allow',
      note: `${dst.name}'s ingress policy allows the source identity ${ctx.ends.src.identity}.`,
    },
  ];
}
