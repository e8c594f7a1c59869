/** `cilium-datapath trace --checkout DIR` as a user runs it (dist/cli.js): steps anchored in DIR. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });

describe('cilium-datapath trace --checkout', () => {
  test('JSON: each BPF step carries source {file, line, function}; kernel steps none', () => {
    const r = run(
      'trace',
      '--mode',
      'vxlan',
      '--from',
      'pod0',
      '--to',
      'pod3',
      '--format',
      'json',
      '--checkout',
      'sample/cilium-v1.10',
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    // the release comes from the checkout's VERSION (1.10.x)
    assert.equal(t.ciliumVersion, 'v1.10');
    const steps = t.hops.flatMap((h: any) => h.steps);
    const bpf = steps.filter((s: any) => s.function);
    assert.ok(bpf.length > 10);
    for (const s of bpf) assert.equal(typeof s.source?.line, 'number', `${s.type} in ${s.function}`);
    // v1.10.0 bpf/bpf_overlay.c:328 ep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC) → the sample's line 15
    const fromOverlay = bpf.find((s: any) => s.function === 'from_overlay');
    assert.deepEqual(fromOverlay.source, { file: 'bpf/bpf_overlay.c', line: 15, function: 'from_overlay' });
    for (const s of steps.filter((x: any) => !x.function)) assert.equal('source' in s, false);
  });

  test('without --checkout there are no anchors', () => {
    const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const steps = JSON.parse(r.stdout).hops.flatMap((h: any) => h.steps);
    for (const s of steps) assert.equal('source' in s, false);
  });

  test('text: the anchored line beside each step', () => {
    const r = run(
      'trace',
      '--mode',
      'vxlan',
      '--from',
      'pod0',
      '--to',
      'pod3',
      '--checkout',
      'sample/cilium-v1.10',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /@ bpf\/bpf_overlay\.c:15 from_overlay/);
  });

  test('a folder that is not a checkout: one line naming it, exit 2', () => {
    const r = run(
      'trace',
      '--mode',
      'vxlan',
      '--from',
      'pod0',
      '--to',
      'pod3',
      '--checkout',
      'test/fixtures/policies',
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--checkout: test\/fixtures\/policies is not a Cilium checkout/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
