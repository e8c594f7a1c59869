/**
 * The host↔webview validators: every trace the tracer can produce passes, random and mutated messages
 * never throw, and what is accepted is safe to act on (pod names are names, source paths stay inside
 * the checkout).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DATAPATH_MODES,
  DEFAULT_TOPOLOGY,
  HOOK_NAMES,
  DatapathError,
  listKnownVersions,
  listPods,
  trace,
  type Trace,
} from '../../src/core';
import { isValidTrace } from '../../src/protocol/validate-trace';
import { parseHostToWebviewMessage, parseWebviewToHostMessage } from '../../src/protocol/webview-protocol';
import { countFromEnv, Prng, seedFromEnv } from './prng';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function allTraces(): Trace[] {
  const out: Trace[] = [];
  for (const version of listKnownVersions())
    for (const mode of DATAPATH_MODES) {
      let pods: ReturnType<typeof listPods>;
      try {
        pods = listPods(DEFAULT_TOPOLOGY, mode);
      } catch {
        continue;
      }
      for (const from of pods)
        for (const to of [...pods.map((p) => p.name), '192.0.2.1'])
          for (const startAt of [undefined, ...HOOK_NAMES])
            try {
              out.push(
                trace({ mode, from: from.name, to, ciliumVersion: version, ...(startAt ? { startAt } : {}) }),
              );
            } catch (e) {
              if (!(e instanceof DatapathError)) throw e;
            }
    }
  return out;
}

function randomJson(r: Prng, depth = 0): Json {
  switch (r.int(depth > 3 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1.5, 1e9, NaN, Infinity, 2 ** 40]);
    case 3:
      return r.pick([
        '',
        'vxlan',
        'trace',
        'ready',
        'openSource',
        '../../etc/passwd',
        '/etc/passwd',
        'x'.repeat(10_000),
        '<img src=x onerror=alert(1)>',
        'pod0',
      ]);
    case 4:
      return r.pick([
        'trace',
        'context',
        'error',
        'busy',
        'sourceResult',
        'ready',
        'rendered',
        'requestTrace',
        'openSource',
        'selectHop',
      ]);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const o: { [k: string]: Json } = {};
      for (let i = 0; i < 1 + r.int(5); i++)
        o[
          r.pick([
            'type',
            'trace',
            'mode',
            'from',
            'to',
            'program',
            'file',
            'function',
            'section',
            'index',
            'hops',
            'message',
            'ok',
            'context',
          ])
        ] = randomJson(r, depth + 1);
      return o;
    }
  }
}

/** Replaces, deletes or retypes one field somewhere inside a value. */
function mutateDeep(r: Prng, v: Json): Json {
  const copy = JSON.parse(JSON.stringify(v)) as Json;
  let node: Json = copy;
  for (let depth = 0; depth < 8; depth++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node);
    if (!keys.length) break;
    const k = r.pick(keys);
    const rec = node as Record<string, Json>;
    const child = rec[k]!;
    if (child === null || typeof child !== 'object' || r.chance(0.25)) {
      if (r.chance(0.3)) delete rec[k];
      else rec[k] = randomJson(r, 3);
      break;
    }
    node = child;
  }
  return copy;
}

describe('webview message fuzzing', () => {
  const seed = seedFromEnv(20261125);
  const traces = allTraces();

  test('every trace the tracer produces (all versions, modes, pairs, start hooks) is a valid trace message', () => {
    assert.ok(traces.length > 1000, `only ${traces.length} traces`);
    for (const t of traces) {
      assert.ok(
        isValidTrace(JSON.parse(JSON.stringify(t))),
        `refused: ${t.summary} (${t.mode} ${t.ciliumVersion})`,
      );
      assert.ok(parseHostToWebviewMessage({ type: 'trace', trace: t }), t.summary);
    }
  });

  test(`random and mutated messages in both directions never throw; what passes is safe (seed ${seed})`, () => {
    const r = new Prng(seed);
    const total = countFromEnv('FUZZ_MESSAGES', 20_000);
    let acceptedMutations = 0;
    for (let i = 0; i < total; i++) {
      const raw: Json =
        i % 2 === 0
          ? randomJson(r)
          : mutateDeep(r, { type: 'trace', trace: JSON.parse(JSON.stringify(r.pick(traces))) as Json });
      const toHost = parseWebviewToHostMessage(raw);
      const toWebview = parseHostToWebviewMessage(raw);
      if (toHost?.type === 'openSource') {
        assert.doesNotMatch(
          toHost.program.file,
          /^\/|(^|\/)\.\.(\/|$)/,
          'source paths stay inside the checkout',
        );
        assert.match(toHost.program.function, /^\w+$/);
      }
      if (toHost?.type === 'requestTrace')
        assert.match(`${toHost.from} ${toHost.to}`, /^[\w.:/-]+ [\w.:/-]+$/);
      if (toWebview?.type === 'trace') {
        if (i % 2 === 1) acceptedMutations++;
        assert.ok(isValidTrace(toWebview.trace));
      }
    }
    // the deep mutations must mostly be caught: a validator that accepts everything would fail here
    assert.ok(
      acceptedMutations < total / 2 / 2,
      `${acceptedMutations} of ${total / 2} mutated traces accepted`,
    );
    console.log(`fuzz: ${total} messages, ${acceptedMutations} harmless trace mutations accepted`);
  });

  test('openSource refuses absolute and escaping paths', () => {
    for (const file of ['/etc/passwd', '../bpf/x.c', 'bpf/../../x.c', 'bpf//x.c', 'bpf/x.c\n', ''])
      assert.equal(
        parseWebviewToHostMessage({ type: 'openSource', program: { file, section: '', function: 'f' } }),
        undefined,
        file,
      );
    assert.ok(
      parseWebviewToHostMessage({
        type: 'openSource',
        program: { file: 'bpf/bpf_lxc.c', section: 'from-container', function: 'handle_xgress' },
      }),
    );
  });
});
