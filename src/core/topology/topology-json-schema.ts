/**
 * The JSON Schema of topology files (`schemas/topology.schema.json`, `contributes.jsonValidation`),
 * generated from `TopologyFileSchema`. Written by `node scripts/gen-schema.mjs`; the unit tests fail
 * when the committed file differs. Not exported from the core's index: no bundle needs it at run time.
 */
import * as z from 'zod';
import { ciliumConfigKeyProperties } from '../model/cilium-config-json-schema';
import { TOPOLOGY_SCHEMA_META, topologySchemas } from './topology-schema';

export const TOPOLOGY_SCHEMA_PATH = 'schemas/topology.schema.json';
/** also written into package.json's ciliumDatapath.config setting by scripts/gen-schema.mjs */
export { ciliumConfigKeyProperties };

export function topologyJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(topologySchemas().TopologyFileSchema, {
    target: 'draft-07',
    io: 'input',
    metadata: TOPOLOGY_SCHEMA_META,
    unrepresentable: 'throw',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  // the keys the model reads, with their releases, values and defaults (completions in the editor)
  const definitions = rest['definitions'] as Record<string, Record<string, unknown>>;
  definitions['ciliumConfig'] = { ...definitions['ciliumConfig'], properties: ciliumConfigKeyProperties() };
  return {
    $schema,
    title: 'Cilium Datapath Explorer topology',
    description:
      'Generated from src/core/topology/topology-schema.ts by scripts/gen-schema.mjs; do not edit by hand.',
    ...rest,
  };
}

/** The file's exact text: two-space JSON and a final newline. */
export function topologyJsonSchemaText(): string {
  return `${JSON.stringify(topologyJsonSchema(), null, 2)}\n`;
}
