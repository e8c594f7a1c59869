/**
 * The CLI's configuration flags are aliases of cilium-config keys (one source of truth): each flag
 * names the key the traced release reads and the value it is written as there, so `--lb-mode dsr` is
 * `--config bpf-lb-mode=dsr` (node-port-mode before v1.10), `--kube-proxy-replacement true` is
 * `kube-proxy-replacement=strict` before v1.14 and `=true` from v1.14, and so on. The keys then go through
 * the release's defaults, refusals and fallbacks like any other (cilium-config.ts).
 */
import type { ConfigKeyName } from './cilium-config-keys';
import { DatapathError } from './model-types';
import type { CiliumVersion } from './versions';

export interface ConfigFlagAlias {
  flag: string;
  values: readonly string[];
  /** the key the release reads for this flag */
  key: (version: CiliumVersion) => ConfigKeyName;
  /** the flag's value as that key takes it */
  value: (flagValue: string, version: CiliumVersion) => string;
  /** for --help: the key (and its older names) */
  help: string;
}

const BOOL = ['true', 'false'] as const;
const same = (v: string): string => v;

export const CONFIG_FLAG_ALIASES: readonly ConfigFlagAlias[] = [
  {
    flag: 'kube-proxy-replacement',
    values: BOOL,
    key: () => 'kube-proxy-replacement',
    // v1.7–v1.13 accept disabled/partial/probe/strict; true/false from v1.14 (cilium-config-keys.ts)
    value: (v, version) => (version.minor >= 14 ? v : v === 'true' ? 'strict' : 'disabled'),
    help: 'kube-proxy-replacement (true/false; strict/disabled before v1.14)',
  },
  {
    flag: 'socket-lb',
    values: BOOL,
    key: (version) => (version.minor >= 12 ? 'bpf-lb-sock' : 'enable-host-reachable-services'),
    value: same,
    help: 'bpf-lb-sock (enable-host-reachable-services before v1.12)',
  },
  {
    flag: 'bpf-masquerade',
    values: BOOL,
    key: () => 'enable-bpf-masquerade',
    value: same,
    help: 'enable-bpf-masquerade',
  },
  {
    flag: 'ipv4-masquerade',
    values: BOOL,
    key: (version) => (version.minor >= 10 ? 'enable-ipv4-masquerade' : 'masquerade'),
    value: same,
    help: 'enable-ipv4-masquerade (masquerade before v1.10)',
  },
  {
    flag: 'lb-mode',
    values: ['snat', 'dsr'],
    key: (version) => (version.minor >= 10 ? 'bpf-lb-mode' : 'node-port-mode'),
    value: same,
    help: 'bpf-lb-mode (node-port-mode before v1.10)',
  },
];

export function configFlagAlias(flag: string): ConfigFlagAlias | undefined {
  return CONFIG_FLAG_ALIASES.find((a) => a.flag === flag);
}

/**
 * The cilium-config keys the alias flags stand for in this release, one entry per flag (its label for
 * errors, the key and value). A flag and a `--config` key that disagree are an error naming both.
 */
export function aliasLayers(
  flags: Readonly<Record<string, string>>,
  version: CiliumVersion,
  config: Readonly<Record<string, string>> = {},
): Array<{ label: string; key: ConfigKeyName; value: string }> {
  const out: Array<{ label: string; key: ConfigKeyName; value: string }> = [];
  for (const [flag, given] of Object.entries(flags)) {
    const alias = configFlagAlias(flag);
    if (!alias)
      throw new DatapathError(`--${flag.slice(0, 40)} is not a configuration flag.`, 'invalid-config');
    if (!alias.values.includes(given))
      throw new DatapathError(
        `Unknown ${flag} "${given.slice(0, 40)}": use one of ${alias.values.join(', ')}.`,
        'invalid-config',
      );
    const key = alias.key(version);
    const value = alias.value(given, version);
    const other = config[key];
    if (other !== undefined && other.trim() !== value)
      throw new DatapathError(
        `--${flag} ${given} is --config ${key}=${value} in Cilium ${version.label}, but --config ${key}=${other.slice(0, 40)} is also given: give one.`,
        'invalid-config',
      );
    out.push({ label: `--${flag} ${given} (${key}=${value})`, key, value });
  }
  return out;
}
