/** Mutable state while a trace is built: the hop list and the packet headers as they change. */
import type { ModeSpec, MapNames } from '../model/modes';
import type { CiliumVersion } from '../model/versions';
import type { ResolvedTopology, TopologyNode, TopologyPod } from '../topology/topology-types';
import type { Hop, HookKind, PacketHeaders, ProgramRef, Step } from './trace-types';

export interface Endpoints {
  src: TopologyPod;
  srcNode: TopologyNode;
  /** undefined when the destination is an address outside every pod */
  dst?: TopologyPod;
  dstNode?: TopologyNode;
  dstIp: string;
}

export class TraceContext {
  readonly hops: Hop[] = [];
  headers: PacketHeaders;

  constructor(
    readonly spec: ModeSpec,
    readonly version: CiliumVersion,
    readonly maps: MapNames,
    readonly topology: ResolvedTopology,
    readonly ends: Endpoints,
  ) {
    this.headers = {
      ethernet: { src: ends.src.mac, dst: '' },
      ip: { src: ends.src.ip, dst: ends.dstIp, protocol: 'TCP' },
    };
  }

  get crossNode(): boolean {
    return !!this.ends.dstNode && this.ends.dstNode.name !== this.ends.srcNode.name;
  }

  node(name: string): TopologyNode {
    return this.topology.nodes.find((n) => n.name === name)!;
  }

  hop(
    node: string,
    device: string,
    hook: HookKind,
    namespace: string,
    steps: Step[],
    extra: { program?: ProgramRef; note?: string; headerChanges?: string[] } = {},
  ): Hop {
    const hop: Hop = {
      index: this.hops.length,
      node,
      device,
      hook,
      namespace,
      ...(extra.program ? { program: extra.program } : {}),
      steps,
      headers: structuredCloneHeaders(this.headers),
      ...(extra.headerChanges?.length ? { headerChanges: extra.headerChanges } : {}),
      ...(extra.note ? { note: extra.note } : {}),
    };
    this.hops.push(hop);
    return hop;
  }

  setEthernet(src: string, dst: string): string[] {
    const before = this.headers.ethernet;
    this.headers.ethernet = { src, dst };
    if (!before || (before.src === src && before.dst === dst))
      return before ? [] : [`Ethernet ${src} → ${dst}`];
    return [`Ethernet ${before.src || '?'} → ${before.dst || '?'} became ${src} → ${dst}`];
  }
}

function structuredCloneHeaders(h: PacketHeaders): PacketHeaders {
  return {
    ...(h.ethernet ? { ethernet: { ...h.ethernet } } : {}),
    ip: { ...h.ip },
    ...(h.outer
      ? {
          outer: {
            ...(h.outer.ethernet ? { ethernet: { ...h.outer.ethernet } } : {}),
            ip: { ...h.outer.ip },
            udp: { ...h.outer.udp },
            tunnel: { ...h.outer.tunnel },
          },
        }
      : {}),
  };
}

/** Host-side veth MAC: deterministic from the pod's MAC (Cilium's ARP responder answers with it). */
export function vethMac(pod: TopologyPod): string {
  return 'fe' + pod.mac.slice(2);
}
