/**
 * A document opened with the text its file has on disk keeps the entry indexed from disk (no second
 * index of the same text before the first CodeLens); it is kept only while the file is the version
 * that was indexed. A file rewritten on disk after the index (no watcher event yet) and then opened
 * is indexed from the editor's text: its lenses are the new text's, never the stale entry's.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startServer, type Session } from './lsp-client';

// the v1.10 style of bpf_lxc.c (v1.10.0 bpf/bpf_lxc.c: __section_tail(CILIUM_MAP_CALLS, …))
function source(targets: string[]): string {
  const out = ['#define CILIUM_CALL_A 10', '#define CILIUM_CALL_B 11', ''];
  for (const t of targets)
    out.push(
      `__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_${t})`,
      `int tail_${t.toLowerCase()}(struct __ctx_buff *ctx)`,
      '{',
      '\treturn 0;',
      '}',
      '',
    );
  return out.join('\n');
}

describe('opening a document whose file was indexed from disk', () => {
  const dirs: string[] = [];
  const sessions: Session[] = [];
  after(async () => {
    for (const s of sessions) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function serve(text: string): Promise<{ dir: string; s: Session }> {
    const dir = mkdtempSync(join(tmpdir(), 'cdx-open-disk-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'bpf'), { recursive: true });
    writeFileSync(join(dir, 'VERSION'), '1.10.0\n');
    writeFileSync(join(dir, 'bpf', 'bpf_lxc.c'), text);
    const s = await startServer(dir);
    sessions.push(s);
    await s.waitFor('the tree indexed', () => s.indexed.length > 0);
    return { dir, s };
  }

  test('the same text: the lenses are the file’s', async () => {
    const text = source(['A', 'B']);
    const { s } = await serve(text);
    await s.open('bpf/bpf_lxc.c', text);
    const lines = (await s.lenses('bpf/bpf_lxc.c')).map((l) => l.range.start.line);
    assert.deepEqual([...new Set(lines)], [3, 9]);
  });

  test('the file rewritten on disk after the index, then opened: the lenses follow the new text', async () => {
    const { dir, s } = await serve(source(['A', 'B']));
    // one target less, same length is not needed: size and mtime both tell the versions apart;
    // the mtime is moved explicitly so that a coarse clock cannot hide the change
    const changed = source(['B']);
    const file = join(dir, 'bpf', 'bpf_lxc.c');
    writeFileSync(file, changed);
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    await s.open('bpf/bpf_lxc.c', changed);
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual([...new Set(lenses.map((l) => l.range.start.line))], [3]);
    assert.match(lenses[0]!.command?.title ?? '', /CILIUM_CALL_B/);
  });
});
