/**
 * The server keeps open documents as lines (src/server/line-document.ts) so that a keystroke does not
 * copy the whole file. It must answer exactly as vscode-languageserver-textdocument's TextDocument:
 * random incremental and full changes (line breaks \n, \r\n and a lone \r inserted, removed and
 * split; ranges past a line's end, reversed, past the end of the text) applied to both, then every
 * answer compared: the text, the line count, line texts, ranges, offsets and positions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../src/server/line-document';
import { Prng, seedFromEnv } from './prng';

const PIECES = ['', 'x', 'ab', ' ', '\n', '\r\n', '\r', 'a\nb', 'a\r\nb\r\n', '\n\n', '\r\r\n', 'é', '\t;'];
const START = ['int f(void)\n{\n\treturn 0;\n}\n', 'a\r\nb\r\nc', 'one line', '', '\n', 'x\ry\r\nz\n'];

describe('LineDocument answers as TextDocument', () => {
  test('random changes, every answer compared', () => {
    const seed = seedFromEnv(20261203);
    const rng = new Prng(seed);
    let changes = 0;
    for (let run = 0; run < 200; run++) {
      const start = rng.pick(START);
      const reference = TextDocument.create('file:///a.c', 'c', 1, start);
      const ours = LineDocument.create('file:///a.c', 'c', 1, start);
      for (let step = 0; step < 60; step++) {
        const lines = reference.lineCount;
        const pos = () => ({ line: rng.int(lines + 1), character: rng.int(8) });
        const change = rng.chance(0.03)
          ? { text: rng.pick(START) }
          : { range: { start: pos(), end: rng.chance(0.5) ? pos() : pos() }, text: rng.pick(PIECES) };
        const label = `FUZZ_SEED=${seed} run ${run} step ${step}: ${JSON.stringify(change)} on ${JSON.stringify(reference.getText())}`;
        TextDocument.update(reference, [change], step + 2);
        ours.update([change], step + 2);
        changes++;
        assert.equal(ours.getText(), reference.getText(), label);
        assert.equal(ours.lineCount, reference.lineCount, label);
        assert.equal(ours.version, reference.version, label);
        for (let k = 0; k < 4; k++) {
          const a = pos();
          const b = pos();
          assert.equal(ours.getText({ start: a, end: b }), reference.getText({ start: a, end: b }), label);
          assert.equal(ours.offsetAt(a), reference.offsetAt(a), label);
          assert.deepEqual(ours.getLineRange(a.line), reference.getLineRange(a.line), label);
          assert.equal(ours.getEOLCharacters(a.line), reference.getEOLCharacters(a.line), label);
          const offset = rng.int(reference.getText().length + 3) - 1;
          assert.deepEqual(ours.positionAt(offset), reference.positionAt(offset), label);
        }
        // a line with its break, as the inert-edit classifier reads it
        const line = rng.int(lines + 1);
        assert.equal(
          ours.lineWithBreak(line),
          line < reference.lineCount
            ? reference.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
            : '',
          label,
        );
      }
    }
    console.log(`line-document fuzz: ${changes} changes, every answer as TextDocument's`);
  });
});
