/**
 * Reads and validates a user topology file. Every problem names its JSON path and value; nothing throws
 * except the final DatapathError, which lists all issues.
 */
import { DATAPATH_MODES, DatapathError, type DatapathMode } from '../model/model-types';
import { parseCiliumVersion } from '../model/versions';
import { cidrContains, cidrOf, parseCidr, parseIpv4 } from '../util/ipv4';
import type {
  ModeOverride,
  ResolvedTopology,
  Topology,
  TopologyIssue,
  TopologyNode,
  TopologyPod,
  TopologyRoute,
} from './topology-types';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: Json): string => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 60 ? text.slice(0, 57) + '...' : text;
};
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

class Checker {
  readonly issues: TopologyIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message: `${path}: ${message}` });
  }
  string(obj: Record<string, Json>, key: string, path: string, required = true): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(`${path}.${key}`, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') {
      this.add(`${path}.${key}`, `must be a string, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  ip(obj: Record<string, Json>, key: string, path: string, required = true): string | undefined {
    const v = this.string(obj, key, path, required);
    if (v !== undefined && parseIpv4(v) === undefined)
      this.add(`${path}.${key}`, `${show(v)} is not an IPv4 address`);
    return v;
  }
  int(
    obj: Record<string, Json>,
    key: string,
    path: string,
    min: number,
    max: number,
    required = true,
  ): number | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (required) this.add(`${path}.${key}`, 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(`${path}.${key}`, `${show(v)} must be an integer from ${min} to ${max}`);
      return undefined;
    }
    return v;
  }
  unknownKeys(obj: Record<string, Json>, allowed: string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key))
        this.add(`${path}.${key}`, `unknown field; valid fields are ${allowed.join(', ')}`);
    }
  }
}

const NODE_KEYS = [
  'name',
  'ip',
  'subnetPrefix',
  'device',
  'mac',
  'podCidr',
  'ciliumHostIp',
  'gateway',
  'extraRoutes',
  'details',
];
const POD_KEYS = ['name', 'node', 'ip', 'endpointId', 'identity', 'hostVeth', 'mac'];

function readNode(c: Checker, v: Json, path: string, index: number): TopologyNode | undefined {
  if (!isObject(v)) {
    c.add(path, `must be an object, got ${show(v)}`);
    return undefined;
  }
  c.unknownKeys(v, NODE_KEYS, path);
  const name = c.string(v, 'name', path);
  if (name !== undefined && !NAME.test(name)) c.add(`${path}.name`, `${show(name)} is not a valid name`);
  const ip = c.ip(v, 'ip', path);
  const subnetPrefix = c.int(v, 'subnetPrefix', path, 1, 32, false) ?? 24;
  const podCidr = c.string(v, 'podCidr', path);
  if (podCidr !== undefined && !parseCidr(podCidr))
    c.add(`${path}.podCidr`, `${show(podCidr)} is not a CIDR such as 10.0.0.0/24 (no host bits)`);
  const ciliumHostIp = c.ip(v, 'ciliumHostIp', path, false);
  const gateway = c.ip(v, 'gateway', path, false);
  const mac = c.string(v, 'mac', path, false);
  if (mac !== undefined && !MAC.test(mac)) c.add(`${path}.mac`, `${show(mac)} is not a MAC address`);
  const device = c.string(v, 'device', path, false) ?? 'eth0';
  const cidr = podCidr ? parseCidr(podCidr) : undefined;
  if (cidr && ciliumHostIp && !cidrContains(cidr, parseIpv4(ciliumHostIp) ?? -1)) {
    c.add(`${path}.ciliumHostIp`, `${show(ciliumHostIp)} is outside the node's podCidr ${podCidr}`);
  }
  let extraRoutes: TopologyRoute[] | undefined;
  if (v.extraRoutes !== undefined) {
    if (!Array.isArray(v.extraRoutes)) c.add(`${path}.extraRoutes`, 'must be an array');
    else {
      extraRoutes = [];
      v.extraRoutes.forEach((r: Json, i) => {
        const rp = `${path}.extraRoutes[${i}]`;
        if (!isObject(r)) return c.add(rp, 'must be an object');
        const route = {
          destination: c.ip(r, 'destination', rp) ?? '',
          gateway: c.ip(r, 'gateway', rp) ?? '',
          genmask: c.ip(r, 'genmask', rp) ?? '',
          flags: c.string(r, 'flags', rp) ?? '',
          iface: c.string(r, 'iface', rp) ?? '',
        };
        extraRoutes!.push(route);
      });
    }
  }
  if (name === undefined || ip === undefined || podCidr === undefined) return undefined;
  const base = cidr ? cidr.network : 0;
  return {
    name,
    ip,
    subnetPrefix,
    device,
    mac: mac ?? `52:54:00:00:00:${(index + 16).toString(16).padStart(2, '0')}`,
    podCidr,
    ciliumHostIp: ciliumHostIp ?? [24, 16, 8, 0].map((s) => Math.floor((base + 1) / 2 ** s) % 256).join('.'),
    ...(gateway ? { gateway } : {}),
    ...(extraRoutes ? { extraRoutes } : {}),
    ...(Array.isArray(v.details) ? { details: v.details.map(String) } : {}),
  };
}

function readPod(c: Checker, v: Json, path: string, index: number): TopologyPod | undefined {
  if (!isObject(v)) {
    c.add(path, `must be an object, got ${show(v)}`);
    return undefined;
  }
  c.unknownKeys(v, POD_KEYS, path);
  const name = c.string(v, 'name', path);
  if (name !== undefined && !NAME.test(name)) c.add(`${path}.name`, `${show(name)} is not a valid name`);
  const node = c.string(v, 'node', path);
  const ip = c.ip(v, 'ip', path);
  const endpointId = c.int(v, 'endpointId', path, 1, 65535);
  const identity = c.int(v, 'identity', path, 1, 16777215, false) ?? 256 + index;
  const hostVeth =
    c.string(v, 'hostVeth', path, false) ?? `lxc${(endpointId ?? index).toString(16).padStart(4, '0')}`;
  const mac = c.string(v, 'mac', path, false);
  if (mac !== undefined && !MAC.test(mac)) c.add(`${path}.mac`, `${show(mac)} is not a MAC address`);
  if (name === undefined || node === undefined || ip === undefined || endpointId === undefined)
    return undefined;
  return {
    name,
    node,
    ip,
    endpointId,
    identity,
    hostVeth,
    mac: mac ?? `0a:58:00:00:00:${(index + 16).toString(16).padStart(2, '0')}`,
  };
}

function checkConsistency(
  c: Checker,
  topo: { nodes: TopologyNode[]; pods: TopologyPod[] },
  where: string,
  mode?: DatapathMode,
): void {
  const seen = new Map<string, string>();
  const unique = (key: string, path: string, what: string): void => {
    const prev = seen.get(key);
    if (prev) c.add(path, `duplicate ${what}, already used by ${prev}`);
    else seen.set(key, path);
  };
  topo.nodes.forEach((n, i) => {
    unique(`node:${n.name}`, `${where}nodes[${i}].name`, `node name ${show(n.name)}`);
    unique(`ip:${n.ip}`, `${where}nodes[${i}].ip`, `IP ${show(n.ip)}`);
    unique(`cidr:${n.podCidr}`, `${where}nodes[${i}].podCidr`, `podCidr ${show(n.podCidr)}`);
  });
  topo.pods.forEach((p, i) => {
    const path = `${where}pods[${i}]`;
    unique(`pod:${p.name}`, `${path}.name`, `pod name ${show(p.name)}`);
    unique(`ip:${p.ip}`, `${path}.ip`, `IP ${show(p.ip)}`);
    unique(`ep:${p.endpointId}`, `${path}.endpointId`, `endpoint id ${p.endpointId}`);
    const node = topo.nodes.find((n) => n.name === p.node);
    if (!node) {
      c.add(
        `${path}.node`,
        `${show(p.node)} is not a node; nodes are ${topo.nodes.map((n) => n.name).join(', ')}`,
      );
      return;
    }
    const cidr = parseCidr(node.podCidr);
    const ip = parseIpv4(p.ip);
    if (cidr && ip !== undefined && !cidrContains(cidr, ip)) {
      c.add(`${path}.ip`, `${show(p.ip)} is outside ${node.name}'s podCidr ${node.podCidr}`);
    }
  });
  if (mode === 'ipvlan' && topo.nodes.length > 1) {
    const first = topo.nodes[0]!;
    const subnet = cidrOf(parseIpv4(first.ip) ?? 0, first.subnetPrefix);
    topo.nodes.forEach((n, i) => {
      const ip = parseIpv4(n.ip);
      if (ip !== undefined && (!cidrContains(subnet, ip) || n.subnetPrefix !== first.subnetPrefix)) {
        c.add(
          `${where}nodes[${i}].ip`,
          `${show(n.ip)} is not in ${first.name}'s subnet ${subnet.text}: IPVLAN is a routing datapath and needs all nodes in one subnet (no tunnel, no CrossSubnet mode)`,
        );
      }
    });
  }
}

/** Applies one mode's overrides. */
export function resolveTopology(topology: Topology, mode: DatapathMode): ResolvedTopology {
  const o: ModeOverride = topology.overrides?.[mode] ?? {};
  return {
    name: topology.name,
    mode,
    nodes: topology.nodes.map((n) => ({ ...n, ...(o.nodes?.[n.name] ?? {}) })),
    pods: topology.pods.map((p) => ({ ...p, ...(o.pods?.[p.name] ?? {}) })),
  };
}

/** Validates an already-parsed JSON value. Returns the topology or the list of issues. */
export function validateTopology(value: unknown): { topology?: Topology; issues: TopologyIssue[] } {
  const c = new Checker();
  if (!isObject(value)) {
    c.add('$', `a topology must be a JSON object with "nodes" and "pods", got ${show(value)}`);
    return { issues: c.issues };
  }
  c.unknownKeys(value, ['$schema', 'name', 'mode', 'ciliumVersion', 'nodes', 'pods', 'overrides'], '$');
  let mode: DatapathMode | undefined;
  if (value.mode !== undefined) {
    if (typeof value.mode === 'string' && (DATAPATH_MODES as readonly string[]).includes(value.mode))
      mode = value.mode as DatapathMode;
    else
      c.add('$.mode', `${show(value.mode)} is not a datapath mode; use one of ${DATAPATH_MODES.join(', ')}`);
  }
  let ciliumVersion: string | undefined;
  if (value.ciliumVersion !== undefined) {
    try {
      ciliumVersion = parseCiliumVersion(
        typeof value.ciliumVersion === 'string' ? value.ciliumVersion : JSON.stringify(value.ciliumVersion),
      ).label;
    } catch (e) {
      c.add('$.ciliumVersion', (e as Error).message);
    }
  }
  const nodes: TopologyNode[] = [];
  const pods: TopologyPod[] = [];
  if (!Array.isArray(value.nodes) || value.nodes.length === 0)
    c.add('$.nodes', 'must be a non-empty array of nodes');
  else
    value.nodes.forEach((n: Json, i) => {
      const r = readNode(c, n, `$.nodes[${i}]`, i);
      if (r) nodes.push(r);
    });
  if (!Array.isArray(value.pods) || value.pods.length === 0)
    c.add('$.pods', 'must be a non-empty array of pods');
  else
    value.pods.forEach((p: Json, i) => {
      const r = readPod(c, p, `$.pods[${i}]`, i);
      if (r) pods.push(r);
    });
  const overrides: Topology['overrides'] = {};
  if (value.overrides !== undefined) {
    if (!isObject(value.overrides)) c.add('$.overrides', 'must be an object keyed by mode');
    else
      for (const [key, ov] of Object.entries(value.overrides)) {
        if (!(DATAPATH_MODES as readonly string[]).includes(key)) {
          c.add(`$.overrides.${key}`, `is not a datapath mode; use one of ${DATAPATH_MODES.join(', ')}`);
        } else if (!isObject(ov)) c.add(`$.overrides.${key}`, 'must be an object with "nodes" and/or "pods"');
        else overrides[key as DatapathMode] = ov;
      }
  }
  if (c.issues.length === 0) {
    const topology: Topology = {
      name: typeof value.name === 'string' ? value.name : 'topology',
      ...(mode ? { mode } : {}),
      ...(ciliumVersion ? { ciliumVersion } : {}),
      nodes,
      pods,
      ...(Object.keys(overrides).length ? { overrides } : {}),
    };
    checkConsistency(
      c,
      resolveTopology(topology, mode ?? 'vxlan'),
      '$.',
      mode === 'ipvlan' ? 'ipvlan' : undefined,
    );
    for (const m of Object.keys(overrides) as DatapathMode[]) {
      if (m === (mode ?? 'vxlan')) continue;
      checkConsistency(
        c,
        resolveTopology(topology, m),
        `$ with overrides.${m} applied: $.`,
        m === 'ipvlan' ? 'ipvlan' : undefined,
      );
    }
    if (c.issues.length === 0) return { topology, issues: [] };
  }
  return { issues: c.issues };
}

/** Parses topology JSON text; throws one DatapathError that lists every issue. */
export function parseTopology(text: string, source = 'topology file'): Topology {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DatapathError(`${source} is not valid JSON: ${(e as Error).message}`, 'invalid-topology');
  }
  const { topology, issues } = validateTopology(value);
  if (!topology) {
    const unique = [...new Set(issues.map((i) => i.message))];
    throw new DatapathError(`${source} is invalid: ${unique.join('; ')}`, 'invalid-topology');
  }
  return topology;
}

/** Checks a topology for one mode (e.g. the IPVLAN single-subnet rule) before tracing it. */
export function checkTopologyForMode(topology: Topology, mode: DatapathMode): void {
  const c = new Checker();
  checkConsistency(c, resolveTopology(topology, mode), '$.', mode === 'ipvlan' ? 'ipvlan' : undefined);
  if (c.issues.length) {
    throw new DatapathError(
      `Topology "${topology.name}" cannot be traced in ${mode} mode: ${c.issues.map((i) => i.message).join('; ')}`,
      'invalid-topology',
    );
  }
}

export function listPods(
  topology: Topology,
  mode: DatapathMode = topology.mode ?? 'vxlan',
): Array<{ name: string; node: string; ip: string; endpointId: number }> {
  return resolveTopology(topology, mode).pods.map((p) => ({
    name: p.name,
    node: p.node,
    ip: p.ip,
    endpointId: p.endpointId,
  }));
}
