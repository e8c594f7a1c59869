/** `cilium-datapath explain` as a user runs it (dist/cli.js), on public sample lines. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'observations');
const run = (args: string[], input = '') =>
  spawnSync(process.execPath, [CLI, 'explain', ...args], { encoding: 'utf8', cwd: ROOT, input });
const sample = (name: string, i = 0) => readFileSync(join(FIXTURES, name), 'utf8').split('\n')[i]!;

describe('cilium-datapath explain', () => {
  test('a v1.14+ drop line: reason by name and code, file:line, endpoints', () => {
    const r = run([sample('monitor-drop-file-name.txt'), '--cilium-version', 'v1.16']);
    assert.equal(r.status, 0, r.stderr);
    for (const text of [
      'drop DROP_POLICY (-133) "Policy denied"',
      '[Cilium v1.16, monitor]',
      '192.168.0.149:45830 (identity 48447) → 93.184.215.14:80 (identity world)',
      'source: bpf_lxc.c:1274',
      'ifindex 29',
    ])
      assert.ok(r.stdout.includes(text), `missing "${text}" in:\n${r.stdout}`);
  });
  test('--format json follows the contract', () => {
    const r = run([sample('monitor-drop-file-line-words.txt', 1), '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    for (const key of [
      'kind',
      'reason',
      'reasonCode',
      'file',
      'line',
      'source',
      'destination',
      'protocol',
      'warnings',
    ])
      assert.ok(key in o, key);
    assert.deepEqual(
      [o.kind, o.reason, o.reasonCode, o.file, o.line, o.protocol],
      ['drop', 'DROP_POLICY', -133, 'bpf_lxc.c', 1916, 'tcp'],
    );
    assert.deepEqual(o.destination, { ip: '10.42.0.231', port: 9080, identity: 15745, endpointId: 148 });
  });
  test('--checkout resolves the function and reads the release from VERSION', () => {
    const line =
      'xx drop (Policy denied) flow 0x1 to endpoint 0, ifindex 3, file bpf_lxc.c:55, , identity 2->3: 10.0.0.31:1 -> 10.0.1.72:80 tcp SYN';
    const r = run([line, '--checkout', 'sample/cilium-v1.10', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.equal(o.function, 'handle_policy');
    assert.equal(o.ciliumVersion, 'v1.10');
    assert.ok(o.trace, 'the seed pods are traced');
    assert.equal(o.trace.hops.at(-1).program.file, 'bpf/bpf_lxc.c');
  });
  test('several lines on stdin: one result each, one error line for the unreadable one', () => {
    const input = [
      'Listening for events on 8 CPUs with 64x4096 of shared memory',
      sample('monitor-trace.txt', 3),
      'this is not an event',
      sample('hubble-text.txt', 2),
    ].join('\n');
    const r = run(['--format', 'json', '--cilium-version', 'v1.12'], input);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.length, 3);
    assert.deepEqual(
      out.map((o: { kind?: string; error?: string }) => o.kind ?? 'error'),
      ['trace', 'error', 'flow'],
    );
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(
      r.stderr,
      /^cilium-datapath explain: line 2: not a cilium monitor event .*: this is not an event/,
    );
  });
  test('nothing readable: exit 2 with a clear error', () => {
    const r = run(['garbage line']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not a cilium monitor event/);
    assert.match(r.stderr, /the line could not be read/);
    assert.equal(r.stdout, '');
  });
  test('no line and empty stdin: exit 2 naming what is needed', () => {
    const r = run([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /explain needs at least one monitor or hubble line/);
  });
  test('bad arguments: unknown format, unknown release, not a checkout', () => {
    const line = sample('monitor-drop-file-name.txt');
    assert.match(run([line, '--format', 'xml']).stderr, /Unknown format "xml"/);
    const v = run([line, '--cilium-version', 'v9.9']);
    assert.equal(v.status, 2);
    assert.match(v.stderr, /Unknown Cilium version/);
    assert.match(run([line, '--mode', 'nope']).stderr, /Unknown mode "nope"/);
    const c = run([line, '--checkout', 'test']);
    assert.equal(c.status, 2);
    assert.match(c.stderr, /--checkout test is not a Cilium checkout/);
  });
  test('terminal escapes in a pasted line never reach the terminal', () => {
    const r = run([
      'xx drop (\u001b]0;pwned\u0007) flow 0x1 to endpoint 0, identity 2->3: 10.0.0.1 -> 10.0.0.2 EchoRequest',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!r.stdout.includes('\u001b'), r.stdout);
  });
});
