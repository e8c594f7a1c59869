/**
 * The `cilium-config` ConfigMap (`kubectl -n kube-system get cm cilium-config -o yaml|json`): its
 * `data` goes into the topology's `config` verbatim; the mode preset and release hints come from the
 * model (model/cluster-hints.ts).
 */
import { modeFromCiliumConfig, versionHintsFromCiliumConfig, type VersionHint } from '../model/cluster-hints';
import type { DatapathMode } from '../model/model-types';
import { TOPOLOGY_LIMITS } from '../topology/topology-schema';
import {
  ClusterInputError,
  describe,
  isObject,
  ofKind,
  readK8sObjects,
  type ImportWarning,
} from './k8s-objects';

export interface ImportedCiliumConfig {
  data: Record<string, string>;
  mode?: DatapathMode;
  versionHints: VersionHint[];
}

export function parseCiliumConfig(
  text: string,
  file: string,
  warnings: ImportWarning[],
): ImportedCiliumConfig {
  const maps = ofKind(readK8sObjects(text, file), 'ConfigMap', file, warnings);
  if (!maps.length) throw new ClusterInputError(file, undefined, undefined, 'holds no ConfigMap');
  const chosen = maps.find((m) => m.name === 'cilium-config') ?? maps[0]!;
  if (chosen.name !== 'cilium-config')
    warnings.push({
      file,
      object: chosen.ref,
      field: 'metadata.name',
      message: 'is not "cilium-config"; its data is used anyway',
    });
  for (const other of maps)
    if (other !== chosen) warnings.push({ file, object: other.ref, message: 'a second ConfigMap: skipped' });
  const raw = chosen.value.data;
  if (raw === undefined || raw === null) {
    warnings.push({
      file,
      object: chosen.ref,
      field: 'data',
      message: 'is empty: every key takes its default',
    });
  } else if (!isObject(raw)) {
    throw new ClusterInputError(
      file,
      chosen.ref,
      'data',
      `must be a mapping of keys to strings, got ${describe(raw)}`,
    );
  }
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const where = `data.${key}`;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new ClusterInputError(file, chosen.ref, where, `must be a string, got ${describe(value)}`);
    const text = String(value);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(key) || key.length > TOPOLOGY_LIMITS.configKey) {
      warnings.push({
        file,
        object: chosen.ref,
        field: where,
        message: 'is not a cilium-config key a topology can hold: skipped',
      });
      continue;
    }
    if (text.length > TOPOLOGY_LIMITS.configValue) {
      warnings.push({
        file,
        object: chosen.ref,
        field: where,
        message: `is longer than ${TOPOLOGY_LIMITS.configValue} characters: skipped`,
      });
      continue;
    }
    if (Object.keys(data).length >= TOPOLOGY_LIMITS.configKeys) {
      warnings.push({
        file,
        object: chosen.ref,
        field: where,
        message: `more than ${TOPOLOGY_LIMITS.configKeys} keys: the rest are skipped`,
      });
      break;
    }
    data[key] = text;
  }
  const hint = modeFromCiliumConfig(data);
  warnings.push({
    file,
    object: chosen.ref,
    message: hint.mode ? `mode ${hint.mode}: ${hint.reason}` : `no mode derived: ${hint.reason}`,
  });
  const versionHints = versionHintsFromCiliumConfig(data);
  return { data, ...(hint.mode ? { mode: hint.mode } : {}), versionHints };
}

/** Only the ConfigMap's data (verify-attach reads the mode from it). */
export function parseCiliumConfigData(text: string, file: string): Record<string, string> {
  return parseCiliumConfig(text, file, []).data;
}
