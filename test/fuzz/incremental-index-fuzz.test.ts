/**
 * The index's caches (slot values, include closures, per-object slot tables, the callers map) are
 * kept across edits and dropped only where an edit can change them. After every random edit (lines
 * added, removed or changed: annotations, call sites, #define values, #include lines, files added and
 * removed) every answer of the incrementally updated index equals a fresh index of the same texts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { SourceIndex } from '../../src/core';
import { Prng, seedFromEnv } from './prng';

const ROOT = join(__dirname, '..', '..', '..');
const TREES = [join(ROOT, 'sample', 'cilium-v1.10'), join(ROOT, 'test', 'fixtures', 'eras', 'v1.16')];

function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(c|h)$/.test(name)) out.set(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(join(root, 'bpf'));
  return out;
}

/** Every answer the server uses, as text. */
function answers(index: SourceIndex): string {
  const out: string[] = [];
  for (const f of [...index.all()].sort((a, b) => a.path.localeCompare(b.path))) {
    for (const site of f.sites)
      out.push(
        `${f.path}:${site.line} → ${index
          .targetsOf(f.path, site)
          .map((t) => `${t.file}:${t.declaration.line}`)
          .sort()
          .join(',')}`,
      );
    for (const d of f.declarations)
      out.push(
        `${f.path}:${d.line} ← ${index
          .callersOf(f.path, d)
          .map((c) => `${c.file}:${c.site.line}`)
          .sort()
          .join(',')} = ${d.callId ? index.slotValue(d.callId) : ''}`,
      );
  }
  return out.join('\n');
}

const SNIPPETS = [
  '\tep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC);',
  '\ttail_call_internal(ctx, CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY, &e);',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)\nint tail_new(void *ctx)\n{\n\treturn 0;\n}',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_DROP_NOTIFY)\nint tail_drop(void *ctx) { return 0; }',
  '#define CILIUM_CALL_IPV4_FROM_LXC 9',
  '#define CILIUM_CALL_DROP_NOTIFY 7',
  '#include "lib/common.h"',
  '#include "lib/extra.h"',
  '/* a comment */',
  '',
  '\treturn 0;',
];

describe('incremental index = fresh index after every edit', () => {
  for (const tree of TREES)
    test(tree.split('/').slice(-1)[0]!, () => {
      const rng = new Prng(seedFromEnv(0x5eed));
      const texts = readTree(tree);
      const incremental = new SourceIndex();
      for (const [path, text] of texts) incremental.update(path, text);
      for (let step = 0; step < 300; step++) {
        const paths = [...texts.keys()];
        const r = rng.int(100);
        if (r < 4 && !texts.has('bpf/lib/extra.h')) {
          texts.set('bpf/lib/extra.h', '#define CILIUM_CALL_IPV4_FROM_LXC 12\n');
          incremental.update('bpf/lib/extra.h', texts.get('bpf/lib/extra.h')!);
        } else if (r < 7 && texts.has('bpf/lib/extra.h')) {
          texts.delete('bpf/lib/extra.h');
          incremental.remove('bpf/lib/extra.h');
        } else {
          const path = rng.pick(paths);
          const lines = texts.get(path)!.split('\n');
          const at = rng.int(lines.length + 1);
          const op = rng.int(3);
          if (op === 0) lines.splice(at, 0, rng.pick(SNIPPETS));
          else if (op === 1 && lines.length > 1) lines.splice(Math.min(at, lines.length - 1), 1);
          else lines[Math.min(at, lines.length - 1)] += rng.pick([' ', 'x', '1', ';']);
          texts.set(path, lines.join('\n'));
          incremental.update(path, texts.get(path)!);
        }
        // query part of the time only: caches must also survive several edits without a query
        if (rng.chance(0.5) || step === 299) {
          const fresh = new SourceIndex();
          for (const [path, text] of texts) fresh.update(path, text);
          assert.equal(answers(incremental), answers(fresh), `step ${step}`);
        }
      }
    });
});
