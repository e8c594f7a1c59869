/**
 * The server skips the re-index of an edit that leaves the file's index as it is
 * (src/core/indexer/index-inert-edit.ts): the lenses, callers, diagnostics and symbols keep the entry
 * made before the edit. That is only sound if, whenever the classifier says inert, a fresh index of
 * the edited text is the same entry (all but `bytes`). Random one-line edits, as the server sees
 * them: the entry is kept across inert edits and re-made after any other, on every fixture file and,
 * with CDX_TREES, on real Cilium trees (bpf_lxc.c, bpf_host.c, bpf_overlay.c of v1.10.0, v1.16.0, main).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { editLeavesIndex, indexFile, type FileIndex } from '../../src/core';
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
const REAL = process.env.CDX_TREES;

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
  if (REAL)
    for (const tag of ['v1.10.0', 'v1.16.0', 'main'])
      for (const name of ['bpf_lxc.c', 'bpf_host.c', 'bpf_overlay.c']) {
        const full = join(REAL, tag, 'bpf', name);
        if (existsSync(full)) out.push({ path: `bpf/${name}`, text: readFileSync(full, 'utf8') });
      }
  return out;
}

const PIECES = [
  'x',
  'Z',
  '_',
  '0',
  ' ',
  '\t',
  '&',
  '-',
  '+',
  '=',
  '.',
  '<',
  '!',
  '?',
  ':',
  '(',
  ')',
  ';',
  '{',
  'return',
  'return ',
  'n',
  'ep_tail_call',
  'tail_call',
  '_static',
  'CTX_ACT_OK',
  'send_drop_notify',
  'redirect',
  'ct_lookup4',
  '__section',
  'foo',
];

/** An entry as the server keeps it after an inert edit: the same, with the new length. */
const withBytes = (entry: FileIndex, bytes: number): FileIndex => ({ ...entry, bytes });

describe('inert edits leave the index exactly as a fresh index of the edited text', () => {
  test('random one-line edits, the entry kept across inert edits', () => {
    const seed = seedFromEnv(20261202);
    const rng = new Prng(seed);
    const files = sources();
    assert.ok(files.length >= 10, `${files.length} files`);
    let inert = 0;
    let checked = 0;
    for (const file of files) {
      let text = file.text;
      let entry = indexFile(file.path, text);
      const bodyLines = entry.functions.flatMap((f) =>
        Array.from({ length: Math.max(0, f.endLine - f.line - 1) }, (_, i) => f.line + i),
      );
      for (let i = 0; i < 300; i++) {
        const lines = text.split('\n');
        // mostly lines inside bodies (where typing happens), some anywhere
        const line =
          bodyLines.length && rng.chance(0.85)
            ? Math.min(lines.length - 1, rng.pick(bodyLines))
            : rng.int(lines.length);
        const before = lines[line]!;
        const from = rng.chance(0.3) ? before.length : rng.int(before.length + 1);
        const to = rng.chance(0.3) ? Math.min(before.length, from + 1 + rng.int(4)) : from;
        const inserted = rng.chance(0.7) ? rng.pick(PIECES) : '';
        const after = before.slice(0, from) + inserted + before.slice(to);
        checked++;
        const neutral = isLensNeutral(entry, {
          line,
          before,
          after,
          removed: before.slice(from, to),
          inserted,
          prev: before.charAt(from - 1),
          next: before.charAt(to),
          previousLine: line > 0 ? lines[line - 1]! : '',
        });
        const leaves =
          neutral &&
          editLeavesIndex(entry, {
            lineText: (l) => (l < lines.length - 1 ? `${lines[l]!}\n` : (lines[l] ?? '')),
            line,
            from,
            to,
            inserted,
          });
        const edited = [...lines.slice(0, line), after, ...lines.slice(line + 1)].join('\n');
        const fresh = indexFile(file.path, edited);
        if (leaves) {
          inert++;
          assert.deepEqual(
            fresh,
            withBytes(entry, edited.length),
            `FUZZ_SEED=${seed}: ${file.path}:${line + 1} [${from},${to}) ${JSON.stringify(inserted)} in ${JSON.stringify(before)} was called inert`,
          );
          entry = withBytes(entry, edited.length);
        } else entry = fresh;
        text = edited;
      }
    }
    // the classifier is not "never inert": much typing inside bodies is
    assert.ok(inert > checked / 10, `${inert} of ${checked} edits inert`);
    console.log(`index-inert fuzz: ${inert} of ${checked} edits inert, each equal to a fresh index`);
  });
});
