// Writes schemas/topology.schema.json from the one definition of the topology format
// (src/core/topology/topology-schema.ts), and the cilium-config keys the model reads (with releases,
// values, defaults) into package.json's ciliumDatapath.config setting, so that settings.json offers
// them too. `--check`: write nothing, exit 1 if either is stale. The unit tests run the same
// comparisons (test/unit/topology.test.ts).
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
const { topologyJsonSchemaText, TOPOLOGY_SCHEMA_PATH, ciliumConfigKeyProperties } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
);

let stale = false;
function update(rel, wanted) {
  const file = join(root, rel);
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: written below (or reported as stale)
  }
  if (current === wanted) console.log(`${rel} is up to date`);
  else if (check) {
    console.error(`${rel} is stale: run node scripts/gen-schema.mjs`);
    stale = true;
  } else {
    writeFileSync(file, wanted);
    console.log(`wrote ${rel}`);
  }
}

update(TOPOLOGY_SCHEMA_PATH, topologyJsonSchemaText());
// package.json as prettier prints it (its json-stringify parser is JSON.stringify's layout)
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
manifest.contributes.configuration.properties['ciliumDatapath.config'].properties =
  ciliumConfigKeyProperties();
update('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
if (stale) process.exit(1);
