/**
 * CodeLens skips the re-index after an edit the server calls neutral (src/server/lens-neutral-edit.ts).
 * That is only sound if a neutral edit never changes what the lenses are made of. Random one-line
 * edits (insertions and deletions of letters, digits, punctuation, lexical characters, keywords) on
 * every file of the v1.10 sample, the era fixtures and the v1.16 ui fixture: whenever the classifier
 * says neutral, a fresh index of the edited text has the same declarations (line, kind, function,
 * section, slot, map, name line) as before.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { indexFile, type FileIndex } from '../../src/core';
import { isLensNeutral } from '../../src/server/lens-neutral-edit';
import { Prng, seedFromEnv } from './prng';

const ROOT = join(__dirname, '..', '..', '..');
const TREES = [
  join(ROOT, 'sample', 'cilium-v1.10'),
  join(ROOT, 'test', 'fixtures', 'eras', 'v1.5'),
  join(ROOT, 'test', 'fixtures', 'eras', 'v1.16'),
  join(ROOT, 'test', 'fixtures', 'eras', 'v1.19'),
  join(ROOT, 'test', 'fixtures', 'ui-v1.16'),
];

function sources(): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(c|h)$/.test(name)) out.push({ path: `bpf/${name}`, text: readFileSync(full, 'utf8') });
    }
  };
  for (const t of TREES) walk(join(t, 'bpf'));
  return out;
}

const lensShape = (f: FileIndex): string =>
  f.declarations
    .map((d) => [d.line, d.kind, d.function, d.section, d.callId, d.map, d.nameRange.line].join('|'))
    .join('\n');

const PIECES = [
  'x',
  'Z',
  '_',
  '0',
  ' ',
  '\t',
  '(',
  ')',
  ',',
  ';',
  '&',
  '-',
  '+',
  '=',
  '.',
  '[',
  ']',
  '<',
  '>',
  '!',
  '?',
  ':',
  '/',
  '*',
  '"',
  "'",
  '\\',
  '#',
  '{',
  '}',
  '\n',
  '__section',
  '_tail',
  'tail_call',
  'TAIL_CT_LOOKUP4',
  'declare_tail',
  'int f(',
  '/*',
  '*/',
  '//',
];

describe('lens-neutral edits never change what the lenses are made of', () => {
  test('random one-line edits on every fixture file', () => {
    const seed = seedFromEnv(20261201);
    const rng = new Prng(seed);
    const files = sources();
    assert.ok(files.length >= 10, `${files.length} fixture files`);
    let neutral = 0;
    let checked = 0;
    for (const file of files) {
      const lines = file.text.split('\n');
      const entry = indexFile(file.path, file.text);
      for (let i = 0; i < 400; i++) {
        const line = rng.int(lines.length);
        const before = lines[line]!;
        const from = rng.int(before.length + 1);
        const to = rng.chance(0.4) ? Math.min(before.length, from + 1 + rng.int(3)) : from;
        const inserted = rng.chance(0.7) ? rng.pick(PIECES) : '';
        const after = before.slice(0, from) + inserted + before.slice(to);
        checked++;
        const ok = isLensNeutral(entry, {
          line,
          before,
          after,
          removed: before.slice(from, to),
          inserted,
          prev: before.charAt(from - 1),
          next: before.charAt(to),
          previousLine: line > 0 ? lines[line - 1]! : '',
        });
        if (!ok) continue;
        neutral++;
        const edited = [...lines.slice(0, line), after, ...lines.slice(line + 1)].join('\n');
        assert.equal(
          lensShape(indexFile(file.path, edited)),
          lensShape(entry),
          `FUZZ_SEED=${seed}: ${file.path}:${line + 1} [${from},${to}) ${JSON.stringify(inserted)} was called neutral`,
        );
      }
    }
    // the classifier is not "never neutral": most edits inside bodies are
    assert.ok(neutral > checked / 10, `${neutral} of ${checked} edits neutral`);
    console.log(`lens-neutral fuzz: ${neutral} of ${checked} edits neutral, all with the same declarations`);
  });
});
