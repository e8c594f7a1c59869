/**
 * Random and invalid topology documents through validation: nothing throws, every rejection names a
 * JSON path ("$.pods[2].ip") that exists in the document or is its parent in a bounded message without
 * control characters, and every accepted topology traces in every mode without anything but a
 * DatapathError, into a trace the webview accepts. The documents carry overrides (#8), labels,
 * namespaces and policy files, names at their length limits (#9), deep nesting (#12), leading-zero
 * addresses (#13) and control characters (#15), and dual-stack fields (issue 12: ipv6, ipv6PodCidr,
 * ipv6CiliumHostIp), whose accepted topologies also trace over IPv6 (enable-ipv6=true).
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
import { jsonPath } from '../../src/core/topology/quote';
import { isValidTrace } from '../../src/protocol/validate-trace';
import { countFromEnv, Prng, seedFromEnv } from './prng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function validTopology(r: Prng): { [k: string]: Json } {
  const nodes: { [k: string]: Json }[] = [];
  const pods: { [k: string]: Json }[] = [];
  const nodeCount = 1 + r.int(4);
  const long = r.chance(0.2); // names and devices at their limits (#9)
  let ep = 100;
  for (let n = 0; n < nodeCount; n++) {
    const node: { [k: string]: Json } = {
      name: long ? `node${n}`.padEnd(48, 'n') : `node${n}`,
      ip: `172.26.50.${101 + n}`,
      podCidr: `10.0.${n}.0/24`,
    };
    if (long) node.device = 'e'.repeat(15);
    const dual = r.chance(0.5);
    if (dual) {
      node.ipv6PodCidr = `fd00:10:${n}::/64`;
      if (r.chance(0.5)) node.ipv6 = `fd00:172:26:50::${101 + n}`;
      if (r.chance(0.3)) node.ipv6CiliumHostIp = `fd00:10:${n}::ff`;
    }
    nodes.push(node);
    for (let p = 0; p < 1 + r.int(3); p++) {
      const pod: { [k: string]: Json } = {
        name: `pod-${n}-${p}`,
        node: node.name!,
        ip: `10.0.${n}.${10 + p}`,
        endpointId: ep++,
      };
      if (long) pod.hostVeth = `v${ep}`.padEnd(15, 'v');
      if (dual && r.chance(0.8))
        pod.ipv6 = r.chance(0.5) ? `fd00:10:${n}::${10 + p}` : `FD00:10:${n}:0::${10 + p}`;
      if (r.chance(0.3)) pod.labels = { app: r.pick(['web', 'db']), 'app.kubernetes.io/part-of': 'shop' };
      if (r.chance(0.2)) pod.namespace = r.pick(['default', 'prod', 'kube-system']);
      pods.push(pod);
    }
  }
  const t: { [k: string]: Json } = { name: 'fuzz', nodes, pods };
  if (r.chance(0.3)) t.mode = r.pick(DATAPATH_MODES);
  if (r.chance(0.3)) t.ciliumVersion = r.pick(listKnownVersions());
  if (r.chance(0.2)) t.namespaces = { prod: { labels: { env: 'prod' } } };
  if (r.chance(0.2)) t.policyFiles = ['policies/a.yaml', '../b.json'];
  if (r.chance(0.4)) {
    // valid patches (#8): the mutations below then break them in every way
    const mode = r.pick(DATAPATH_MODES);
    const node = r.pick(nodes);
    const pod = r.pick(pods);
    t.overrides = {
      [mode]: {
        nodes: { [node.name as string]: { mac: 'a4:ae:11:18:c4:2d', details: ['altname enp2s0'] } },
        pods: { [pod.name as string]: { mac: 'a4:ae:11:18:c4:2d', hostVeth: 'veth9' } },
      },
    };
  }
  return t;
}

/** Arrays nested `depth` levels deep, built without recursion. */
function nested(depth: number): Json {
  let v: Json = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

function randomJson(r: Prng, depth = 0): Json {
  if (r.chance(0.01)) return nested(20 + r.int(40)); // #12
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
        '010.0.0.31', // #13
        '10.0.0.031',
        '0.0.0.0/0',
        'eth0\n  Note over x: injected', // #15
        '\u001b]0;pwned\u0007\u001b[2J',
        '\u009b2J',
        'v'.repeat(16), // #9
        'app.kubernetes.io/name',
        '/etc/passwd',
        'fd00:10:0::5',
        'fd00:10::/64',
        'fd00:10::1/64',
        'fe80::1%eth0',
        '::ffff:10.0.0.1',
        'fd00::/8',
        'fd00:10::/121',
        ':::1',
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
        o[
          r.pick([
            'name',
            'ip',
            'podCidr',
            'node',
            'endpointId',
            'mac',
            'zzz',
            '__proto__',
            'constructor',
            'labels',
            'namespace',
            'hostVeth',
            'node0',
            'pod-0-0',
            'vxlan',
            'nodes',
            'pods',
            'ipv6',
            'ipv6PodCidr',
            'ipv6CiliumHostIp',
          ])
        ] = randomJson(r, depth + 1);
      return o;
    }
  }
}

/** All JSON paths of a document, in the validator's notation. */
function paths(v: Json, at: PropertyKey[] = [], out = new Set<string>()): Set<string> {
  out.add(jsonPath(at));
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** zod's own English messages: every rule of the format must speak for itself. */
const LIBRARY_WORDING =
  /Invalid input|Invalid key in record|Too (big|small)|Unrecognized key|expected \w+, received/;

function mutate(r: Prng, doc: Json): Json {
  const all = [...paths(doc)].filter((p) => p !== '$');
  const target = all.length ? r.pick(all) : '$';
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  // walk to the parent of `target`
  const parts = target.slice(1).match(/\.[^.[]+|\[\d+\]|\["[^"]*"\]/g) ?? [];
  const segment = (p: string): string | number =>
    p.startsWith('.')
      ? p.slice(1)
      : p.startsWith('["')
        ? (JSON.parse(p.slice(1, -1)) as string)
        : Number(p.slice(1, -1));
  let parent: Json = copy;
  for (const p of parts.slice(0, -1)) parent = (parent as Record<string, Json>)[segment(p)]!;
  const last = parts[parts.length - 1];
  if (!last || parent === null || typeof parent !== 'object') return randomJson(r);
  const key = segment(last);
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
    let traced6 = 0;
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
          assert.doesNotMatch(issue.message, UNSAFE, `control character in ${JSON.stringify(issue.message)}`);
          assert.doesNotMatch(issue.message, LIBRARY_WORDING, `library wording in ${issue.message}`);
          assert.ok(
            issue.message.length <= 1000,
            `${issue.message.length}-character message: ${issue.message}`,
          );
        }
        assert.ok(result.issues.length <= 21, `${result.issues.length} issues listed`);
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
              const t = trace({ mode, from: from.name, to: to.name }, result.topology);
              assert.ok(
                isValidTrace(JSON.parse(JSON.stringify(t))),
                `the webview refuses trace ${mode} ${from.name}→${to.name} of ${where}`,
              );
              traced++;
            } catch (e) {
              assert.ok(
                e instanceof DatapathError,
                `trace ${mode} ${from.name}→${to.name} threw ${(e as Error).stack} on ${where}`,
              );
            }
            // the same ends over IPv6 (dual-stack): a trace or a DatapathError, never anything else
            try {
              const t = trace(
                {
                  mode,
                  from: from.name,
                  to: to.name,
                  family: 6,
                  ciliumVersion: r.pick(['v1.10', 'v1.12', 'v1.16', 'main']),
                  ciliumConfig: { 'enable-ipv6': 'true' },
                },
                result.topology,
              );
              assert.ok(
                isValidTrace(JSON.parse(JSON.stringify(t))),
                `the webview refuses IPv6 trace ${mode} ${from.name}→${to.name} of ${where}`,
              );
              traced6++;
            } catch (e) {
              assert.ok(
                e instanceof DatapathError,
                `IPv6 trace ${mode} ${from.name}→${to.name} threw ${(e as Error).stack} on ${where}`,
              );
            }
          }
      }
    }
    assert.ok(
      rejected > total / 5 && accepted > total / 10,
      `generator balance: ${accepted} accepted, ${rejected} rejected`,
    );
    assert.ok(traced6 > 0, 'no topology traced over IPv6');
    console.log(
      `fuzz: ${total} topologies, ${accepted} accepted (${traced} traces, ${traced6} over IPv6), ${rejected} rejected`,
    );
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
