/**
 * CodeLens right after an edit (issue 15, item 3): an edit that cannot move a declaration is answered
 * from the index the server has (no re-index first); any other edit is re-indexed before the answer.
 * Either way the lenses match the text the editor holds, and titles resolved after the edit
 * (codeLens/resolve) see the edit.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidChangeTextDocumentNotification, type CodeLens } from 'vscode-languageserver-protocol/node';
import { startServer, type Session } from './lsp-client';

// the v1.10 style of bpf_lxc.c: an entry program by section name, tail targets by slot
// (v1.10.0 bpf/bpf_lxc.c: __section("from-container") int handle_xgress; __section_tail(CILIUM_MAP_CALLS, …))
const SOURCE = [
  '#define CILIUM_CALL_A 10', // line 0
  '#define CILIUM_CALL_B 11',
  '',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_A)', // 3
  'int tail_a(struct __ctx_buff *ctx)',
  '{',
  '\treturn 0;', // 6
  '}',
  '',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_B)', // 9
  'int tail_b(struct __ctx_buff *ctx)',
  '{',
  '\treturn 0;',
  '}',
  '',
  '__section("from-container")', // 15
  'int handle_xgress(struct __ctx_buff *ctx)',
  '{',
  '\tint x = 1;', // 18
  '\treturn ep_tail_call(ctx, CILIUM_CALL_A);', // 19
  '}',
  '',
].join('\n');

describe('CodeLens right after an edit', () => {
  let dir: string;
  let s: Session;
  let version = 1;
  const uri = (): string => s.uri('bpf/bpf_lxc.c');
  const edit = (line: number, from: number, to: number, text: string): Promise<void> =>
    s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(), version: ++version },
      contentChanges: [{ range: { start: { line, character: from }, end: { line, character: to } }, text }],
    });
  const titlesAt = (lenses: CodeLens[], line: number): string[] =>
    lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-edit-lenses-'));
    mkdirSync(join(dir, 'bpf'), { recursive: true });
    writeFileSync(join(dir, 'VERSION'), '1.10.0\n');
    writeFileSync(join(dir, 'bpf', 'bpf_lxc.c'), SOURCE);
    writeFileSync(join(dir, 'bpf', 'bpf_overlay.c'), SOURCE);
    s = await startServer(dir);
    await s.open('bpf/bpf_lxc.c');
    await s.waitFor('the caller of tail_a', async () =>
      titlesAt(await s.lenses('bpf/bpf_lxc.c'), 3)[0]?.includes('called from handle_xgress')
        ? true
        : undefined,
    );
  });
  after(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('typing inside a call moves no lens; the resolved titles see the new slot at once', async () => {
    // "CILIUM_CALL_A" → "CILIUM_CALL_B" in the call on line 19: delete "A", type "B"
    const col = '\treturn ep_tail_call(ctx, CILIUM_CALL_'.length;
    await edit(19, col, col + 1, '');
    await edit(19, col, col, 'B');
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [3, 9, 15, 15, 15],
      'same declarations, same lines',
    );
    assert.match(titlesAt(lenses, 3)[0]!, /slot CILIUM_CALL_A = 10 · no call site found$/);
    assert.match(
      titlesAt(lenses, 9)[0]!,
      /slot CILIUM_CALL_B = 11 · called from handle_xgress \(bpf_lxc\.c:20\)$/,
    );
  });

  test('a new line above a declaration moves its lens in the very next answer', async () => {
    await edit(18, 0, 0, '\tint y = 2;\n');
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [3, 9, 15, 15, 15],
    );
    await edit(1, 0, 0, '\n');
    const moved = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual(
      moved.map((l) => l.range.start.line),
      [4, 10, 16, 16, 16],
    );
    assert.match(titlesAt(moved, 10)[0]!, /called from handle_xgress \(bpf_lxc\.c:22\)$/);
  });

  test('breaking a declaring keyword is re-indexed before the answer: its lens goes', async () => {
    // line 10 now: __section_tail(…) → __section_taiX(…): no longer an annotation
    const col = '__section_tai'.length;
    await edit(10, col, col + 1, 'X');
    assert.deepEqual(
      (await s.lenses('bpf/bpf_lxc.c')).map((l) => l.range.start.line),
      [4, 16, 16, 16],
    );
    await edit(10, col, col + 1, 'l');
    assert.deepEqual(
      (await s.lenses('bpf/bpf_lxc.c')).map((l) => l.range.start.line),
      [4, 10, 16, 16, 16],
    );
  });

  test('opening a comment hides the declarations after it in the very next answer', async () => {
    await edit(9, 0, 0, '/');
    await edit(9, 1, 1, '*');
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [4],
      'an unterminated comment runs to the end of the file',
    );
    await edit(9, 0, 2, '');
    assert.deepEqual(
      (await s.lenses('bpf/bpf_lxc.c')).map((l) => l.range.start.line),
      [4, 10, 16, 16, 16],
    );
  });

  test('a document opened with text that differs from the disk is answered from the editor’s text', async () => {
    await s.waitFor('bpf_overlay.c indexed from disk', async () =>
      (await s.lenses('bpf/bpf_overlay.c')).length === 3 ? true : undefined,
    );
    // (in bpf_overlay.c the from-container section is no hook: an entry lens, no ▶ Simulate)
    // unsaved in the editor: two lines added above everything
    await s.open('bpf/bpf_overlay.c', `\n\n${SOURCE}`);
    assert.deepEqual(
      (await s.lenses('bpf/bpf_overlay.c')).map((l) => l.range.start.line),
      [5, 11, 17],
    );
  });

  test('typing a declaration keyword into a plain line is re-indexed before the answer', async () => {
    // line 1 is empty since the new line above: type a new tail target's annotation and function
    await edit(1, 0, 0, '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_B) int tail_c(void) ');
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.deepEqual(
      lenses.map((l) => l.range.start.line),
      [1, 4, 10, 16, 16, 16],
    );
  });
});
