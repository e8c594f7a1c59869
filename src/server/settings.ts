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
    codeLens: { enabled: typeof codeLens.enabled === 'boolean' ? codeLens.enabled : base.codeLens.enabled },
  };
}
