/**
 * Resolves the two ends of a trace in a topology: pods by name or IP, nodes (by name, as a source:
 * a process in the node's host namespace), nodes' own addresses, outside.
 */
import { DatapathError } from '../model/model-types';
import type {
  ResolvedTopology,
  TopologyNode,
  TopologyPod,
  TopologyService,
  TopologyServicePort,
} from '../topology/topology-types';
import { cidrContains, ipFamily, parseCidr } from '../util/ip';

export interface Endpoints {
  /** the sender; for a node source, the node's host namespace shaped as an endpoint (see hostAsSource) */
  src: TopologyPod;
  srcNode: TopologyNode;
  /** what the sender is: a pod, a process in a node's host namespace, or an address outside the cluster */
  srcKind: 'pod' | 'node' | 'external';
  /** the destination pod; undefined when the destination is a node address or outside every pod */
  dst?: TopologyPod;
  /** the node that owns the destination pod or address */
  dstNode?: TopologyNode;
  dstIp: string;
  /** what the destination is */
  dstKind: 'pod' | 'node' | 'outside' | 'service';
  /** a Service destination: its frontend and the backend chosen (dst is the backend pod) */
  service?: {
    svc: TopologyService;
    port: TopologyServicePort;
    /** "namespace/name" */
    ref: string;
    backendPort: number;
    /** true when --backend chose it */
    chosen: boolean;
    /**
     * reached from outside: the frontend is the node's address and the node port, or a LoadBalancer
     * address (`ip`) and the Service port, delivered to `node`
     */
    nodePort?: { node: TopologyNode; port: number; ip?: string };
  };
  /** set when this is the reply of a flow: what the forward packet went through */
  reply?: {
    /** the forward flow's ends */
    forward: Endpoints;
    /** the forward flow was masqueraded to this node's address, by iptables or BPF */
    masquerade?: { by: 'iptables' | 'bpf'; node: TopologyNode; podIp: string };
    /** the forward flow was a NodePort request from outside */
    nodePort?: NodePortReply;
  };
}

/** What a NodePort request went through, as its reply needs it. */
export interface NodePortReply {
  /** translated by BPF (kube-proxy replacement) or kube-proxy's iptables */
  by: 'bpf' | 'iptables';
  /** the backend ran on the node the request entered, or the request was SNATed to that node, or sent by DSR */
  path: 'local' | 'snat' | 'dsr';
  /** the node the client reached */
  entry: TopologyNode;
  frontend: { ip: string; port: number };
  backend: { ip: string; port: number };
  client: string;
  /** path snat: the address the request's source became (the reply's destination) */
  snatAddr?: string;
}

export interface EndpointOptions {
  tunnel: boolean;
  /** destination port (a Service port picks the frontend) */
  port?: number;
  protocol?: string;
  /** a Service's backend to choose instead of the first ready one */
  backend?: string;
}

/** The Service `to` names: "namespace/name", a name in namespace default, or a ClusterIP. */
function findService(topo: ResolvedTopology, to: string): TopologyService | undefined {
  const slash = to.indexOf('/');
  if (slash > 0) {
    const ns = to.slice(0, slash);
    const name = to.slice(slash + 1);
    return topo.services.find((s) => s.namespace === ns && s.name === name);
  }
  return (
    topo.services.find((s) => s.clusterIP === to) ??
    topo.services.find((s) => s.name === to && s.namespace === 'default')
  );
}

/** The pods a Service selects in its namespace, in topology order (Kubernetes' EndpointSlice, ready pods). */
export function backendsOf(topo: ResolvedTopology, svc: TopologyService): TopologyPod[] {
  const selector = Object.entries(svc.selector);
  if (!selector.length) return [];
  return topo.pods.filter(
    (p) => p.namespace === svc.namespace && selector.every(([k, v]) => p.labels[k] === v),
  );
}

function resolveService(
  topo: ResolvedTopology,
  svc: TopologyService,
  options: EndpointOptions,
): { dst: TopologyPod; service: NonNullable<Endpoints['service']> } {
  const ref = `${svc.namespace}/${svc.name}`;
  const protocol = (options.protocol ?? 'tcp').toUpperCase();
  const candidates = svc.ports.filter((p) => p.protocol === protocol);
  const port = options.port === undefined ? candidates[0] : candidates.find((p) => p.port === options.port);
  if (!port)
    throw new DatapathError(
      `Service ${ref} has no ${protocol} port${options.port !== undefined ? ` ${options.port}` : ''}: its ports are ${svc.ports
        .map((p) => `${p.port}/${p.protocol}`)
        .join(', ')}.`,
      'unknown-service',
    );
  const selected = backendsOf(topo, svc);
  if (!selected.length)
    throw new DatapathError(
      `Service ${ref} selects no pod (selector ${JSON.stringify(svc.selector)} in namespace ${svc.namespace}): it has no backend to translate to.`,
      'unknown-service',
    );
  // a named targetPort: each pod's own container port of that name (and protocol); a pod without
  // one is no endpoint of the Service (Kubernetes' EndpointSlice controller)
  const named = port.targetPortName;
  const portOf = (pod: TopologyPod): number | undefined =>
    named === undefined
      ? (port.targetPort ?? port.port)
      : pod.ports?.find((c) => c.name === named && c.protocol === port.protocol)?.containerPort;
  const backends = selected.filter((p) => portOf(p) !== undefined);
  if (!backends.length)
    throw new DatapathError(
      `Service ${ref} port ${port.port}/${port.protocol} has targetPort "${named}", but none of its pods (${selected
        .map((p) => p.name)
        .join(
          ', ',
        )}) names a ${port.protocol} container port "${named}": give the pods' ports (ports: [{ name, containerPort }]) in the topology, or a number.`,
      'unknown-service',
    );
  const dst = options.backend ? backends.find((b) => b.name === options.backend) : backends[0]!;
  if (!dst)
    throw new DatapathError(
      `--backend ${clip(options.backend!)} is not a backend of ${ref}: its backends are ${backends.map((b) => b.name).join(', ')}.`,
      'unknown-service',
    );
  return {
    dst,
    service: { svc, port, ref, backendPort: portOf(dst)!, chosen: !!options.backend },
  };
}

function findPod(topo: ResolvedTopology, text: string): TopologyPod | undefined {
  return topo.pods.find((p) => p.name === text) ?? topo.pods.find((p) => p.ip === text);
}

const clip = (text: string): string => (text.length > 80 ? text.slice(0, 77) + '...' : text);

/** Reserved identity of the local host (pkg/identity/numericidentity.go: ReservedIdentityHost = 1). */
const HOST_IDENTITY = 1;

/**
 * A node's host namespace as a trace source. Its address is the one the kernel picks for the route:
 * Cilium installs PodCIDR routes through cilium_host with `src` = the router (cilium_host) address
 * (v1.10.0 pkg/datapath/linux/node.go:334-335, createNodeRouteSpec: nexthop = local = Router()); other
 * destinations leave from the node's own address.
 */
function hostAsSource(node: TopologyNode, viaCiliumHost: boolean): TopologyPod {
  return {
    name: node.name,
    node: node.name,
    ip: viaCiliumHost ? node.ciliumHostIp : node.ip,
    endpointId: 0,
    identity: HOST_IDENTITY,
    hostVeth: 'cilium_host',
    mac: node.mac,
    namespace: 'host',
    labels: { 'reserved:host': '' },
  };
}

export function resolveEndpoints(
  topo: ResolvedTopology,
  from: string,
  to: string,
  options: EndpointOptions = { tunnel: false },
): Endpoints {
  const valid = topo.pods
    .slice(0, 20)
    .map((p) => `${p.name} (${p.ip})`)
    .join(', ');
  if (from.startsWith('external:')) return resolveExternal(topo, from.slice('external:'.length), to, options);
  const fromNode = topo.nodes.find((n) => n.name === from);
  const src = fromNode ? undefined : findPod(topo, from);
  if (!src && !fromNode)
    throw new DatapathError(
      `Unknown source "${clip(from)}": pods are ${valid}; nodes are ${topo.nodes.map((n) => n.name).join(', ')}.`,
      'unknown-pod',
    );
  const srcNode = fromNode ?? topo.nodes.find((n) => n.name === src!.node)!;
  const sender = (dstIp: string): TopologyPod => {
    if (src) return src;
    const owner = topo.nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, dstIp));
    return hostAsSource(srcNode, !!owner && (owner.name === srcNode.name || options.tunnel));
  };
  const srcKind = src ? 'pod' : 'node';
  const svc = findService(topo, to);
  if (svc) {
    const { dst: backend, service } = resolveService(topo, svc, options);
    if (backend.name === src?.name)
      throw new DatapathError(
        `${backend.name} would reach itself through ${service.ref} (hairpin), which is not modelled: pick another --backend.`,
        'unknown-service',
      );
    return {
      src: sender(backend.ip),
      srcNode,
      srcKind,
      dst: backend,
      dstNode: topo.nodes.find((n) => n.name === backend.node)!,
      dstIp: svc.clusterIP,
      dstKind: 'service',
      service,
    };
  }
  if (options.backend)
    throw new DatapathError(
      `--backend is for a Service destination; ${clip(to)} is not a Service.`,
      'unknown-service',
    );
  const dst = findPod(topo, to);
  if (dst) {
    if (dst.name === src?.name)
      throw new DatapathError(
        `Source and destination are both ${dst.name}: pick another destination.`,
        'unknown-pod',
      );
    return {
      src: sender(dst.ip),
      srcNode,
      srcKind,
      dst,
      dstNode: topo.nodes.find((n) => n.name === dst.node)!,
      dstIp: dst.ip,
      dstKind: 'pod',
    };
  }
  const ip = to;
  if (ipFamily(to) === undefined)
    throw new DatapathError(
      `Unknown destination pod "${clip(to)}": pods are ${valid}, or give an IPv4 or IPv6 address.`,
      'unknown-pod',
    );
  const node = topo.nodes.find((n) => n.ip === to || n.ciliumHostIp === to);
  if (node && fromNode)
    throw new DatapathError(
      `A trace from ${fromNode.name}'s host namespace to a node address is host networking: no Cilium program is on that path to show. Trace to a pod instead.`,
      'unknown-pod',
    );
  if (node) return { src: sender(to), srcNode, srcKind, dstNode: node, dstIp: to, dstKind: 'node' };
  const owner = topo.nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, ip));
  if (owner)
    throw new DatapathError(
      `No pod has ${to}, which is in ${owner.name}'s PodCIDR ${owner.podCidr}: pods are ${valid}.`,
      'unknown-pod',
    );
  if (fromNode)
    throw new DatapathError(
      `A trace from ${fromNode.name}'s host namespace to ${to} is host networking: no Cilium program is on that path to show. Trace to a pod instead.`,
      'unknown-pod',
    );
  return { src: sender(to), srcNode, srcKind, dstIp: to, dstKind: 'outside' };
}

/** An address outside the cluster as a sender: it arrives on `node`'s native device from the wire. */
function outsider(ip: string, node: TopologyNode): TopologyPod {
  return {
    name: ip,
    node: node.name,
    ip,
    endpointId: 0,
    identity: 2,
    hostVeth: node.device,
    mac: 'gateway MAC',
    namespace: 'world',
    labels: { 'reserved:world': '' },
  };
}

/**
 * The ends of the reply of a flow: the forward destination answers the forward source. A Service's
 * backend answers from its own address (the reverse NAT happens on the way); an address outside the
 * cluster answers the node address the flow was masqueraded to.
 */
export function replyEndpoints(
  forward: Endpoints,
  masquerade: 'iptables' | 'bpf' | undefined,
  nodePort?: { by: 'bpf' | 'iptables'; path: 'local' | 'snat' | 'dsr'; tunnel: boolean },
): Endpoints {
  if (forward.srcKind === 'node') {
    if (forward.dstKind !== 'pod')
      throw new DatapathError(
        `--reply of a flow from ${forward.src.name}'s host namespace is modelled to a pod; ${clip(forward.service?.ref ?? forward.dstIp)} is not one.`,
        'unsupported-reply',
      );
    // the pod answers the address the node sent from (its own, or the router address on cilium_host)
    const pod = forward.dst!;
    const node = forward.srcNode;
    return {
      src: pod,
      srcNode: forward.dstNode!,
      srcKind: 'pod',
      dstNode: node,
      dstIp: forward.src.ip,
      dstKind: 'node',
      reply: { forward },
    };
  }
  if (forward.srcKind === 'external') {
    const svc = forward.service!;
    const np = svc.nodePort!;
    if (!nodePort) throw new DatapathError('The NodePort path of the request is unknown.', 'model-error');
    const backend = forward.dst!;
    const snatAddr =
      nodePort.path === 'snat' ? (nodePort.tunnel ? np.node.ciliumHostIp : np.node.ip) : undefined;
    const info: NodePortReply = {
      by: nodePort.by,
      path: nodePort.path,
      entry: np.node,
      frontend: { ip: np.ip ?? np.node.ip, port: np.port },
      backend: { ip: backend.ip, port: svc.backendPort },
      client: forward.src.ip,
      ...(snatAddr ? { snatAddr } : {}),
    };
    return {
      src: backend,
      srcNode: forward.dstNode!,
      srcKind: 'pod',
      ...(snatAddr ? { dstNode: np.node } : {}),
      dstIp: snatAddr ?? forward.src.ip,
      dstKind: snatAddr ? 'node' : 'outside',
      reply: { forward, nodePort: info },
    };
  }
  const client = forward.src;
  if (forward.dstKind === 'pod' || forward.dstKind === 'service') {
    const backend = forward.dst!;
    return {
      src: backend,
      srcNode: forward.dstNode!,
      srcKind: 'pod',
      dst: client,
      dstNode: forward.srcNode,
      dstIp: client.ip,
      dstKind: 'pod',
      reply: { forward },
    };
  }
  if (forward.dstKind === 'outside' && masquerade) {
    const node = forward.srcNode;
    return {
      src: outsider(forward.dstIp, node),
      srcNode: node,
      srcKind: 'external',
      dst: client,
      dstNode: node,
      dstIp: node.ip,
      dstKind: 'pod',
      reply: { forward, masquerade: { by: masquerade, node, podIp: client.ip } },
    };
  }
  throw new DatapathError(
    forward.dstKind === 'outside'
      ? 'Without masquerading, the reply from outside the cluster comes back to the pod address through whatever routes the network has; that is not modelled.'
      : `--reply to a node address is not modelled: the node's stack answers.`,
    'unsupported-reply',
  );
}

/** A client outside the cluster to a NodePort: `--from external:<ip> --to <node address> --port <nodePort>`. */
function resolveExternal(
  topo: ResolvedTopology,
  ip: string,
  to: string,
  options: EndpointOptions,
): Endpoints {
  if (ipFamily(ip) !== 4)
    throw new DatapathError(
      `external:${clip(ip)} is not an IPv4 address (use external:<ip>).`,
      'unknown-pod',
    );
  if (topo.nodes.some((n) => cidrContains(parseCidr(n.podCidr)!, ip) || n.ip === ip))
    throw new DatapathError(`external:${ip} is inside the cluster (a node or a PodCIDR).`, 'unknown-pod');
  const lb = topo.services.find((s) => s.loadBalancerIPs?.includes(to));
  if (lb) return resolveLoadBalancer(topo, ip, to, lb, options);
  const node = topo.nodes.find((n) => n.ip === to);
  if (!node)
    throw new DatapathError(
      `From outside, trace to a node's address and a NodePort (--to <node IP> --port <nodePort>) or to a LoadBalancer address; ${clip(to)} is neither: nodes are ${topo.nodes.map((n) => `${n.name} ${n.ip}`).join(', ')}${
        topo.services.some((s) => s.loadBalancerIPs?.length)
          ? `; LoadBalancer addresses are ${topo.services.flatMap((s) => s.loadBalancerIPs ?? []).join(', ')}`
          : ''
      }.`,
      'unknown-service',
    );
  const protocol = (options.protocol ?? 'tcp').toUpperCase();
  const svc = topo.services.find((s) =>
    s.ports.some((p) => p.nodePort !== undefined && p.nodePort === options.port && p.protocol === protocol),
  );
  if (!svc)
    throw new DatapathError(
      `No Service has the ${protocol} NodePort ${options.port ?? '(give --port)'}: ${
        topo.services
          .flatMap((s) =>
            s.ports
              .filter((p) => p.nodePort)
              .map((p) => `${s.namespace}/${s.name} ${p.nodePort}/${p.protocol}`),
          )
          .join(', ') || 'the topology and manifests have no NodePort Service'
      }.`,
      'unknown-service',
    );
  const port = svc.ports.find((p) => p.nodePort === options.port && p.protocol === protocol)!;
  const { dst, service } = resolveService(topo, svc, { ...options, port: port.port });
  return {
    src: outsider(ip, node),
    srcNode: node,
    srcKind: 'external',
    dst,
    dstNode: topo.nodes.find((n) => n.name === dst.node)!,
    dstIp: node.ip,
    dstKind: 'service',
    service: { ...service, nodePort: { node, port: port.nodePort! } },
  };
}

/**
 * A client outside the cluster to a LoadBalancer address: the outside balancer hands the packet to a
 * node (the topology's first: which node it picks is the balancer's business), where it is translated
 * like a NodePort, with the LoadBalancer address and the Service port as the frontend.
 */
function resolveLoadBalancer(
  topo: ResolvedTopology,
  ip: string,
  to: string,
  svc: TopologyService,
  options: EndpointOptions,
): Endpoints {
  const node = topo.nodes[0]!;
  const { dst, service } = resolveService(topo, svc, options);
  return {
    src: outsider(ip, node),
    srcNode: node,
    srcKind: 'external',
    dst,
    dstNode: topo.nodes.find((n) => n.name === dst.node)!,
    dstIp: to,
    dstKind: 'service',
    service: { ...service, nodePort: { node, port: service.port.port, ip: to } },
  };
}
