// Grammar tests: runs vscode-tmgrammar-test on test/grammar/*.c with the C grammar from tm-grammars
// and our injection (found through package.json contributes.grammars → injectTo source.c).
// Prints one closing line "grammar: N passed, M failed", counting assertion files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = readdirSync(join(root, 'test', 'grammar')).filter((f) => f.endsWith('.c'));
const r = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js'),
    '-g',
    join(root, 'node_modules', 'tm-grammars', 'grammars', 'c.json'),
    'test/grammar/*.c',
  ],
  { cwd: root, encoding: 'utf8' },
);
const out = (r.stdout ?? '') + (r.stderr ?? '');
process.stdout.write(
  out
    .split('\n')
    .filter((l) => !/^grammar not found for "source\.(asm|x86|x86_64|arm)"/.test(l))
    .join('\n'),
);
const passed = (out.match(/^✓ /gm) ?? []).length;
const failed =
  (out.match(/^✖ /gm) ?? []).length +
  (passed + (out.match(/^✖ /gm) ?? []).length < files.length ? files.length - passed : 0);
console.log(`\ngrammar: ${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && failed === 0 && passed === files.length ? 0 : 1);
