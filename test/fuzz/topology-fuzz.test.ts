/**
 * Random and invalid topology documents through validation: nothing throws, every rejection names a
 * JSON path ("$.pods[2].ip") that exists in the document or is its parent, and every accepted
 * topology traces in every mode without anything but a DatapathError.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DATAPATH_MODES,
  DatapathError,
  listKnownVersions,
  listPods,
  parseTopology,
  trace,
  validateTopology,
} from '../../src/core';
import { countFromEnv, Prng, seedFromEnv } from './prng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function validTopology(r: Prng): { [k: string]: Json } {
  const nodes: Json[] = [];
  const pods: Json[] = [];
  const nodeCount = 1 + r.int(4);
  let ep = 100;
  for (let n = 0; n < nodeCount; n++) {
    nodes.push({ name: `node${n}`, ip: `172.26.50.${101 + n}`, podCidr: `10.0.${n}.0/24` });
    for (let p = 0; p < 1 + r.int(3); p++)
      pods.push({ name: `pod-${n}-${p}`, node: `node${n}`, ip: `10.0.${n}.${10 + p}`, endpointId: ep++ });
  }
  const t: { [k: string]: Json } = { name: 'fuzz', nodes, pods };
  if (r.chance(0.3)) t.mode = r.pick(DATAPATH_MODES);
  if (r.chance(0.3)) t.ciliumVersion = r.pick(listKnownVersions());
  return t;
}

function randomJson(r: Prng, depth = 0): Json {
  switch (r.int(depth > 2 ? 6 : 8)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 65536, 2 ** 53, 1e308, -0]);
    case 3:
      return r.pick([
        '',
        'x',
        '10.0.0.1',
        '10.0.0.0/33',
        '300.1.1.1',
        '::1',
        'a'.repeat(5000),
        'vxlan',
        'ipvlan',
        'v1.99',
        '$',
        'é',
      ]);
    case 4:
      return `10.${r.int(300)}.${r.int(300)}.${r.int(300)}${r.chance(0.5) ? `/${r.int(40)}` : ''}`;
    case 5:
      return r.pick(['node0', 'pod-0-0', 'nodeX', 'pod0']);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const o: { [k: string]: Json } = {};
      for (let i = 0; i < r.int(4); i++)
        o[r.pick(['name', 'ip', 'podCidr', 'node', 'endpointId', 'mac', 'zzz', '__proto__'])] = randomJson(
          r,
          depth + 1,
        );
      return o;
    }
  }
}

/** All JSON paths of a document, in the validator's notation. */
function paths(v: Json, at = '$', out = new Set<string>()): Set<string> {
  out.add(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, `${at}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, `${at}.${k}`, out);
  return out;
}

function mutate(r: Prng, doc: Json): Json {
  const all = [...paths(doc)].filter((p) => p !== '$');
  const target = all.length ? r.pick(all) : '$';
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  // walk to the parent of `target`
  const parts = target.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? [];
  let parent: Json = copy;
  for (const p of parts.slice(0, -1))
    parent = (parent as Record<string, Json>)[p.startsWith('.') ? p.slice(1) : Number(p.slice(1, -1))]!;
  const last = parts[parts.length - 1];
  if (!last || parent === null || typeof parent !== 'object') return randomJson(r);
  const key = last.startsWith('.') ? last.slice(1) : Number(last.slice(1, -1));
  const rec = parent as Record<string | number, Json>;
  switch (r.int(5)) {
    case 0:
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete rec[key];
      break;
    case 1:
      if (Array.isArray(parent) && typeof key === 'number')
        parent.push(JSON.parse(JSON.stringify(parent[key] ?? null)) as Json);
      else rec[`${String(key)}x`] = rec[key]!;
      break;
    default:
      rec[key] = randomJson(r);
  }
  return copy;
}

describe('topology fuzzing', () => {
  const seed = seedFromEnv(20261125);
  const total = countFromEnv('FUZZ_TOPOLOGIES', 3000);

  test(`${total} mutated topologies: no exception, every rejection names a field (seed ${seed})`, () => {
    const r = new Prng(seed);
    let rejected = 0;
    let accepted = 0;
    let traced = 0;
    for (let i = 0; i < total; i++) {
      let doc: Json = validTopology(r);
      for (let k = 0; k < r.int(4); k++) doc = mutate(r, doc);
      const where = `document #${i} (seed ${seed}): ${JSON.stringify(doc).slice(0, 300)}`;
      let result: ReturnType<typeof validateTopology>;
      try {
        result = validateTopology(doc);
      } catch (e) {
        assert.fail(`validateTopology threw on ${where}: ${(e as Error).stack}`);
      }
      if (!result.topology) {
        rejected++;
        assert.ok(result.issues.length > 0, `rejected without issues: ${where}`);
        const known = paths(doc);
        for (const issue of result.issues) {
          const path = issue.path.replace(/^\$ with overrides\.\w+ applied: /, '');
          assert.match(path, /^\$/, `issue without a JSON path: ${issue.message} in ${where}`);
          assert.ok(
            known.has(path) || known.has(path.replace(/(\.[^.[]+|\[\d+\])$/, '')),
            `issue path ${issue.path} is not in the document: ${issue.message} in ${where}`,
          );
          assert.ok(
            issue.message.startsWith(issue.path),
            `message does not start with its path: ${issue.message}`,
          );
        }
        continue;
      }
      accepted++;
      for (const mode of DATAPATH_MODES) {
        let pods: ReturnType<typeof listPods>;
        try {
          pods = listPods(result.topology, mode);
        } catch (e) {
          assert.ok(e instanceof DatapathError, `listPods threw ${(e as Error).stack} on ${where}`);
          continue;
        }
        for (const from of pods.slice(0, 3))
          for (const to of pods.slice(-3)) {
            try {
              trace({ mode, from: from.name, to: to.name }, result.topology);
              traced++;
            } catch (e) {
              assert.ok(
                e instanceof DatapathError,
                `trace ${mode} ${from.name}→${to.name} threw ${(e as Error).stack} on ${where}`,
              );
            }
          }
      }
    }
    assert.ok(
      rejected > total / 5 && accepted > total / 10,
      `generator balance: ${accepted} accepted, ${rejected} rejected`,
    );
    console.log(`fuzz: ${total} topologies, ${accepted} accepted (${traced} traces), ${rejected} rejected`);
  });

  test('random and truncated JSON text: parseTopology throws DatapathError only', () => {
    const r = new Prng(seed + 1);
    const valid = JSON.stringify(validTopology(r));
    for (let i = 0; i < 2000; i++) {
      const text = r.chance(0.5) ? valid.slice(0, r.int(valid.length)) : JSON.stringify(randomJson(r));
      try {
        parseTopology(text, 'fuzz.json');
      } catch (e) {
        assert.ok(
          e instanceof DatapathError,
          `parseTopology threw ${(e as Error).stack} on ${text.slice(0, 200)}`,
        );
        assert.match((e as Error).message, /^fuzz\.json (is not valid JSON|is invalid): /);
      }
    }
  });
});
