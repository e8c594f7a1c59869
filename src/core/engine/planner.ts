/**
 * The planner: walks a packet from its source through the kernel and the programs the model attaches
 * on its way, and returns the plan (no verdicts). What a program does comes from the behaviour table
 * (src/core/model/table/behaviours-*.ts), where it runs from the attachment table; this file only
 * knows what the kernel does between programs (veth pairs, the IPVLAN driver, routing, the wire,
 * the tunnel driver, the stack).
 */
import { DatapathError } from '../model/model-types';
import { isHookName } from '../model/programs';
import { evalBuildCondition } from '../model/build-condition';
import { buildDefines, tunnelOf, type DatapathConfig, type TunnelSpec } from '../model/config';
import type { CiliumVersion } from '../model/versions';
import { attachedAt, attachKindOf, type AttachKind, type DeviceRole } from '../model/table/attachments';
import { endpointRouteDelivery } from '../model/table/local-delivery';
import { policyProgramToStack, sourceSkipsLocalLookup } from '../model/table/source-routing';
import { wireguardMarkOf, wireguardTunnelOf, type WireguardMarkRow } from '../model/table/wireguard';
import {
  ipsecNetdevOf,
  ipsecOf,
  minEncryptKey,
  type IpsecNetdevRow,
  type IpsecRow,
} from '../model/table/ipsec';
import { behaviourOf } from '../model/table/behaviours';
import { forFamily, mapNames, type MapNames } from '../model/table/map-names';
import { namesOf } from '../model/table/program-names';
import { tunnelIdentity } from '../model/table/tunnel-identity';
import { iptablesMasqueradeCite } from '../model/table/masquerade';
import { socketLbOf } from '../model/table/socket-lb';
import {
  nodePortRemoteOf,
  NODEPORT_REMOTE_RELEASES,
  remoteNodePortMode,
} from '../model/table/nodeport-remote';
import { dsrBackendStep, dsrForwardSteps, revNat, snatForwardSteps, tailStep } from './nodeport-steps';
import type { Action, Exit, Guard, ProgramId } from '../model/table/table-types';
import { lookupRoute, onLink, routingTable } from '../topology/routes';
import type { ResolvedTopology, TopologyNode, TopologyPod, TopologyRoute } from '../topology/topology-types';
import type {
  HookKind,
  OuterHeaders,
  OuterLayer,
  PacketHeaders,
  ProgramRef,
  Step,
} from '../trace/trace-types';
import { cidrContains, ipFamily, parseCidr } from '../util/ip';
import type { Endpoints } from './endpoints';
import type { KernelSegment, PendingVerdict, Plan, ProgramSegment, Segment } from './plan-types';

export interface PlanInput {
  config: DatapathConfig;
  /** the preset name the routing table is derived for */
  mode: 'vxlan' | 'geneve' | 'native' | 'ipvlan';
  version: CiliumVersion;
  topology: ResolvedTopology;
  ends: Endpoints;
  protocol: string;
  /** the packet's IP family (default 4): an IPv6 packet runs the programs' IPv6 rows */
  family?: 4 | 6;
}

/** A place the packet is at, on a node, as a tc hook would see it. */
interface Where {
  node: TopologyNode;
  device: string;
  role: DeviceRole;
  namespace: string;
}

const MAX_SEGMENTS = 120;

/** WireGuard's listen port (v1.16.0 pkg/wireguard/types/types.go:9) */
const WIREGUARD_PORT = 51871;
const WIREGUARD_PORT_CITE = 'v1.16.0 pkg/wireguard/types/types.go:9';

const RESERVED = { host: 1, world: 2, remoteNode: 6 } as const;

/**
 * The key index (SPI) every node is assumed to advertise in its CiliumNode (spec.encryption.key) when
 * the topology gives none: the "3+ rfc4106(gcm(aes)) …" key of Cilium's IPsec guide.
 */
const ASSUMED_IPSEC_KEY = 3;

/** bpf_lxc programs that run for the destination endpoint (its own calls map). */
const INGRESS_PROGRAMS: ReadonlySet<ProgramId> = new Set<ProgramId>([
  'lxc/policy',
  'lxc/ct-ingress-policy-only',
  'lxc/ipv4-policy',
  'lxc/to-container',
  'lxc/ct-ingress',
  'lxc/to-endpoint',
  'lxc/ipv6-ct-ingress-policy-only',
  'lxc/ipv6-policy',
]);

/** bpf_lxc programs that run for the sending endpoint on its way out (its from-container). */
const SOURCE_LXC_PROGRAMS: ReadonlySet<ProgramId> = new Set<ProgramId>([
  'lxc/from-container',
  'lxc/ipv4-from-lxc',
  'lxc/ipv4-from-lxc-cont',
]);

export function planPath(input: PlanInput): Plan {
  return new Planner(input).run();
}

class Planner {
  private readonly segments: Segment[] = [];
  private headers: PacketHeaders;
  private readonly maps: MapNames;
  private readonly defines: ReadonlySet<string>;
  private readonly tunnel: TunnelSpec | undefined;
  private final: Plan['final'] = 'forwarded-to-stack';
  private readonly family: 4 | 6;
  /** what the release decided on the way (a fallback), for the trace's assumptions */
  private readonly notes: string[] = [];
  /** the identity a NodePort request carries in the tunnel header (world from v1.12), when it overrides the sender's */
  private vniIdentity: number | undefined;
  /** a DSR request: the frontend its IPv4 option carries to the backend's node */
  private dsrFrontend: string | undefined;
  /** the reply of a NodePort request has been translated back */
  private nodePortReplied = false;
  /** v1.10–v1.13 WireGuard: from-container set MARK_MAGIC_ENCRYPT; the next route lookup follows the ip rule */
  private wgMark: WireguardMarkRow | undefined;
  /** IPsec: from-container set MARK_MAGIC_ENCRYPT | key << 12; the next route lookup follows rule 1 */
  private ipsecMark: { row: IpsecRow; key: number } | undefined;
  /** IPsec: xfrm decrypted the packet and re-inserted it on the device, still marked MARK_MAGIC_DECRYPT */
  private ipsecDecrypted = false;
  /** the ESP packet's SPI while it is encrypted */
  private ipsecRow: IpsecRow | undefined;
  /** IPsec at the native device (main): cil_to_netdev marked the packet and sent it to cilium_net */
  private ipsecNetdevMark: { row: IpsecNetdevRow; key: number; peer: TopologyNode } | undefined;
  /** what the next program segment's note should start with (the kernel left the packet so) */
  private pendingNote: string | undefined;

  constructor(private readonly input: PlanInput) {
    this.maps = forFamily(mapNames(input.version), input.version, input.family ?? 4);
    this.tunnel = tunnelOf(input.config);
    this.defines = buildDefines(input.config, input.version);
    this.family = input.family ?? 4;
    const { src, dstIp } = input.ends;
    this.headers = {
      ethernet: { src: src.mac, dst: '' },
      ip: { src: src.ip, dst: dstIp, protocol: input.protocol.toUpperCase() },
    };
  }

  run(): Plan {
    const { src, srcNode } = this.input.ends;
    if (this.input.ends.srcKind === 'node') {
      this.fromHostStack(srcNode);
      return this.plan();
    }
    if (this.input.ends.srcKind === 'external') {
      this.fromOutside(srcNode);
      return this.plan();
    }
    if (this.input.ends.service && this.input.config.socketLB) this.socketLb(srcNode, `pod:${src.name}`);
    if (this.input.config.podLink === 'veth') {
      const changes = this.setEthernet(src.mac, vethMac(src));
      this.kernel(
        srcNode,
        'eth0',
        'driver',
        `pod:${src.name}`,
        [
          {
            type: 'xmit',
            device: 'eth0',
            note: `${src.name} sends on its eth0; the veth pair hands it to ${src.hostVeth} in the host namespace.`,
          },
        ],
        { note: `veth pair: ${src.name}'s eth0 TX is ${src.hostVeth}'s RX.`, headerChanges: changes },
      );
      this.hook({ node: srcNode, device: src.hostVeth, role: 'lxc-veth', namespace: 'host' }, 'ingress');
    } else if (this.netkit()) {
      // netkit: from-container runs on the transmit of the pod's eth0 (the netkit peer), before the
      // packet crosses to the host side; in L3 mode the pair has no MAC addresses
      if (this.input.config.podLink === 'netkit') delete this.headers.ethernet;
      else this.setEthernet(src.mac, vethMac(src));
      this.hook(
        { node: srcNode, device: 'eth0', role: 'netkit-peer', namespace: `pod:${src.name}` },
        'egress',
      );
    } else {
      this.setEthernet(src.mac, srcNode.mac);
      this.hook({ node: srcNode, device: 'eth0', role: 'pod-eth0', namespace: `pod:${src.name}` }, 'egress');
    }
    return this.plan();
  }

  private plan(): Plan {
    return {
      segments: this.segments,
      final: this.final,
      ...(this.notes.length ? { notes: this.notes } : {}),
    };
  }

  /**
   * A process in the node's host namespace sends: the kernel routes it (PodCIDR routes go through
   * cilium_host, whose egress program sees it as from the host).
   */
  private fromHostStack(node: TopologyNode): void {
    const src = this.input.ends.src;
    const service = this.input.ends.service;
    if (service && this.input.config.socketLB) this.socketLb(node, 'host');
    else if (service && this.input.config.kubeProxyReplacement)
      throw new DatapathError(
        `With kube-proxy replacement but no socket LB, a Service address reached from ${node.name}'s host namespace is not translated at connect() and bpf_host's from-host does no Service lookup; this is not modelled. Trace it with --socket-lb true, or without kube-proxy replacement (kube-proxy's iptables).`,
        'invalid-config',
      );
    this.kernel(
      node,
      'host stack',
      'stack',
      'host',
      [
        {
          type: 'xmit',
          device: 'routing',
          note: `A process in ${node.name}'s host namespace sends to ${this.input.ends.dstIp}; the kernel picks source ${src.ip}${
            src.ip === node.ciliumHostIp
              ? ' (the src of the route Cilium installed through cilium_host: its router address)'
              : ` (${node.device}'s address)`
          }.`,
        },
      ],
      { note: `${node.name} host namespace (not a pod): the sender's identity is reserved:host.` },
    );
    if (service && !this.input.config.socketLB) this.kubeProxyDnat(node);
    this.route(node);
  }

  /** A packet from outside the cluster arrives on the node's native device. */
  private fromOutside(node: TopologyNode): void {
    this.headers.ethernet = { src: 'gateway MAC', dst: node.mac };
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: `outside → ${node.name}`,
      device: 'physical network',
      hook: 'wire',
      namespace: 'network',
      headers: cloneHeaders(this.headers),
      steps: [],
      note: `${this.headers.ip.src} → ${this.headers.ip.dst}: from outside the cluster through ${node.gateway ?? 'the gateway'} to ${node.name}'s ${node.device}.`,
    });
    this.hook({ node, device: node.device, role: 'native', namespace: 'host' }, 'ingress');
  }

  /** The reply of a masqueraded flow reaches the node address: netfilter's conntrack undoes MASQUERADE. */
  private iptablesRevSnat(node: TopologyNode): boolean {
    const m = this.input.ends.reply?.masquerade;
    if (!m || m.by !== 'iptables' || this.currentDst() !== node.ip || m.node.name !== node.name) return false;
    const before = this.headers.ip.dst;
    const arriving = cloneHeaders(this.headers);
    this.headers.ip = { ...this.headers.ip, dst: m.podIp };
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device: 'netfilter',
      hook: 'stack',
      namespace: 'host',
      headers: arriving,
      steps: [
        {
          type: 'nat',
          kind: 'rev-snat',
          before: { ip: before },
          after: { ip: m.podIp },
          by: 'iptables',
          cite: iptablesMasqueradeCite(this.input.version),
          note: `The reply matches the conntrack entry MASQUERADE created: netfilter rewrites the destination ${before} back to the pod ${m.podIp} in PREROUTING, before routing.`,
        },
      ],
      headerChanges: [`destination ${before} became ${m.podIp} (reverse masquerade)`],
      note: 'netfilter conntrack (nat table) on the way in.',
    });
    return true;
  }

  /** The reverse translations a reply gets in BPF (model rows: lb4_rev_nat, nodeport_lb4's rev-SNAT). */
  private reverseNat(action: Extract<Action, { do: 'nat' }>, fn: string, segment: ProgramSegment): Step[] {
    if (action.kind === 'rev-dnat') {
      const f = this.input.ends.reply!.forward;
      const svc = f.service!;
      const before = { ip: this.headers.ip.src, port: svc.backendPort };
      const after = { ip: svc.svc.clusterIP, port: svc.port.port };
      this.headers.ip = { ...this.headers.ip, src: after.ip };
      segment.headerChanges = [
        ...(segment.headerChanges ?? []),
        `source ${before.ip}:${before.port} became ${after.ip}:${after.port} (Service reverse NAT)`,
      ];
      return [
        {
          type: 'nat',
          kind: 'rev-dnat',
          before,
          after,
          map: this.maps.revNat,
          by: 'bpf',
          function: fn,
          cite: action.cite,
          note: `${action.fn}: the reply matches the conntrack entry the per-packet LB created (CT_REPLY with its rev_nat_index); ${this.maps.revNat} gives the frontend ${after.ip}:${after.port}, written back as the source, so ${f.src.name} sees the Service answer.`,
        },
      ];
    }
    const m = this.input.ends.reply!.masquerade!;
    const before = this.headers.ip.dst;
    this.headers.ip = { ...this.headers.ip, dst: m.podIp };
    segment.headerChanges = [
      ...(segment.headerChanges ?? []),
      `destination ${before} became ${m.podIp} (reverse SNAT)`,
    ];
    return [
      {
        type: 'nat',
        kind: 'rev-snat',
        before: { ip: before },
        after: { ip: m.podIp },
        map: this.maps.snat,
        by: 'bpf',
        function: fn,
        cite: action.cite,
        note: `${action.fn}: ${before} is no Service frontend, so the packet goes to the NAT ingress path, which finds the reply in ${this.maps.snat} (the entry BPF masquerade created) and rewrites the destination back to the pod ${m.podIp}.`,
      },
    ];
  }

  // ---- Services -----------------------------------------------------------------------------

  /** The Service's frontend and the chosen backend, as ip:port. */
  private serviceEnds(): {
    frontend: string;
    frontendIp: string;
    backend: string;
    backendIp: string;
    port: number;
    backendPort: number;
  } {
    const { service, dst } = this.input.ends;
    const np = service!.nodePort;
    const frontendIp = np ? (np.ip ?? np.node.ip) : service!.svc.clusterIP;
    const port = service!.nodePort?.port ?? service!.port.port;
    return {
      frontend: `${frontendIp}:${port}`,
      frontendIp,
      backend: `${dst!.ip}:${service!.backendPort}`,
      backendIp: dst!.ip,
      port,
      backendPort: service!.backendPort,
    };
  }

  private lbStep(fn: string, map: string, cite: string | undefined, how: string): Step {
    const { service, dst } = this.input.ends;
    const e = this.serviceEnds();
    return {
      type: 'lb',
      service: service!.ref,
      frontend: e.frontend,
      backend: e.backend,
      backendPod: dst!.name,
      map,
      function: fn,
      ...(cite ? { cite } : {}),
      note: `${how}: ${e.frontend} is the frontend of Service ${service!.ref} in ${map}; the backend is ${dst!.name} ${e.backend} (${service!.chosen ? 'chosen with --backend' : 'the first ready backend'}), from ${this.maps.backends}.`,
    };
  }

  private dnat(by: 'bpf' | 'iptables', fn: string | undefined, cite: string | undefined, note: string): Step {
    const e = this.serviceEnds();
    this.headers.ip = { ...this.headers.ip, dst: e.backendIp };
    return {
      type: 'nat',
      kind: 'dnat',
      before: { ip: e.frontendIp, port: e.port },
      after: { ip: e.backendIp, port: e.backendPort },
      ...(by === 'bpf' ? { map: this.maps.backends } : {}),
      by,
      ...(fn ? { function: fn } : {}),
      ...(cite ? { cite } : {}),
      note,
    };
  }

  private dnatChange(): string {
    const e = this.serviceEnds();
    return `destination ${e.frontend} became ${e.backend} (Service DNAT)`;
  }

  /** Per-packet LB in from-container: the service lookup hits, lb4_local picks a backend, lb4_xlate rewrites. */
  private serviceHit(
    action: Extract<Action, { do: 'lookup' }>,
    fn: string,
    segment: ProgramSegment,
  ): Step[] | undefined {
    const service = this.input.ends.service;
    if (!service || this.headers.ip.dst !== service.svc.clusterIP) return undefined;
    const lb = this.lbStep(fn, this.maps.services, action.cite, `${action.fn} (per-packet load-balancing)`);
    segment.headerChanges = [...(segment.headerChanges ?? []), this.dnatChange()];
    const nat = this.dnat(
      'bpf',
      fn,
      action.cite,
      `lb4_local picks the backend and lb4_xlate rewrites the destination in the packet (and the L4 checksum); the conntrack entry keeps the service id so the reply's source is translated back (reverse NAT through ${this.maps.revNat}).`,
    );
    return [lb, nat];
  }

  /** BPF NodePort (kube-proxy replacement): nodeport_lb4 in from-netdev finds the NodePort and DNATs. */
  private bpfNodePort(
    action: Extract<Action, { do: 'nat' }>,
    fn: string,
    node: TopologyNode,
    segment: ProgramSegment,
  ): Step[] {
    const dst = this.input.ends.dst!;
    const lb = this.lbStep(fn, this.maps.services, action.cite, `${action.fn} (BPF NodePort in from-netdev)`);
    segment.headerChanges = [...(segment.headerChanges ?? []), this.dnatChange()];
    const nat = this.dnat(
      'bpf',
      fn,
      action.cite,
      `${action.fn}: ${this.serviceEnds().frontend} is a NodePort frontend; the backend ${dst.name} is local, so the destination is rewritten and the packet goes on to local delivery (no SNAT: the client address is kept).`,
    );
    return [lb, nat];
  }

  /**
   * BPF NodePort with the backend on another node: nodeport_lb4 DNATs, then tail-calls the release's
   * SNAT or DSR program (model/table/nodeport-remote.ts), which forwards the request to the backend's node.
   */
  private bpfNodePortRemote(
    action: Extract<Action, { do: 'nat' }>,
    fn: string,
    at: Where,
    segment: ProgramSegment,
  ): void {
    const { version, config } = this.input;
    const dst = this.input.ends.dst!;
    const row = nodePortRemoteOf(version);
    if (!row)
      throw new DatapathError(
        `A BPF NodePort with a backend on another node (${dst.name} on ${dst.node}) is modelled for ${NODEPORT_REMOTE_RELEASES}; Cilium ${version.label} is not. Choose a local backend with --backend, or another release.`,
        'unsupported-service',
      );
    const how = remoteNodePortMode(config, row);
    if (how.refused) throw new DatapathError(how.refused, 'invalid-config');
    if (how.note) this.notes.push(how.note);
    const backendNode = this.nodeOf(dst);
    const e = this.serviceEnds();
    const lb = this.lbStep(fn, this.maps.services, action.cite, `${action.fn} (BPF NodePort in from-netdev)`);
    segment.headerChanges = [...(segment.headerChanges ?? []), this.dnatChange()];
    const client = this.headers.ip.src;
    const nat = this.dnat(
      'bpf',
      fn,
      action.cite,
      `${action.fn}: ${e.frontend} is a NodePort frontend; lb4_local picks ${dst.name} on ${backendNode.name} and the destination is rewritten to ${e.backend}.`,
    );
    segment.steps.push(lb, nat);
    const common = {
      row,
      callsMap: this.maps.netdevCalls,
      file: segment.program.file,
      fn,
      node: at.node,
      backendNode,
    };
    if (how.mode === 'dsr') {
      segment.steps.push(...dsrForwardSteps({ ...common, frontend: e.frontend }));
      segment.headerChanges.push(
        `added IPv4 option DSR (frontend ${e.frontend}); the source ${client} is kept`,
      );
      this.dsrFrontend = e.frontend;
      this.transmit(at.node, this.headers.ip.dst);
      return;
    }
    const { steps, snatTo } = snatForwardSteps({
      ...common,
      maps: this.maps,
      client,
      ...(this.tunnel ? { tunnelDevice: this.tunnel.device } : {}),
    });
    segment.steps.push(...steps);
    segment.headerChanges.push(`source ${client} became ${snatTo} (NodePort SNAT)`);
    this.headers.ip = { ...this.headers.ip, src: snatTo };
    if (this.tunnel) {
      // the request from outside: the tunnel key carries the release's identity for it
      this.vniIdentity = row.snat.tunnelIdentity === 'world' ? RESERVED.world : RESERVED.host;
      this.encapsulate(at);
      return;
    }
    this.transmit(at.node, this.headers.ip.dst);
  }

  /** kube-proxy (iptables mode): a NodePort from outside is DNATed in PREROUTING (KUBE-NODEPORTS). */
  private kubeProxyNodePort(node: TopologyNode): boolean {
    const service = this.input.ends.service;
    if (
      !service?.nodePort ||
      this.input.config.kubeProxyReplacement ||
      service.nodePort.node.name !== node.name ||
      this.currentDst() !== (service.nodePort.ip ?? node.ip)
    )
      return false;
    const e = this.serviceEnds();
    const arriving = cloneHeaders(this.headers);
    const dnat = this.dnat(
      'iptables',
      undefined,
      undefined,
      service.nodePort.ip
        ? `kube-proxy's rules (nat table, PREROUTING → KUBE-SERVICES → KUBE-EXT-… → KUBE-SVC-… → KUBE-SEP-…) match the LoadBalancer address ${e.frontend} and DNAT to ${e.backend}; without kube-proxy replacement no BPF program translates it.`
        : `kube-proxy's rules (nat table, PREROUTING → KUBE-SERVICES → KUBE-NODEPORTS → KUBE-SVC-… → KUBE-SEP-…) match ${e.frontend} and DNAT to ${e.backend}; without kube-proxy replacement no BPF program translates a NodePort.`,
    );
    const remote = this.input.ends.dst!.node !== node.name;
    const steps: Step[] = [dnat];
    const changes = [this.dnatChange()];
    if (remote) {
      const before = this.headers.ip.src;
      // the address of the device the route to the backend leaves by: cilium_host with a tunnel, eth0 natively
      const after = this.tunnel ? node.ciliumHostIp : node.ip;
      steps.push({
        type: 'nat',
        kind: 'snat',
        before: { ip: before },
        after: { ip: after },
        by: 'iptables',
        note: `The backend is on ${this.input.ends.dst!.node}: kube-proxy marks the packet (KUBE-MARK-MASQ) and KUBE-POSTROUTING MASQUERADEs it to the address of the device it leaves by (${this.tunnel ? 'cilium_host' : node.device}, ${after}), so the reply comes back through ${node.name}.`,
      });
      changes.push(`source ${before} became ${after} (kube-proxy masquerade)`);
      this.headers.ip = { ...this.headers.ip, src: after };
    }
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device: 'iptables',
      hook: 'stack',
      namespace: 'host',
      headers: arriving,
      steps,
      headerChanges: changes,
      note: `kube-proxy: NodePort ${e.frontend} of ${service.ref} is translated by netfilter in ${node.name}'s stack.`,
    });
    return true;
  }

  /** The socket LB: the cgroup connect4 program connects the socket to the backend before any packet. */
  private socketLb(node: TopologyNode, namespace: string): void {
    const row = socketLbOf(this.input.version);
    if (!row)
      throw new DatapathError(
        `The socket LB is modelled from Cilium v1.8 (bpf_sock.c connect4); ${this.input.version.label} is traced with --socket-lb false.`,
        'invalid-config',
      );
    const e = this.serviceEnds();
    const arriving = cloneHeaders(this.headers);
    const lb = this.lbStep(
      row.function,
      this.maps.services,
      row.lookupCite,
      `__sock4_xlate_fwd → lb4_lookup_service at connect()`,
    );
    const nat = this.dnat(
      'bpf',
      row.function,
      row.xlateCite,
      `${row.function} (cgroup connect4, bpf_sock.c) rewrites the address of connect() from ${e.frontend} to ${e.backend}: the socket is connected to the backend, so every packet leaves with the backend address and no per-packet translation or reverse NAT is needed.`,
    );
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device: 'socket',
      hook: 'socket',
      namespace,
      headers: arriving,
      steps: [lb, nat],
      headerChanges: [this.dnatChange()],
      program: { file: 'bpf/bpf_sock.c', section: row.section, function: row.function, hook: 'connect4' },
      note: `connect() to ${e.frontend}: the socket LB (bpf-lb-sock) runs at the root cgroup before the packet exists.`,
    });
  }

  /** kube-proxy (iptables mode): DNAT in the nat table's OUTPUT chain for a connection from the host. */
  private kubeProxyDnat(node: TopologyNode): void {
    const e = this.serviceEnds();
    const arriving = cloneHeaders(this.headers);
    const lbNote = `kube-proxy's rules (nat table, OUTPUT → KUBE-SERVICES → KUBE-SVC-… → KUBE-SEP-…) match ${e.frontend} and DNAT to the backend ${e.backend}; no BPF program sees the Service address (no kube-proxy replacement, no socket LB).`;
    const nat = this.dnat('iptables', undefined, undefined, lbNote);
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device: 'iptables',
      hook: 'stack',
      namespace: 'host',
      headers: arriving,
      steps: [nat],
      headerChanges: [this.dnatChange()],
      note: `kube-proxy: ${this.input.ends.service!.ref} is translated by netfilter in ${node.name}'s stack, not by Cilium.`,
    });
  }

  // ---- kernel -------------------------------------------------------------------------------

  private kernel(
    node: TopologyNode,
    device: string,
    hook: HookKind,
    namespace: string,
    steps: Step[],
    extra: { note?: string; headerChanges?: string[]; final?: KernelSegment['final'] } = {},
  ): void {
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device,
      hook,
      namespace,
      headers: cloneHeaders(this.headers),
      steps,
      ...(extra.headerChanges?.length ? { headerChanges: extra.headerChanges } : {}),
      ...(extra.note ? { note: extra.note } : {}),
      ...(extra.final ? { final: extra.final } : {}),
    });
    if (extra.final) this.final = extra.final;
  }

  private guard(): void {
    if (this.segments.length >= MAX_SEGMENTS)
      throw new DatapathError('The trace did not end within 120 segments: the model loops.', 'model-error');
  }

  /** The tc hook of a device: the attached program, or nothing (the kernel carries on). */
  private hook(at: Where, direction: 'ingress' | 'egress'): void {
    const attached = attachedAt(at.role, direction, this.input.config, this.input.version.minor);
    if (!attached) {
      this.afterPass(at, direction);
      return;
    }
    if (attached.via) {
      // IPVLAN: the stub on the pod's eth0 tail-calls index 0 of the per-pod prog array.
      this.runIpvlanStub(at);
      return;
    }
    if (
      attached.program === 'host/from-host' &&
      this.headers.outer?.tunnel.protocol === 'esp' &&
      this.ipsecRow
    ) {
      this.ipsecFromHost(at, this.ipsecRow);
      return;
    }
    this.runProgram(
      attached.program,
      at,
      direction === 'ingress' ? 'tc-ingress' : 'tc-egress',
      direction,
      undefined,
      attachKindOf(at.role, this.input.config, this.input.version.minor),
    );
  }

  private runIpvlanStub(at: Where): void {
    const src = this.input.ends.src;
    const stub = namesOf('ipvlan/stub', this.input.version)!;
    const target = namesOf('lxc/from-container', this.input.version)!;
    const map = this.maps.ipvlanEntry(src.endpointId);
    this.guard();
    this.segments.push({
      kind: 'program',
      id: 'ipvlan/stub',
      node: at.node.name,
      device: at.device,
      hook: 'tc-egress',
      namespace: at.namespace,
      headers: cloneHeaders(this.headers),
      program: { file: stub.file, section: stub.section, function: stub.function },
      note: 'IPVLAN has no host-side device, so the LXC program cannot sit on a host veth: a 5-instruction stub (load map, key 0, tail call, return 0) runs on the pod eth0 egress instead.',
      steps: [
        {
          type: 'tail-call',
          map,
          key: 0,
          keyName: 'index 0',
          target: { file: target.file, function: target.function, section: target.section },
          note: `The stub cilium-cni attached to ${src.name}'s eth0 tc egress tail-calls index 0 of ${map}, the per-pod prog array the agent pinned in the host namespace.`,
        },
      ],
    });
    this.runProgram('lxc/from-container', at, 'tail-call', 'egress', `${map}[0]`);
  }

  // ---- programs -----------------------------------------------------------------------------

  private programRef(id: ProgramId, via?: string): ProgramRef {
    const names = namesOf(id, this.input.version);
    if (!names)
      throw new DatapathError(`Cilium ${this.input.version.label} has no program ${id}.`, 'model-error');
    return {
      file: names.file,
      section: names.section,
      function: names.function,
      ...(names.hook ? { hook: names.hook } : {}),
      ...(via ? { via } : {}),
    };
  }

  /** The C function (in this release) whose code a step of program `id` follows. */
  private fnOf(id: ProgramId): string {
    return namesOf(id, this.input.version)?.function ?? id;
  }

  /** Runs a program and the tail calls it makes, then follows its exit. */
  private runProgram(
    id: ProgramId,
    at: Where,
    hook: HookKind,
    direction: 'ingress' | 'egress',
    via?: string,
    attach?: AttachKind,
  ): void {
    const behaviour = behaviourOf(id, this.input.version, this.packetFamily());
    if (!behaviour)
      throw new DatapathError(
        `The model has no behaviour for ${id} in Cilium ${this.input.version.label}.`,
        'model-error',
      );
    const program = this.programRef(id, via);
    const segment: ProgramSegment = {
      kind: 'program',
      id,
      node: at.node.name,
      device: at.device,
      hook,
      namespace: at.namespace,
      headers: cloneHeaders(this.headers),
      program,
      steps: [],
      ...(attach ? { attach } : {}),
      ...(program.hook && isHookName(program.hook) ? { hookName: program.hook } : {}),
      ...(behaviour.note ? { note: behaviour.note } : {}),
    };
    if (this.pendingNote) {
      segment.note = segment.note ? `${this.pendingNote} ${segment.note}` : this.pendingNote;
      this.pendingNote = undefined;
    }
    this.guard();
    this.segments.push(segment);
    this.runActions(id, behaviour.actions, segment, at, direction);
  }

  private runActions(
    owner: ProgramId,
    actions: readonly Action[],
    segment: ProgramSegment,
    at: Where,
    direction: 'ingress' | 'egress',
  ): boolean {
    // a DSR request reaching its backend's node: the release's program reads the option first
    this.dsrAtBackend(owner, segment);
    if (this.nodePortReplyAtStart(owner, segment, at)) return true;
    for (const action of actions) {
      if (action.do === 'exit' && this.nodePortReplyAtExit(owner, segment, at)) return true;
      if (action.when && !this.holds(action.when, at)) continue;
      if (this.skippedAtSource(owner, action, segment)) continue;
      switch (action.do) {
        case 'lookup':
          if (action.what === 'service') {
            // compiled out when the socket LB handles every Service (no ENABLE_PER_PACKET_LB)
            if (!this.defines.has('ENABLE_PER_PACKET_LB')) break;
            const hit = this.serviceHit(action, this.fnOf(owner), segment);
            if (hit) {
              segment.steps.push(...hit);
              break;
            }
          }
          segment.steps.push({ ...this.lookupStep(action, at), function: this.fnOf(owner) });
          break;
        case 'ct':
        case 'policy':
          segment.steps.push(this.pending(action, owner, at));
          break;
        case 'tail-call': {
          const target = this.programRef(action.target);
          const map = this.callsMap(action.map, owner);
          const real = action.condition === undefined || evalBuildCondition(action.condition, this.defines);
          segment.steps.push({
            function: this.fnOf(owner),
            type: 'tail-call',
            map,
            key: action.value,
            keyName: action.slot,
            target: { file: target.file, function: target.function, section: target.section },
            ...(action.condition ? { condition: action.condition } : {}),
            ...(real ? {} : { inlined: true }),
            cite: action.cite,
            note: real
              ? `Tail call ${action.slot} (${action.value}) through ${map} into ${target.function}${action.condition ? ` (${action.condition} holds in this build)` : ''}.`
              : `${action.condition} is false in the traced build (${describeDefines(this.defines)}): the call is compiled inline, no tail call into ${target.function}.`,
          });
          if (real) {
            this.runProgram(action.target, at, 'tail-call', direction, `${map}[${action.value}]`);
            return true;
          }
          const inner = behaviourOf(action.target, this.input.version, this.packetFamily());
          if (!inner)
            throw new DatapathError(`The model has no behaviour for ${action.target}.`, 'model-error');
          if (this.runActions(action.target, inner.actions, segment, at, direction)) return true;
          break;
        }
        case 'nat':
          if (action.kind === 'dnat' && this.input.ends.dst!.node !== at.node.name) {
            this.bpfNodePortRemote(action, this.fnOf(owner), at, segment);
            return true;
          }
          segment.steps.push(
            ...(action.kind === 'snat'
              ? this.bpfSnat(action, owner, at.node, segment)
              : action.kind === 'dnat'
                ? this.bpfNodePort(action, this.fnOf(owner), at.node, segment)
                : this.reverseNat(action, this.fnOf(owner), segment)),
          );
          break;
        case 'exit':
          if (action.exit.kind === 'policy-tail' && this.endpointRouteDelivery(action, segment, at, owner))
            return true;
          if (this.wireguardBeforeEncap(owner, action, segment, at, direction)) return true;
          if (this.wireguardSkipsEncap(owner, action, segment, at)) break;
          if (owner === 'lxc/ipv4-policy' && action.exit.kind === 'redirect-ep') {
            const toStack = policyProgramToStack(this.input.config, this.input.version);
            if (toStack) {
              segment.steps.push({
                type: 'pass-to-stack',
                cite: toStack.cite,
                function: this.fnOf(owner),
                note: `${this.fnOf(owner)}: ${toStack.note}`,
              });
              this.afterPass(at, direction);
              return true;
            }
          }
          segment.steps.push(
            ...this.exitSteps(action, at, direction).map((s) => ({ ...s, function: this.fnOf(owner) })),
          );
          this.wireguardMark(owner, action, segment, at);
          this.ipsecMarkAtSource(owner, action, segment, at);
          this.follow(action.exit, at, direction, segment);
          return true;
      }
    }
    return false;
  }

  /** v1.10–v1.13 WireGuard: the row when from-container handles a packet for a pod on another node. */
  private wireguardAtSource(owner: ProgramId, at: Where): WireguardMarkRow | undefined {
    if (this.input.config.encryption !== 'wireguard' || !SOURCE_LXC_PROGRAMS.has(owner)) return undefined;
    if (this.headers.outer || !this.remotePod(at)) return undefined;
    return wireguardMarkOf(this.input.version);
  }

  /** Tunnel mode, v1.10–v1.13: `if (!dst_remote_ep)` — WireGuard is the only encapsulation. */
  private wireguardSkipsEncap(
    owner: ProgramId,
    action: Extract<Action, { do: 'exit' }>,
    segment: ProgramSegment,
    at: Where,
  ): boolean {
    if (action.exit.kind !== 'encap-redirect') return false;
    const row = this.wireguardAtSource(owner, at);
    if (!row) return false;
    const note = `WireGuard: the destination's ipcache entry has a tunnel endpoint and is no node, so dst_remote_ep is set (${row.remote}) and the VXLAN/Geneve encapsulation is skipped (${row.skipEncap}): pod-to-pod traffic is encapsulated once, by cilium_wg0.`;
    segment.note = segment.note ? `${segment.note} ${note}` : note;
    return true;
  }

  /** v1.10–v1.13 WireGuard: set_encrypt_mark on the way to the stack; the route lookup follows the rule. */
  private wireguardMark(
    owner: ProgramId,
    action: Extract<Action, { do: 'exit' }>,
    segment: ProgramSegment,
    at: Where,
  ): void {
    if (action.exit.kind !== 'pass') return;
    const row = this.wireguardAtSource(owner, at);
    if (!row) return;
    this.wgMark = row;
    const pass = [...segment.steps].reverse().find((s) => s.type === 'pass-to-stack');
    // set_encrypt_mark ORs the magic into the mark the veth crossing left at 0; it replaces the
    // identity mark (`else /* Wireguard and identity mark are mutually exclusive */`)
    if (pass)
      pass.mark = {
        magic: 'MARK_MAGIC_ENCRYPT',
        value: '0x00000e00',
        meaning:
          "the agent's ip rule (fwmark 0xE00/0xF00) sends the packet to table 201, whose default route is cilium_wg0",
        cite: row.mark,
      };
    const note = `WireGuard: set_encrypt_mark ORs MARK_MAGIC_ENCRYPT (0x0E00, ${row.magic}) into skb->mark before CTX_ACT_OK (${row.mark}), for a destination whose ipcache entry names a remote node (dst_remote_ep, ${row.remote}).`;
    segment.note = segment.note ? `${segment.note} ${note}` : note;
  }

  /**
   * v1.14 with a tunnel: encap_and_redirect_lxc → __encap_and_redirect_with_nodeid calls
   * wg_maybe_redirect_to_encrypt before __encap_with_nodeid, so a pod's packet whose destination's
   * ipcache entry carries a key goes to cilium_wg0 without the VXLAN/Geneve header.
   */
  private wireguardBeforeEncap(
    owner: ProgramId,
    action: Extract<Action, { do: 'exit' }>,
    segment: ProgramSegment,
    at: Where,
    direction: 'ingress' | 'egress',
  ): boolean {
    if (action.exit.kind !== 'encap-redirect') return false;
    if (this.input.config.encryption !== 'wireguard' || !SOURCE_LXC_PROGRAMS.has(owner)) return false;
    const row = wireguardTunnelOf(this.input.version);
    if (row?.where !== 'before-encap' || this.headers.outer || !this.remotePod(at)) return false;
    // `if (!src || src->sec_identity == HOST_ID) goto out`: only a pod's packet is encrypted
    if (!this.input.topology.pods.some((p) => p.ip === this.headers.ip.src)) return false;
    const wg: Extract<Action, { do: 'exit' }> = {
      do: 'exit',
      when: 'otherwise',
      exit: { kind: 'wg-redirect', via: 'ctx_redirect(ctx, WG_IFINDEX, 0)' },
      fn: `${action.fn} → __encap_and_redirect_with_nodeid → wg_maybe_redirect_to_encrypt`,
      cite: row.call,
    };
    const note = `WireGuard (v1.14, tunnel mode): encap_and_redirect_lxc reaches __encap_and_redirect_with_nodeid, which calls wg_maybe_redirect_to_encrypt (${row.call}) before __encap_with_nodeid. The source is a pod, not the host (${row.hostSource}), and the destination's ipcache entry carries the peer's key (${row.test}), so the packet is redirected to cilium_wg0 (${row.redirect}) and never gets a VXLAN/Geneve header: WireGuard is the only encapsulation.`;
    segment.note = segment.note ? `${segment.note} ${note}` : note;
    segment.steps.push(
      ...this.exitSteps(wg, at, direction).map((st) => ({ ...st, function: this.fnOf(owner) })),
    );
    this.follow(wg.exit, at, direction, segment);
    return true;
  }

  /** The agent's ip rule for MARK_MAGIC_ENCRYPT: table 201, default dev cilium_wg0 (v1.10–v1.13). */
  private wireguardRule(node: TopologyNode, row: WireguardMarkRow): void {
    this.kernel(
      node,
      'cilium_wg0',
      'routing',
      'host',
      [
        {
          type: 'route',
          destination: '0.0.0.0/0',
          gateway: '0.0.0.0',
          device: 'cilium_wg0',
          flags: 'U',
          table: [
            {
              destination: '0.0.0.0',
              gateway: '0.0.0.0',
              genmask: '0.0.0.0',
              flags: 'U',
              iface: 'cilium_wg0',
            },
          ],
          cite: row.rule,
          note: `ip rule 1: fwmark 0xe00/0xf00 lookup 201 — the agent's rule (${row.rule}) matches MARK_MAGIC_ENCRYPT before the main table; table 201 (${row.table}) holds one route, default dev cilium_wg0.`,
        },
      ],
      {
        note: `Policy routing: the mark from-container set selects table 201, so ${this.currentDst()} goes to cilium_wg0.`,
      },
    );
    this.wireguardEncrypt({ node, device: 'cilium_wg0', role: 'native', namespace: 'host' }, row.port);
  }

  /**
   * IPsec (v1.10–v1.12, native routing): at pass_to_stack, set_encrypt_key_mark writes
   * MARK_MAGIC_ENCRYPT | key << 12 into skb->mark for a destination whose ipcache entry has a tunnel
   * endpoint (the peer node) and a key.
   */
  private ipsecMarkAtSource(
    owner: ProgramId,
    action: Extract<Action, { do: 'exit' }>,
    segment: ProgramSegment,
    at: Where,
  ): void {
    if (action.exit.kind !== 'pass' || this.input.config.encryption !== 'ipsec') return;
    if (!SOURCE_LXC_PROGRAMS.has(owner) || this.headers.outer || !this.remotePod(at)) return;
    const row = ipsecOf(this.input.version);
    if (!row) return;
    const peer = this.nodeOf(this.remotePod(at)!);
    const localKey = at.node.encryptionKey ?? ASSUMED_IPSEC_KEY;
    const peerKey = peer.encryptionKey ?? ASSUMED_IPSEC_KEY;
    const key = minEncryptKey(localKey, peerKey);
    const assumed = [at.node, peer].filter((n) => n.encryptionKey === undefined).map((n) => n.name);
    const ipsecNote = `IPsec (native routing): key index ${localKey} on ${at.node.name} and ${peerKey} on ${peer.name} (CiliumNode spec.encryption.key, the ipcache entry's key${assumed.length ? `; ${assumed.join(' and ')} ${assumed.length === 1 ? 'gives' : 'give'} none in the topology, so ${ASSUMED_IPSEC_KEY}, the key of Cilium's IPsec guide, is assumed` : ''}); the ip rule, table 200 and the xfrm encryption and decryption are the kernel's, not BPF programs; the ESP packet runs between the nodes' cilium_host addresses (CiliumInternalIPs).`;
    if (!this.notes.includes(ipsecNote)) this.notes.push(ipsecNote);
    const step = segment.steps[segment.steps.length - 1];
    const appendNote = (note: string): void => {
      if (step && 'type' in step && step.type === 'pass-to-stack') step.note = `${step.note} ${note}`;
      else segment.note = segment.note ? `${segment.note} ${note}` : note;
    };
    if (key === 0) {
      // `if (encrypt_key && tunnel_endpoint)`: key 0 means no encryption
      appendNote(
        `IPsec: encrypt_key = get_min_encrypt_key(info->key) = 0 (${row.key}): a node without a key, so no mark is set (${row.mark}) and the packet leaves unencrypted.`,
      );
      return;
    }
    this.ipsecMark = { row, key };
    const mark = ipsecMarkValue(key);
    const note = `IPsec: the destination's ipcache entry names ${peer.name} as tunnel endpoint with key ${peerKey}, so encrypt_key = get_min_encrypt_key(info->key) = ${key} (${row.key}); set_encrypt_key_mark writes skb->mark = ${mark} (MARK_MAGIC_ENCRYPT 0x0E00, ${row.magic}, | key << 12, ${row.orKey}) before CTX_ACT_OK (${row.mark}). The kernel, not BPF, encrypts it next.`;
    appendNote(note);
    segment.headerChanges = [
      ...(segment.headerChanges ?? []),
      `skb->mark = ${mark} (MARK_MAGIC_ENCRYPT, key ${key})`,
    ];
  }

  /**
   * IPsec, kernel only: rule 1 (fwmark 0xe00/0xf00 → table 200) routes the marked packet to
   * cilium_host; xfrm's OUT policy encrypts it in tunnel mode (ESP between the nodes' cilium_host
   * addresses); the state's output mark routes the ESP packet through table 200 again, out of
   * cilium_host, where bpf_host's from-host sends it to the encrypt interface.
   */
  private ipsecEncrypt(node: TopologyNode, m: { row: IpsecRow; key: number }): void {
    const { row, key } = m;
    const pod = this.input.topology.pods.find((p) => p.ip === this.headers.ip.dst)!;
    const peer = this.nodeOf(pod);
    const [net, prefix] = peer.podCidr.split('/') as [string, string];
    const table200 = [
      {
        destination: net,
        gateway: '0.0.0.0',
        genmask: prefixMask(Number(prefix)),
        flags: 'U',
        iface: 'cilium_host',
      },
    ];
    const mark = ipsecMarkValue(key);
    /** table 200's route of the peer's PodCIDR to cilium_host, as a step citing what selected it */
    const viaTable200 = (cite: string, note: string): Step => ({
      type: 'route',
      destination: peer.podCidr,
      gateway: '0.0.0.0',
      device: 'cilium_host',
      flags: 'U',
      table: table200,
      cite,
      note,
    });
    this.kernel(
      node,
      'cilium_host',
      'routing',
      'host',
      [
        viaTable200(
          row.rule,
          `ip rule 1: fwmark 0xe00/0xf00 lookup 200 — the agent's rule (${row.rule}) matches the mark ${mark} before the main table; table 200 (${row.table}) routes ${peer.podCidr} dev cilium_host (${row.outRoute}).`,
        ),
      ],
      {
        note: `Policy routing (kernel): the mark from-container set selects table 200, so ${this.headers.ip.dst} is routed to cilium_host, where the kernel's xfrm OUT policy applies.`,
      },
    );
    this.ipsecRow = row;
    this.xfrmEncrypt(node, peer, key, {
      cite: row.xfrmOut,
      note: `xfrm (kernel, not BPF): the OUT policy for ${node.podCidr} → ${peer.podCidr} with mark ${mark} (${row.xfrmOut}) encrypts the packet in tunnel mode: ESP SPI ${key} from ${node.name}'s cilium_host address ${node.ciliumHostIp} (${row.xfrmLocal}) to ${peer.name}'s CiliumInternalIP ${peer.ciliumHostIp} (${row.xfrmRemote}) — the cilium_host addresses, not the nodes' ${node.device} addresses.`,
    });
    this.kernel(
      node,
      'cilium_host',
      'routing',
      'host',
      [
        viaTable200(
          row.outputMark,
          `The state's output mark 0xe00 (${row.outputMark}) matches rule 1 again: table 200 routes the ESP packet for ${peer.ciliumHostIp} (in ${peer.podCidr}) dev cilium_host.`,
        ),
        {
          type: 'xmit',
          device: 'cilium_host',
          note: 'Sent out of cilium_host, where bpf_host runs on egress.',
        },
      ],
      { headerChanges: ["skb->mark = 0xe00 (the xfrm state's output mark, MARK_MAGIC_ENCRYPT)"] },
    );
    this.hook({ node, device: 'cilium_host', role: 'cilium_host', namespace: 'host' }, 'egress');
  }

  /**
   * IPsec: bpf_host's from-host on cilium_host gets the ESP packet marked MARK_MAGIC_ENCRYPT;
   * do_netdev_encrypt looks up the FIB for the encrypt interface and redirects it there.
   */
  private ipsecFromHost(at: Where, row: IpsecRow): void {
    const node = at.node;
    const dst = this.currentDst();
    const peer = this.input.topology.nodes.find((n) => n.name !== node.name && inPodCidr(dst, n));
    const program = this.programRef('host/from-host');
    const fn = this.fnOf('host/from-host');
    this.guard();
    this.segments.push({
      kind: 'program',
      id: 'host/from-host',
      node: node.name,
      device: at.device,
      hook: 'tc-egress',
      namespace: at.namespace,
      headers: cloneHeaders(this.headers),
      program,
      attach: attachKindOf(at.role, this.input.config, this.input.version.minor),
      ...(program.hook && isHookName(program.hook) ? { hookName: program.hook } : {}),
      steps: [
        {
          type: 'redirect',
          device: node.device,
          function: fn,
          cite: row.hostRedirect,
          note: `${fn} → do_netdev: the mark is MARK_MAGIC_ENCRYPT (${row.hostEncrypt}), so do_netdev_encrypt does a FIB lookup for ${dst} on the encrypt interface ${node.device} (ENCRYPT_IFACE; ${row.encryptInterface} defaults it to the device of the default route) and redirects the ESP packet there (${row.hostRedirect}); no policy, no tail call.`,
        },
      ],
      note: 'IPsec: the ESP packet xfrm produced comes back through cilium_host; bpf_host only forwards it.',
    });
    this.headers.outer!.ethernet = { src: node.mac, dst: peer?.mac ?? 'gateway MAC' };
    this.hook({ node, device: node.device, role: 'native', namespace: 'host' }, 'egress');
  }

  /** xfrm's IN state takes the ESP outer header off: what the decap step shows, and the inner frame. */
  private takeEspOuter(node: TopologyNode): { outer: OuterHeaders; spi: number } {
    const o = this.headers.outer!;
    const spi = o.esp?.spi ?? 0;
    const outer = { srcIp: o.ip.src, dstIp: o.ip.dst, dstPort: 0, vni: 0, protocol: 'esp' as const, spi };
    this.headers.outer = undefined;
    this.headers.ethernet = o.ethernet ? { ...o.ethernet } : { src: '', dst: node.mac };
    return { outer, spi };
  }

  /** IPsec, kernel only: xfrm input decrypts the ESP packet and re-inserts the inner one on the device. */
  private ipsecDecrypt(node: TopologyNode): void {
    const netdev = ipsecNetdevOf(this.input.version);
    if (netdev) {
      this.ipsecDecryptAtNetdev(node, netdev);
      return;
    }
    const row = this.ipsecRow ?? ipsecOf(this.input.version)!;
    const { outer, spi } = this.takeEspOuter(node);
    this.ipsecDecrypted = true;
    this.ipsecRow = undefined;
    this.kernel(
      node,
      'xfrm',
      'stack',
      'host',
      [
        {
          type: 'decap',
          device: 'xfrm',
          outer,
          cite: row.xfrmIn,
          note: `xfrm (kernel, not BPF): ${outer.dstIp} is ${node.name}'s CiliumInternalIP; the IN state for it with SPI ${spi} (${row.xfrmIn}), which matches the mark MARK_MAGIC_DECRYPT (${row.stateIn}), decrypts the packet. In tunnel mode the inner packet is re-inserted on ${node.device}, still marked MARK_MAGIC_DECRYPT, so ${node.device}'s tc ingress runs again.`,
        },
      ],
      {
        headerChanges: [`removed outer IP ${outer.srcIp} → ${outer.dstIp} and ESP SPI ${spi} (decrypted)`],
        note: `${node.name}'s stack receives the ESP packet (from-network made it PACKET_HOST).`,
      },
    );
    this.hook({ node, device: node.device, role: 'native', namespace: 'host' }, 'ingress');
  }

  /**
   * IPsec at the native device (main), kernel only: xfrm's IN state decrypts the ESP packet and
   * re-inserts the inner one on the device, marked 0xD00 (the node ID cleared); cil_from_netdev runs
   * again and its do_decrypt clears the mark.
   */
  private ipsecDecryptAtNetdev(node: TopologyNode, row: IpsecNetdevRow): void {
    const { outer, spi } = this.takeEspOuter(node);
    this.kernel(
      node,
      'xfrm',
      'stack',
      'host',
      [
        {
          type: 'decap',
          device: 'xfrm',
          outer,
          cite: row.xfrmIn,
          note: `xfrm (kernel, not BPF): ${outer.dstIp} is ${node.name}'s CiliumInternalIP; the IN state from ${outer.srcIp} to it with SPI ${spi} (${row.xfrmIn}) matches the mark MARK_MAGIC_DECRYPT | node ID and decrypts the packet; its output mark sets skb->mark = 0xd00 and clears the node ID (${row.stateIn}). In tunnel mode the inner packet is re-inserted on ${node.device}, so ${node.device}'s tc ingress runs again.`,
        },
      ],
      {
        headerChanges: [
          `removed outer IP ${outer.srcIp} → ${outer.dstIp} and ESP SPI ${spi} (decrypted)`,
          "skb->mark = 0xd00 (the IN state's output mark, MARK_MAGIC_DECRYPT)",
        ],
        note: `${node.name}'s stack receives the ESP packet (cil_from_netdev made it PACKET_HOST) for its CiliumInternalIP.`,
      },
    );
    this.pendingNote = `IPsec: the mark is MARK_MAGIC_DECRYPT (0x0D00, ${row.decryptMagic}), so do_decrypt (${row.fromNetdevDecrypt}) clears it (ctx->mark = 0, ${row.clearMark}) and asks for a redirect to cilium_host (${row.hostRedirect}) that cil_from_netdev checks only for an error; ctx_is_decrypt no longer holds (${row.fromNetdevPass}), so the decrypted packet goes on through do_netdev like any packet from the network.`;
    this.hook({ node, device: node.device, role: 'native', namespace: 'host' }, 'ingress');
  }

  /** IPsec at the native device: the key cil_to_netdev's set_ipsec_encrypt uses for the peer. */
  private ipsecNetdevKey(at: Where): { local: number; peerKey: number; key: number; peer: TopologyNode } {
    const peer = this.nodeOf(this.remotePod(at)!);
    const local = at.node.encryptionKey ?? ASSUMED_IPSEC_KEY;
    const peerKey = peer.encryptionKey ?? ASSUMED_IPSEC_KEY;
    return { local, peerKey, key: minEncryptKey(local, peerKey), peer };
  }

  /** cil_to_netdev's redirect to cilium_net (IPsec at the native device), with how the mark is made. */
  private ipsecRedirectStep(fn: string, via: string, at: Where, cite: string): Step {
    const row = ipsecNetdevOf(this.input.version)!;
    const { local, peerKey, key, peer } = this.ipsecNetdevKey(at);
    return {
      type: 'redirect',
      device: 'cilium_net',
      cite,
      note: `${fn} (${row.netdevCall}): the packet is not yet marked MARK_MAGIC_ENCRYPT; ${this.currentDst()}'s ipcache entry has ${peer.name}'s IP ${peer.ip} as tunnel endpoint (${row.tunnelEndpoint}) and key ${peerKey} (${row.needsKey}), and the source is a pod of the cluster (${row.srcPolicy}). set_ipsec_encrypt takes spi = get_min_encrypt_key(${peerKey}) = ${key} with this node's key ${local} (${row.spi}) and writes skb->mark = ${ipsecMarkValue(key)} | ${peer.name}'s node ID << 16 (MARK_MAGIC_ENCRYPT 0x0E00, ${row.magic}; ${row.encodeMark}, ${row.orNodeId}, ${row.setMark}); the destination MAC becomes cilium_net's (${row.netMac}) and ${via} hands the packet to cilium_net's ingress, where xfrm will encrypt it.`,
    };
  }

  /** IPsec at the native device: cil_to_netdev marked the packet; cilium_net's ingress comes next. */
  private ipsecToCiliumNet(at: Where, from: ProgramSegment): void {
    const row = ipsecNetdevOf(this.input.version)!;
    const { local, peerKey, key, peer } = this.ipsecNetdevKey(at);
    if (key === 0)
      // get_min_encrypt_key gives 0 when this node has no key: an SPI no xfrm state carries
      throw new DatapathError(
        `IPsec with key index 0 on ${at.node.name} and ${peerKey} on ${peer.name} is not modelled yet: set_ipsec_encrypt would mark the packet with SPI 0 (${row.spi}), which no xfrm state of the agent carries.`,
        'not-modelled',
      );
    const assumed = [at.node, peer].filter((n) => n.encryptionKey === undefined).map((n) => n.name);
    const note = `IPsec (native routing, encrypted at the native device): key index ${local} on ${at.node.name} and ${peerKey} on ${peer.name} (CiliumNode spec.encryption.key: the ipcache and node-map entries' key${assumed.length ? `; ${assumed.join(' and ')} ${assumed.length === 1 ? 'gives' : 'give'} none in the topology, so ${ASSUMED_IPSEC_KEY}, the key of Cilium's IPsec guide, is assumed` : ''}); the node ID in the mark is the agent's (not in the topology); the xfrm encryption and decryption are the kernel's, not BPF programs; the ESP packet runs between the nodes' cilium_host addresses (CiliumInternalIPs).`;
    if (!this.notes.includes(note)) this.notes.push(note);
    this.ipsecNetdevMark = { row, key, peer };
    from.headerChanges = [
      ...(from.headerChanges ?? []),
      `skb->mark = ${ipsecMarkValue(key)} | ${peer.name}'s node ID << 16 (MARK_MAGIC_ENCRYPT, key ${key})`,
      "destination MAC = cilium_net's",
    ];
    if (this.headers.ethernet) this.headers.ethernet = { ...this.headers.ethernet, dst: "cilium_net's MAC" };
    this.pendingNote = `IPsec: skb->mark carries MARK_MAGIC_ENCRYPT, so cil_to_host keeps it (${row.toHostKeeps}) and passes the packet to the stack.`;
    this.hook({ node: at.node, device: 'cilium_net', role: 'cilium_net', namespace: 'host' }, 'ingress');
  }

  /**
   * IPsec at the native device, kernel only: the stack forwards the marked packet; the main table
   * routes it out of the native device and xfrm's OUT policy encrypts it on the way (ESP between the
   * CiliumInternalIPs); the ESP packet, with the state's output mark 0xE00, is routed again.
   */
  private ipsecForwardEncrypt(
    node: TopologyNode,
    m: { row: IpsecNetdevRow; key: number; peer: TopologyNode },
  ): void {
    const { row, key, peer } = m;
    this.ipsecNetdevMark = undefined;
    const dst = this.headers.ip.dst;
    const table = routingTable(this.input.topology, node, this.input.mode, {
      endpointRoutes: this.input.config.endpointRoutes,
    });
    const route = lookupRoute(table, dst);
    this.kernel(
      node,
      'cilium_net',
      'routing',
      'host',
      route
        ? [
            routeStepOf(
              route,
              table,
              `The stack forwards ${dst} (xfrm's FWD policy lets every forwarded packet through, ${row.fwdPolicy}): the main table routes it via ${route.gateway} dev ${route.iface}; on the way out the kernel's xfrm OUT policy for ${peer.podCidr} with this mark applies.`,
            ),
          ]
        : [],
      {
        note: `Forwarding (kernel): the packet entered on cilium_net's ingress; its mark selects the xfrm OUT policy for ${peer.name}.`,
      },
    );
    this.xfrmEncrypt(node, peer, key, {
      cite: row.xfrmOut,
      note: `xfrm (kernel, not BPF): the OUT policy for ${peer.podCidr} with the mark ${ipsecMarkValue(key)} | ${peer.name}'s node ID (${row.xfrmOut}; the state's mark, ${row.stateOutMark}) encrypts the packet in tunnel mode: ESP SPI ${key} from ${node.name}'s CiliumInternalIP ${node.ciliumHostIp} (${row.xfrmLocal}) to ${peer.name}'s CiliumInternalIP ${peer.ciliumHostIp} (${row.xfrmRemote}) — the cilium_host addresses, not the nodes' ${node.device} addresses.`,
      extraChanges: [`skb->mark = 0xe00 (the xfrm state's output mark RouteMarkEncrypt, ${row.outputMark})`],
    });
    this.pendingNote = `IPsec: the ESP packet carries the state's output mark 0xe00 (${row.outputMark}), so ctx_is_encrypt holds and ipsec_maybe_redirect_to_encrypt is skipped (${row.netdevEncrypted}).`;
    this.route(node);
  }

  /** The kernel's xfrm OUT state: the packet becomes ESP between the two nodes' cilium_host addresses. */
  private xfrmEncrypt(
    node: TopologyNode,
    peer: TopologyNode,
    key: number,
    how: { cite: string; note: string; extraChanges?: string[] },
  ): void {
    const outer = {
      srcIp: node.ciliumHostIp,
      dstIp: peer.ciliumHostIp,
      dstPort: 0,
      vni: 0,
      protocol: 'esp' as const,
      spi: key,
    };
    const hadEthernet = !!this.headers.ethernet;
    delete this.headers.ethernet;
    this.headers.outer = {
      ip: { src: outer.srcIp, dst: outer.dstIp, protocol: 'ESP' },
      esp: { spi: key },
      tunnel: { protocol: 'esp', vni: 0 },
    };
    this.kernel(
      node,
      'xfrm',
      'stack',
      'host',
      [{ type: 'encap', device: 'xfrm', outer, cite: how.cite, note: how.note }],
      {
        headerChanges: [
          ...(hadEthernet ? ['removed the Ethernet header (xfrm tunnel mode wraps the IP packet)'] : []),
          `added outer IP ${outer.srcIp} → ${outer.dstIp} (ESP, IP protocol 50)`,
          `added ESP SPI ${key}; the inner ${this.headers.ip.src} → ${this.headers.ip.dst} is encrypted`,
          ...(how.extraChanges ?? []),
        ],
      },
    );
  }

  /**
   * Endpoint routes at the source: the sender's bpf_lxc is built without ENABLE_ROUTING, so its local
   * endpoint lookup and the local-delivery exits do not run (the model's source-routing table).
   */
  private skippedAtSource(owner: ProgramId, action: Action, segment: ProgramSegment): boolean {
    if (!SOURCE_LXC_PROGRAMS.has(owner)) return false;
    const local =
      (action.do === 'lookup' && action.what === 'endpoint') ||
      (action.do === 'exit' && (action.when === 'dst-local-pod' || action.when === 'dst-local-host'));
    if (!local) return false;
    const skip = sourceSkipsLocalLookup(this.input.config, this.input.version);
    if (!skip) return false;
    const note = `${skip.note} (${skip.cite})`;
    if (!segment.note?.includes(note)) segment.note = segment.note ? `${segment.note} ${note}` : note;
    return true;
  }

  /**
   * Endpoint routes: local delivery redirects to the lxc device (or hands the packet to the stack)
   * instead of the policy tail call, as the model's release row says. False: the tail call stays.
   */
  private endpointRouteDelivery(
    action: Extract<Action, { do: 'exit' }>,
    segment: ProgramSegment,
    at: Where,
    owner: ProgramId,
  ): boolean {
    const d = endpointRouteDelivery(this.input.config, this.input.version, at.role === 'tunnel');
    if (d.kind === 'policy-tail') {
      if (d.note) segment.note = segment.note ? `${segment.note} ${d.note}` : d.note;
      return false;
    }
    const dst = this.localPod(at)!;
    if (d.kind === 'redirect-lxc') {
      segment.steps.push({
        type: 'redirect',
        device: dst.hostVeth,
        cite: d.cite,
        function: this.fnOf(owner),
        note: `${action.fn}: ${d.note} (${dst.name}'s ${dst.hostVeth}).`,
      });
      const changes = this.podEthernet(dst);
      if (changes.length) segment.headerChanges = [...(segment.headerChanges ?? []), ...changes];
      this.hook(this.podSide(dst), 'egress');
      return true;
    }
    segment.steps.push({
      type: 'pass-to-stack',
      cite: d.cite,
      function: this.fnOf(owner),
      note: `${action.fn}: ${d.note}`,
    });
    this.route(at.node);
    return true;
  }

  /**
   * The family of the header a program parses: the outer one (IPv4, the underlay) while the packet is
   * encapsulated, else the traced packet's.
   */
  private packetFamily(): 4 | 6 {
    return this.headers.outer ? (ipFamily(this.headers.outer.ip.src) ?? 4) : this.family;
  }

  /** The reply's translation back to the frontend (source) and, after a SNAT, to the client (destination). */
  private nodePortRevDnat(fn: string, cite: string, note: string, map: string): Step {
    const r = this.input.ends.reply!.nodePort!;
    this.headers.ip = { ...this.headers.ip, src: r.frontend.ip };
    return revNat('rev-dnat', r.backend, r.frontend, map, fn, cite, note);
  }

  /**
   * Where a NodePort reply is translated at the start of a program (model row nodeport-remote): the
   * node the client reached (remote backend, SNAT: nodeport_lb4's NAT-ingress and rev-NAT tail calls),
   * or the backend's to-netdev (DSR, v1.16+). True when the program ends (redirected).
   */
  private nodePortReplyAtStart(owner: ProgramId, segment: ProgramSegment, at: Where): boolean {
    const r = this.input.ends.reply?.nodePort;
    if (!r || r.by !== 'bpf' || this.nodePortReplied) return false;
    const row = nodePortRemoteOf(this.input.version)!;
    const fn = this.fnOf(owner);
    if (
      r.path === 'dsr' &&
      owner === 'host/to-netdev' &&
      row.dsr.reply.program === owner &&
      at.node.name === this.input.ends.srcNode.name
    ) {
      const step = this.nodePortRevDnat(
        row.dsr.reply.fn,
        row.dsr.reply.cite,
        `handle_nat_fwd → nodeport_rev_dnat_fwd_ipv4: the reply matches the DSR conntrack entry of the request; ${row.dsr.reply.fn} writes the frontend ${r.frontend.ip}:${r.frontend.port} back as the source, and the reply leaves ${at.node.name} straight to the client (DSR).`,
        this.maps.ct(this.input.protocol),
      );
      segment.steps.push({ ...step, function: row.dsr.reply.fn });
      segment.headerChanges = [
        ...(segment.headerChanges ?? []),
        `source ${r.backend.ip}:${r.backend.port} became ${r.frontend.ip}:${r.frontend.port} (DSR reply)`,
      ];
      this.nodePortReplied = true;
      return false;
    }
    if (
      r.path !== 'snat' ||
      (owner !== 'host/netdev-ipv4' && owner !== 'overlay/ipv4') ||
      at.node.name !== r.entry.name ||
      this.headers.outer ||
      this.headers.ip.dst !== r.snatAddr
    )
      return false;
    const e = row.replyAtEntry;
    const calls = owner === 'overlay/ipv4' ? this.maps.overlayCalls : this.maps.netdevCalls;
    const file = segment.program.file;
    const before = this.headers.ip.dst;
    this.headers.ip = { ...this.headers.ip, dst: r.client };
    segment.steps.push(
      tailStep(
        e.natTail,
        calls,
        file,
        fn,
        `nodeport_lb4: ${before} is no Service frontend but may be a reply from a remote backend: ${e.natTail.slot} (${e.natTail.value}) into ${e.natTail.target} (NAT ingress).`,
      ),
      revNat(
        'rev-snat',
        { ip: before },
        { ip: r.client },
        this.maps.snat,
        e.natTail.target,
        e.revSnatCite,
        `${e.revSnatFn}: the reply matches the SNAT entry the request created in ${this.maps.snat}; the destination ${before} becomes the client ${r.client} again.`,
      ),
      tailStep(
        e.revNatTail,
        calls,
        file,
        e.natTail.target,
        `${e.natTail.target}: reverse SNAT done, ${e.revNatTail.slot} (${e.revNatTail.value}) into ${e.revNatTail.target} for the Service's reverse DNAT.`,
      ),
    );
    segment.steps.push({
      ...this.nodePortRevDnat(
        row.revDnat.fn,
        row.revDnat.cite,
        `${row.revDnat.fn}: the conntrack entry of the NodePort request (node_port, rev_nat_index) gives the frontend; the source ${r.backend.ip}:${r.backend.port} becomes ${r.frontend.ip}:${r.frontend.port}.`,
        this.maps.revNat,
      ),
      function: e.revNatTail.target,
    });
    segment.steps.push({
      type: 'redirect',
      device: at.node.device,
      function: e.revNatTail.target,
      cite: row.revDnat.redirectCite,
      note: `${e.revNatTail.target}: a FIB lookup towards the client gives ${at.node.device}; the reply is redirected out of it.`,
    });
    segment.headerChanges = [
      ...(segment.headerChanges ?? []),
      `destination ${before} became ${r.client} (NodePort reverse SNAT)`,
      `source ${r.backend.ip}:${r.backend.port} became ${r.frontend.ip}:${r.frontend.port} (NodePort reverse DNAT)`,
    ];
    this.nodePortReplied = true;
    this.transmit(at.node, r.client);
    return true;
  }

  /**
   * A NodePort reply in the backend's own egress program (bpf_lxc), at its conntrack verdict (CT_REPLY):
   * a local backend's reply is tail-called into the NodePort rev-NAT program and redirected out of the
   * node; a DSR reply (v1.10–v1.12) gets its source rewritten by xlate_dsr_v4. True when redirected.
   */
  private nodePortReplyAtExit(owner: ProgramId, segment: ProgramSegment, at: Where): boolean {
    const r = this.input.ends.reply?.nodePort;
    if (!r || r.by !== 'bpf' || this.nodePortReplied) return false;
    if (!owner.startsWith('lxc/') || INGRESS_PROGRAMS.has(owner)) return false;
    if (at.node.name !== this.input.ends.srcNode.name) return false;
    const row = nodePortRemoteOf(this.input.version)!;
    const fn = this.fnOf(owner);
    if (r.path === 'dsr') {
      if (row.dsr.reply.program === 'host/to-netdev') return false;
      segment.steps.push({
        ...this.nodePortRevDnat(
          row.dsr.reply.fn,
          row.dsr.reply.cite,
          `${row.dsr.reply.fn}: the reply's conntrack entry is marked DSR; the SNAT entry handle_dsr_v4 created gives the frontend, written back as the source, and the reply goes to the client straight from ${at.node.name}.`,
          this.maps.snat,
        ),
        function: fn,
      });
      segment.headerChanges = [
        ...(segment.headerChanges ?? []),
        `source ${r.backend.ip}:${r.backend.port} became ${r.frontend.ip}:${r.frontend.port} (DSR reply)`,
      ];
      this.nodePortReplied = true;
      return false;
    }
    if (r.path !== 'local') return false;
    const tail = row.localReplyTail;
    const file = segment.program.file;
    segment.steps.push(
      tailStep(
        tail,
        this.maps.lxcCalls(this.input.ends.src.endpointId),
        file,
        fn,
        `CT_REPLY of a NodePort connection (node_port set in the conntrack entry nodeport_lb4 created): ${tail.slot} (${tail.value}) into ${tail.target} for the reverse DNAT.`,
      ),
    );
    segment.steps.push({
      ...this.nodePortRevDnat(
        row.revDnat.fn,
        row.revDnat.cite,
        `${row.revDnat.fn}: the source ${r.backend.ip}:${r.backend.port} becomes the frontend ${r.frontend.ip}:${r.frontend.port}.`,
        this.maps.revNat,
      ),
      function: tail.target,
    });
    segment.steps.push({
      type: 'redirect',
      device: at.node.device,
      function: tail.target,
      cite: row.revDnat.redirectCite,
      note: `${tail.target}: a FIB lookup towards the client ${r.client} gives ${at.node.device}; the reply is redirected out of it (not through the host stack).`,
    });
    segment.headerChanges = [
      ...(segment.headerChanges ?? []),
      `source ${r.backend.ip}:${r.backend.port} became ${r.frontend.ip}:${r.frontend.port} (NodePort reverse DNAT)`,
    ];
    this.nodePortReplied = true;
    this.transmit(at.node, r.client);
    return true;
  }

  /** kube-proxy's NodePort reply: netfilter conntrack undoes the DNAT (and the masquerade of a remote backend). */
  private kubeProxyReply(node: TopologyNode): boolean {
    const r = this.input.ends.reply?.nodePort;
    if (!r || r.by !== 'iptables' || this.nodePortReplied || node.name !== r.entry.name || this.headers.outer)
      return false;
    if (r.path === 'local' ? this.headers.ip.src !== r.backend.ip : this.currentDst() !== r.snatAddr)
      return false;
    const arriving = cloneHeaders(this.headers);
    const steps: Step[] = [];
    const changes: string[] = [];
    if (r.path === 'snat') {
      steps.push({
        type: 'nat',
        kind: 'rev-snat',
        before: { ip: r.snatAddr! },
        after: { ip: r.client },
        by: 'iptables',
        note: `The reply matches the conntrack entry of kube-proxy's MASQUERADE: the destination ${r.snatAddr} becomes the client ${r.client} again.`,
      });
      changes.push(`destination ${r.snatAddr} became ${r.client} (kube-proxy reverse masquerade)`);
      this.headers.ip = { ...this.headers.ip, dst: r.client };
    }
    steps.push({
      type: 'nat',
      kind: 'rev-dnat',
      before: r.backend,
      after: r.frontend,
      by: 'iptables',
      note: `The reply matches the conntrack entry of kube-proxy's DNAT (KUBE-NODEPORTS): the source ${r.backend.ip}:${r.backend.port} becomes the frontend ${r.frontend.ip}:${r.frontend.port}.`,
    });
    changes.push(
      `source ${r.backend.ip}:${r.backend.port} became ${r.frontend.ip}:${r.frontend.port} (kube-proxy reverse DNAT)`,
    );
    this.headers.ip = { ...this.headers.ip, src: r.frontend.ip };
    this.nodePortReplied = true;
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: node.name,
      device: 'netfilter',
      hook: 'stack',
      namespace: 'host',
      headers: arriving,
      steps,
      headerChanges: changes,
      note: "netfilter conntrack (nat table): kube-proxy's translations undone for the reply.",
    });
    return true;
  }

  /** The backend's node reads a DSR request's option where the release does (model row dsr.backend). */
  private dsrAtBackend(owner: ProgramId, segment: ProgramSegment): void {
    if (!this.dsrFrontend) return;
    const row = nodePortRemoteOf(this.input.version)!;
    if (row.dsr.backend.program !== owner) return;
    segment.steps.push(
      dsrBackendStep(row, this.maps, this.input.protocol, this.dsrFrontend, this.headers.ip.src),
    );
    segment.headerChanges = [...(segment.headerChanges ?? []), 'DSR option read (the frontend is recorded)'];
    this.dsrFrontend = undefined;
  }

  // ---- guards -------------------------------------------------------------------------------

  /** The address the program looks at: the outer header while the packet is encapsulated. */
  private currentDst(): string {
    return this.headers.outer?.ip.dst ?? this.headers.ip.dst;
  }

  private localPod(at: Where): TopologyPod | undefined {
    const dst = this.currentDst();
    return this.input.topology.pods.find((p) => p.ip === dst && p.node === at.node.name);
  }

  private remotePod(at: Where): TopologyPod | undefined {
    const dst = this.currentDst();
    return this.input.topology.pods.find((p) => p.ip === dst && p.node !== at.node.name);
  }

  /**
   * The node behind a tunnel endpoint for the destination: a remote pod's node, or a remote node's
   * router (cilium_host) address, which the ipcache maps to that node's tunnel endpoint.
   */
  private tunnelPeer(at: Where): TopologyNode | undefined {
    if (!this.tunnel) return undefined;
    const pod = this.remotePod(at);
    if (pod) return this.nodeOf(pod);
    const dst = this.currentDst();
    return this.input.topology.nodes.find((n) => n.name !== at.node.name && n.ciliumHostIp === dst);
  }

  private isLocalHost(at: Where): boolean {
    const dst = this.currentDst();
    return dst === at.node.ip || dst === at.node.ciliumHostIp;
  }

  private holds(guard: Guard, at: Where): boolean {
    switch (guard) {
      case 'dst-local-pod':
        return !!this.localPod(at);
      case 'dst-local-host':
        return this.isLocalHost(at);
      case 'dst-remote-tunnel':
        return !!this.tunnelPeer(at);
      case 'dst-tunnel-map':
        return false;
      case 'no-tunnel-endpoint':
        return !!this.tunnel && !this.localPod(at) && !this.isLocalHost(at) && !this.tunnelPeer(at);
      case 'bpf-masquerade':
        return (
          this.input.config.bpfMasquerade &&
          this.input.config.ipv4Masquerade &&
          !this.input.ends.reply &&
          this.leavesCluster(at.node)
        );
      case 'nodeport-frontend': {
        const np = this.input.ends.service?.nodePort;
        // nodeport_lb4 is compiled only with ENABLE_NODEPORT (kube-proxy replacement)
        return (
          !!np &&
          this.defines.has('ENABLE_NODEPORT') &&
          np.node.name === at.node.name &&
          this.currentDst() === (np.ip ?? at.node.ip)
        );
      }
      case 'reply-service': {
        const f = this.input.ends.reply?.forward;
        return (
          !!f?.service &&
          !this.input.config.socketLB &&
          this.localPod(at)?.name === f.src.name &&
          this.headers.ip.src === f.dst!.ip
        );
      }
      case 'reply-bpf-masquerade': {
        const m = this.input.ends.reply?.masquerade;
        return !!m && m.by === 'bpf' && this.currentDst() === at.node.ip && m.node.name === at.node.name;
      }
      case 'legacy-host-routing':
        return this.input.config.hostRouting === 'legacy';
      case 'legacy-host-routing-nodeport':
        return this.input.config.hostRouting === 'legacy' && this.input.config.kubeProxyReplacement;
      case 'bpf-host-routing':
        return this.input.config.hostRouting === 'bpf';
      case 'wireguard-encrypt':
        return (
          this.input.config.encryption === 'wireguard' &&
          this.headers.outer === undefined &&
          !!this.remotePod(at) &&
          this.input.topology.pods.some((p) => p.ip === this.headers.ip.src)
        );
      case 'wireguard-overlay': {
        const o = this.headers.outer;
        return (
          this.input.config.encryption === 'wireguard' &&
          !!o &&
          o.tunnel.protocol !== 'wireguard' &&
          wireguardTunnelOf(this.input.version)?.where === 'encapsulated'
        );
      }
      case 'tunnel-mode':
        return this.input.config.transport !== 'native';
      case 'ipsec-esp':
        return this.headers.outer?.tunnel.protocol === 'esp' && !this.ipsecDecrypted;
      case 'ipsec-decrypted':
        return this.ipsecDecrypted && !this.headers.outer;
      case 'ipsec-encrypt': {
        // ipsec_maybe_redirect_to_encrypt: not yet encrypted, a remote pod with a key, a cluster source
        if (this.input.config.encryption !== 'ipsec' || this.headers.outer || this.ipsecNetdevMark)
          return false;
        const dst = this.remotePod(at);
        if (!ipsecNetdevOf(this.input.version) || !dst) return false;
        if (!this.input.topology.pods.some((p) => p.ip === this.headers.ip.src)) return false;
        return (this.nodeOf(dst).encryptionKey ?? ASSUMED_IPSEC_KEY) !== 0;
      }
      case 'otherwise':
        return true;
    }
  }

  // ---- NAT ----------------------------------------------------------------------------------

  /**
   * The packet leaves the cluster from a pod of this node: its source is in the node's PodCIDR and its
   * destination is no pod's and no node's (reserved:world). Masquerading of node destinations (the
   * iptables rule's exclusion CIDR, v1.14+'s node ipset) is not modelled.
   */
  private leavesCluster(node: TopologyNode): boolean {
    if (this.headers.outer) return false;
    const { src, dst } = this.headers.ip;
    if (!inPodCidr(src, node)) return false;
    if (this.input.topology.nodes.some((n) => inPodCidr(dst, n) || n.ip === dst || n.ciliumHostIp === dst))
      return false;
    return true;
  }

  /** Rewrites the source to the node's address and returns the change, for headerChanges. */
  private snatToNode(node: TopologyNode): { before: string; after: string; change: string } {
    const before = this.headers.ip.src;
    this.headers.ip = { ...this.headers.ip, src: node.ip };
    return { before, after: node.ip, change: `source ${before} became ${node.ip} (masquerade)` };
  }

  /** BPF masquerade in to-netdev: handle_nat_fwd, its NAT tail call (or inline), the SNAT map. */
  private bpfSnat(
    action: Extract<Action, { do: 'nat' }>,
    owner: ProgramId,
    node: TopologyNode,
    segment: ProgramSegment,
  ): Step[] {
    const fn = this.fnOf(owner);
    const tail = action.tail!;
    const real = evalBuildCondition(tail.condition, this.defines);
    const file = segment.program.file;
    const { before, after, change } = this.snatToNode(node);
    segment.headerChanges = [...(segment.headerChanges ?? []), change];
    return [
      {
        function: fn,
        type: 'tail-call',
        map: this.maps.hostCalls.replace('hostns_<host endpoint id>', 'netdev_<ifindex>'),
        key: tail.value,
        keyName: tail.slot,
        target: { file, function: tail.target },
        condition: tail.condition,
        ...(real ? {} : { inlined: true }),
        cite: tail.cite,
        note: real
          ? `${action.fn} tail-calls ${tail.slot} (${tail.value}) into ${tail.target} (${tail.condition} holds in this build).`
          : `${action.fn}: ${tail.condition} is false in the traced build (${describeDefines(this.defines)}): ${tail.target} runs inline, no tail call.`,
      },
      {
        function: tail.target,
        type: 'nat',
        kind: 'snat',
        before: { ip: before },
        after: { ip: after },
        map: this.maps.snat,
        by: 'bpf',
        cite: action.cite,
        note: `BPF masquerade (enable-bpf-masquerade): ${tail.target} finds no SNAT entry for the flow, creates one in ${this.maps.snat} and rewrites the source ${before} to ${node.name}'s address ${after}; the source port is kept when it is free. The reply is translated back here, on ${node.device}'s ingress.`,
      },
    ];
  }

  /** iptables MASQUERADE in POSTROUTING (the agent's CILIUM_POST_nat rule), before tc egress runs. */
  private iptablesMasquerade(node: TopologyNode, device: string): Step | undefined {
    const c = this.input.config;
    // the nat table sees only a connection's first packet: a reply is never masqueraded
    if (
      !c.ipv4Masquerade ||
      c.bpfMasquerade ||
      device.startsWith('cilium_') ||
      this.input.ends.reply ||
      !this.leavesCluster(node)
    )
      return undefined;
    const before = this.headers.ip.src;
    return {
      type: 'nat',
      kind: 'snat',
      before: { ip: before },
      after: { ip: node.ip },
      by: 'iptables',
      cite: iptablesMasqueradeCite(this.input.version),
      note: `iptables (enable-ipv4-masquerade, BPF masquerade off): the agent's rule in CILIUM_POST_nat — source in ${node.podCidr}, not leaving on a cilium_ device, destination outside the cluster — MASQUERADEs ${before} to ${device}'s address ${node.ip} in POSTROUTING; netfilter conntrack keeps the mapping for the reply.`,
    };
  }

  // ---- steps --------------------------------------------------------------------------------

  private identityOf(ip: string, at: Where): { identity: number; label: string; pod?: TopologyPod } {
    const pod = this.input.topology.pods.find((p) => p.ip === ip);
    if (pod) return { identity: pod.identity, label: `identity ${pod.identity}`, pod };
    const node = this.input.topology.nodes.find((n) => n.ip === ip || n.ciliumHostIp === ip);
    if (node && node.name === at.node.name)
      return { identity: RESERVED.host, label: 'identity 1 (reserved:host)' };
    if (node) return { identity: RESERVED.remoteNode, label: 'identity 6 (reserved:remote-node)' };
    return { identity: RESERVED.world, label: 'identity 2 (reserved:world)' };
  }

  private lookupStep(action: Extract<Action, { do: 'lookup' }>, at: Where): Step {
    const dst = this.currentDst();
    const cite = action.cite;
    switch (action.what) {
      case 'service':
        return {
          type: 'lookup',
          map: this.maps.services,
          key: dst.includes(':') ? `[${dst}]:<dport>` : `${dst}:<dport>`,
          result: 'miss: not a service frontend',
          note: `${action.fn}: ${dst} is not a Service frontend, so no translation (per-packet load-balancing).`,
          cite,
        };
      case 'ipcache-dst': {
        const id = this.identityOf(dst, at);
        const remote = this.tunnel ? this.remotePod(at) : undefined;
        const endpoint = remote
          ? this.input.topology.nodes.find((n) => n.name === remote.node)!.ip
          : undefined;
        return {
          type: 'lookup',
          map: this.maps.ipcache,
          key: dst,
          result: endpoint ? `${id.label}, tunnel endpoint ${endpoint}` : id.label,
          note: endpoint
            ? `${action.fn}: the ipcache gives the destination's security identity and the node that hosts it (${endpoint}).`
            : `${action.fn}: the ipcache gives the destination's security identity (${id.label}) for the egress policy.`,
          cite,
        };
      }
      case 'ipcache-src': {
        const src = this.headers.outer?.ip.src ?? this.headers.ip.src;
        const id = this.identityOf(src, at);
        return {
          type: 'lookup',
          map: this.maps.ipcache,
          key: src,
          result: `source ${id.label}`,
          note: `${action.fn}: the source identity from the ipcache entry of the source address ${src}.`,
          cite,
        };
      }
      case 'endpoint': {
        const pod = this.localPod(at);
        const host = this.isLocalHost(at);
        return {
          type: 'lookup',
          map: this.maps.endpoints,
          key: dst,
          result: pod
            ? `local endpoint ${pod.name}, endpoint id ${pod.endpointId}`
            : host
              ? `host endpoint (ENDPOINT_F_HOST): an address of ${at.node.name} itself`
              : 'miss: not an endpoint on this node',
          note: pod
            ? `${action.fn}: ${dst} is a pod on this node (${pod.name}).`
            : host
              ? `${action.fn}: ${dst} is one of ${at.node.name}'s own addresses.`
              : `${action.fn}: ${dst} is not on this node.`,
          cite,
        };
      }
      case 'tunnel-key': {
        const vni = this.vni(at);
        return {
          type: 'lookup',
          map: 'tunnel key',
          key: `${action.fn}()`,
          result: `source identity ${vni}`,
          note: `${action.fn}: the VNI carries the sender's security identity (${vni}).`,
          cite,
        };
      }
      case 'ndp':
        return {
          type: 'lookup',
          map: 'ICMPv6 neighbour discovery',
          key: `next header ${this.input.protocol.toUpperCase() === 'ICMP' ? 'ICMPv6' : this.input.protocol.toUpperCase()}`,
          result: 'not a neighbour solicitation for the router: forwarded',
          note: `${action.fn}: bpf_lxc answers the pod's ICMPv6 Neighbor Solicitations for its router address itself (a Neighbor Advertisement with the host-side MAC, sent back out of the pod's device), so the pod resolves its IPv6 gateway without the host stack; this ${this.input.protocol.toUpperCase()} packet is not one and goes on.`,
          cite,
        };
      case 'tunnel-map':
        return {
          type: 'lookup',
          map: this.maps.tunnel ?? 'cilium_tunnel_map',
          key: `${dst} & IPV4_MASK`,
          result: 'miss: DROP_NO_TUNNEL_ENDPOINT, handled as "pass to the stack"',
          note: `${action.fn}: the ipcache gave no tunnel endpoint, and no node's PodCIDR covers ${dst}: the packet goes to the stack instead of the tunnel.`,
          cite,
        };
    }
  }

  private pending(
    action: Extract<Action, { do: 'policy' } | { do: 'ct' }>,
    owner: ProgramId,
    at: Where,
  ): PendingVerdict {
    const { src, dst } = this.input.ends;
    const ingress = action.direction === 'ingress';
    const subject = ingress ? dst! : src;
    const peerIp = ingress ? this.headers.ip.src : this.headers.ip.dst;
    const peer = this.identityOf(peerIp, at);
    // the identity the tunnel header carried, past the node that sent it (a NodePort request from outside)
    if (ingress && this.vniIdentity !== undefined && at.node.name !== this.input.ends.srcNode.name)
      peer.identity = this.vni(at);
    return {
      type: 'pending',
      action,
      subject: { pod: subject.name, endpointId: subject.endpointId },
      peer: { name: peer.pod?.name ?? peerIp, ip: peerIp, identity: peer.identity },
      dropIn: this.programRef(owner).function,
    };
  }

  /** The prog array a tail call goes through; bpf_lxc's is the endpoint's own, whose program runs. */
  private callsMap(kind: Extract<Action, { do: 'tail-call' }>['map'], owner: ProgramId): string {
    switch (kind) {
      case 'lxc': {
        const ingress = INGRESS_PROGRAMS.has(owner);
        return this.maps.lxcCalls((ingress ? this.input.ends.dst! : this.input.ends.src).endpointId);
      }
      case 'overlay':
        return this.maps.overlayCalls;
      case 'netdev':
        return this.maps.netdevCalls;
      case 'host':
        return this.maps.hostCalls;
      case 'policy':
        return this.maps.policy;
      case 'ipvlan':
        return this.maps.ipvlanEntry(this.input.ends.src.endpointId);
      case 'wireguard':
        return this.maps.wireguardCalls ?? 'cilium_calls_wireguard_<ifindex>';
    }
  }

  private exitSteps(
    action: Extract<Action, { do: 'exit' }>,
    at: Where,
    direction: 'ingress' | 'egress',
  ): Step[] {
    const cite = action.cite;
    const exit = action.exit;
    switch (exit.kind) {
      case 'policy-tail': {
        const dst = this.localPod(at)!;
        const policy = this.programRef('lxc/policy');
        return [
          {
            type: 'tail-call',
            map: this.maps.policy,
            key: dst.endpointId,
            keyName: `endpoint id of ${dst.name}`,
            target: { file: policy.file, function: policy.function, section: policy.section },
            cite,
            note: `${action.fn}: the destination is a local pod, so ${exit.via} jumps into ${this.maps.policy}[${dst.endpointId}] (${dst.name}'s endpoint id) and runs ${dst.name}'s ${policy.function}() instead of redirecting to its device.`,
          },
        ];
      }
      case 'encap-redirect': {
        const node = this.tunnelPeer(at)!;
        return [
          {
            type: 'redirect',
            device: this.tunnel!.device,
            tunnelEndpoint: node.ip,
            cite,
            note: `${action.fn}: remote pod — set the tunnel key (remote ${node.ip}, VNI = source identity ${this.vni(at)}${this.vni(at) !== this.sourceIdentity(at) ? `: the host's identity ${this.sourceIdentity(at)} is sent as a remote node's, ${tunnelIdentity(this.sourceIdentity(at), this.input.version).cite}` : ''}) and redirect to ${this.tunnel!.device} (${exit.via}).`,
          },
        ];
      }
      case 'redirect-ep':
        return [this.redirectEpStep(action.fn, exit.via, at, cite)];
      case 'redirect-host':
        return [
          {
            type: 'redirect',
            device: 'cilium_host',
            cite,
            note: `${action.fn}: hand the packet to cilium_host (${exit.via}); the host stack takes it from there.`,
          },
        ];
      case 'redirect-host-egress': {
        const row = ipsecOf(this.input.version);
        return [
          {
            type: 'redirect',
            device: 'cilium_host',
            cite,
            note: `${action.fn}: the mark is MARK_MAGIC_DECRYPT${row ? ` (0x0D00, ${row.decryptMagic})` : ''}: xfrm decrypted this packet, so do_decrypt clears the mark and ${exit.via} sends it to cilium_host's egress (CILIUM_IFINDEX, no BPF_F_INGRESS), where from-host runs.`,
          },
        ];
      }
      case 'ipsec-redirect':
        return [this.ipsecRedirectStep(action.fn, exit.via, at, cite)];
      case 'wg-redirect': {
        const o = this.headers.outer;
        const row = wireguardTunnelOf(this.input.version);
        if (o && row) {
          const test = row.overlayMark
            ? `ctx_is_overlay: the mark carries MARK_MAGIC_OVERLAY, which cil_to_overlay set (${row.overlayMark})`
            : `its UDP dport is TUNNEL_PORT ${o.udp?.dstPort ?? '?'}, so from_tunnel is set`;
          return [
            {
              type: 'redirect',
              device: 'cilium_wg0',
              cite,
              note: `${action.fn}: the packet is ${this.tunnel?.device ?? 'the tunnel device'}'s ${o.tunnel.protocol.toUpperCase()} packet to ${o.ip.dst} (${test}, ${row.test}) and not yet encrypted (${row.encrypted}), so wg_maybe_redirect_to_encrypt (${row.call}) jumps to the redirect without looking up a key, and ${exit.via} hands the whole ${o.tunnel.protocol.toUpperCase()} packet to cilium_wg0.`,
            },
          ];
        }
        const peer = this.nodeOf(this.remotePod(at)!);
        return [
          {
            type: 'redirect',
            device: 'cilium_wg0',
            cite,
            note: `${action.fn}: ${this.currentDst()}'s ipcache entry carries ${peer.name}'s WireGuard key and the packet is not yet encrypted (no MARK_MAGIC_WG_ENCRYPTED), so ${exit.via} hands it to cilium_wg0.`,
          },
        ];
      }
      case 'fib-redirect':
        return [
          {
            type: 'redirect',
            device: at.node.device,
            fib: true,
            cite,
            note: `${action.fn}: BPF host routing — a FIB lookup in BPF picks ${at.node.device} and the next hop, and ${exit.via} sends it there without the host stack.`,
          },
        ];
      case 'pass':
        if (direction === 'egress')
          return [
            {
              type: 'xmit',
              device: at.role === 'pod-eth0' ? at.node.device : at.device,
              via: 'return CTX_ACT_OK',
              cite,
              note:
                at.role === 'pod-eth0'
                  ? `${action.fn}: return CTX_ACT_OK — the slave transmits it. A program on an IPVLAN slave runs in the pod's namespace and cannot redirect to the master (${at.node.device}) in the host namespace; the IPVLAN driver forwards it.`
                  : `${action.fn}: return CTX_ACT_OK — ${at.device} transmits the packet.`,
            },
          ];
        return [
          {
            type: 'pass-to-stack',
            cite,
            note: `${action.fn}: return CTX_ACT_OK — the packet goes on up the stack.`,
          },
        ];
      case 'drop':
        return [];
    }
  }

  private redirectEpStep(fn: string, via: string, at: Where, cite: string): Step {
    const dst = this.input.ends.dst!;
    if (this.input.config.podLink === 'ipvlan')
      return {
        type: 'xmit',
        device: 'eth0',
        cite,
        note: `${fn}: without ENABLE_HOST_REDIRECT (IPVLAN endpoints) it returns CTX_ACT_OK: the packet is transmitted and the IPVLAN driver picks the slave that owns ${dst.ip}.`,
      };
    const peer = this.peerRedirect(at);
    return {
      type: 'redirect',
      device: dst.hostVeth,
      cite,
      note: peer
        ? `${fn}: BPF host routing — redirect_peer puts the packet straight into ${dst.name}'s namespace (its eth0), skipping ${dst.hostVeth}'s backlog.`
        : this.netkit()
          ? `${fn}: redirect to ${dst.name}'s netkit primary (${dst.hostVeth}) with ${via}; netkit moves it to the peer, ${dst.name}'s eth0.`
          : `${fn}: redirect to ${dst.name}'s veth (${dst.hostVeth}) with ${via}.`,
    };
  }

  private netkit(): boolean {
    return this.input.config.podLink === 'netkit' || this.input.config.podLink === 'netkit-l2';
  }

  /** The host side of a pod's link, where a redirect to the pod goes: lxc veth or netkit primary. */
  private podSide(pod: TopologyPod): Where {
    return {
      node: this.nodeOf(pod),
      device: pod.hostVeth,
      role: this.netkit() ? 'netkit-primary' : 'lxc-veth',
      namespace: 'host',
    };
  }

  private podEthernet(pod: TopologyPod): string[] {
    if (this.input.config.podLink === 'netkit') {
      delete this.headers.ethernet;
      return ['netkit in L3 mode: no Ethernet header on the pair (NETKIT_MODE_L3)'];
    }
    return this.setEthernet(vethMac(pod), pod.mac);
  }

  /** The identity the tunnel carries for the sender (the host's goes as a remote node's). */
  private vni(at: Where): number {
    return tunnelIdentity(this.sourceIdentity(at), this.input.version).vni;
  }

  /** The sender's identity: a pod's own, or what the ipcache says of the packet's source address now. */
  private sourceIdentity(at: Where): number {
    if (this.input.ends.srcKind === 'pod') return this.input.ends.src.identity;
    if (this.vniIdentity !== undefined) return this.vniIdentity;
    return this.identityOf(this.headers.ip.src, at).identity;
  }

  private fromHost(at: Where): boolean {
    return at.role === 'cilium_host';
  }

  private nodeOf(pod: TopologyPod): TopologyNode {
    return this.input.topology.nodes.find((n) => n.name === pod.node)!;
  }

  // ---- exits --------------------------------------------------------------------------------

  private follow(exit: Exit, at: Where, direction: 'ingress' | 'egress', from: ProgramSegment): void {
    switch (exit.kind) {
      case 'policy-tail': {
        const dst = this.localPod(at)!;
        this.runProgram('lxc/policy', at, 'tail-call', direction, `${this.maps.policy}[${dst.endpointId}]`);
        return;
      }
      case 'encap-redirect':
        this.encapsulate(at);
        return;
      case 'redirect-ep': {
        const dst = this.localPod(at) ?? this.input.ends.dst!;
        if (this.input.config.podLink === 'ipvlan' || this.peerRedirect(at)) {
          this.deliverToPod(at);
          return;
        }
        // redirect() to the host side of the pod's link: its egress (to-container, when attached) runs next
        const changes = this.podEthernet(dst);
        if (changes.length) from.headerChanges = [...(from.headerChanges ?? []), ...changes];
        this.hook(this.podSide(dst), 'egress');
        return;
      }
      case 'redirect-host':
        this.hook(
          { node: at.node, device: 'cilium_host', role: 'cilium_host', namespace: 'host' },
          'ingress',
        );
        return;
      case 'fib-redirect':
        this.transmit(at.node, this.currentDst());
        return;
      case 'wg-redirect':
        this.wireguardEncrypt(at);
        return;
      case 'ipsec-redirect':
        this.ipsecToCiliumNet(at, from);
        return;
      case 'redirect-host-egress':
        this.ipsecDecrypted = false;
        this.hook({ node: at.node, device: 'cilium_host', role: 'cilium_host', namespace: 'host' }, 'egress');
        return;
      case 'pass':
        this.afterPass(at, direction);
        return;
      case 'drop':
        this.final = 'dropped';
        return;
    }
  }

  /** What the kernel does with a packet a program (or no program) let through on a hook. */
  private afterPass(at: Where, direction: 'ingress' | 'egress'): void {
    switch (at.role) {
      case 'lxc-veth':
        if (direction === 'ingress') this.stack(at.node, 'forward');
        else this.deliverToPod(at);
        return;
      case 'pod-eth0':
        this.ipvlanOut(at);
        return;
      case 'netkit-peer':
        this.netkitToHost(at);
        return;
      case 'netkit-primary':
        this.deliverToPod(at);
        return;
      case 'tunnel':
        if (direction === 'egress') this.encapDriver(at);
        else this.stack(at.node, 'forward');
        return;
      case 'native':
        if (direction === 'egress') this.wire(at.node);
        else if (this.input.config.podLink === 'ipvlan') this.ipvlanIn(at);
        else this.stack(at.node, 'receive');
        return;
      case 'cilium_host':
        if (direction === 'ingress') this.hostStackDelivers(at.node);
        else this.stack(at.node, 'forward');
        return;
      case 'cilium_net':
        if (this.ipsecNetdevMark) this.ipsecForwardEncrypt(at.node, this.ipsecNetdevMark);
        else this.hostStackDelivers(at.node);
        return;
      case 'wireguard':
        // the decrypted packet is received on cilium_wg0: the stack routes it
        this.stack(at.node, 'forward');
        return;
    }
  }

  /** netkit: what the peer's program passes (CTX_ACT_OK) appears on the primary in the host namespace. */
  private netkitToHost(at: Where): void {
    const src = this.input.ends.src;
    this.kernel(
      at.node,
      src.hostVeth,
      'driver',
      'host',
      [
        {
          type: 'xmit',
          device: src.hostVeth,
          note: `netkit: the peer's program returned CTX_ACT_OK, so the packet crosses to ${src.hostVeth} (the primary) in the host namespace.`,
        },
      ],
      { note: `netkit pair: ${src.name}'s eth0 (peer) → ${src.hostVeth} (primary).` },
    );
    this.stack(at.node, 'forward');
  }

  /**
   * cilium_wg0 encrypts for the peer that owns the destination and sends UDP 51871 to it. A VXLAN/Geneve
   * packet (v1.15+) is encrypted whole: its tunnel header moves to `overlay`, inside the WireGuard one.
   */
  private wireguardEncrypt(at: Where, portCite?: string): void {
    const node = at.node;
    const tunnelled = this.headers.outer;
    const row = tunnelled ? wireguardTunnelOf(this.input.version) : undefined;
    const peer = tunnelled
      ? this.input.topology.nodes.find((n) => n.ip === tunnelled.ip.dst)!
      : this.nodeOf(this.remotePod(at)!);
    const outer = {
      srcIp: node.ip,
      dstIp: peer.ip,
      dstPort: WIREGUARD_PORT,
      vni: 0,
      protocol: 'wireguard' as const,
    };
    if (tunnelled) {
      const { ethernet: _ethernet, ...layer } = tunnelled;
      this.headers.overlay = layer;
    }
    this.headers.outer = {
      ip: { src: outer.srcIp, dst: outer.dstIp, protocol: 'UDP' },
      udp: { dstPort: outer.dstPort },
      tunnel: { protocol: 'wireguard', vni: 0 },
    };
    // WireGuard is a layer-3 device: the inner packet travels without its Ethernet header
    const hadEthernet = !!this.headers.ethernet;
    delete this.headers.ethernet;
    const allowed = tunnelled
      ? `its allowed IPs hold ${peer.name}'s address ${peer.ip}/32, the ${tunnelled.tunnel.protocol.toUpperCase()} packet's destination: ${row?.allowedIps ?? 'the agent'}`
      : `its allowed IPs hold ${peer.podCidr}`;
    const what = tunnelled
      ? `the whole ${tunnelled.tunnel.protocol.toUpperCase()} packet (${tunnelled.ip.src} → ${tunnelled.ip.dst} UDP ${tunnelled.udp?.dstPort ?? '?'}, VNI ${tunnelled.tunnel.vni})`
      : 'the packet';
    this.kernel(
      node,
      'cilium_wg0',
      'driver',
      'host',
      [
        {
          type: 'encap',
          device: 'cilium_wg0',
          outer,
          note: `cilium_wg0 (the kernel's WireGuard driver, no BPF) encrypts ${what} for ${peer.name} (${allowed}) and sends it as WireGuard UDP ${WIREGUARD_PORT} (${portCite ?? WIREGUARD_PORT_CITE}): ${outer.srcIp} → ${outer.dstIp}${portCite ? '' : `; the WireGuard device marks it encrypted (MARK_MAGIC_WG_ENCRYPTED), so to-netdev lets it out${row ? ` (${row.encrypted})` : ''}`}.`,
        },
      ],
      {
        headerChanges: [
          ...(hadEthernet
            ? [
                tunnelled
                  ? `removed the Ethernet header of the ${tunnelled.tunnel.protocol.toUpperCase()} frame (cilium_wg0 carries IP packets)`
                  : 'removed the inner Ethernet header (cilium_wg0 carries IP packets)',
              ]
            : []),
          ...(tunnelled
            ? [
                `the ${tunnelled.tunnel.protocol.toUpperCase()} packet (outer IP ${tunnelled.ip.src} → ${tunnelled.ip.dst}, UDP ${tunnelled.udp?.dstPort ?? '?'}, VNI ${tunnelled.tunnel.vni}) became the encrypted payload`,
              ]
            : []),
          `added outer IP ${outer.srcIp} → ${outer.dstIp}`,
          `added UDP dport ${WIREGUARD_PORT} (WireGuard, encrypted inner packet)`,
        ],
      },
    );
    this.route(node);
  }

  /** The WireGuard socket of a node decrypts; the inner packet appears on cilium_wg0. */
  private wireguardDecrypt(node: TopologyNode): void {
    const o = this.headers.outer!;
    const outer = {
      srcIp: o.ip.src,
      dstIp: o.ip.dst,
      dstPort: o.udp?.dstPort ?? WIREGUARD_PORT,
      vni: 0,
      protocol: 'wireguard' as const,
    };
    const overlay = this.headers.overlay;
    this.headers.outer = overlay;
    delete this.headers.overlay;
    this.kernel(
      node,
      'cilium_wg0',
      'driver',
      'host',
      [
        {
          type: 'decap',
          device: 'cilium_wg0',
          outer,
          note: `WireGuard (UDP ${WIREGUARD_PORT}; the kernel, not BPF) decrypts the packet from ${outer.srcIp}${overlay ? `: it is ${outer.srcIp}'s ${overlay.tunnel.protocol.toUpperCase()} packet (UDP ${overlay.udp?.dstPort ?? '?'}, VNI ${overlay.tunnel.vni})` : ''}; it is received on cilium_wg0${attachedAt('wireguard', 'ingress', this.input.config, this.input.version.minor) ? ', whose tc ingress runs cil_from_wireguard' : `, where no program is attached, and the stack ${overlay ? `hands it to the ${overlay.tunnel.protocol.toUpperCase()} socket of ${this.tunnel?.device ?? 'the tunnel device'}` : 'routes it'}`}.`,
        },
      ],
      {
        headerChanges: [
          'removed outer IP/UDP (WireGuard decrypted)',
          ...(overlay
            ? [
                `the ${overlay.tunnel.protocol.toUpperCase()} packet remains: outer IP ${overlay.ip.src} → ${overlay.ip.dst}, UDP ${overlay.udp?.dstPort ?? '?'}, VNI ${overlay.tunnel.vni}`,
              ]
            : []),
        ],
      },
    );
    this.hook({ node, device: 'cilium_wg0', role: 'wireguard', namespace: 'host' }, 'ingress');
  }

  /** The IPVLAN driver: slave → slave on the same node, or slave → master. */
  private ipvlanOut(at: Where): void {
    const local = this.localPod(at);
    if (local) {
      this.deliverToPod(at);
      return;
    }
    const node = at.node;
    this.kernel(
      node,
      node.device,
      'driver',
      'host',
      [
        {
          type: 'xmit',
          device: node.device,
          note: `No slave on ${node.name} owns ${this.currentDst()}: the IPVLAN driver hands the packet to the master ${node.device}.`,
        },
      ],
      { note: 'IPVLAN driver: slave → master.' },
    );
    this.route(node);
  }

  /** The host stack of a node receives or forwards the packet. */
  private stack(node: TopologyNode, how: 'receive' | 'forward'): void {
    if (this.kubeProxyReply(node) || this.iptablesRevSnat(node) || this.kubeProxyNodePort(node)) {
      this.route(node);
      return;
    }
    const dst = this.currentDst();
    if (dst === node.ip || dst === node.ciliumHostIp) {
      if (this.headers.outer?.tunnel.protocol === 'wireguard') {
        this.wireguardDecrypt(node);
        return;
      }
      if (this.headers.outer?.tunnel.protocol === 'esp') {
        this.ipsecDecrypt(node);
        return;
      }
      if (this.headers.outer && this.tunnel) {
        this.decapsulate(node);
        return;
      }
      this.hostStackDelivers(node);
      return;
    }
    if (how === 'receive' || how === 'forward') this.route(node);
  }

  private hostStackDelivers(node: TopologyNode): void {
    // the reply of kube-proxy's masqueraded NodePort request reaches the address it was masqueraded to
    if (this.kubeProxyReply(node)) {
      this.route(node);
      return;
    }
    this.kernel(
      node,
      node.device,
      'stack',
      'host',
      [
        {
          type: 'pass-to-stack',
          note: `${this.currentDst()} is an address of ${node.name}: its own stack receives the packet.`,
        },
      ],
      { final: 'forwarded-to-stack' },
    );
  }

  /** The node's routing table, then the device it names. */
  private route(node: TopologyNode): void {
    if (this.wgMark && !this.headers.outer) {
      const row = this.wgMark;
      this.wgMark = undefined;
      this.wireguardRule(node, row);
      return;
    }
    if (this.ipsecMark && !this.headers.outer) {
      const m = this.ipsecMark;
      this.ipsecMark = undefined;
      this.ipsecEncrypt(node, m);
      return;
    }
    const dst = this.currentDst();
    const table = routingTable(this.input.topology, node, this.input.mode, {
      endpointRoutes: this.input.config.endpointRoutes,
    });
    const route = lookupRoute(table, dst);
    if (!route) {
      this.kernel(
        node,
        node.device,
        'routing',
        'host',
        [
          {
            type: 'pass-to-stack',
            note: `${node.name} has no route to ${dst}: the kernel answers with ICMP "network unreachable" (no BPF program drops it).`,
          },
        ],
        { final: 'forwarded-to-stack' },
      );
      return;
    }
    const nextHopIp = onLink(route.gateway) ? dst : route.gateway;
    const peer = this.input.topology.nodes.find((n) => n.ip === nextHopIp);
    const routeStep = routeStepOf(
      route,
      table,
      onLink(route.gateway)
        ? `${dst} is on the directly connected subnet ${route.destination}/${route.prefix} (${route.iface}).`
        : `Route ${route.destination}/${route.prefix} via ${route.gateway} dev ${route.iface}${
            peer ? ` — installed when ${peer.name} joined, from its PodCIDR and address` : ''
          }.`,
    );
    const endpoint = this.input.topology.pods.find((p) => p.node === node.name && p.hostVeth === route.iface);
    if (endpoint) {
      // a per-endpoint route (enable-endpoint-routes): out of the lxc device, where to-container runs
      const changes = this.podEthernet(endpoint);
      this.kernel(
        node,
        route.iface,
        'routing',
        'host',
        [
          {
            ...routeStep,
            note: `Per-endpoint route ${endpoint.ip} dev ${route.iface}: with enable-endpoint-routes the agent installs one for each endpoint (InstallEndpointRoute) instead of routing via cilium_host.`,
          },
          {
            type: 'xmit',
            device: route.iface,
            note: `Sent out of ${route.iface} (${endpoint.name}'s lxc device).`,
          },
        ],
        { headerChanges: changes },
      );
      this.hook(this.podSide(endpoint), 'egress');
      return;
    }
    if (route.iface === 'cilium_host') {
      this.kernel(node, 'cilium_host', 'routing', 'host', [
        routeStep,
        {
          type: 'xmit',
          device: 'cilium_host',
          note: 'Sent out of cilium_host, where the host program runs on egress.',
        },
      ]);
      this.hook({ node, device: 'cilium_host', role: 'cilium_host', namespace: 'host' }, 'egress');
      return;
    }
    const masquerade = this.iptablesMasquerade(node, route.iface);
    const changes = this.headers.outer ? [] : this.setEthernet(node.mac, peer?.mac ?? 'gateway MAC');
    if (this.headers.outer) this.headers.outer.ethernet = { src: node.mac, dst: peer?.mac ?? 'gateway MAC' };
    if (masquerade) {
      // the segment shows the headers as they arrive; POSTROUTING rewrites the source on the way out
      const arriving = this.headers.ip.src;
      this.kernel(
        node,
        route.iface,
        'routing',
        'host',
        [routeStep, masquerade, { type: 'xmit', device: route.iface, note: `Sent out of ${route.iface}.` }],
        {
          headerChanges: [...changes, `source ${arriving} became ${node.ip} (masquerade)`],
          note: deviceLine(node),
        },
      );
      this.headers.ip = { ...this.headers.ip, src: node.ip };
      this.hook({ node, device: route.iface, role: 'native', namespace: 'host' }, 'egress');
      return;
    }
    this.kernel(
      node,
      route.iface,
      'routing',
      'host',
      [routeStep, { type: 'xmit', device: route.iface, note: `Sent out of ${route.iface}.` }],
      { headerChanges: changes, note: deviceLine(node) },
    );
    this.hook({ node, device: route.iface, role: 'native', namespace: 'host' }, 'egress');
  }

  /** BPF host routing: straight out of the native device after a FIB lookup. */
  private transmit(node: TopologyNode, dst: string): void {
    const peer = this.input.topology.nodes.find((n) => inPodCidr(dst, n));
    this.setEthernet(node.mac, peer?.mac ?? 'gateway MAC');
    this.hook({ node, device: node.device, role: 'native', namespace: 'host' }, 'egress');
  }

  /** The wire between nodes: the next node's native device, or out of the cluster. */
  private wire(node: TopologyNode): void {
    const dst = this.currentDst();
    const next =
      this.input.topology.nodes.find((n) => n.ip === dst) ??
      this.input.topology.nodes.find((n) => n.name !== node.name && inPodCidr(dst, n));
    const outer = this.headers.outer;
    if (!next) {
      this.kernel(
        node,
        node.device,
        'wire',
        'network',
        [
          {
            type: 'pass-to-stack',
            note: `The packet leaves ${node.name} towards ${node.gateway ?? 'its gateway'} and the cluster.`,
          },
        ],
        { final: 'forwarded-to-stack' },
      );
      return;
    }
    this.guard();
    this.segments.push({
      kind: 'kernel',
      node: `${node.name} → ${next.name}`,
      device: 'physical network',
      hook: 'wire',
      namespace: 'network',
      headers: cloneHeaders(this.headers),
      steps: [],
      note: outer
        ? outer.esp
          ? `ESP (IP protocol 50, SPI ${outer.esp.spi}) ${outer.ip.src} → ${outer.ip.dst} carrying the encrypted ${this.headers.ip.src} → ${this.headers.ip.dst}.`
          : `UDP ${outer.udp?.dstPort ?? '?'} ${outer.ip.src} → ${outer.ip.dst} carrying ${this.headers.overlay ? `${this.headers.overlay.tunnel.protocol.toUpperCase()} (UDP ${this.headers.overlay.udp?.dstPort ?? '?'}, VNI ${this.headers.overlay.tunnel.vni}, encrypted) with ` : ''}${this.headers.ip.src} → ${this.headers.ip.dst}.`
        : `${this.headers.ip.src} → ${this.headers.ip.dst}, no tunnel: the nodes share one L2 subnet.`,
    });
    const where: Where = { node: next, device: next.device, role: 'native', namespace: 'host' };
    const attached = attachedAt('native', 'ingress', this.input.config, this.input.version.minor);
    if (!attached) {
      this.kernel(
        next,
        next.device,
        'stack',
        'host',
        [
          {
            type: 'pass-to-stack',
            note: outer
              ? `UDP port ${outer.udp?.dstPort ?? '?'} belongs to ${outer.tunnel.protocol === 'wireguard' ? "WireGuard's (cilium_wg0)" : `${this.tunnel!.device}'s`} socket; no tc program is attached to ${next.device} in this release and configuration.`
              : `${next.name}'s ${next.device} receives it; no tc program is attached to ${next.device} in this release and configuration.`,
          },
        ],
        { note: `${next.name}'s ${next.device} receives the packet.` },
      );
      if (this.input.config.podLink === 'ipvlan') {
        this.ipvlanIn(where);
        return;
      }
      this.stack(next, 'receive');
      return;
    }
    this.hook(where, 'ingress');
  }

  /** IPVLAN master → slave: the driver's rx handler delivers by destination address. */
  private ipvlanIn(at: Where): void {
    const pod = this.localPod(at);
    if (!pod) {
      this.stack(at.node, 'receive');
      return;
    }
    this.deliverToPod(at);
  }

  private encapsulate(at: Where): void {
    this.hook({ node: at.node, device: this.tunnel!.device, role: 'tunnel', namespace: 'host' }, 'egress');
  }

  private encapDriver(at: Where): void {
    const tunnel = this.tunnel!;
    const node = at.node;
    const remoteNode = this.tunnelPeer(at)!;
    const outer = {
      srcIp: node.ip,
      dstIp: remoteNode.ip,
      dstPort: tunnel.port,
      vni: this.vni(at),
      protocol: tunnel.protocol,
    };
    this.headers.outer = {
      ip: { src: outer.srcIp, dst: outer.dstIp, protocol: 'UDP' },
      udp: { dstPort: outer.dstPort },
      tunnel: { protocol: tunnel.protocol, vni: outer.vni },
    };
    this.kernel(
      node,
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
    this.route(node);
  }

  private decapsulate(node: TopologyNode): void {
    const tunnel = this.tunnel!;
    const o = this.headers.outer!;
    const outer = {
      srcIp: o.ip.src,
      dstIp: o.ip.dst,
      dstPort: o.udp?.dstPort ?? tunnel.port,
      vni: o.tunnel.vni,
      protocol: tunnel.protocol,
    };
    this.headers.outer = undefined;
    this.kernel(
      node,
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
      { headerChanges: ['removed outer Ethernet/IP/UDP and tunnel header'] },
    );
    this.hook({ node, device: tunnel.device, role: 'tunnel', namespace: 'host' }, 'ingress');
  }

  /** BPF host routing delivers with redirect_peer (not from cilium_host, which needs the backlog). */
  private peerRedirect(at: Where): boolean {
    // on netkit the pod's own program runs on the peer's transmit (ingress_ifindex 0): a plain
    // redirect() to the primary, netkit switches the namespace (v1.16.0 bpf/lib/common.h:1214)
    return this.input.config.hostRouting === 'bpf' && !this.fromHost(at) && at.role !== 'netkit-peer';
  }

  private deliverToPod(at: Where): void {
    const dst = this.localPod(at) ?? this.input.ends.dst!;
    const node = this.nodeOf(dst);
    if (this.input.config.podLink === 'ipvlan') {
      const changes = this.setEthernet(node.mac, dst.mac);
      this.kernel(
        node,
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
          note:
            at.node.name === this.input.ends.srcNode.name && at.role === 'pod-eth0'
              ? 'IPVLAN driver: slave → slave on the same node.'
              : 'IPVLAN driver: master → slave.',
          headerChanges: changes,
        },
      );
    }
    this.kernel(
      node,
      'eth0',
      'driver',
      `pod:${dst.name}`,
      [
        {
          type: 'deliver',
          device: 'eth0',
          pod: dst.name,
          note:
            this.input.config.podLink === 'ipvlan'
              ? `Delivered on ${dst.name}'s eth0 (an IPVLAN slave sharing the master's MAC).`
              : `What leaves ${dst.hostVeth} arrives on ${dst.name}'s eth0.`,
        },
      ],
      {
        final: 'delivered',
        ...(this.input.config.podLink === 'veth'
          ? { note: `veth pair: ${dst.hostVeth} ↔ ${dst.name} eth0.` }
          : this.netkit()
            ? { note: `netkit pair: ${dst.hostVeth} (primary) ↔ ${dst.name} eth0 (peer).` }
            : {}),
      },
    );
  }

  private setEthernet(src: string, dst: string): string[] {
    const before = this.headers.ethernet;
    this.headers.ethernet = { src, dst };
    if (!before || (before.src === src && before.dst === dst))
      return before ? [] : [`Ethernet ${src} → ${dst}`];
    return [`Ethernet ${before.src || '?'} → ${before.dst || '?'} became ${src} → ${dst}`];
  }
}

function inPodCidr(ip: string, node: TopologyNode): boolean {
  const cidr = parseCidr(node.podCidr);
  return cidr !== undefined && cidrContains(cidr, ip);
}

/** `ip addr`-style facts of a node's native device, e.g. "eth0 172.26.50.170/24, a4:ae:… (altname enp2s0)". */
function deviceLine(node: TopologyNode): string {
  const extra = node.details?.length ? `; ${node.details.join('; ')}` : '';
  return `${node.name} ${node.device}: ${node.ip}/${node.subnetPrefix}, link/ether ${node.mac}${extra}.`;
}

function describeDefines(defines: ReadonlySet<string>): string {
  const on = [...defines].sort().join(', ');
  const off = ['ENABLE_IPV4', 'ENABLE_IPV6', 'DEBUG', 'ENABLE_HOST_FIREWALL', 'ENABLE_HOST_ROUTING'].filter(
    (d) => !defines.has(d),
  );
  return `defined: ${on}; not defined: ${off.join(', ')}`;
}

export function cloneHeaders(h: PacketHeaders): PacketHeaders {
  return {
    ...(h.ethernet ? { ethernet: { ...h.ethernet } } : {}),
    ip: { ...h.ip },
    ...(h.outer ? { outer: cloneLayer(h.outer) } : {}),
    ...(h.overlay ? { overlay: cloneLayer(h.overlay) } : {}),
  };
}

function cloneLayer(o: OuterLayer): OuterLayer {
  return {
    ...(o.ethernet ? { ethernet: { ...o.ethernet } } : {}),
    ip: { ...o.ip },
    ...(o.udp ? { udp: { ...o.udp } } : {}),
    ...(o.esp ? { esp: { ...o.esp } } : {}),
    tunnel: { ...o.tunnel },
  };
}

/** Host-side veth MAC: deterministic from the pod's MAC (Cilium's ARP responder answers with it). */
export function vethMac(pod: TopologyPod): string {
  return 'fe' + pod.mac.slice(2);
}

/** MARK_MAGIC_ENCRYPT | key << 12, as or_encrypt_key writes it. */
function ipsecMarkValue(key: number): string {
  return `0x${(((key & 0x0f) << 12) | 0x0e00).toString(16)}`;
}

/** 255.255.255.0 for 24. */
/** A route step: the route taken and the whole table it was taken from. */
function routeStepOf(
  route: TopologyRoute & { prefix: number },
  table: readonly TopologyRoute[],
  note: string,
): Step {
  return {
    type: 'route',
    destination: `${route.destination}/${route.prefix}`,
    gateway: route.gateway,
    device: route.iface,
    flags: route.flags,
    table: table.map((r) => ({
      destination: r.destination,
      gateway: r.gateway,
      genmask: r.genmask,
      flags: r.flags,
      iface: r.iface,
    })),
    note,
  };
}

function prefixMask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((sh) => (bits >>> sh) & 0xff).join('.');
}
