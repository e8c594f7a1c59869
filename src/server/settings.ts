import { DATAPATH_MODES, type DatapathMode } from '../core';
import { DEFAULT_SETTINGS, type ServerSettings } from '../protocol/lsp-protocol';

/** Merges whatever a client sent over the defaults, ignoring values of the wrong type. */
export function readSettings(raw: unknown, base: ServerSettings = DEFAULT_SETTINGS): ServerSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const obj = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const mode =
    typeof r.mode === 'string' && (DATAPATH_MODES as readonly string[]).includes(r.mode)
      ? (r.mode as DatapathMode)
      : base.mode;
  const codeLens = obj(r.codeLens);
  return {
    mode,
    ciliumVersion:
      typeof r.ciliumVersion === 'string' && r.ciliumVersion ? r.ciliumVersion : base.ciliumVersion,
    topologyFile: typeof r.topologyFile === 'string' ? r.topologyFile : base.topologyFile,
    policyFiles:
      Array.isArray(r.policyFiles) && r.policyFiles.every((f) => typeof f === 'string')
        ? r.policyFiles.slice(0, 256)
        : base.policyFiles,
    config: readConfigKeys(r.config, base.config),
    codeLens: { enabled: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : base.codeLens.enabled },
  };
}

/** cilium-config keys: string, boolean or number values kept as strings (as a ConfigMap holds them). */
function readConfigKeys(raw: unknown, base: Record<string, string>): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return base;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>).slice(0, 256)) {
    if (k.length > 128) continue;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
      out[k] = String(v).slice(0, 1024);
  }
  return out;
}
