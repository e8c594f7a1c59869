/**
 * Mangled kubectl dumps and bpftool listings through the importer and the verifier: each input either
 * imports (and then the topology validates) or fails with one DatapathError whose message names the
 * file — never another exception, never a topology that does not validate.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configFor, DatapathError, parseCiliumVersion, validateTopology } from '../../src/core';
import { parseBpftoolNet, verifyAttachments } from '../../src/core/attach';
import { importSnapshot } from '../../src/core/cluster';
import { countFromEnv, Prng, seedFromEnv } from './prng';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cluster');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const JUNK = [
  '',
  ' ',
  ':',
  '- ',
  '"',
  '{',
  '}',
  '[',
  ']',
  '\n',
  '\t',
  '-1',
  '0',
  '1e9',
  'null',
  '999999',
  '::',
  'ipv4: 10.0.0.1',
  'id: x',
  '\u0000',
  '\u202e',
  '10.244.9.9',
  'k8s:app=',
  '*',
];

function mangle(r: Prng, text: string): string {
  const lines = text.split('\n');
  for (let n = 1 + r.int(4); n > 0; n--) {
    if (!lines.length) lines.push('');
    const i = r.int(lines.length);
    switch (r.int(5)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[r.int(lines.length)]!);
        break;
      case 2: {
        const l = lines[i]!;
        const at = r.int(l.length + 1);
        lines[i] = l.slice(0, at) + r.pick(JUNK) + l.slice(at + r.int(4));
        break;
      }
      case 3:
        lines[i] = lines[i]!.replace(/\d+/, () => String(r.int(70000)));
        break;
      default:
        lines.length = Math.max(1, i);
    }
  }
  return lines.join('\n');
}

describe('cluster inputs, mangled', () => {
  const seed = seedFromEnv(14014);
  const runs = countFromEnv('FUZZ_CLUSTER_RUNS', 400);
  test(`import: ${runs} mangled snapshots (seed ${seed})`, () => {
    const r = new Prng(seed);
    const files = {
      config: read('cilium-config.yaml'),
      nodes: read('ciliumnodes.yaml'),
      eps: read('ciliumendpoints.json'),
    };
    let imported = 0;
    for (let i = 0; i < runs; i++) {
      const which = r.int(3);
      const input = {
        config: { file: 'cm.yaml', text: which === 0 ? mangle(r, files.config) : files.config },
        nodes: [{ file: 'nodes.yaml', text: which === 1 ? mangle(r, files.nodes) : files.nodes }],
        endpoints: [{ file: 'eps.json', text: which === 2 ? mangle(r, files.eps) : files.eps }],
      };
      try {
        const { topology } = importSnapshot(input);
        assert.deepEqual(validateTopology(topology).issues, [], `run ${i}`);
        imported++;
      } catch (e) {
        assert.ok(e instanceof DatapathError, `run ${i}: ${(e as Error).stack}`);
        assert.match(e.message, /cm\.yaml|nodes\.yaml|eps\.json|imported topology/, `run ${i}: ${e.message}`);
        assert.ok(e.message.length < 4000, `run ${i}: a bounded message`);
      }
    }
    assert.ok(imported > 0, 'some mangled snapshots still import');
  });
  test(`verify-attach: ${runs} mangled listings (seed ${seed})`, () => {
    const r = new Prng(seed + 1);
    const texts = [
      read('bpftool-net-v1.10-vxlan.txt'),
      read('bpftool-net-v1.14-tc.txt'),
      read('bpftool-net-v1.16-tcx.json'),
    ];
    const versions = ['v1.4', 'v1.7', 'v1.10', 'v1.14', 'v1.16', 'main'].map(parseCiliumVersion);
    for (let i = 0; i < runs; i++) {
      const text = mangle(r, r.pick(texts));
      const version = r.pick(versions);
      const mode = r.pick(
        version.minor <= 12 ? ['vxlan', 'geneve', 'native', 'ipvlan'] : ['vxlan', 'geneve', 'native'],
      );
      try {
        const result = verifyAttachments(parseBpftoolNet(text, 'net.txt'), configFor(mode, version), version);
        for (const f of result.findings)
          assert.ok(['agree', 'missing', 'unexpected', 'not-modelled'].includes(f.status));
      } catch (e) {
        assert.ok(e instanceof DatapathError, `run ${i}: ${(e as Error).stack}`);
        assert.match(e.message, /^net\.txt: /, `run ${i}`);
      }
    }
  });
});
