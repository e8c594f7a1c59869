/**
 * The cilium-config keys the model reads, as JSON Schema properties: what the editor offers and checks
 * where a user writes cilium-config keys (the topology's `config`, the `ciliumDatapath.config` setting).
 * Generated from CONFIG_KEYS, so the completions name the same releases, values and defaults the model
 * applies, and accept what the model accepts (values are trimmed; booleans in Go's spellings). Other
 * keys stay allowed (a real ConfigMap has many more). Written into schemas/topology.schema.json and
 * package.json by scripts/gen-schema.mjs.
 */
import { GO_BOOL_FALSE, GO_BOOL_TRUE } from './cilium-config';
import { CONFIG_KEYS, type ConfigKeySpec } from './cilium-config-keys';
import type { VersionRange } from './versions';

export interface ConfigKeyJsonSchema {
  description: string;
  anyOf: ReadonlyArray<Record<string, unknown>>;
}

const release = (minor: number): string => (minor === 99 ? 'main' : `v1.${minor}`);

function releases(r: VersionRange): string {
  if (r.to === undefined) return `${release(r.from)} and later`;
  if (r.to === r.from) return release(r.from);
  return `${release(r.from)}–${release(r.to)}`;
}

function describe(spec: ConfigKeySpec): string {
  const parts = [`Read by Cilium ${releases(spec.versions)}.`];
  if (spec.otherName) parts.push(`Other releases call it ${spec.otherName}.`);
  if (spec.values !== 'bool')
    parts.push(
      `Values: ${spec.values.map((v) => `${v.values.join(', ')} (${releases(v.versions)})`).join('; ')}.`,
    );
  const defaults = spec.defaults.filter((d, i, all) => i === 0 || all[i - 1]!.value !== d.value);
  parts.push(
    `Default: ${defaults.map((d) => `${d.value} from ${release(d.since)} (${d.cite})`).join('; ')}.`,
  );
  return parts.join(' ');
}

const escape = (v: string): string => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** the values as the model reads them: any surrounding whitespace */
const spelled = (values: readonly string[]): Record<string, unknown> => ({
  type: 'string',
  pattern: `^\\s*(${values.map(escape).join('|')})\\s*$`,
});

export function ciliumConfigKeyProperties(): Record<string, ConfigKeyJsonSchema> {
  const out: Record<string, ConfigKeyJsonSchema> = {};
  for (const spec of [...CONFIG_KEYS].sort((a, b) => a.key.localeCompare(b.key))) {
    if (spec.values === 'bool') {
      out[spec.key] = {
        description: describe(spec),
        anyOf: [
          { enum: ['true', 'false', true, false] },
          spelled([...GO_BOOL_TRUE, ...GO_BOOL_FALSE]),
          { enum: [0, 1] },
        ],
      };
    } else {
      const values = [...new Set(spec.values.flatMap((v) => v.values))];
      out[spec.key] = { description: describe(spec), anyOf: [{ enum: values }, spelled(values)] };
    }
  }
  return out;
}
