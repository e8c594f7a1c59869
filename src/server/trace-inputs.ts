/**
 * What a `cilium/trace` request may bring beside the checkout's settings (the debugger's launch
 * configuration): a topology file, policy manifests and cilium-config keys. Files are read like the
 * settings' (regular files under a size limit), relative to the checkout's workspace folder; an
 * unreadable or invalid one is a DatapathError naming the file and the attribute.
 */
import { isAbsolute, join } from 'node:path';
import { DatapathError, parseTopology, type Topology } from '../core';
import { loadPolicyFiles, MAX_FILE_CHARS, type PolicySet } from '../core/policy';
import { MAX_TOPOLOGY_BYTES, readRegularFileSync } from '../node-io/read-regular-file';
import type { TraceParams } from '../protocol/lsp-protocol';
import type { WorkspaceState } from './workspace-state';

export interface TraceInputs {
  topology: Topology;
  policies: PolicySet | undefined;
  /** the cilium-config keys: the settings', then the request's over them */
  ciliumConfig: Readonly<Record<string, string>>;
  ciliumConfigLabel: string;
}

const SETTINGS_LABEL = 'ciliumDatapath.config';

export function traceInputs(state: WorkspaceState, p: TraceParams): TraceInputs {
  const bad = (m: string): never => {
    throw new DatapathError(`cilium/trace: ${m}`, 'invalid-input');
  };
  const text = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
  if (p.topologyFile !== undefined && !text(p.topologyFile)) bad('"topologyFile" must be a file path');
  if (p.policyFiles !== undefined && !(Array.isArray(p.policyFiles) && p.policyFiles.every(text)))
    bad('"policyFiles" must be a list of file paths');
  if (
    p.config !== undefined &&
    !(
      typeof p.config === 'object' &&
      p.config !== null &&
      !Array.isArray(p.config) &&
      Object.values(p.config).every((v) => typeof v === 'string')
    )
  )
    bad('"config" must map cilium-config keys to text values');
  const base = state.folder ?? process.cwd();
  const resolvePath = (f: string): string => (isAbsolute(f) ? f : join(base, f));
  let topology = state.topology;
  if (p.topologyFile !== undefined) {
    const path = resolvePath(p.topologyFile);
    const what = `Topology file ${path} (the launch configuration's "topology")`;
    try {
      topology = parseTopology(readRegularFileSync(path, MAX_TOPOLOGY_BYTES, what).toString('utf8'), what);
    } catch (e) {
      if (e instanceof DatapathError) throw e;
      throw new DatapathError((e as Error).message, 'invalid-topology');
    }
  }
  let policies = state.policies;
  if (p.policyFiles !== undefined) {
    try {
      policies = loadPolicyFiles(
        p.policyFiles.map((f) => {
          const path = resolvePath(f);
          const what = `Policy file ${path} (the launch configuration's "policies")`;
          return { name: path, text: readRegularFileSync(path, MAX_FILE_CHARS, what).toString('utf8') };
        }),
      );
    } catch (e) {
      if (e instanceof DatapathError) throw e;
      throw new DatapathError((e as Error).message, 'invalid-policy');
    }
  }
  const given = p.config && Object.keys(p.config).length ? p.config : undefined;
  return {
    topology,
    policies,
    ciliumConfig: { ...state.settings.config, ...given },
    ciliumConfigLabel: given
      ? Object.keys(state.settings.config).length
        ? `${SETTINGS_LABEL} and the launch configuration's "config"`
        : `the launch configuration's "config"`
      : SETTINGS_LABEL,
  };
}
