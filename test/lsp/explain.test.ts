/**
 * cilium/explain and cilium/locateSource over stdio, on the sample checkout (our own v1.10-style
 * files): the function of a drop's file:line, unsaved edits, the trace through the seed pods, and
 * input that is not an event.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ExplainRequest, LocateSourceRequest } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

const dropAt = (line: number) =>
  `xx drop (Policy denied) flow 0x1 to endpoint 3044, ifindex 9, file bpf_lxc.c:${line}, , identity 2->3: 10.0.0.31:40000 -> 10.0.1.72:8080 tcp SYN`;

describe('cilium/explain', () => {
  test('a drop in the sample: function, source uri, release from VERSION, trace of the seed pods', async () => {
    const s = await startServer(SAMPLE);
    sessions.push(s);
    const r = await s.connection.sendRequest(ExplainRequest, { text: dropAt(55) });
    assert.equal(r.results.length, 1);
    const first = r.results[0]!;
    assert.ok(first.ok);
    if (!first.ok) return;
    // sample/cilium-v1.10/bpf/bpf_lxc.c:53 int handle_policy(…)
    assert.equal(first.observation.function, 'handle_policy');
    assert.equal(first.observation.ciliumVersion, 'v1.10'); // sample/cilium-v1.10/VERSION 1.10.4
    assert.deepEqual(first.source, { uri: s.uri('bpf/bpf_lxc.c'), line: 54 });
    assert.equal(first.observation.trace?.source.name, 'pod0');
    assert.equal(first.observation.trace?.hops.at(-1)?.program?.file, 'bpf/bpf_lxc.c');
  });

  test('an unsaved edit moves the line: the open document is read, not the disk', async () => {
    const s = sessions[0]!;
    const text = readFileSync(join(SAMPLE, 'bpf', 'bpf_lxc.c'), 'utf8');
    const lines = text.split('\n');
    lines.splice(
      54,
      0,
      '\treturn send_drop_notify(ctx, 0, 0, 0, DROP_POLICY, CTX_ACT_DROP, METRIC_INGRESS);',
    );
    await s.open('bpf/bpf_lxc.c', lines.join('\n'));
    const r = await s.connection.sendRequest(ExplainRequest, { text: dropAt(55) });
    const first = r.results[0]!;
    assert.ok(first.ok);
    if (!first.ok) return;
    assert.ok(
      !first.observation.warnings.some((w) => w.includes('holds no drop notification')),
      first.observation.warnings.join('\n'),
    );
    const before = await s.connection.sendRequest(ExplainRequest, { text: dropAt(60) });
    assert.ok(
      before.results[0]!.ok &&
        before.results[0]!.observation.warnings.some((w) => w.includes('holds no drop notification')),
    );
  });

  test('several lines: one result each, errors in place; a non-string text is empty', async () => {
    const s = sessions[0]!;
    const r = await s.connection.sendRequest(ExplainRequest, {
      text: ['Listening for events on 2 CPUs with 64x4096 of shared memory', dropAt(55), 'nonsense'].join(
        '\n',
      ),
      ciliumVersion: 'v1.16',
    });
    assert.deepEqual(
      r.results.map((x) => x.ok),
      [true, false],
    );
    assert.ok(r.results[0]!.ok && r.results[0]!.observation.ciliumVersion === 'v1.16');
    const odd = await s.connection.sendRequest(ExplainRequest.method, { text: 42 });
    assert.deepEqual(odd, { results: [] });
  });
});

describe('cilium/locateSource', () => {
  test('bpf_lxc.c:55 opens that line; headers under lib/; unknown files and lines', async () => {
    const s = sessions[0]!;
    const r = await s.connection.sendRequest(LocateSourceRequest, { file: 'bpf_lxc.c', line: 55 });
    assert.deepEqual(r, { uri: s.uri('bpf/bpf_lxc.c'), line: 54, function: 'handle_policy' });
    const header = await s.connection.sendRequest(LocateSourceRequest, { file: 'common.h', line: 1 });
    assert.equal(header?.uri, s.uri('bpf/lib/common.h'));
    assert.equal(
      await s.connection.sendRequest(LocateSourceRequest, { file: 'bpf_nothing.c', line: 1 }),
      null,
    );
    const past = await s.connection.sendRequest(LocateSourceRequest, { file: 'bpf_lxc.c', line: 99999 });
    assert.equal(past?.line, 0);
    assert.equal(
      await s.connection.sendRequest(LocateSourceRequest.method, { file: 'bpf_lxc.c', line: -1 }),
      null,
    );
  });
});
