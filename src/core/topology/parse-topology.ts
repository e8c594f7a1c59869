/**
 * Reads and validates a user topology file. The format is `TopologyFileSchema` (topology-schema.ts);
 * this file adds what a schema cannot say (uniqueness, PodCIDR overlaps, pods inside their node's
 * PodCIDR, overrides naming real nodes and pods…). Every problem names its JSON path and value; nothing
 * throws except the final DatapathError, which lists the issues (at most MAX_LISTED_ISSUES of them).
 */
import type * as z from 'zod';
import { DatapathError, type DatapathMode } from '../model/model-types';
import {
  canonicalIp,
  cidrContains,
  cidrOf,
  cidrsOverlap,
  lastAddress,
  nthAddress,
  parseCidr,
} from '../util/ip';
import { jsonPath, quote } from './quote';
import { TOPOLOGY_LIMITS, topologySchemas, type TopologySchemas } from './topology-schema';
import type {
  ModeOverride,
  ResolvedTopology,
  Topology,
  TopologyIssue,
  TopologyNode,
  TopologyPod,
} from './topology-types';

/** Containers nested deeper than this are refused before the schema library sees the value (#12). */
export const MAX_TOPOLOGY_DEPTH = 32;
/** Issues listed in one error; the rest are counted (#14). */
export const MAX_LISTED_ISSUES = 20;

class Checker {
  readonly issues: TopologyIssue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message: `${path}: ${message}` });
  }
}

// ---------------------------------------------------------------------------------------------
// Before the schema: nesting depth and prototype keys

/**
 * Walks the value iteratively (no recursion: a 5,000-level document cannot overflow the stack) and
 * refuses nesting deeper than MAX_TOPOLOGY_DEPTH and `__proto__` keys (the schema library would drop
 * them from records silently).
 */
function preflight(value: unknown): TopologyIssue | undefined {
  const stack: Array<{ v: unknown; path: PropertyKey[] }> = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const issue = (p: PropertyKey[], message: string): TopologyIssue => ({
      path: jsonPath(p),
      message: `${jsonPath(p)}: ${message}`,
    });
    if (path.length >= MAX_TOPOLOGY_DEPTH)
      return issue(path, `is nested more than ${MAX_TOPOLOGY_DEPTH} levels deep; a topology needs at most 7`);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else
      for (const key of Object.keys(v)) {
        if (key === '__proto__') return issue([...path, key], 'is not allowed as a field or key');
        stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
      }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Schema issues → our messages

function* schemaIssues(issues: readonly z.core.$ZodIssue[]): Generator<TopologyIssue> {
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) {
        const path = jsonPath([...iss.path, key]);
        yield { path, message: `${path}: ${iss.message}` };
      }
    } else if (iss.code === 'invalid_key') {
      const path = jsonPath(iss.path);
      yield { path, message: `${path}: ${iss.issues[0]?.message ?? iss.message}` };
    } else {
      const path = jsonPath(iss.path);
      yield { path, message: `${path}: ${iss.message}` };
    }
  }
}

/** The first `MAX_LISTED_ISSUES` issues, and one `$` issue counting the rest. */
function bounded(all: Iterable<TopologyIssue>): TopologyIssue[] {
  const out: TopologyIssue[] = [];
  let more = 0;
  for (const issue of all) {
    if (out.length < MAX_LISTED_ISSUES) out.push(issue);
    else more++;
  }
  if (more) out.push({ path: '$', message: `$: ${more} more issue${more === 1 ? '' : 's'} not listed` });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Defaults that depend on the position or on other fields

type FileTopology = z.output<TopologySchemas['TopologyFileSchema']>;

const labelKey = (namespace: string, labels: Record<string, string>): string =>
  JSON.stringify([namespace, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);

function withDefaults(file: FileTopology): Topology {
  const nodes: TopologyNode[] = file.nodes.map((n, index) => ({
    ...n,
    mac: n.mac ?? `52:54:00:00:00:${((index + 16) % 256).toString(16).padStart(2, '0')}`,
    ciliumHostIp: n.ciliumHostIp ?? nthAddress(parseCidr(n.podCidr)!, 1),
    ...(n.ipv6PodCidr && !n.ipv6CiliumHostIp
      ? { ipv6CiliumHostIp: nthAddress(parseCidr(n.ipv6PodCidr)!, 1) }
      : {}),
  }));
  // a labelled pod without an identity shares the identity of an earlier pod with the same labels
  const identities = new Map<string, number>();
  for (const p of file.pods)
    if (p.identity !== undefined && Object.keys(p.labels).length)
      identities.set(
        labelKey(p.namespace, p.labels),
        identities.get(labelKey(p.namespace, p.labels)) ?? p.identity,
      );
  const pods: TopologyPod[] = file.pods.map((p, index) => {
    const key = labelKey(p.namespace, p.labels);
    const identity =
      p.identity ?? (Object.keys(p.labels).length ? identities.get(key) : undefined) ?? 256 + index;
    if (Object.keys(p.labels).length && !identities.has(key)) identities.set(key, identity);
    return {
      ...p,
      identity,
      hostVeth: p.hostVeth ?? `lxc${p.endpointId.toString(16).padStart(4, '0')}`,
      mac: p.mac ?? `0a:58:00:00:00:${((index + 16) % 256).toString(16).padStart(2, '0')}`,
    };
  });
  return {
    name: file.name ?? 'topology',
    ...(file.mode ? { mode: file.mode } : {}),
    ...(file.ciliumVersion ? { ciliumVersion: file.ciliumVersion } : {}),
    nodes,
    pods,
    namespaces: file.namespaces,
    policyFiles: file.policyFiles,
    services: file.services,
    config: file.config,
    ...(file.overrides && Object.keys(file.overrides).length ? { overrides: file.overrides } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Checks across the document

const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

/** Overrides may only name nodes and pods of the file. */
function checkOverrideKeys(c: Checker, topology: Topology): void {
  const nodes = new Set(topology.nodes.map((n) => n.name));
  const pods = new Set(topology.pods.map((p) => p.name));
  const list = (names: Set<string>): string => {
    const all = [...names];
    return all.length > 8 ? `${all.slice(0, 8).join(', ')} (and ${all.length - 8} more)` : all.join(', ');
  };
  for (const [mode, o] of Object.entries(topology.overrides ?? {})) {
    for (const name of Object.keys(o?.nodes ?? {}))
      if (!nodes.has(name))
        c.add(
          jsonPath(['overrides', mode, 'nodes', name]),
          `${quote(name)} is not a node; nodes are ${list(nodes)}`,
        );
    for (const name of Object.keys(o?.pods ?? {}))
      if (!pods.has(name))
        c.add(
          jsonPath(['overrides', mode, 'pods', name]),
          `${quote(name)} is not a pod; pods are ${list(pods)}`,
        );
  }
  const configKeys = Object.keys(topology.config).length;
  if (configKeys > TOPOLOGY_LIMITS.configKeys)
    c.add(jsonPath(['config']), `has ${configKeys} keys; at most ${TOPOLOGY_LIMITS.configKeys} are allowed`);
  const seen = new Map<string, number>();
  topology.policyFiles.forEach((file, i) => {
    const prev = seen.get(file);
    if (prev !== undefined)
      c.add(jsonPath(['policyFiles', i]), `duplicate policy file, already $.policyFiles[${prev}]`);
    else seen.set(file, i);
  });
}

/** A pod's IPv6 address: inside its node's IPv6 PodCIDR, not that prefix's network address (the subnet-router anycast). */
function checkPodIpv6(c: Checker, p: TopologyPod, node: TopologyNode, path: string): void {
  if (!p.ipv6) return;
  if (!node.ipv6PodCidr) {
    c.add(
      `${path}.ipv6`,
      `${quote(p.ipv6)} needs an IPv6 PodCIDR on ${node.name}, which has no ipv6PodCidr (dual-stack nodes have both)`,
    );
    return;
  }
  const cidr6 = parseCidr(node.ipv6PodCidr);
  if (!cidr6) return;
  if (!cidrContains(cidr6, p.ipv6))
    c.add(`${path}.ipv6`, `${quote(p.ipv6)} is outside ${node.name}'s ipv6PodCidr ${node.ipv6PodCidr}`);
  else if (canonicalIp(p.ipv6) === cidr6.network)
    c.add(
      `${path}.ipv6`,
      `${quote(p.ipv6)} is the network (subnet-router anycast) address of ${node.name}'s ipv6PodCidr ${node.ipv6PodCidr}`,
    );
}

/** IPv6 addresses in a topology whose own config turns IPv6 off (enable-ipv6=false). */
function checkIpv6Enabled(c: Checker, topology: Topology): void {
  if (own(topology.config, 'enable-ipv6')?.toLowerCase() !== 'false') return;
  const pod = topology.pods.findIndex((p) => p.ipv6);
  const node = topology.nodes.findIndex((n) => n.ipv6 || n.ipv6PodCidr);
  const path =
    pod >= 0
      ? jsonPath(['pods', pod, 'ipv6'])
      : node >= 0
        ? jsonPath(['nodes', node, topology.nodes[node]!.ipv6 ? 'ipv6' : 'ipv6PodCidr'])
        : undefined;
  if (path)
    c.add(
      path,
      "is an IPv6 address or PodCIDR, but this topology's config sets enable-ipv6 to false: remove the IPv6 fields or set enable-ipv6 to true",
    );
}

function checkConsistency(c: Checker, topo: ResolvedTopology, where: string, mode?: DatapathMode): void {
  const seen = new Map<string, string>();
  const unique = (key: string, path: string, what: string): void => {
    const prev = seen.get(key);
    if (prev) c.add(path, `duplicate ${what}, already used by ${prev}`);
    else seen.set(key, path);
  };
  const byName = new Map<string, TopologyNode>();
  const cidrs: Array<{ field: 'podCidr' | 'ipv6PodCidr'; index: number }> = [];
  topo.nodes.forEach((n, i) => {
    const path = `${where}nodes[${i}]`;
    unique(`node:${n.name}`, `${path}.name`, `node name ${quote(n.name)}`);
    unique(`ip:${n.ip}`, `${path}.ip`, `IP ${quote(n.ip)}`);
    unique(`ip:${n.ciliumHostIp}`, `${path}.ciliumHostIp`, `IP ${quote(n.ciliumHostIp)}`);
    if (n.ipv6) unique(`ip:${canonicalIp(n.ipv6)}`, `${path}.ipv6`, `IP ${quote(n.ipv6)}`);
    if (!byName.has(n.name)) byName.set(n.name, n);
    const cidr = parseCidr(n.podCidr);
    if (cidr) {
      cidrs.push({ field: 'podCidr', index: i });
      if (!cidrContains(cidr, n.ciliumHostIp))
        c.add(`${path}.ciliumHostIp`, `${quote(n.ciliumHostIp)} is outside the node's podCidr ${n.podCidr}`);
    }
    const cidr6 = n.ipv6PodCidr ? parseCidr(n.ipv6PodCidr) : undefined;
    if (cidr6) {
      cidrs.push({ field: 'ipv6PodCidr', index: i });
      const router = n.ipv6CiliumHostIp ?? nthAddress(cidr6, 1);
      unique(`ip:${canonicalIp(router)}`, `${path}.ipv6CiliumHostIp`, `IP ${quote(router)}`);
      if (!cidrContains(cidr6, router))
        c.add(
          `${path}.ipv6CiliumHostIp`,
          `${quote(router)} is outside the node's ipv6PodCidr ${n.ipv6PodCidr}`,
        );
    } else if (n.ipv6CiliumHostIp)
      c.add(`${path}.ipv6CiliumHostIp`, `is set but the node has no ipv6PodCidr`);
  });
  // PodCIDRs must not overlap (#13), in each family
  for (let j = 1; j < cidrs.length; j++)
    for (let k = 0; k < j; k++) {
      const a = cidrs[k]!;
      const b = cidrs[j]!;
      if (a.field !== b.field) continue;
      const first = topo.nodes[a.index]!;
      const second = topo.nodes[b.index]!;
      const x = parseCidr(first[a.field]!)!;
      const y = parseCidr(second[b.field]!)!;
      if (cidrsOverlap(x, y)) {
        c.add(
          `${where}nodes[${b.index}].${b.field}`,
          `${quote(second[b.field])} overlaps ${first.name}'s ${a.field} ${first[a.field]}`,
        );
        break;
      }
    }
  const identities = new Map<number, { key: string; path: string }>();
  const labelled = new Map<string, { identity: number; path: string }>();
  topo.pods.forEach((p, i) => {
    const path = `${where}pods[${i}]`;
    unique(`pod:${p.name}`, `${path}.name`, `pod name ${quote(p.name)}`);
    unique(`ip:${p.ip}`, `${path}.ip`, `IP ${quote(p.ip)}`);
    if (p.ipv6) unique(`ip:${canonicalIp(p.ipv6)}`, `${path}.ipv6`, `IP ${quote(p.ipv6)}`);
    // endpoint ids are allocated by each node's agent: unique per node (a cluster repeats them)
    unique(
      `ep:${p.node}:${p.endpointId}`,
      `${path}.endpointId`,
      `endpoint id ${p.endpointId} on ${quote(p.node)}`,
    );
    // Cilium derives the security identity from the labels (the namespace is one of them)
    const key = labelKey(p.namespace, p.labels);
    const sameIdentity = identities.get(p.identity);
    if (sameIdentity && sameIdentity.key !== key)
      c.add(
        `${path}.identity`,
        `identity ${p.identity} is also ${sameIdentity.path}'s, whose namespace or labels differ: pods share an identity only when their labels are equal`,
      );
    else if (!sameIdentity) identities.set(p.identity, { key, path });
    if (Object.keys(p.labels).length) {
      const sameLabels = labelled.get(key);
      if (sameLabels && sameLabels.identity !== p.identity)
        c.add(
          `${path}.identity`,
          `${p.identity} differs from ${sameLabels.path}'s identity ${sameLabels.identity}, though namespace and labels are equal: pods with equal labels share one identity`,
        );
      else if (!sameLabels) labelled.set(key, { identity: p.identity, path });
    }
    const node = byName.get(p.node);
    if (!node) {
      const names = topo.nodes.map((n) => n.name);
      c.add(
        `${path}.node`,
        `${quote(p.node)} is not a node; nodes are ${names.slice(0, 8).join(', ')}${names.length > 8 ? ` (and ${names.length - 8} more)` : ''}`,
      );
      return;
    }
    checkPodIpv6(c, p, node, path);
    const cidr = parseCidr(node.podCidr);
    if (!cidr) return;
    if (!cidrContains(cidr, p.ip)) {
      c.add(`${path}.ip`, `${quote(p.ip)} is outside ${node.name}'s podCidr ${node.podCidr}`);
    } else if (p.ip === cidr.network || p.ip === lastAddress(cidr)) {
      c.add(
        `${path}.ip`,
        `${quote(p.ip)} is the ${p.ip === cidr.network ? 'network' : 'broadcast'} address of ${node.name}'s podCidr ${node.podCidr}`,
      );
    }
  });
  if (mode === 'ipvlan' && topo.nodes.length > 1) {
    const first = topo.nodes[0]!;
    const subnet = cidrOf(first.ip, first.subnetPrefix);
    topo.nodes.forEach((n, i) => {
      if (subnet && (!cidrContains(subnet, n.ip) || n.subnetPrefix !== first.subnetPrefix)) {
        c.add(
          `${where}nodes[${i}].ip`,
          `${quote(n.ip)} is not in ${first.name}'s subnet ${subnet.text}: IPVLAN is a routing datapath and needs all nodes in one subnet (no tunnel, no CrossSubnet mode)`,
        );
      }
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Applies one mode's overrides (own keys only: a pod named "constructor" gets no prototype fields). */
export function resolveTopology(topology: Topology, mode: DatapathMode): ResolvedTopology {
  const o: ModeOverride = own(topology.overrides, mode) ?? {};
  return {
    name: topology.name,
    mode,
    nodes: topology.nodes.map((n) => ({ ...n, ...own(o.nodes, n.name) })),
    pods: topology.pods.map((p) => ({ ...p, ...own(o.pods, p.name) })),
    namespaces: topology.namespaces,
    services: topology.services,
  };
}

/** Validates an already-parsed JSON value. Returns the topology (defaults applied) or the issues. */
export function validateTopology(value: unknown): { topology?: Topology; issues: TopologyIssue[] } {
  const deep = preflight(value);
  if (deep) return { issues: [deep] };
  const parsed = topologySchemas().TopologyFileSchema.safeParse(value);
  if (!parsed.success) return { issues: bounded(schemaIssues(parsed.error.issues)) };
  const topology = withDefaults(parsed.data);
  const c = new Checker();
  checkOverrideKeys(c, topology);
  checkIpv6Enabled(c, topology);
  const mode = topology.mode ?? 'vxlan';
  checkConsistency(c, resolveTopology(topology, mode), '$.', mode === 'ipvlan' ? 'ipvlan' : undefined);
  for (const m of Object.keys(topology.overrides ?? {}) as DatapathMode[]) {
    if (m === mode) continue;
    checkConsistency(
      c,
      resolveTopology(topology, m),
      `$ with overrides.${m} applied: $.`,
      m === 'ipvlan' ? 'ipvlan' : undefined,
    );
  }
  return c.issues.length ? { issues: bounded(c.issues) } : { topology, issues: [] };
}

/** "line 3, column 7" of a character offset. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${offset - start + 1}`;
}

/**
 * Parses topology JSON text; throws one DatapathError that lists the issues. A JSON syntax error says
 * where, never what the text is (the file may be anything: /etc/passwd, #18).
 */
export function parseTopology(text: string, source = 'topology file'): Topology {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8 quotes the text it choked on ('Unexpected token 'r', "root:x:0:0"... is not valid JSON'): keep
    // only its reason and the position
    const message = (e as Error).message;
    const at = /at position (\d+)/.exec(message);
    const reason = /^Unexpected token/.test(message)
      ? 'unexpected character'
      : message
          .replace(/".*$/s, '')
          .replace(/( in JSON)? at position.*$/s, '')
          .trim() || 'syntax error';
    const where = at ? ` at ${lineColumn(text, Number(at[1]))}` : '';
    throw new DatapathError(
      `${source} is not valid JSON: ${reason.charAt(0).toLowerCase()}${reason.slice(1, 120)}${where}`,
      'invalid-topology',
    );
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
      `Topology ${quote(topology.name)} cannot be traced in ${mode} mode: ${bounded(c.issues)
        .map((i) => i.message)
        .join('; ')}`,
      'invalid-topology',
    );
  }
}

export function listPods(
  topology: Topology,
  mode: DatapathMode = topology.mode ?? 'vxlan',
): Array<{ name: string; node: string; ip: string; ipv6?: string; endpointId: number }> {
  return resolveTopology(topology, mode).pods.map((p) => ({
    name: p.name,
    node: p.node,
    ip: p.ip,
    ...(p.ipv6 ? { ipv6: p.ipv6 } : {}),
    endpointId: p.endpointId,
  }));
}
