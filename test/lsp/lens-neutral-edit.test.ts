/**
 * The rules that let CodeLens skip the re-index after an edit (src/server/lens-neutral-edit.ts), one
 * by one: each edit that could move, add or remove a declaration is "may move"; typing in a body,
 * a comment or a call's arguments is neutral. The end-to-end check is edit-lenses.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { indexFile } from '../../src/core';
import { isLensNeutral, type LineEdit } from '../../src/server/lens-neutral-edit';

// v1.10 style (v1.10.0 bpf/bpf_lxc.c: __section_tail(CILIUM_MAP_CALLS, …) tail targets)
const LINES = [
  '#define CILIUM_CALL_A 10', // 0
  '__section_tail(CILIUM_MAP_CALLS,', // 1: an annotation over two lines
  '\t       CILIUM_CALL_A)', // 2
  'int tail_a(struct __ctx_buff *ctx)', // 3: the name
  '{', // 4
  '\tint x = 1; /* note */', // 5
  '\treturn ep_tail_call(ctx, CILIUM_CALL_A);', // 6
  '}', // 7
  '#define LONG(a) \\', // 8
  '\t(a + 1)', // 9: continued from the line before
  '', // 10
];
const entry = indexFile('bpf/bpf_lxc.c', LINES.join('\n'));

/** Types `inserted` over [from, to) of line `line`. */
function edit(line: number, from: number, to: number, inserted: string): LineEdit {
  const before = LINES[line]!;
  return {
    line,
    before,
    after: before.slice(0, from) + inserted + before.slice(to),
    removed: before.slice(from, to),
    inserted,
    prev: before.charAt(from - 1),
    next: before.charAt(to),
    previousLine: line > 0 ? LINES[line - 1]! : '',
  };
}

describe('which edits cannot move a lens', () => {
  test('the fixture declares one tail target, annotation on lines 2–3, name on line 4', () => {
    assert.deepEqual(
      entry.declarations.map((d) => [d.function, d.line, d.nameRange.line]),
      [['tail_a', 2, 4]],
    );
  });

  test('typing in a body, after a comment, or inside a call’s arguments is neutral', () => {
    assert.equal(isLensNeutral(entry, edit(5, 10, 10, 'y')), true);
    assert.equal(isLensNeutral(entry, edit(5, LINES[5]!.length, LINES[5]!.length, 'x')), true);
    const slot = LINES[6]!.indexOf('_A)') + 1;
    assert.equal(
      isLensNeutral(entry, edit(6, slot, slot + 1, 'B')),
      true,
      'a slot changes titles, not ranges',
    );
  });

  test('a line break, or a lexical or argument-list character typed or deleted, may move lenses', () => {
    assert.equal(isLensNeutral(entry, edit(5, 1, 1, '\n')), false);
    for (const c of ['/', '*', '"', "'", '\\', '#', '{', '}', '(', ')', '[', ']', ';', ','])
      assert.equal(isLensNeutral(entry, edit(5, 1, 1, c)), false, c);
    assert.equal(isLensNeutral(entry, edit(4, 0, 1, '')), false, 'deleting a brace');
  });

  test('typing between "*" and "/" breaks a comment’s end; deleting between "/" and "*" makes one', () => {
    const close = LINES[5]!.indexOf('*/');
    assert.equal(isLensNeutral(entry, edit(5, close + 1, close + 1, 'x')), false);
    const line = { ...edit(5, 2, 3, ''), prev: '/', next: '*' };
    assert.equal(isLensNeutral(entry, line), false);
  });

  test('directive lines and lines continued from a directive may move lenses', () => {
    assert.equal(isLensNeutral(entry, edit(0, 20, 20, '0')), false);
    assert.equal(isLensNeutral(entry, edit(9, 3, 3, 'b')), false);
    assert.equal(isLensNeutral(entry, edit(8, 5, 5, 'b')), false, 'a line ending in a backslash');
  });

  test('a declaration’s annotation-to-name span, and the line after its name, may move lenses', () => {
    for (const line of [1, 2, 3, 4])
      assert.equal(isLensNeutral(entry, edit(line, 0, 0, 'x')), false, `${line}`);
  });

  test('a declaring keyword appearing or vanishing may move lenses', () => {
    const typed = edit(10, 0, 0, '__section("x") int f(void) ');
    assert.equal(isLensNeutral(entry, typed), false);
    const broken = { ...edit(5, 1, 1, 'x'), before: '\tint __sectionx;', after: '\tint __section;' };
    assert.equal(isLensNeutral(entry, broken), false);
  });

  test('without an index entry (or one that failed), every edit may move lenses', () => {
    assert.equal(isLensNeutral(undefined, edit(5, 10, 10, 'y')), false);
    assert.equal(isLensNeutral({ ...entry, error: 'too large' }, edit(5, 10, 10, 'y')), false);
  });
});
