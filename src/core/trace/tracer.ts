/**
 * trace(): plans the packet's path through the release's programs for the configuration
 * (src/core/engine/planner.ts), slices the plan at the hook to start from ("Simulate from here"),
 * and interprets it with the user's policies and connection state (src/core/engine/interpret.ts).
 * Nothing here knows a release or a mode: that is all in src/core/model.
 */
import { ipsecScopeRefusal } from '../model/table/ipsec';
import type { DatapathConfig } from '../model/config';
import { DatapathError } from '../model/model-types';
import {
  describeConfig,
  describeValues,
  resolveCiliumConfig,
  type ConfigLayer,
} from '../model/cilium-config';
import { MODES } from '../model/modes';
import { aliasLayers } from '../model/config-flag-aliases';
import { bpfMasqueradeProblem } from '../model/table/masquerade';
import { nodePortRequestPath } from '../model/table/nodeport-remote';
import { isHookName } from '../model/programs';
import { versionOrDefault, type CiliumVersion } from '../model/versions';
import { replyEndpoints, resolveEndpoints, type Endpoints } from '../engine/endpoints';
import { putMarks } from './step-marks';
import { checkFamily, familyView, missingIpv6, traceFamily, type IpFamily } from '../engine/family';
import { ipv6Underlay, type Ipv6Underlay } from '../model/table/ipv6-underlay';
import { canonicalIp } from '../util/ip';
import { interpret, NO_POLICIES } from '../engine/interpret';
import { policyOracle } from '../engine/policy-oracle';
import type { PolicySet } from '../policy/policy-types';
import type { Plan, Segment } from '../engine/plan-types';
import { planPath } from '../engine/planner';
import { DEFAULT_TOPOLOGY } from '../topology/default-topology';
import { checkTopologyForMode, resolveTopology } from '../topology/parse-topology';
import type { Topology } from '../topology/topology-types';
import type { Trace } from './trace-types';

export interface TraceRequest {
  /** a DatapathMode preset; other text is answered with a clear error */
  mode: string;
  /** source pod name (or its IP) */
  from: string;
  /** destination pod name, pod IP, a node address, or an address outside every PodCIDR */
  to: string;
  ciliumVersion?: string;
  /** start the trace at this hook instead of the source pod ("Simulate from here") */
  startAt?: string;
  /** axes set directly (the model's own tests, the legacy --host-routing flag); not checked against fallbacks */
  config?: Partial<DatapathConfig>;
  /** the user's cilium-config keys (`--config key=value`, the ciliumDatapath.config setting), over the topology's */
  ciliumConfig?: Readonly<Record<string, string>>;
  /** how errors name where ciliumConfig came from (default "--config") */
  ciliumConfigLabel?: string;
  /**
   * the CLI's configuration flags by name (`lb-mode`: `dsr`, …): aliases of cilium-config keys
   * (model/config-flag-aliases.ts), applied over ciliumConfig
   */
  configFlags?: Readonly<Record<string, string>>;
  /** the packet's L4 protocol (default tcp) and destination port */
  protocol?: 'tcp' | 'udp' | 'icmp' | 'sctp';
  port?: number;
  /** a Service destination's backend pod (default: the first ready backend) */
  backend?: string;
  /** the packet's IP family; inferred from an address destination, default 4 */
  family?: IpFamily;
  /** trace the reply of the flow (the destination answers; conntrack reply, reverse NAT) */
  reply?: boolean;
  /** conntrack state of the flow (default new) */
  ct?: 'new' | 'established';
  /** network policies (loaded with loadPolicyManifests); default: no policy selects anything */
  policies?: PolicySet;
}

const checkedTopologies = new WeakMap<Topology, Set<string>>();

/** The configuration of a mode preset with axes overridden (no cilium-config keys). */
export function configFor(
  mode: string,
  version: CiliumVersion,
  overrides?: Partial<DatapathConfig>,
): DatapathConfig {
  const config = resolveCiliumConfig(mode, version, [], overrides).config;
  const masquerade = bpfMasqueradeProblem(config, version);
  if (masquerade) throw new DatapathError(masquerade, 'invalid-config');
  return config;
}

/** The topology's and the request's cilium-config keys, weakest first. */
export function configLayers(
  request: TraceRequest,
  topology: Topology,
  version?: CiliumVersion,
): ConfigLayer[] {
  const layers: ConfigLayer[] = [];
  if (Object.keys(topology.config ?? {}).length)
    layers.push({ origin: 'topology', label: `topology "${topology.name}" config`, keys: topology.config });
  if (request.ciliumConfig && Object.keys(request.ciliumConfig).length)
    layers.push({
      origin: 'user',
      label: request.ciliumConfigLabel ?? '--config',
      keys: request.ciliumConfig,
    });
  if (request.configFlags && version)
    for (const a of aliasLayers(request.configFlags, version, request.ciliumConfig))
      layers.push({ origin: 'user', label: a.label, keys: { [a.key]: a.value } });
  return layers;
}

export function trace(request: TraceRequest, topology: Topology = DEFAULT_TOPOLOGY): Trace {
  const version = versionOrDefault(request.ciliumVersion ?? topology.ciliumVersion);
  const resolved = resolveCiliumConfig(
    request.mode,
    version,
    configLayers(request, topology, version),
    request.config,
  );
  const config = resolved.config;
  const masquerade = bpfMasqueradeProblem(config, version);
  if (masquerade) throw new DatapathError(masquerade, 'invalid-config');
  const mode = resolved.mode;
  const checked = checkedTopologies.get(topology) ?? new Set<string>();
  if (!checked.has(mode)) {
    checkTopologyForMode(topology, mode);
    checked.add(mode);
    checkedTopologies.set(topology, checked);
  }
  const family = traceFamily(request.to, request.family);
  const underlay = family === 6 ? ipv6Underlay(config, version) : undefined;
  const resolvedTopo = resolveTopology(topology, mode);
  if (family === 6) {
    checkFamily(family, config, version, {
      fromNode: resolvedTopo.nodes.some((n) => n.name === request.from),
      external: request.from.startsWith('external:'),
      service: resolvedTopo.services.some(
        (s) =>
          s.clusterIP === request.to || s.name === request.to || `${s.namespace}/${s.name}` === request.to,
      ),
    });
    for (const end of [request.from, request.to]) {
      const why = missingIpv6(resolvedTopo, end, underlay?.family);
      if (why) throw new DatapathError(why, 'invalid-family');
    }
  } else checkFamily(family, config, version, { fromNode: false, external: false, service: false });
  const topo = familyView(resolvedTopo, family, underlay?.family);
  const to = family === 6 ? (canonicalIp(request.to) ?? request.to) : request.to;
  const from = family === 6 ? (canonicalIp(request.from) ?? request.from) : request.from;
  const forward = resolveEndpoints(topo, from, to, {
    tunnel: config.transport !== 'native',
    ...(request.port !== undefined ? { port: request.port } : {}),
    protocol: request.protocol ?? 'tcp',
    ...(request.backend ? { backend: request.backend } : {}),
  });
  // over IPv6: pod to pod, and a pod to its own node's address (bpf_lxc's host-endpoint exit)
  const ownNode =
    forward.dstKind === 'node' && forward.srcKind === 'pod' && forward.dstNode?.name === forward.srcNode.name;
  if (family === 6 && forward.dstKind !== 'pod' && !ownNode)
    throw new DatapathError(
      `${to.slice(0, 45)} is no pod's IPv6 address: IPv6 traces are modelled pod to pod and from a pod to its own node's address (another node's address or an address outside the cluster is not modelled over IPv6 yet).`,
      'unsupported-family',
    );
  if (config.encryption === 'ipsec') {
    const why = ipsecScopeRefusal({ family, srcKind: forward.srcKind, dstKind: forward.dstKind });
    if (why) throw new DatapathError(why, 'not-modelled');
  }
  const nodePortPath =
    request.reply && forward.service?.nodePort
      ? nodePortRequestPath(config, version, forward.dst!.node === forward.service.nodePort.node.name)
      : undefined;
  const ends = request.reply
    ? replyEndpoints(
        forward,
        forward.dstKind === 'outside' && config.ipv4Masquerade
          ? config.bpfMasquerade
            ? 'bpf'
            : 'iptables'
          : undefined,
        nodePortPath ? { ...nodePortPath, tunnel: config.transport !== 'native' } : undefined,
      )
    : forward;
  if (request.reply && request.startAt)
    throw new DatapathError(
      '--reply traces the whole return path; it cannot start at a hook.',
      'unsupported-reply',
    );
  const protocol = request.protocol ?? 'tcp';
  const plan = planPath({ config, mode, version, topology: topo, ends, protocol, family });
  const startAt = request.startAt ?? 'from-container';
  const segments = sliceAt(plan, startAt, ends, MODES[mode].label, version);
  const oracle = request.policies
    ? policyOracle(request.policies, topo, {
        protocol,
        version,
        ...(ends.service
          ? { port: ends.service.backendPort }
          : request.port !== undefined
            ? { port: request.port }
            : {}),
        namespaceLabels: namespaceLabels(topology.namespaces),
      })
    : undefined;
  const result = interpret(plan, segments, {
    version,
    policies: oracle?.oracle ?? NO_POLICIES,
    ct: request.reply ? 'reply' : (request.ct ?? 'new'),
    protocol,
    family,
  });
  const disposition = result.disposition;
  putMarks(result.hops, {
    version,
    encryption: config.encryption,
    family,
    fromNode: ends.srcKind === 'node',
    sourceIdentity: ends.src.identity,
  });
  const scope = ends.reply
    ? `reply of ${forward.src.name} → ${forward.service?.ref ?? forward.dst?.name ?? forward.dstIp}${
        ends.reply.masquerade ? `, masqueraded by ${ends.reply.masquerade.by}` : ''
      }${
        ends.reply.nodePort
          ? `, ${ends.reply.forward.service?.nodePort?.ip ? 'LoadBalancer' : 'NodePort'} ${ends.reply.nodePort.by === 'bpf' ? 'BPF' : 'kube-proxy'} ${ends.reply.nodePort.path === 'local' ? 'local backend' : ends.reply.nodePort.path.toUpperCase()}`
          : ''
      }`
    : ends.service?.nodePort
      ? `${ends.service.nodePort.ip ? `LoadBalancer from outside, handed to ${ends.service.nodePort.node.name}` : 'NodePort from outside'}, translated by ${config.kubeProxyReplacement ? 'nodeport_lb4 in from-netdev' : "kube-proxy's iptables"}`
      : ends.service
        ? `to a Service, translated ${config.socketLB ? 'at connect() by the socket LB' : ends.srcKind === 'node' ? "by kube-proxy's iptables" : 'per packet in from-container'}`
        : ends.srcKind === 'node'
          ? `host namespace to ${ends.dstNode!.name === ends.srcNode.name ? 'a local' : 'a remote'} pod`
          : ends.dstKind === 'node'
            ? 'to a node address'
            : ends.dstKind === 'outside'
              ? 'to an outside address'
              : ends.dstNode!.name !== ends.srcNode.name
                ? 'cross-node'
                : 'same node';
  const isSeed =
    (mode === 'vxlan' || mode === 'ipvlan') &&
    resolved.preset === mode &&
    ends.src.name === 'pod0' &&
    ends.dst?.name === 'pod3' &&
    topology === DEFAULT_TOPOLOGY &&
    startAt === 'from-container' &&
    result.disposition === 'delivered';
  const dropHop = disposition === 'dropped' ? result.hops[result.hops.length - 1] : undefined;
  return {
    mode,
    preset: resolved.preset,
    config,
    ciliumVersion: version.label,
    assumptions: [
      ...describeValues(resolved, version),
      ...resolved.notes,
      ...(plan.notes ?? []),
      ...(nodePortPath?.note ? [nodePortPath.note] : []),
      ...(resolved.ignored.length
        ? [`cilium-config keys not modelled (ignored): ${resolved.ignored.slice(0, 20).join(', ')}.`]
        : []),
      ...assumptions(request, config, version, segments, oracle?.notes ?? [], family, underlay),
    ],
    source:
      ends.srcKind === 'node'
        ? { name: ends.src.name, ip: ends.src.ip, node: ends.src.node }
        : { name: ends.src.name, ip: ends.src.ip, node: ends.src.node, endpointId: ends.src.endpointId },
    destination: ends.service
      ? { name: ends.service.ref, ip: ends.dstIp }
      : ends.dst
        ? { name: ends.dst.name, ip: ends.dst.ip, node: ends.dst.node, endpointId: ends.dst.endpointId }
        : { name: ends.dstIp, ip: ends.dstIp, ...(ends.dstNode ? { node: ends.dstNode.name } : {}) },
    disposition,
    hops: result.hops,
    ...(startAt !== 'from-container' ? { startHook: startAt } : {}),
    summary: `${ends.src.name} → ${ends.service ? `${ends.service.ref} ${ends.dstIp}:${ends.service.nodePort?.port ?? ends.service.port.port} (backend ${ends.dst!.name})` : (ends.dst?.name ?? ends.dstIp)} (${scope}, ${resolved.preset === 'custom' ? `custom: ${describeConfig(config)}` : MODES[mode].label}, Cilium ${version.label}${
      startAt !== 'from-container' ? `, from ${startAt}` : ''
    }): ${disposition}${dropHop?.program ? ` in ${dropHop.program.function}` : ''} after ${result.hops.length} hops`,
    ...(isSeed
      ? {
          reference:
            mode === 'vxlan'
              ? 'the VXLAN walkthrough of the source documents (pod-to-pod across nodes)'
              : 'the IPVLAN walkthrough of the source documents (pod-to-pod across nodes)',
        }
      : {}),
  };
}

/** The plan from the first program of the hook on: "Simulate from here". */
function sliceAt(
  plan: Plan,
  startAt: string,
  ends: Endpoints,
  label: string,
  version: CiliumVersion,
): Segment[] {
  if (startAt === 'from-container') return plan.segments;
  if (!isHookName(startAt)) {
    throw new DatapathError(
      `A trace cannot start at "${startAt.slice(0, 40)}": that is not a hook name.`,
      'unknown-hook',
    );
  }
  const index = plan.segments.findIndex((s) => s.kind === 'program' && s.hookName === startAt);
  if (index >= 0) return plan.segments.slice(index);
  const ran = [
    ...new Set(plan.segments.flatMap((s) => (s.kind === 'program' && s.hookName ? [s.hookName] : []))),
  ];
  throw new DatapathError(
    `${startAt} does not run on the path ${ends.src.name} → ${ends.dst?.name ?? ends.dstIp} in ${label} mode (Cilium ${version.label}); the hooks on this path are ${ran.join(', ')}.`,
    'unknown-hook',
  );
}

function namespaceLabels(
  namespaces: Record<string, { labels?: Record<string, string> }>,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, ns] of Object.entries(namespaces)) out[name] = ns.labels ?? {};
  return out;
}

function assumptions(
  request: TraceRequest,
  config: DatapathConfig,
  version: CiliumVersion,
  segments: readonly Segment[],
  policyNotes: readonly string[],
  family: IpFamily,
  underlay: Ipv6Underlay | undefined,
): string[] {
  const out: string[] = [];
  const steps = segments.flatMap((s) => s.steps);
  const inlined = steps.filter((s) => s.type === 'tail-call' && s.inlined);
  out.push(
    `Build: ${
      config.ipv6 && config.ipv4
        ? 'dual-stack (ENABLE_IPV4 and ENABLE_IPV6: enable-ipv6=true)'
        : config.ipv6
          ? 'IPv6 only (ENABLE_IPV6; enable-ipv4=false)'
          : "IPv4 only (ENABLE_IPV6 undefined, as with Helm's default ipv6.enabled=false)"
    }; the packet traced is IPv${family}, DEBUG off${
      inlined.length
        ? `; ${inlined.length} conditional tail call${inlined.length > 1 ? 's run' : ' runs'} inline in this build`
        : ''
    }.`,
  );
  if (family === 6)
    out.push(
      `IPv6: pods and PodCIDRs are the topology's IPv6 ones (ipv6, ipv6PodCidr); the programs run their ETH_P_IPV6 branch and the CILIUM_CALL_IPV6_* slots. ${underlay ? `${underlay.note} (${underlay.cite}).` : ''}`.trimEnd(),
    );
  if (config.socketLB)
    out.push(
      'Socket LB on (bpf-lb-sock): Services are translated at connect() by bpf_sock.c, so ENABLE_PER_PACKET_LB is not defined and from-container does no service lookup.',
    );
  else if (version.minor >= 11)
    out.push(
      'ENABLE_PER_PACKET_LB is defined: socket load-balancing is off, so from-container does the per-packet service lookup.',
    );
  if (config.lbMode === 'dsr')
    out.push(
      'bpf-lb-mode=dsr (dispatch by IPv4 option, bpf-lb-dsr-dispatch=opt): a BPF NodePort keeps the client address towards a backend on another node, which answers the client directly; a local backend is traced as with SNAT.',
    );
  if (config.ipv4Masquerade)
    out.push(
      config.bpfMasquerade
        ? 'Masquerade: BPF (enable-bpf-masquerade) in to-netdev for traffic leaving the cluster; masquerading of traffic to node addresses is not modelled.'
        : 'Masquerade: iptables (enable-ipv4-masquerade, BPF masquerade off) in POSTROUTING for traffic leaving the cluster; masquerading of traffic to node addresses is not modelled.',
    );
  out.push(
    config.hostRouting === 'legacy'
      ? 'Legacy host routing (enable-host-legacy-routing=true, the default without kube-proxy replacement and BPF masquerade): packets for remote nodes, and packets from the wire to local pods, go through the host stack.'
      : 'BPF host routing (enable-host-legacy-routing=false; needs kube-proxy replacement and BPF masquerade): FIB lookups and redirects in BPF bypass the host stack.',
  );
  if (
    version.minor >= 8 &&
    version.minor <= 15 &&
    config.podLink === 'veth' &&
    config.hostRouting === 'legacy'
  )
    out.push(
      'No kube-proxy replacement, host firewall or bandwidth manager: no native device is in --devices, so from-netdev is not attached to eth0 (it is on every native device from v1.16).',
    );
  if (steps.some((s) => s.type !== 'pending' && s.note.includes('skip_redirect')))
    out.push(
      'NO_REDIRECT is defined (the agent installs iptables rules), so from-netdev returns before local delivery.',
    );
  out.push(
    `Packet: ${(request.protocol ?? 'tcp').toUpperCase()}${
      request.port !== undefined
        ? ` to port ${request.port}`
        : ' with no destination port given: L4 rules that name a port do not match it'
    }; connection state ${request.ct ?? 'new'}.`,
  );
  if (!request.policies)
    out.push('No network policies given: every endpoint is in default-allow (no policy selects it).');
  out.push("Security identities are the topology's: pods with the same labels share one.");
  for (const note of policyNotes) out.push(note);
  return out;
}
