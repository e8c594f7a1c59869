/**
 * The packet tracer: walks a packet from a source pod (or from a hook, "Simulate from here") to its
 * destination through the model, producing a Batfish-style hop list. The branches here follow the
 * mode's data (pod link, tunnel) — never a Cilium version number: versions only change names, which
 * come from the model tables.
 */
import { DatapathError, type HookName } from '../model/model-types';
import { mapNames, modeSpec } from '../model/modes';
import { isHookName } from '../model/programs';
import { versionOrDefault } from '../model/versions';
import { DEFAULT_TOPOLOGY } from '../topology/default-topology';
import { checkTopologyForMode, resolveTopology } from '../topology/parse-topology';
import { lookupRoute, routingTable } from '../topology/routes';
import type { ResolvedTopology, Topology, TopologyNode, TopologyPod } from '../topology/topology-types';
import { cidrContains, parseCidr, parseIpv4 } from '../util/ipv4';
import {
  endpointLookup,
  ipcacheLookup,
  ipv4TailCall,
  policySteps,
  policyTailCall,
  programRef,
} from './path-steps';
import { TraceContext, vethMac, type Endpoints } from './trace-context';
import type { Step, Trace } from './trace-types';

export interface TraceRequest {
  /** a DatapathMode; other text is answered with a clear error */
  mode: string;
  /** source pod name (or its IP) */
  from: string;
  /** destination pod name, pod IP, or an address outside every PodCIDR */
  to: string;
  ciliumVersion?: string;
  /** start the trace at this hook instead of the source pod ("Simulate from here") */
  /** a HookName; other text is answered with a clear error */
  startAt?: string;
}

const SIMULATABLE: HookName[] = ['from-container', 'from-overlay', 'from-netdev', 'policy'];
const checkedTopologies = new WeakMap<Topology, Set<string>>();

export function trace(request: TraceRequest, topology: Topology = DEFAULT_TOPOLOGY): Trace {
  const version = versionOrDefault(request.ciliumVersion ?? topology.ciliumVersion);
  const spec = modeSpec(request.mode, version);
  const checked = checkedTopologies.get(topology) ?? new Set<string>();
  if (!checked.has(spec.mode)) {
    checkTopologyForMode(topology, spec.mode);
    checked.add(spec.mode);
    checkedTopologies.set(topology, checked);
  }
  const topo = resolveTopology(topology, spec.mode);
  const ends = endpoints(topo, request.from, request.to);
  const startAt = request.startAt ?? 'from-container';
  if (!isHookName(startAt) || !SIMULATABLE.includes(startAt)) {
    throw new DatapathError(
      `A trace cannot start at "${startAt}": start at one of ${SIMULATABLE.join(', ')}.`,
      'unknown-hook',
    );
  }
  const ctx = new TraceContext(spec, version, mapNames(version), topo, ends);
  switch (startAt) {
    case 'from-container':
      sourceSide(ctx);
      break;
    case 'from-overlay':
      requireCrossNode(ctx, startAt);
      if (!spec.tunnel)
        throw notInMode(startAt, spec.label, 'it runs only on tunnel devices (VXLAN, Geneve)');
      encapsulate(ctx, true);
      overlayIngress(ctx, true);
      break;
    case 'from-netdev':
      requireCrossNode(ctx, startAt);
      if (spec.tunnel)
        throw notInMode(startAt, spec.label, 'tunnel traffic arrives through from-overlay; start there');
      netdevIngress(ctx);
      break;
    case 'policy': {
      if (!ends.dst)
        throw new DatapathError(
          'The policy program only runs for a destination pod; pick a pod as destination.',
          'unknown-pod',
        );
      const device = ctx.crossNode
        ? spec.tunnel
          ? spec.tunnel.device
          : ends.dstNode!.device
        : spec.podLink === 'veth'
          ? ends.src.hostVeth
          : 'eth0';
      policyHop(ctx, device);
      break;
    }
    default:
      throw new DatapathError(
        `A trace cannot start at "${startAt}": start at one of ${SIMULATABLE.join(', ')}.`,
        'unknown-hook',
      );
  }
  const last = ctx.hops[ctx.hops.length - 1];
  const lastStep = last?.steps[last.steps.length - 1];
  const disposition =
    lastStep?.type === 'deliver' ? 'delivered' : lastStep?.type === 'drop' ? 'dropped' : 'forwarded-to-stack';
  const scope = !ends.dst ? 'to an outside address' : ctx.crossNode ? 'cross-node' : 'same node';
  const seed = spec.mode === 'vxlan' || spec.mode === 'ipvlan';
  const isSeed =
    seed &&
    ends.src.name === 'pod0' &&
    ends.dst?.name === 'pod3' &&
    topology === DEFAULT_TOPOLOGY &&
    startAt === 'from-container';
  return {
    mode: spec.mode,
    ciliumVersion: version.label,
    source: { name: ends.src.name, ip: ends.src.ip, node: ends.src.node, endpointId: ends.src.endpointId },
    destination: ends.dst
      ? { name: ends.dst.name, ip: ends.dst.ip, node: ends.dst.node, endpointId: ends.dst.endpointId }
      : { name: ends.dstIp, ip: ends.dstIp },
    disposition,
    hops: ctx.hops,
    ...(startAt !== 'from-container' ? { startHook: startAt } : {}),
    summary: `${ends.src.name} → ${ends.dst?.name ?? ends.dstIp} (${scope}, ${spec.label}, Cilium ${version.label}${
      startAt !== 'from-container' ? `, from ${startAt}` : ''
    }): ${disposition} after ${ctx.hops.length} hops`,
    ...(isSeed
      ? { reference: spec.mode === 'vxlan' ? 'seed 001 (VXLAN pod-to-pod)' : 'seed 000 (IPVLAN pod-to-pod)' }
      : {}),
  };
}

function notInMode(hook: string, mode: string, why: string): DatapathError {
  return new DatapathError(`${hook} does not run on this path in ${mode} mode: ${why}.`, 'unknown-hook');
}

function requireCrossNode(ctx: TraceContext, hook: string): void {
  if (!ctx.crossNode) {
    throw new DatapathError(
      `${hook} only sees packets from another node: choose a destination pod on a different node than ${ctx.ends.src.name}.`,
      'unknown-pod',
    );
  }
}

function findPod(topo: ResolvedTopology, text: string): TopologyPod | undefined {
  return topo.pods.find((p) => p.name === text) ?? topo.pods.find((p) => p.ip === text);
}

function endpoints(topo: ResolvedTopology, from: string, to: string): Endpoints {
  const valid = topo.pods.map((p) => `${p.name} (${p.ip})`).join(', ');
  const src = findPod(topo, from);
  if (!src) throw new DatapathError(`Unknown source pod "${from}": pods are ${valid}.`, 'unknown-pod');
  const dst = findPod(topo, to);
  const srcNode = topo.nodes.find((n) => n.name === src.node)!;
  if (dst) {
    if (dst.name === src.name)
      throw new DatapathError(
        `Source and destination are both ${src.name}: pick another destination.`,
        'unknown-pod',
      );
    return { src, srcNode, dst, dstNode: topo.nodes.find((n) => n.name === dst.node)!, dstIp: dst.ip };
  }
  const ip = parseIpv4(to);
  if (ip === undefined)
    throw new DatapathError(
      `Unknown destination pod "${to}": pods are ${valid}, or give an IPv4 address.`,
      'unknown-pod',
    );
  const owner = topo.nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, ip));
  if (owner) {
    throw new DatapathError(
      `No pod has ${to}, which is in ${owner.name}'s PodCIDR ${owner.podCidr}: pods are ${valid}.`,
      'unknown-pod',
    );
  }
  return { src, srcNode, dstIp: to };
}

/** Pod → its first program, then the decision the program takes. */
function sourceSide(ctx: TraceContext): void {
  const { src, srcNode } = ctx.ends;
  const podNs = `pod:${src.name}`;
  if (ctx.spec.podLink === 'veth') {
    const changes = ctx.setEthernet(src.mac, vethMac(src));
    ctx.hop(
      src.node,
      'eth0',
      'driver',
      podNs,
      [
        {
          type: 'xmit',
          device: 'eth0',
          note: `${src.name} sends on its eth0; the veth pair hands it to ${src.hostVeth} in the host namespace.`,
        },
      ],
      {
        note: `veth pair: ${src.name}'s eth0 TX is ${src.hostVeth}'s RX.`,
        headerChanges: changes,
      },
    );
    fromContainer(ctx, src.hostVeth, 'tc-ingress', 'host');
  } else {
    const ipve = ctx.maps.ipvlanEntry(src.endpointId);
    const fromContainer = programRef(ctx, 'from-container');
    ctx.setEthernet(src.mac, srcNode.mac);
    ctx.hop(
      src.node,
      'eth0',
      'tc-egress',
      podNs,
      [
        {
          type: 'tail-call',
          map: ipve,
          key: 0,
          keyName: 'index 0',
          target: {
            file: fromContainer.file,
            function: fromContainer.function,
            section: fromContainer.section,
          },
          note: `The stub cilium-cni attached to ${src.name}'s eth0 tc egress tail-calls index 0 of ${ipve}, the per-pod prog array the agent pinned in the host namespace.`,
        },
      ],
      {
        program: {
          file: 'pkg/datapath/connector/ipvlan.go',
          section: 'polEntry',
          function: ctx.version.minor >= 10 ? 'getEntryProgInstructions' : 'loadEntryProg',
        },
        note: 'IPVLAN has no host-side device, so the LXC program cannot sit on a host veth: a 5-instruction stub (load map, key 0, tail call, return 0) runs on the pod eth0 egress instead.',
      },
    );
    fromContainerIn(ctx, 'eth0', 'tail-call', podNs, ipve);
  }
}

function fromContainer(ctx: TraceContext, device: string, hook: 'tc-ingress', namespace: string): void {
  fromContainerIn(ctx, device, hook, namespace);
}

function fromContainerIn(
  ctx: TraceContext,
  device: string,
  hook: 'tc-ingress' | 'tail-call',
  namespace: string,
  ipve?: string,
): void {
  const { src, srcNode, dst, dstNode } = ctx.ends;
  const program = programRef(ctx, 'from-container', ipve ? `${ipve}[0]` : undefined);
  const steps: Step[] = [ipv4TailCall(ctx, 'lxc', ctx.maps.lxcCalls(src.endpointId), program.file)];
  const tunnel = ctx.spec.tunnel;
  const remoteNode = dst && ctx.crossNode ? dstNode : undefined;
  steps.push(ipcacheLookup(ctx, tunnel && remoteNode ? remoteNode.ip : undefined));
  const local = dst && !ctx.crossNode ? dst : undefined;
  steps.push(endpointLookup(ctx, ctx.ends.dstIp, local));
  if (local) {
    steps.push(policyTailCall(ctx, local));
    ctx.hop(src.node, device, hook, namespace, steps, {
      program,
      note: `from-container sees ${local.name} is on this node.`,
    });
    policyHop(ctx, device);
    return;
  }
  if (tunnel && remoteNode) {
    steps.push({
      type: 'redirect',
      device: tunnel.device,
      tunnelEndpoint: remoteNode.ip,
      note: `Remote pod: set the tunnel key (remote ${remoteNode.ip}, VNI = source identity ${src.identity}) and redirect to ${tunnel.device}.`,
    });
    ctx.hop(src.node, device, hook, namespace, steps, { program });
    encapsulate(ctx, false);
    overlayIngress(ctx, false);
    return;
  }
  if (ctx.spec.podLink === 'ipvlan') {
    steps.push({
      type: 'xmit',
      device: srcNode.device,
      note: `Not local: return TC_ACT_OK and let the slave transmit. A program on an IPVLAN slave runs in the pod's namespace and cannot redirect to the master (${srcNode.device}) in the host namespace; the IPVLAN driver forwards it.`,
    });
    ctx.hop(src.node, device, hook, namespace, steps, { program });
    ctx.hop(
      src.node,
      srcNode.device,
      'driver',
      'host',
      [
        {
          type: 'xmit',
          device: srcNode.device,
          note: `No slave on ${src.node} owns ${ctx.ends.dstIp}: the IPVLAN driver hands the packet to the master ${srcNode.device}.`,
        },
      ],
      {
        note: 'IPVLAN driver: slave → master.',
      },
    );
  } else {
    steps.push({
      type: 'pass-to-stack',
      note: 'Not local and no tunnel: return TC_ACT_OK; the kernel routing table decides.',
    });
    ctx.hop(src.node, device, hook, namespace, steps, { program });
  }
  routeOut(ctx, srcNode, ctx.ends.dstIp);
  if (remoteNode) netdevIngress(ctx);
}

/** The node's routing table, then the wire. */
function routeOut(ctx: TraceContext, node: TopologyNode, destination: string): void {
  const table = routingTable(ctx.topology, node, ctx.spec.mode);
  const route = lookupRoute(table, destination);
  if (!route) {
    ctx.hop(node.name, node.device, 'routing', 'host', [
      { type: 'drop', reason: 'DROP_NO_ROUTE', note: `${node.name} has no route to ${destination}.` },
    ]);
    return;
  }
  const nextHopIp = route.gateway === '0.0.0.0' ? destination : route.gateway;
  const peer = ctx.topology.nodes.find((n) => n.ip === nextHopIp);
  const changes = ctx.headers.outer ? [] : ctx.setEthernet(node.mac, peer?.mac ?? 'gateway MAC');
  if (ctx.headers.outer) ctx.headers.outer.ethernet = { src: node.mac, dst: peer?.mac ?? 'gateway MAC' };
  ctx.hop(
    node.name,
    route.iface,
    'routing',
    'host',
    [
      {
        type: 'route',
        destination: `${route.destination}/${route.prefix}`,
        gateway: route.gateway,
        device: route.iface,
        flags: route.flags,
        note:
          route.gateway === '0.0.0.0'
            ? `${destination} is on the directly connected subnet ${route.destination}/${route.prefix} (${route.iface}).`
            : `Route ${route.destination}/${route.prefix} via ${route.gateway} dev ${route.iface}${
                peer ? ` — installed when ${peer.name} joined, from its PodCIDR and address` : ''
              }.`,
      },
      { type: 'xmit', device: route.iface, note: `Sent out of ${route.iface}.` },
    ],
    { headerChanges: changes },
  );
  if (!peer) {
    ctx.hops[ctx.hops.length - 1]!.steps.push({
      type: 'pass-to-stack',
      note: `The packet leaves the cluster towards ${route.gateway}.`,
    });
    return;
  }
  const outer = ctx.headers.outer;
  ctx.hop(`${node.name} → ${peer.name}`, 'physical network', 'wire', 'network', [], {
    note: outer
      ? `UDP ${outer.udp.dstPort} ${outer.ip.src} → ${outer.ip.dst} carrying ${ctx.headers.ip.src} → ${ctx.headers.ip.dst}.`
      : `${ctx.headers.ip.src} → ${ctx.headers.ip.dst}, no tunnel: the nodes share one L2 subnet.`,
  });
}

/** Tunnel device on the source node encapsulates; the destination node decapsulates. */
function encapsulate(ctx: TraceContext, startHere: boolean): void {
  const tunnel = ctx.spec.tunnel!;
  const { src, srcNode, dstNode } = ctx.ends;
  const outer = {
    srcIp: srcNode.ip,
    dstIp: dstNode!.ip,
    dstPort: tunnel.port,
    vni: src.identity,
    protocol: tunnel.protocol,
  };
  if (!startHere) {
    ctx.headers.outer = {
      ip: { src: outer.srcIp, dst: outer.dstIp, protocol: 'UDP' },
      udp: { dstPort: outer.dstPort },
      tunnel: { protocol: tunnel.protocol, vni: outer.vni },
    };
    ctx.hop(
      src.node,
      tunnel.device,
      'driver',
      'host',
      [
        {
          type: 'encap',
          device: tunnel.device,
          outer,
          note: `${tunnel.device} adds ${tunnel.protocol.toUpperCase()} + outer Ethernet/IP/UDP headers: ${outer.srcIp} → ${outer.dstIp} UDP ${outer.dstPort}, VNI ${outer.vni} (the source security identity).`,
        },
      ],
      {
        headerChanges: [
          `added outer IP ${outer.srcIp} → ${outer.dstIp}`,
          `added UDP dport ${outer.dstPort}`,
          `added ${tunnel.protocol.toUpperCase()} VNI ${outer.vni}`,
        ],
      },
    );
    routeOut(ctx, srcNode, dstNode!.ip);
    ctx.hop(
      dstNode!.name,
      dstNode!.device,
      'stack',
      'host',
      [{ type: 'pass-to-stack', note: `UDP port ${outer.dstPort} belongs to ${tunnel.device}'s socket.` }],
      {
        note: `${dstNode!.name}'s ${dstNode!.device} receives the UDP packet.`,
      },
    );
  }
  ctx.headers.outer = undefined;
  ctx.hop(
    dstNode!.name,
    tunnel.device,
    'driver',
    'host',
    [
      {
        type: 'decap',
        device: tunnel.device,
        outer,
        note: `${tunnel.device} strips the outer headers; the tunnel key keeps VNI ${outer.vni}.`,
      },
    ],
    {
      headerChanges: ['removed outer Ethernet/IP/UDP and tunnel header'],
    },
  );
}

function overlayIngress(ctx: TraceContext, _startHere: boolean): void {
  const tunnel = ctx.spec.tunnel!;
  const { src, dst, dstNode } = ctx.ends;
  const program = programRef(ctx, 'from-overlay');
  const steps: Step[] = [
    ipv4TailCall(ctx, 'overlay', ctx.maps.overlayCalls, program.file),
    {
      type: 'lookup' as const,
      map: 'tunnel key',
      key: 'skb_get_tunnel_key()',
      result: `source identity ${src.identity}`,
      note: `The VNI carries the sender's security identity (${src.identity}).`,
    },
    endpointLookup(ctx, ctx.ends.dstIp, dst),
  ];
  if (dst) steps.push(policyTailCall(ctx, dst));
  ctx.hop(dstNode!.name, tunnel.device, 'tc-ingress', 'host', steps, { program });
  if (dst) policyHop(ctx, tunnel.device);
}

function netdevIngress(ctx: TraceContext): void {
  const { src, dst, dstNode } = ctx.ends;
  const node = dstNode!;
  const program = programRef(ctx, 'from-netdev');
  const steps: Step[] = [
    ipv4TailCall(ctx, 'netdev', ctx.maps.netdevCalls, program.file),
    {
      type: 'lookup' as const,
      map: ctx.maps.ipcache,
      key: src.ip,
      result: `source identity ${src.identity}`,
      note: 'No tunnel key: the source identity comes from the ipcache.',
    },
    endpointLookup(ctx, ctx.ends.dstIp, dst),
  ];
  if (dst) steps.push(policyTailCall(ctx, dst));
  ctx.hop(node.name, node.device, 'tc-ingress', 'host', steps, {
    program,
    note:
      ctx.spec.podLink === 'ipvlan'
        ? `${node.device} is the IPVLAN master; from-netdev runs on its tc ingress.`
        : undefined,
  });
  if (dst) policyHop(ctx, node.device);
}

/** handle_policy of the destination, then the hand-off to the pod. */
function policyHop(ctx: TraceContext, device: string): void {
  const dst = ctx.ends.dst!;
  const node = ctx.node(dst.node);
  const program = programRef(ctx, 'policy', `${ctx.maps.policy}[${dst.endpointId}]`);
  const steps = policySteps(ctx, dst);
  const namespace = ctx.hops[ctx.hops.length - 1]?.namespace ?? 'host';
  if (ctx.spec.podLink === 'veth') {
    steps.push({
      type: 'redirect',
      device: dst.hostVeth,
      note: `Redirect to ${dst.name}'s veth (${dst.hostVeth}).`,
    });
    const changes = ctx.setEthernet(vethMac(dst), dst.mac);
    ctx.hop(dst.node, device, 'tail-call', namespace, steps, { program, headerChanges: changes });
    ctx.hop(
      dst.node,
      'eth0',
      'driver',
      `pod:${dst.name}`,
      [
        {
          type: 'deliver',
          device: 'eth0',
          pod: dst.name,
          note: `What leaves ${dst.hostVeth} arrives on ${dst.name}'s eth0.`,
        },
      ],
      {
        note: `veth pair: ${dst.hostVeth} ↔ ${dst.name} eth0.`,
      },
    );
    return;
  }
  steps.push({
    type: 'xmit',
    device: 'eth0',
    note: `Return TC_ACT_OK (no ENABLE_HOST_REDIRECT for IPVLAN endpoints): the packet is transmitted and the IPVLAN driver picks the slave that owns ${dst.ip}.`,
  });
  ctx.hop(dst.node, device, 'tail-call', namespace, steps, { program });
  const changes = ctx.setEthernet(node.mac, dst.mac);
  ctx.hop(
    dst.node,
    node.device,
    'driver',
    'host',
    [
      {
        type: 'xmit',
        device: 'eth0',
        note: `IPVLAN driver: ${dst.ip} belongs to ${dst.name}'s slave eth0; deliver there directly.`,
      },
    ],
    {
      note: ctx.crossNode
        ? 'IPVLAN driver: master → slave.'
        : 'IPVLAN driver: slave → slave on the same node.',
      headerChanges: changes,
    },
  );
  ctx.hop(dst.node, 'eth0', 'driver', `pod:${dst.name}`, [
    {
      type: 'deliver',
      device: 'eth0',
      pod: dst.name,
      note: `Delivered on ${dst.name}'s eth0 (an IPVLAN slave sharing the master's MAC).`,
    },
  ]);
}
