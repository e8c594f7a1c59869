/** Shared by the explain tests: the fixture lines and an in-memory checkout view over real files. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainLine, observationLines, type ExplainOptions, type Observation } from '../../src/core/observe';

export const ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'observations');

export function fixtureLines(name: string): string[] {
  return observationLines(readFileSync(join(FIXTURES, name), 'utf8'));
}

export function explain(line: string, options: ExplainOptions = {}): Observation {
  const r = explainLine(line, options);
  assert.ok(r.ok, r.ok ? '' : `${r.error}: ${r.input}`);
  return r.observation;
}
