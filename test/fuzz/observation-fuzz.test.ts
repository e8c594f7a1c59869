/**
 * The explainer on mutated public sample lines (test/fixtures/observations) and on long repetitive
 * input: it never throws, answers every line quickly (no regular-expression blow-up), and what it
 * accepts keeps the contract's shape. FUZZ_SEED=<n> replays a run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY } from '../../src/core';
import { explainLine, observationLines } from '../../src/core/observe';
import { countFromEnv, Prng, seedFromEnv } from './prng';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'observations');
const SAMPLES = readdirSync(FIXTURES)
  .filter((f) => !f.endsWith('.md'))
  .flatMap((f) => observationLines(readFileSync(join(FIXTURES, f), 'utf8')));
const PIECES = [
  '->',
  '<-',
  '(',
  ')',
  ', ',
  ':',
  ' ',
  '"',
  '{',
  '}',
  '[',
  ']',
  'identity ',
  'file ',
  ' line ',
  '0x',
  '\u001b',
  '\u0000',
  '…',
  'é',
];

function mutate(rng: Prng, line: string): string {
  let s = line;
  for (let k = 1 + rng.int(4); k > 0; k--) {
    const at = rng.int(s.length + 1);
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + 1 + rng.int(10));
        break;
      case 1:
        s = s.slice(0, at) + rng.pick(PIECES) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at);
        break;
      case 3:
        s = s.slice(0, at) + s.slice(at, at + 20).repeat(1 + rng.int(200)) + s.slice(at + 20);
        break;
      default:
        s = s.slice(0, at) + String(rng.int(100000)) + s.slice(at);
    }
  }
  return s;
}

function checkShape(line: string): void {
  const started = Date.now();
  const r = explainLine(line, { topology: DEFAULT_TOPOLOGY });
  const took = Date.now() - started;
  assert.ok(took < 1000, `${took} ms for ${JSON.stringify(line.slice(0, 80))}`);
  if (!r.ok) {
    assert.equal(typeof r.error, 'string');
    return;
  }
  const o = r.observation;
  assert.ok(Array.isArray(o.warnings));
  for (const e of [o.source, o.destination]) {
    assert.ok(e.ip === null || typeof e.ip === 'string');
    assert.ok(e.port === null || (Number.isInteger(e.port) && e.port >= 0));
    assert.ok(e.identity === null || ['number', 'string'].includes(typeof e.identity));
  }
  if (o.reasonCode !== undefined) assert.ok(o.reasonCode < 0);
}

describe('explain on mutated and hostile lines', () => {
  const seed = seedFromEnv(1414);
  test(`every sample line mutated (seed ${seed}): no throw, fast, contract shape`, () => {
    const rng = new Prng(seed);
    const n = countFromEnv('FUZZ_OBSERVATIONS', 3000);
    for (let i = 0; i < n; i++) checkShape(mutate(rng, rng.pick(SAMPLES)));
  });
  test('long repetitive lines of every form are answered within the time bound', () => {
    const starts = [
      'xx drop (P) flow 0x1 to endpoint 0, identity ',
      '-> endpoint 1 flow 0x1 identity ',
      'Jun 10 12:50:15.555: ',
      'CPU 01: MARK 0x1 FROM 1 DROP: 1 bytes, reason ',
      'CPU 01: MARK 0x1 FROM 1 from-host: 1 bytes, state ',
      'Policy verdict log: flow 0x1 local EP ID 1, remote ID ',
      '{"flow":',
    ];
    for (const start of starts)
      for (const piece of ['1->', 'a->', ', identity ', '(', 'a ', ': 1.2.3.4:5 -> ', '{"flow":'])
        checkShape((start + piece.repeat(20000)).slice(0, 70000));
  });
});
