/**
 * The indexer's incremental condition cursor against the plain scan it replaced (conditionAt), on
 * generated #if/#ifdef/#elif/#else/#endif nests, balanced or not, at every line start in order.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conditionAt, conditionCursor, lexicalScan } from '../../src/core/indexer/lexical-scan';
import { countFromEnv, Prng, seedFromEnv } from './prng';

function nest(rng: Prng): string {
  const lines: string[] = [];
  let depth = 0;
  const n = 5 + rng.int(80);
  for (let i = 0; i < n; i++) {
    const r = rng.int(10);
    if (r < 4) {
      lines.push(
        r < 2
          ? `#ifdef ENABLE_${rng.int(9)}`
          : r < 3
            ? `#if defined(A${rng.int(5)}) && B`
            : `#ifndef GUARD_${rng.int(3)}_H_`,
      );
      depth++;
    } else if (r === 4 && depth > 0) {
      lines.push(rng.chance(0.5) ? '#else' : `#elif X${rng.int(4)}`);
    } else if (r === 5 && (depth > 0 || rng.chance(0.2))) {
      lines.push('#endif');
      depth = Math.max(0, depth - 1);
    } else {
      lines.push(rng.chance(0.3) ? `\t/* #if NOT_A_DIRECTIVE */ x = ${i};` : `int v${i} = ${i};`);
    }
  }
  return lines.join('\n');
}

describe('condition cursor', () => {
  test('answers like conditionAt at every position visited in order', () => {
    const rng = new Prng(seedFromEnv(0xc0d1));
    const count = countFromEnv('FUZZ_COUNT', 2000);
    for (let k = 0; k < count; k++) {
      const text = nest(rng);
      const { conditions } = lexicalScan(text);
      const at = conditionCursor(conditions);
      for (let pos = 0; pos <= text.length; pos += 1 + rng.int(12)) {
        assert.equal(at(pos), conditionAt(conditions, pos), `input ${k} at ${pos}:\n${text}`);
        if (rng.chance(0.1)) assert.equal(at(pos), conditionAt(conditions, pos), 'same position twice');
      }
    }
  });
});
