/**
 * The steps of BPF NodePort paths beyond a local backend (kube-proxy replacement), built from the
 * model's release rows (model/table/nodeport-remote.ts): the SNAT or DSR forwarding to a backend on
 * another node, the DSR option read on the backend's node, and the reverse translations of the reply.
 * Pure: the planner applies the header changes and follows the exits.
 */
import type { MapNames } from '../model/table/map-names';
import type { NodePortRemoteRow, TailCallRow } from '../model/table/nodeport-remote';
import type { TopologyNode } from '../topology/topology-types';
import type { NatEndpoint, Step } from '../trace/trace-types';

export function tailStep(
  tail: TailCallRow,
  map: string,
  file: string,
  fn: string,
  note: string,
): Extract<Step, { type: 'tail-call' }> {
  return {
    type: 'tail-call',
    map,
    key: tail.value,
    keyName: tail.slot,
    target: { file, function: tail.target },
    function: fn,
    cite: tail.cite,
    note,
  };
}

/** SNAT to the entry node and the redirect out of it (native device after a FIB lookup, or the tunnel). */
export function snatForwardSteps(args: {
  row: NodePortRemoteRow;
  maps: MapNames;
  callsMap: string;
  file: string;
  fn: string;
  node: TopologyNode;
  backendNode: TopologyNode;
  client: string;
  tunnelDevice?: string;
}): { steps: Step[]; snatTo: string } {
  const { row, maps, node, backendNode, client, tunnelDevice } = args;
  const s = row.snat;
  const snatTo = tunnelDevice ? node.ciliumHostIp : node.ip;
  const steps: Step[] = [
    tailStep(
      s.tail,
      args.callsMap,
      args.file,
      args.fn,
      `nodeport_lb4: the backend is on ${backendNode.name}, not local, and bpf-lb-mode is snat: ${s.tail.slot} (${s.tail.value}) into ${s.tail.target}, which source-NATs the request so the reply comes back through ${node.name}.`,
    ),
    {
      type: 'nat',
      kind: 'snat',
      before: { ip: client },
      after: { ip: snatTo },
      map: maps.snat,
      by: 'bpf',
      function: s.tail.target,
      cite: s.natCite,
      note: tunnelDevice
        ? `${s.natFn}: the backend is behind the tunnel, so the SNAT address is IPV4_GATEWAY (${node.name}'s router address on cilium_host, ${snatTo}; ${s.tunnelAddrCite}); the mapping is kept in ${maps.snat} for the reply.`
        : `${s.natFn}: the source ${client} becomes ${node.name}'s address ${snatTo} (IPV4_DIRECT_ROUTING) with a port from the NodePort NAT range; the mapping is kept in ${maps.snat} for the reply.`,
    },
    tunnelDevice
      ? {
          type: 'redirect',
          device: tunnelDevice,
          tunnelEndpoint: backendNode.ip,
          function: s.tail.target,
          cite: s.tunnelRedirectCite,
          note: `${s.tail.target}: the ipcache gives ${backendNode.name} (${backendNode.ip}) as the tunnel endpoint; the tunnel key carries ${s.tunnelIdentity === 'world' ? 'reserved:world (the request came from outside)' : "the host's identity (SECLABEL of bpf_host)"} (${s.tunnelIdentityCite}) and the packet is redirected to ${tunnelDevice}.`,
        }
      : {
          type: 'redirect',
          device: node.device,
          function: s.tail.target,
          cite: s.redirectCite,
          note: `${s.tail.target}: a FIB lookup for ${backendNode.name}'s pod gives the next hop on ${node.device}; the packet is redirected there without the host stack.`,
        },
  ];
  return { steps, snatTo };
}

/** DSR: the client address is kept; the frontend rides in an IPv4 option to the backend's node. */
export function dsrForwardSteps(args: {
  row: NodePortRemoteRow;
  callsMap: string;
  file: string;
  fn: string;
  node: TopologyNode;
  backendNode: TopologyNode;
  frontend: string;
}): Step[] {
  const { row, node, backendNode, frontend } = args;
  const d = row.dsr;
  return [
    tailStep(
      d.tail,
      args.callsMap,
      args.file,
      args.fn,
      `nodeport_lb4: the backend is on ${backendNode.name} and bpf-lb-mode is dsr: no conntrack entry here (the reply never comes back through ${node.name}); ${d.tail.slot} (${d.tail.value}) into ${d.tail.target}.`,
    ),
    {
      type: 'redirect',
      device: node.device,
      function: d.tail.target,
      cite: d.redirectCite,
      note: `${d.tail.target}: dsr_set_opt4 (${d.optionCite}) adds an IPv4 option carrying the frontend ${frontend}; the source stays the client's. A FIB lookup gives the next hop towards ${backendNode.name} on ${node.device}, and the packet is redirected there.`,
    },
  ];
}

/** The backend's node reads the DSR option and records the frontend, so the reply can leave with it. */
export function dsrBackendStep(
  row: NodePortRemoteRow,
  maps: MapNames,
  protocol: string,
  frontend: string,
  client: string,
): Step {
  const b = row.dsr.backend;
  return {
    type: 'lookup',
    map: b.program === 'host/netdev-ipv4' ? maps.ct(protocol) : maps.snat,
    key: `IPv4 option of ${client}'s packet`,
    result: `DSR: frontend ${frontend} recorded for the reply`,
    function: b.fn,
    cite: b.cite,
    note:
      b.program === 'host/netdev-ipv4'
        ? `${b.fn} in nodeport_lb4: the packet is no Service frontend but carries the DSR option; nodeport_dsr_ingress_ipv4 creates a conntrack entry marked dsr_internal (and the SNAT entry of the frontend ${frontend}), and the packet goes on to the local backend.`
        : `${b.fn} in ipv4_policy: the DSR option names the frontend ${frontend}; snat_v4_create_dsr records it in ${maps.snat} so the backend's reply to ${client} leaves with the frontend as its source.`,
  };
}

export function revNat(
  kind: 'rev-snat' | 'rev-dnat',
  before: NatEndpoint,
  after: NatEndpoint,
  map: string,
  fn: string,
  cite: string,
  note: string,
): Step {
  return { type: 'nat', kind, before, after, map, by: 'bpf', function: fn, cite, note };
}
