// Writes schemas/topology.schema.json from the one definition of the topology format
// (src/core/topology/topology-schema.ts). `--check`: write nothing, exit 1 if the file is stale.
// The unit tests run the same comparison (test/unit/topology-schema.test.ts).
//
//   node scripts/gen-schema.mjs [--check]
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

// bundle the TypeScript definition (and zod) into one ES module in memory, then import it
const result = await esbuild.build({
  entryPoints: [join(root, 'src/core/topology/topology-json-schema.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  absWorkingDir: root,
});
const code = result.outputFiles[0].text;
const { topologyJsonSchemaText, TOPOLOGY_SCHEMA_PATH } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
);

const file = join(root, TOPOLOGY_SCHEMA_PATH);
const wanted = topologyJsonSchemaText();
let current = '';
try {
  current = readFileSync(file, 'utf8');
} catch {
  // missing: written below (or reported as stale)
}
if (current === wanted) {
  console.log(`${TOPOLOGY_SCHEMA_PATH} is up to date`);
} else if (check) {
  console.error(`${TOPOLOGY_SCHEMA_PATH} is stale: run node scripts/gen-schema.mjs`);
  process.exit(1);
} else {
  writeFileSync(file, wanted);
  console.log(`wrote ${TOPOLOGY_SCHEMA_PATH}`);
}
