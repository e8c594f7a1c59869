/**
 * `cilium-datapath trace --policy …` as a user runs it (dist/cli.js): verdicts, merging of several
 * files, and refused manifests. parseTopology does not accept pod `labels` yet, so these run on the
 * default topology, whose pods have no labels: the policies select pods with `endpointSelector: {}`
 * (every pod of namespace default) or select nothing. Label-based cases are in
 * test/unit/trace-policy.test.ts, on a labelled clone of the topology.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const POLICIES = join('test', 'fixtures', 'policies');
const policy = (name: string) => join(POLICIES, name);
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
const traceJson = (...args: string[]) => {
  const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--format', 'json', ...args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};
const stepsOf = (t: any, type: string) =>
  t.hops.flatMap((h: any) =>
    h.steps.filter((s: any) => s.type === type).map((s: any) => ({ hop: h, step: s })),
  );
const verdict = (t: any, direction: string) => {
  const found = stepsOf(t, 'policy').filter((f: any) => f.step.direction === direction);
  assert.equal(found.length, 1, `one ${direction} policy step`);
  return found[0];
};

describe('trace --policy: verdicts in the JSON', () => {
  test("default deny at ingress: dropped with DROP_POLICY in pod3's handle_policy (v1.10)", () => {
    // v1.10.0 bpf/bpf_lxc.c:1384 policy_can_access_ingress(); v1.10.0 bpf/bpf_lxc.c:1492 send_drop_notify()
    // in tail_ipv4_policy, inline in handle_policy in the IPv4-only build
    const t = traceJson(
      '--to',
      'pod3',
      '--cilium-version',
      'v1.10',
      '--policy',
      policy('default-deny-ingress.yaml'),
    );
    assert.equal(t.disposition, 'dropped');
    assert.ok(Array.isArray(t.assumptions) && t.assumptions.length > 0, 'assumptions at the top level');
    const drops = stepsOf(t, 'drop');
    assert.equal(drops.length, 1);
    const drop = drops[0];
    assert.deepEqual(
      [drop.step.reason, drop.step.text, drop.step.code],
      ['DROP_POLICY', 'Policy denied', -133],
    );
    assert.ok(drop.step.cite.startsWith('v1.10.0 bpf/bpf_lxc.c:'), drop.step.cite);
    assert.deepEqual([drop.hop.node, drop.hop.program.function], ['node1', 'handle_policy']);
    assert.equal(drop.hop, t.hops[t.hops.length - 1], 'the drop ends the trace');
    const ingress = verdict(t, 'ingress');
    assert.equal(ingress.hop, drop.hop);
    assert.deepEqual(
      [ingress.step.verdict, ingress.step.enforced, ingress.step.endpointId, ingress.step.rule],
      ['deny', true, 3044, undefined],
    );
    for (const key of ['direction', 'verdict', 'endpointId', 'identity', 'map', 'enforced'])
      assert.ok(key in ingress.step, `policy step has ${key}`);
  });

  test('main: the same drop is in tail_ipv4_policy, after cil_lxc_policy looked up conntrack', () => {
    // main bpf/bpf_lxc.c:2420 send_drop_notify_ext() in tail_ipv4_policy; main bpf/bpf_lxc.c:571 ct_lookup4
    const t = traceJson(
      '--to',
      'pod3',
      '--cilium-version',
      'main',
      '--policy',
      policy('default-deny-ingress.yaml'),
    );
    const [drop] = stepsOf(t, 'drop');
    assert.deepEqual([drop.step.reason, drop.hop.program.function], ['DROP_POLICY', 'tail_ipv4_policy']);
    const ct = stepsOf(t, 'ct').filter((f: any) => f.step.direction === 'ingress');
    assert.deepEqual(
      ct.map((f: any) => [f.hop.program.function, f.step.result]),
      [['cil_lxc_policy', 'new']],
    );
  });

  test('two --policy files merge: an allow in the second file lets the packet through, as matched rule', () => {
    const t = traceJson(
      '--to',
      'pod3',
      '--policy',
      policy('default-deny-ingress.yaml'),
      '--policy',
      policy('allow-same-namespace.yaml'),
    );
    assert.equal(t.disposition, 'delivered');
    assert.equal(stepsOf(t, 'drop').length, 0);
    const ingress = verdict(t, 'ingress').step;
    assert.deepEqual([ingress.verdict, ingress.enforced], ['allow', true]);
    assert.deepEqual(
      { policy: ingress.rule.policy, namespace: ingress.rule.namespace, index: ingress.rule.index },
      { policy: 'allow-same-namespace', namespace: 'default', index: 0 },
    );
  });

  test('an egress allow-list to world selects pod0 (app=frontend): pod0 → pod3 is DROP_POLICY at pod0, pod0 → 8.8.8.8 passes', () => {
    // the default topology labels pod0/pod1 app=frontend; v1.10.0 bpf/bpf_lxc.c:654 policy_can_egress4(),
    // the drop at v1.10.0 bpf/bpf_lxc.c:908 (tail_handle_ipv4, inline in handle_xgress)
    const t = traceJson('--to', 'pod3', '--policy', policy('frontend-egress-world.yaml'));
    assert.equal(t.disposition, 'dropped');
    const egress = verdict(t, 'egress').step;
    assert.deepEqual([egress.verdict, egress.enforced], ['deny', true]);
    const [drop] = stepsOf(t, 'drop');
    assert.equal(drop.step.reason, 'DROP_POLICY');
    assert.equal(drop.hop.node, 'node0');
    const world = traceJson('--to', '8.8.8.8', '--policy', policy('frontend-egress-world.yaml'));
    assert.equal(world.disposition, 'forwarded-to-stack');
    assert.equal(verdict(world, 'egress').step.verdict, 'allow');
  });

  test("egressDeny world: pod0 → 8.8.8.8 is DROP_POLICY_DENY in pod0's tail_handle_ipv4_cont (v1.16)", () => {
    // v1.16.0 bpf/bpf_lxc.c:943 policy_can_egress4(); v1.16.0 bpf/bpf_lxc.c:1323 send_drop_notify_ext()
    const t = traceJson(
      '--to',
      '8.8.8.8',
      '--cilium-version',
      'v1.16',
      '--policy',
      policy('deny-egress-to-world.yaml'),
    );
    assert.equal(t.disposition, 'dropped');
    const [drop] = stepsOf(t, 'drop');
    assert.deepEqual(
      [drop.step.reason, drop.step.text, drop.step.code],
      ['DROP_POLICY_DENY', 'Policy denied by denylist', -181],
    );
    assert.deepEqual([drop.hop.node, drop.hop.program.function], ['node0', 'tail_handle_ipv4_cont']);
    const egress = verdict(t, 'egress').step;
    assert.deepEqual(
      [egress.verdict, egress.rule.policy, egress.rule.section],
      ['deny', 'no-internet', 'egressDeny'],
    );
    // the same policy lets pod0 reach pod3 (toEntities cluster)
    const inside = traceJson(
      '--to',
      'pod3',
      '--cilium-version',
      'v1.16',
      '--policy',
      policy('deny-egress-to-world.yaml'),
    );
    assert.equal(inside.disposition, 'delivered');
  });

  test('--port, --proto and --ct reach the trace', () => {
    const t = traceJson(
      '--to',
      'pod3',
      '--port',
      '8080',
      '--proto',
      'udp',
      '--ct',
      'established',
      '--policy',
      policy('allow-same-namespace.yaml'),
    );
    const cts = stepsOf(t, 'ct');
    assert.ok(cts.length >= 2);
    for (const f of cts) assert.equal(f.step.result, 'established');
    assert.ok(
      cts.every((f: any) => f.step.map === 'cilium_ct_any4_global'),
      'UDP uses the non-TCP conntrack map',
    );
    const noPort = traceJson('--to', 'pod3');
    assert.ok(
      noPort.assumptions.some((a: string) => /no (destination )?port/i.test(a)),
      'without --port the assumptions say no port was given',
    );
    assert.ok(!t.assumptions.some((a: string) => /no (destination )?port/i.test(a)));
  });

  test('the text output names the drop and its reason', () => {
    const r = run('trace', '--from', 'pod0', '--to', 'pod3', '--policy', policy('default-deny-ingress.yaml'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /DROP_POLICY/);
    assert.match(r.stdout, /dropped/);
  });
});

describe('trace --policy: refused input is one line on stderr, exit 2, no stack trace', () => {
  const refused = (args: string[]) => {
    const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', ...args);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at |Error:|\.js:\d+/, 'no stack trace');
    return r.stderr;
  };

  test('broken YAML names the file, the document and the field', () => {
    // document 2 of the file: `ingress:` is indented one column off under spec
    const file = policy('invalid/broken-indentation.yaml');
    const err = refused(['--policy', file]);
    assert.ok(err.includes('broken-indentation.yaml'), err);
    assert.match(err, /document 2\b/);
    assert.match(err, /\bingress\b/, 'the field where the YAML breaks');
  });

  test('an unknown policy kind names the file, the document and the kind field', () => {
    const err = refused(['--policy', policy('invalid/calico-global-network-policy.yaml')]);
    assert.ok(err.includes('calico-global-network-policy.yaml'), err);
    assert.match(err, /document 2\b/);
    assert.match(err, /\bkind\b/);
    assert.ok(err.includes('GlobalNetworkPolicy'));
  });

  test('a misspelt kind in cilium.io/v2 is refused, not silently ignored', () => {
    // kind: CiliumNetwrokPolicy — ignored as a non-policy object, the default deny would silently vanish
    const err = refused(['--policy', policy('invalid/misspelt-kind.yaml')]);
    assert.ok(err.includes('misspelt-kind.yaml'), err);
    assert.match(err, /document 1\b/);
    assert.match(err, /\bkind\b/);
  });

  test('a refused file among several is the one named', () => {
    const err = refused([
      '--policy',
      policy('allow-same-namespace.yaml'),
      '--policy',
      policy('invalid/calico-global-network-policy.yaml'),
    ]);
    assert.ok(err.includes('calico-global-network-policy.yaml'));
    assert.ok(!err.includes('allow-same-namespace.yaml'));
  });

  test('a missing policy file', () => {
    const err = refused(['--policy', policy('nope.yaml')]);
    assert.match(err, /nope\.yaml/);
    assert.match(err, /ENOENT/);
  });

  for (const [name, args] of [
    ['--port abc', ['--port', 'abc']],
    ['--port 0', ['--port', '0']],
    ['--port 70000', ['--port', '70000']],
    ['--proto gre', ['--proto', 'gre']],
    ['--ct related', ['--ct', 'related']],
  ] as const) {
    test(name, () => {
      const err = refused([...args]);
      assert.ok(err.includes(args[0]) || err.includes(args[1]), err);
    });
  }
});
