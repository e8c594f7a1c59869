/**
 * A cluster snapshot → a topology: CiliumNodes become nodes, CiliumEndpoints become pods (by their
 * real names), the cilium-config ConfigMap becomes `config` (verbatim) and picks the mode preset,
 * manifests (policies, Services) are referenced as `policyFiles`. The result is validated as any
 * topology file is; what was derived, defaulted or skipped is listed in `warnings`.
 */
import { DatapathError, type DatapathMode } from '../model/model-types';
import { parseCiliumVersion } from '../model/versions';
import { loadPolicyManifests } from '../policy/load-manifests';
import { validateTopology } from '../topology/parse-topology';
import { cidrContains, cidrOf, parseCidr } from '../util/ip';
import { parseCiliumConfig } from './cilium-config';
import { parseCiliumEndpoints, type ImportedEndpoint } from './cilium-endpoint';
import { parseCiliumNodes, type ImportedNode } from './cilium-node';
import { ClusterInputError, type ImportWarning } from './k8s-objects';

export interface InputFile {
  /** the name errors use (a path, or "x.zip:cilium-sysdump-…/ciliumnodes-….yaml") */
  file: string;
  text: string;
}

export interface SnapshotInput {
  config?: InputFile;
  nodes: readonly InputFile[];
  endpoints: readonly InputFile[];
  /** policy and Service manifests; `path` is what the topology's policyFiles will say (relative to it) */
  manifests?: ReadonlyArray<InputFile & { path: string }>;
  /** a release the user named (wins over every hint) */
  ciliumVersion?: string;
  /** where the release came from when not named by the user ("the cilium-agent image v1.16.3 in …") */
  detectedVersion?: { version: string; source: string };
  name?: string;
}

export interface SnapshotResult {
  /** the topology file's JSON value (validated) */
  topology: Record<string, unknown>;
  warnings: ImportWarning[];
  /** what each pod and node of the topology came from */
  sources: { pods: string[]; nodes: string[] };
}

function commonPrefix(ips: readonly string[]): number {
  let prefix = 32;
  for (const ip of ips)
    while (prefix > 0 && cidrOf(ip, prefix)?.network !== cidrOf(ips[0]!, prefix)?.network) prefix--;
  return prefix;
}

export function importSnapshot(input: SnapshotInput): SnapshotResult {
  const warnings: ImportWarning[] = [];
  const config = input.config ? parseCiliumConfig(input.config.text, input.config.file, warnings) : undefined;
  const nodes: ImportedNode[] = input.nodes.flatMap((f) => parseCiliumNodes(f.text, f.file, warnings));
  const nodeSources = nodes.map((n) => `${n.ref} in ${n.file}`);
  const endpoints: ImportedEndpoint[] = input.endpoints.flatMap((f) =>
    parseCiliumEndpoints(f.text, f.file, warnings),
  );
  const first = input.nodes[0]?.file ?? input.endpoints[0]?.file ?? input.config?.file ?? 'input';
  if (!nodes.length)
    throw new ClusterInputError(
      input.nodes[0]?.file ?? first,
      undefined,
      undefined,
      'no CiliumNode with an IPv4 address and PodCIDR: a topology needs nodes (--nodes ciliumnodes.yaml)',
    );
  const seenNodes = new Set<string>();
  for (const n of nodes) {
    if (seenNodes.has(n.name)) throw new ClusterInputError(first, n.ref, 'metadata.name', 'appears twice');
    seenNodes.add(n.name);
  }

  // node subnet: kubectl does not print it; the widest prefix that holds every node address
  const nodeIps = nodes.map((n) => n.ip);
  const sharedPrefix = commonPrefix(nodeIps);
  const subnetPrefix = nodes.length === 1 || sharedPrefix >= 24 ? 24 : Math.max(sharedPrefix, 8);
  warnings.push({
    file: first,
    message: `node subnet /${subnetPrefix} assumed (CiliumNodes do not carry it${subnetPrefix < 24 ? '; the longest prefix all node addresses share' : ''})`,
  });

  const byAddress = new Map<string, ImportedNode>();
  for (const n of nodes) for (const a of n.addresses) byAddress.set(a, n);
  const pods: Array<Record<string, unknown>> = [];
  const podSources: string[] = [];
  const names = new Set<string>();
  const namespaces: Record<string, { labels: Record<string, string> }> = {};
  for (const ep of endpoints) {
    const ip = ep.ip;
    const inCidr = nodes.find((n) => cidrContains(parseCidr(n.podCidr)!, ip));
    let node = ep.nodeIp ? byAddress.get(ep.nodeIp) : undefined;
    if (!node && inCidr) {
      node = inCidr;
      warnings.push({
        file: ep.file,
        object: ep.ref,
        field: 'status.networking.node',
        message: `${ep.nodeIp ? `${ep.nodeIp} is no imported node's address` : 'is missing'}: placed on ${node.name}, whose PodCIDR holds ${ep.ip}`,
      });
    }
    if (!node) {
      warnings.push({
        file: ep.file,
        object: ep.ref,
        field: 'status.networking.node',
        message: `${ep.nodeIp ?? '(none)'} is no imported CiliumNode's address and no PodCIDR holds ${ep.ip}: skipped`,
      });
      continue;
    }
    if (!cidrContains(parseCidr(node.podCidr)!, ip)) {
      warnings.push({
        file: ep.file,
        object: ep.ref,
        field: 'status.networking.addressing',
        message: `${ep.ip} is outside ${node.name}'s PodCIDR ${node.podCidr} (another IP pool?): skipped`,
      });
      continue;
    }
    // a snapshot of a live cluster may hold a stale CiliumEndpoint: the first one keeps the address
    const clash = pods.findIndex(
      (p) => p.ip === ep.ip || (p.node === node.name && p.endpointId === ep.endpointId),
    );
    if (clash >= 0) {
      const other = pods[clash]!;
      warnings.push({
        file: ep.file,
        object: ep.ref,
        message: `${other.ip === ep.ip ? `IP ${ep.ip}` : `endpoint id ${ep.endpointId} on ${node.name}`} is also ${podSources[clash]}'s (a stale endpoint?): skipped`,
      });
      continue;
    }
    let name = ep.name;
    if (names.has(name)) {
      name = `${ep.name}.${ep.namespace}`;
      warnings.push({
        file: ep.file,
        object: ep.ref,
        field: 'metadata.name',
        message: `another namespace has a pod of this name: named ${name}`,
      });
    }
    names.add(name);
    pods.push({
      name,
      node: node.name,
      ip: ep.ip,
      endpointId: ep.endpointId,
      ...(ep.identity !== undefined ? { identity: ep.identity } : {}),
      namespace: ep.namespace,
      labels: ep.labels,
    });
    podSources.push(`${ep.ref} in ${ep.file}`);
    if (Object.keys(ep.namespaceLabels).length)
      namespaces[ep.namespace] = { labels: { ...namespaces[ep.namespace]?.labels, ...ep.namespaceLabels } };
  }
  if (!pods.length)
    throw new ClusterInputError(
      input.endpoints[0]?.file ?? first,
      undefined,
      undefined,
      'no CiliumEndpoint could be placed on an imported node: a topology needs pods (--endpoints ciliumendpoints.yaml)',
    );

  let ciliumVersion: string | undefined;
  if (input.ciliumVersion) ciliumVersion = input.ciliumVersion;
  else if (input.detectedVersion) {
    ciliumVersion = input.detectedVersion.version;
    warnings.push({
      file: input.detectedVersion.source,
      message: `Cilium ${ciliumVersion} (the cilium-agent image)`,
    });
  }
  if (config) {
    const minor = ciliumVersion ? parseCiliumVersion(ciliumVersion).minor : undefined;
    for (const h of config.versionHints) {
      const outside = minor !== undefined && (minor < (h.from ?? 0) || minor > (h.to ?? Infinity));
      if (minor === undefined || outside)
        warnings.push({
          file: input.config!.file,
          message: `${outside ? `does not fit ${ciliumVersion}: ` : 'release hint: '}${h.reason}`,
        });
    }
  }
  if (!ciliumVersion)
    warnings.push({
      file: first,
      message: 'no Cilium release known: ciliumVersion not set (give --cilium-version)',
    });

  const mode: DatapathMode | undefined = config?.mode;
  const manifests = input.manifests ?? [];
  for (const m of manifests) loadPolicyManifests(m.text, m.file); // errors name file, document and field
  const topology: Record<string, unknown> = {
    name:
      input.name ??
      `cluster snapshot (${nodes.length} node${nodes.length === 1 ? '' : 's'}, ${pods.length} pod${pods.length === 1 ? '' : 's'})`,
    ...(mode ? { mode } : {}),
    ...(ciliumVersion ? { ciliumVersion } : {}),
    nodes: nodes.map((n) => ({
      name: n.name,
      ip: n.ip,
      subnetPrefix,
      podCidr: n.podCidr,
      ...(n.ciliumHostIp && cidrContains(parseCidr(n.podCidr)!, n.ciliumHostIp)
        ? { ciliumHostIp: n.ciliumHostIp }
        : {}),
      // spec.encryption.key: a key index, 1–15 (MAX_KEY_INDEX, v1.12.0 bpf/lib/common.h)
      ...(n.encryptionKey && n.encryptionKey <= 15 ? { encryptionKey: n.encryptionKey } : {}),
      ...(n.healthIp || n.encryptionKey
        ? {
            details: [
              ...(n.healthIp ? [`cilium-health endpoint ${n.healthIp}`] : []),
              ...(n.encryptionKey ? [`IPsec key index ${n.encryptionKey}`] : []),
            ],
          }
        : {}),
    })),
    pods,
    namespaces,
    policyFiles: manifests.map((m) => m.path),
    config: config?.data ?? {},
  };
  const { issues } = validateTopology(topology);
  if (issues.length) {
    const explain = (message: string): string =>
      message
        .replace(
          /\$\.pods\[(\d+)\](\.)?/g,
          (_, i: string, dot?: string) => `${podSources[Number(i)] ?? `pod ${i}`}${dot ? ': ' : ''}`,
        )
        .replace(
          /\$\.nodes\[(\d+)\](\.)?/g,
          (_, i: string, dot?: string) => `${nodeSources[Number(i)] ?? `node ${i}`}${dot ? ': ' : ''}`,
        );
    throw new DatapathError(
      `The imported topology is invalid: ${[...new Set(issues.map((i) => explain(i.message)))].join('; ')}`,
      'invalid-cluster-input',
    );
  }
  return { topology, warnings, sources: { pods: podSources, nodes: nodeSources } };
}
