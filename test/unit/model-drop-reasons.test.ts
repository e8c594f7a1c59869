/**
 * Every release's drop reasons (name, value, the monitor's text), as the model holds them: a reviewed
 * fingerprint (test/unit/model-drop-reasons.json; regenerate after an intended change with
 *   CDX_UPDATE_SNAPSHOT=1 node --test out/test/unit/model-drop-reasons.test.js
 * and review the diff), and, with CDX_TREES naming extracted release trees, each release's header
 * (bpf/lib/common.h until v1.17, bpf/lib/drop_reasons.h from v1.18) read here, independent of the table.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { listKnownVersions, parseCiliumVersion } from '../../src/core';
import { dropReasonsOf } from '../../src/core/model/table/drop-reasons';

const FILE = join(__dirname, '..', '..', '..', 'test', 'unit', 'model-drop-reasons.json');

function fingerprint(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const release of listKnownVersions())
    out[release] = dropReasonsOf(parseCiliumVersion(release))
      .map((r) => `${r.name} ${r.code} ${r.text}`)
      .sort();
  return out;
}

describe('drop reasons of every release', () => {
  test('match the reviewed fingerprint', () => {
    const now = fingerprint();
    if (process.env['CDX_UPDATE_SNAPSHOT'] === '1' || !existsSync(FILE)) {
      writeFileSync(FILE, JSON.stringify(now, null, 1) + '\n');
      return;
    }
    const reviewed = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string[]>;
    assert.deepEqual(now, reviewed);
  });

  const TREES = process.env['CDX_TREES'];
  test(
    'values match each release header in real trees',
    {
      skip:
        TREES && existsSync(join(TREES, 'v1.4.0'))
          ? false
          : 'real trees: set CDX_TREES to a folder of extracted releases',
    },
    () => {
      for (const release of listKnownVersions()) {
        const tag = release === 'main' ? 'main' : `${release}.0`;
        const dir = join(TREES!, tag, 'bpf', 'lib');
        const header = existsSync(join(dir, 'drop_reasons.h'))
          ? join(dir, 'drop_reasons.h')
          : join(dir, 'common.h');
        const defined = new Map<string, number>();
        for (const m of readFileSync(header, 'utf8').matchAll(/^#define\s+(DROP_\w+)\s+\(?(-\d+)\)?/gm))
          defined.set(m[1]!, Number(m[2]));
        const model = dropReasonsOf(parseCiliumVersion(release));
        for (const r of model) assert.equal(r.code, defined.get(r.name), `${tag} ${r.name}`);
        assert.equal(
          new Set(model.map((r) => r.name)).size,
          defined.size,
          `${tag}: every DROP_* of the header`,
        );
      }
    },
  );
});
