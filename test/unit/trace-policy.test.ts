/**
 * Policy verdicts in traces (issue 10, "Verdicts: policy and conntrack"). These tests guard what a
 * verdict MEANS — allow or deny, which rule decided, which drop reason, and which program of which
 * node drops — not how the notes are worded. Policies are the YAML fixtures of
 * test/fixtures/policies/, loaded as the CLI loads them.
 *
 * The default topology's pods carry no labels, so the tests label a clone of it:
 * pod0/pod1 (node0) app=frontend, pod2/pod3 (node1) app=backend, all in namespace default.
 *
 * Every comment "vX.Y.0 bpf/file.c:N" names the line of that release's source where the step
 * happens (checked against real checkouts of the releases).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  trace,
  type CtStep,
  type DropStep,
  type Hop,
  type PolicyStep,
  type Topology,
  type Trace,
  type TraceRequest,
} from '../../src/core';
import { loadPolicyFiles } from '../../src/core/policy';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'policies');

function labelled(namespaces?: Topology['namespaces']): Topology {
  const topo = structuredClone(DEFAULT_TOPOLOGY);
  topo.pods = topo.pods.map((p) => ({
    ...p,
    namespace: 'default',
    labels: { app: p.name === 'pod0' || p.name === 'pod1' ? 'frontend' : 'backend' },
  }));
  if (namespaces) topo.namespaces = namespaces;
  return topo;
}
const TOPO = labelled();

const POD0 = { endpointId: 1021, identity: 48312 }; // frontend, node0
const POD2 = { endpointId: 287, identity: 51977 }; // backend, node1
const POD3 = { endpointId: 3044, identity: 51977 }; // backend, node1
/** Cilium's reserved identities (pkg/identity/numericidentity.go): host 1, world 2, remote-node 6. */
const HOST_ID = 1;
const WORLD_ID = 2;
const REMOTE_NODE_ID = 6;
const NODE0_IP = '172.26.50.101';
const NODE1_IP = '172.26.50.102';

function policies(...files: string[]) {
  return loadPolicyFiles(files.map((f) => ({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') })));
}

type Request = Omit<TraceRequest, 'policies' | 'mode' | 'from' | 'to'> & {
  mode?: string;
  from?: string;
  to?: string;
};
function run(files: string | string[], request: Request = {}, topology: Topology = TOPO): Trace {
  return trace(
    {
      mode: 'vxlan',
      from: 'pod0',
      to: 'pod3',
      ...request,
      policies: policies(...(Array.isArray(files) ? files : [files])),
    },
    topology,
  );
}

interface Found<S> {
  hop: Hop;
  step: S;
}
function stepsOf<S extends { type: string }>(t: Trace, type: S['type']): Array<Found<S>> {
  return t.hops.flatMap((hop) =>
    hop.steps.filter((s) => s.type === type).map((step) => ({ hop, step: step as unknown as S })),
  );
}
/** The one policy step of a direction. */
function verdict(t: Trace, direction: 'ingress' | 'egress'): Found<PolicyStep> {
  const found = stepsOf<PolicyStep>(t, 'policy').filter((f) => f.step.direction === direction);
  assert.equal(found.length, 1, `one ${direction} policy step expected, found ${found.length}: ${t.summary}`);
  return found[0]!;
}
function noVerdict(t: Trace, direction: 'ingress' | 'egress'): void {
  const found = stepsOf<PolicyStep>(t, 'policy').filter((f) => f.step.direction === direction);
  assert.equal(found.length, 0, `no ${direction} policy step expected: ${t.summary}`);
}
/** The trace ends dropped, with exactly one drop step, in its last hop. */
function theDrop(t: Trace): Found<DropStep> {
  assert.equal(t.disposition, 'dropped', t.summary);
  const drops = stepsOf<DropStep>(t, 'drop');
  assert.equal(drops.length, 1, 'one drop step');
  const d = drops[0]!;
  assert.equal(d.hop, t.hops[t.hops.length - 1], 'the drop ends the trace');
  assert.equal(d.hop.steps[d.hop.steps.length - 1], d.step, 'nothing after the drop in its hop');
  assert.ok(!stepsOf(t, 'deliver').length, 'nothing is delivered');
  return d;
}
function notDropped(t: Trace): void {
  assert.notEqual(t.disposition, 'dropped', t.summary);
  assert.equal(stepsOf(t, 'drop').length, 0, 'no drop step');
}
function assertDelivered(t: Trace, pod: string): void {
  assert.equal(t.disposition, 'delivered', t.summary);
  assert.ok(
    stepsOf<{ type: 'deliver'; pod: string }>(t, 'deliver').some((d) => d.step.pod === pod),
    `delivered to ${pod}`,
  );
  assert.equal(stepsOf(t, 'drop').length, 0, 'no drop step');
}
const DROP_POLICY = { reason: 'DROP_POLICY', text: 'Policy denied', code: -133 };
const DROP_POLICY_DENY = { reason: 'DROP_POLICY_DENY', text: 'Policy denied by denylist', code: -181 };
function assertReason(step: DropStep, expected: typeof DROP_POLICY): void {
  assert.deepEqual({ reason: step.reason, text: step.text, code: step.code }, expected);
}
function assertRule(
  step: PolicyStep,
  expected: { policy: string; namespace?: string; index: number; section?: string; kind?: string },
): void {
  assert.ok(step.rule, `a matched rule expected on ${step.direction} ${step.verdict}`);
  const actual: Record<string, unknown> = {
    policy: step.rule.policy,
    namespace: step.rule.namespace,
    index: step.rule.index,
  };
  if (expected.section !== undefined) actual.section = step.rule.section;
  if (expected.kind !== undefined) actual.kind = step.rule.kind;
  assert.deepEqual(actual, { namespace: undefined, ...expected });
}
/** The cite names the release's own tree and file ("v1.16.0 bpf/bpf_lxc.c:2062"). */
function assertCite(cite: string | undefined, tag: string, file = 'bpf/bpf_lxc.c'): void {
  assert.ok(cite?.startsWith(`${tag} ${file}:`), `cite ${cite} should be in ${tag} ${file}`);
}

/** pod3's policy program, where its ingress verdict is enforced, per release (VXLAN, IPv4-only build). */
const INGRESS_DROP = [
  {
    version: 'v1.10',
    tag: 'v1.10.0',
    fn: 'handle_policy',
    // v1.10.0 bpf/bpf_lxc.c:1384 policy_can_access_ingress() in ipv4_policy();
    // v1.10.0 bpf/bpf_lxc.c:1492 send_drop_notify() in tail_ipv4_policy, compiled into handle_policy
    // (bpf/bpf_lxc.c:1627 invoke_tailcall_if(__and(ENABLE_IPV4, ENABLE_IPV6), …) is false IPv4-only)
  },
  {
    version: 'v1.12',
    tag: 'v1.12.0',
    fn: 'handle_policy',
    // v1.12.0 bpf/bpf_lxc.c:1774 policy_can_access_ingress(); v1.12.0 bpf/bpf_lxc.c:1899
    // send_drop_notify() in tail_ipv4_policy, inline in handle_policy through
    // tail_ipv4_ct_ingress_policy_only (bpf/bpf_lxc.c:1999, condition __and(ENABLE_IPV4, ENABLE_IPV6))
  },
  {
    version: 'v1.16',
    tag: 'v1.16.0',
    fn: 'handle_policy',
    // v1.16.0 bpf/bpf_lxc.c:1920 policy_can_ingress4(); v1.16.0 bpf/bpf_lxc.c:2062
    // send_drop_notify_ext() in tail_ipv4_policy, inline in handle_policy (bpf/bpf_lxc.c:2153)
  },
  {
    version: 'main',
    tag: 'main',
    fn: 'tail_ipv4_policy',
    // main bpf/bpf_lxc.c:2274 policy_can_ingress4(); main bpf/bpf_lxc.c:2420 send_drop_notify_ext()
    // in tail_ipv4_policy, a real tail call from cil_lxc_policy (bpf/bpf_lxc.c:2493, condition 1)
  },
] as const;

describe('a CiliumNetworkPolicy selecting pod3 that allows only another label', () => {
  for (const c of INGRESS_DROP) {
    test(`${c.version}: pod0 → pod3 is dropped with DROP_POLICY in pod3's ${c.fn}`, () => {
      const t = run('backend-allow-monitoring.yaml', { ciliumVersion: c.version });
      const drop = theDrop(t);
      assertReason(drop.step, DROP_POLICY);
      assertCite(drop.step.cite, c.tag);
      assert.equal(drop.hop.node, 'node1');
      assert.equal(drop.hop.program?.function, c.fn);
      assert.equal(drop.hop.program?.file, 'bpf/bpf_lxc.c');

      const ingress = verdict(t, 'ingress');
      assert.equal(ingress.hop, drop.hop, 'the verdict and the drop are in the same program');
      assert.equal(ingress.step.verdict, 'deny');
      assert.equal(ingress.step.enforced, true);
      assert.equal(ingress.step.rule, undefined, 'no rule matched: default deny');
      assert.equal(ingress.step.endpointId, POD3.endpointId, "pod3's policy is checked");
      assert.equal(ingress.step.identity, POD0.identity, "the peer is pod0's identity");
      assertCite(ingress.step.cite, c.tag);

      // pod0 is not selected: its egress allows without enforcement
      const egress = verdict(t, 'egress');
      assert.equal(egress.hop.node, 'node0');
      assert.deepEqual([egress.step.verdict, egress.step.enforced], ['allow', false]);
    });
  }

  test('a pod the policy does not select (pod1, frontend) is reached without enforcement', () => {
    const t = run('backend-allow-monitoring.yaml', { to: 'pod1', ciliumVersion: 'v1.16' });
    assertDelivered(t, 'pod1');
    assert.deepEqual(
      [verdict(t, 'ingress').step.verdict, verdict(t, 'ingress').step.enforced],
      ['allow', false],
    );
  });

  test("native routing, v1.14: the drop is still in pod3's handle_policy on node1", () => {
    // v1.14.0 bpf/bpf_lxc.c:1936 send_drop_notify() in tail_ipv4_policy, inline in handle_policy
    const t = run('backend-allow-monitoring.yaml', { mode: 'native', ciliumVersion: 'v1.14' });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assertCite(drop.step.cite, 'v1.14.0');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node1', 'handle_policy']);
  });
});

/** pod0's egress policy: where it is checked and where the release drops. */
const EGRESS_DROP = [
  // v1.9.0 bpf/bpf_lxc.c:558 policy_can_egress4() in handle_ipv4_from_lxc;
  // v1.9.0 bpf/bpf_lxc.c:776 send_drop_notify() in tail_handle_ipv4, inline in handle_xgress
  { version: 'v1.9', tag: 'v1.9.0', policyFn: 'handle_xgress', dropFn: 'handle_xgress' },
  // v1.10.0 bpf/bpf_lxc.c:654 policy_can_egress4(); v1.10.0 bpf/bpf_lxc.c:908 send_drop_notify() in
  // tail_handle_ipv4, inline in handle_xgress (IPv4-only build)
  { version: 'v1.10', tag: 'v1.10.0', policyFn: 'handle_xgress', dropFn: 'handle_xgress' },
  // v1.12.0 bpf/bpf_lxc.c:844 policy_can_egress4(); v1.12.0 bpf/bpf_lxc.c:1162 send_drop_notify() in
  // tail_handle_ipv4_cont (CILIUM_CALL_IPV4_FROM_LXC_CONT, after tail_ipv4_ct_egress)
  { version: 'v1.12', tag: 'v1.12.0', policyFn: 'tail_handle_ipv4_cont', dropFn: 'tail_handle_ipv4_cont' },
  // v1.16.0 bpf/bpf_lxc.c:943 policy_can_egress4(); v1.16.0 bpf/bpf_lxc.c:1323 send_drop_notify_ext()
  { version: 'v1.16', tag: 'v1.16.0', policyFn: 'tail_handle_ipv4_cont', dropFn: 'tail_handle_ipv4_cont' },
  // main bpf/bpf_lxc.c:1523 policy_can_egress4(); main bpf/bpf_lxc.c:1672 send_drop_notify_ext()
  { version: 'main', tag: 'main', policyFn: 'tail_handle_ipv4_cont', dropFn: 'tail_handle_ipv4_cont' },
] as const;

describe("an egress deny on pod0 ends at pod0's side", () => {
  for (const c of EGRESS_DROP) {
    test(`${c.version}: egressDeny to the backend drops with DROP_POLICY_DENY in pod0's ${c.dropFn}`, () => {
      // DROP_POLICY_DENY -181 exists from v1.9.0 bpf/lib/common.h:383
      const t = run('frontend-egress-deny-backend.yaml', { ciliumVersion: c.version });
      const drop = theDrop(t);
      assertReason(drop.step, DROP_POLICY_DENY);
      assertCite(drop.step.cite, c.tag);
      assert.equal(drop.hop.node, 'node0', "dropped on pod0's node");
      assert.equal(drop.hop.device, 'veth0', "on pod0's veth");
      assert.equal(drop.hop.program?.function, c.dropFn);

      const egress = verdict(t, 'egress');
      assert.equal(egress.hop.program?.function, c.policyFn);
      assert.equal(egress.step.verdict, 'deny');
      assert.equal(egress.step.enforced, true);
      assert.equal(egress.step.endpointId, POD0.endpointId);
      assert.equal(egress.step.identity, POD3.identity);
      assertRule(egress.step, {
        policy: 'frontend-egress',
        namespace: 'default',
        index: 0,
        section: 'egressDeny',
      });
      assertCite(egress.step.cite, c.tag);

      noVerdict(t, 'ingress');
      assert.ok(!t.hops.some((h) => h.node === 'node1'), 'the packet never leaves node0');
    });
  }

  for (const c of [EGRESS_DROP[1], EGRESS_DROP[4]]) {
    test(`${c.version}: an egress allow-list that does not match drops with DROP_POLICY in ${c.dropFn}`, () => {
      const t = run('frontend-egress-dns-only.yaml', { ciliumVersion: c.version, protocol: 'udp', port: 53 });
      const drop = theDrop(t);
      assertReason(drop.step, DROP_POLICY);
      assertCite(drop.step.cite, c.tag);
      assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node0', c.dropFn]);
      const egress = verdict(t, 'egress').step;
      assert.deepEqual([egress.verdict, egress.enforced, egress.rule], ['deny', true, undefined]);
      noVerdict(t, 'ingress');
    });
  }

  test('v1.8: an allow-list that does not match drops with DROP_POLICY in handle_xgress', () => {
    // v1.8.0 bpf/bpf_lxc.c:541 policy_can_egress4(); v1.8.0 bpf/bpf_lxc.c:743 send_drop_notify()
    const t = run('frontend-egress-dns-only.yaml', { ciliumVersion: 'v1.8', protocol: 'udp', port: 53 });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assertCite(drop.step.cite, 'v1.8.0');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node0', 'handle_xgress']);
  });

  test('v1.8 has no deny rules: egressDeny is left out, the allow rule decides, and an assumption says so', () => {
    // DROP_POLICY_DENY is not in v1.8.0 bpf/lib/common.h (it arrives in v1.9.0 bpf/lib/common.h:383)
    const t = run('frontend-egress-deny-backend.yaml', { ciliumVersion: 'v1.8' });
    assertDelivered(t, 'pod3');
    const egress = verdict(t, 'egress').step;
    assert.equal(egress.verdict, 'allow');
    assertRule(egress, { policy: 'frontend-egress', namespace: 'default', index: 0, section: 'egress' });
    assert.ok(
      t.assumptions.some((a) => /deny/i.test(a) && a.includes('v1.8')),
      'an assumption says the deny rules were left out',
    );
    const v19 = run('frontend-egress-deny-backend.yaml', { ciliumVersion: 'v1.9' });
    assert.ok(
      !v19.assumptions.some((a) => /deny/i.test(a) && a.includes('v1.9')),
      'nothing left out in v1.9',
    );
  });

  test('v1.8: a deny-only policy without its deny rules has no egress section left, so egress is not enforced', () => {
    // Default enforcement mode: an endpoint goes into default deny at egress only when a rule selecting it
    // has an egress section (Cilium docs "Policy Enforcement Modes"). With egressDeny left out the rule has
    // none, so pod0's egress is unenforced in v1.8 and the packet reaches pod3.
    const t = run('frontend-deny-only.yaml', { ciliumVersion: 'v1.8' });
    assert.ok(t.assumptions.some((a) => /deny/i.test(a) && a.includes('v1.8')));
    const egress = verdict(t, 'egress').step;
    assert.deepEqual([egress.verdict, egress.enforced], ['allow', false]);
    assertDelivered(t, 'pod3');
  });

  test('v1.9+: a deny-only policy denies with DROP_POLICY_DENY (and puts egress into default deny)', () => {
    const t = run('frontend-deny-only.yaml', { ciliumVersion: 'v1.16' });
    assertReason(theDrop(t).step, DROP_POLICY_DENY);
    // nothing allows pod0 → pod1 either: default deny at egress, no rule
    const t2 = run('frontend-deny-only.yaml', { ciliumVersion: 'v1.16', to: 'pod1' });
    assertReason(theDrop(t2).step, DROP_POLICY);
    assert.equal(verdict(t2, 'egress').step.rule, undefined);
  });
});

describe('an allowing rule is shown as matched', () => {
  for (const c of [INGRESS_DROP[0], INGRESS_DROP[2], INGRESS_DROP[3]]) {
    test(`${c.version}: HTTP from the frontend is allowed by backend-allow-frontend ingress[1]`, () => {
      const t = run('backend-allow-frontend.yaml', { ciliumVersion: c.version, port: 80 });
      assertDelivered(t, 'pod3');
      const ingress = verdict(t, 'ingress');
      assert.deepEqual([ingress.step.verdict, ingress.step.enforced], ['allow', true]);
      assertRule(ingress.step, { policy: 'backend-allow-frontend', namespace: 'default', index: 1 });
      assert.equal(ingress.step.endpointId, POD3.endpointId);
      assert.equal(ingress.step.identity, POD0.identity);
      assert.equal(ingress.hop.program?.function, c.fn, "the verdict is in pod3's policy program");
      assertCite(ingress.step.cite, c.tag);
    });
  }
});

describe('L4: ports and protocols', () => {
  const policy = 'backend-allow-frontend.yaml';
  test('TCP 80 is allowed by the rule naming 80/TCP', () => {
    const t = run(policy, { ciliumVersion: 'v1.16', port: 80, protocol: 'tcp' });
    assertDelivered(t, 'pod3');
    assertRule(verdict(t, 'ingress').step, {
      policy: 'backend-allow-frontend',
      namespace: 'default',
      index: 1,
    });
  });
  test('TCP 81 is denied: no rule names it', () => {
    const t = run(policy, { ciliumVersion: 'v1.16', port: 81 });
    assertReason(theDrop(t).step, DROP_POLICY);
    assert.equal(verdict(t, 'ingress').step.rule, undefined);
  });
  test('no port given: rules naming a port do not match, and the assumptions say no port was given', () => {
    const t = run(policy, { ciliumVersion: 'v1.16' });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assert.equal(drop.hop.program?.function, 'handle_policy');
    const noPort = (a: string) => /no (destination )?port/i.test(a);
    assert.ok(t.assumptions.some(noPort), 'an assumption says no port was given');
    assert.ok(!run(policy, { ciliumVersion: 'v1.16', port: 80 }).assumptions.some(noPort));
  });
  test('UDP 80 is denied by a rule for 80/TCP', () => {
    const t = run(policy, { ciliumVersion: 'v1.16', port: 80, protocol: 'udp' });
    assertReason(theDrop(t).step, DROP_POLICY);
  });
  test('UDP 514 is allowed by the 514/UDP rule; TCP 514 is not', () => {
    const udp = run(policy, { ciliumVersion: 'main', port: 514, protocol: 'udp' });
    assertDelivered(udp, 'pod3');
    assertRule(verdict(udp, 'ingress').step, {
      policy: 'backend-allow-frontend',
      namespace: 'default',
      index: 2,
    });
    const tcp = run(policy, { ciliumVersion: 'main', port: 514, protocol: 'tcp' });
    assertReason(theDrop(tcp).step, DROP_POLICY);
  });
  test('the monitoring rule (9090/TCP) does not let the frontend in on 9090', () => {
    const t = run(policy, { ciliumVersion: 'v1.16', port: 9090 });
    assertReason(theDrop(t).step, DROP_POLICY);
  });
});

describe('CiliumClusterwideNetworkPolicy', () => {
  test('allows the frontend of namespace default on 8080; the rule has no namespace', () => {
    // v1.16.0 bpf/bpf_lxc.c:1920 policy_can_ingress4()
    const t = run('ccnp-backend-from-frontend.yaml', { ciliumVersion: 'v1.16', port: 8080 });
    assertDelivered(t, 'pod3');
    const ingress = verdict(t, 'ingress').step;
    assert.deepEqual([ingress.verdict, ingress.enforced], ['allow', true]);
    assertRule(ingress, {
      policy: 'backend-from-frontend',
      index: 0,
      kind: 'CiliumClusterwideNetworkPolicy',
    });
  });
  test("another backend (pod2 → pod3, same node) is dropped in pod3's handle_policy", () => {
    // v1.16.0 bpf/bpf_lxc.c:2062 send_drop_notify_ext() in tail_ipv4_policy, inline in handle_policy
    const t = run('ccnp-backend-from-frontend.yaml', { ciliumVersion: 'v1.16', from: 'pod2', port: 8080 });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node1', 'handle_policy']);
    const ingress = verdict(t, 'ingress').step;
    assert.deepEqual([ingress.endpointId, ingress.identity], [POD3.endpointId, POD2.identity]);
  });
  test('ingressDeny wins over fromEntities all: port 22 from the frontend is DROP_POLICY_DENY in tail_ipv4_policy', () => {
    // main bpf/bpf_lxc.c:2274 policy_can_ingress4(); main bpf/bpf_lxc.c:2420 send_drop_notify_ext()
    const t = run('ccnp-deny-world-ingress.yaml', { ciliumVersion: 'main', port: 22 });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY_DENY);
    assertCite(drop.step.cite, 'main');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node1', 'tail_ipv4_policy']);
    assertRule(verdict(t, 'ingress').step, {
      policy: 'backend-no-world',
      index: 1,
      section: 'ingressDeny',
      kind: 'CiliumClusterwideNetworkPolicy',
    });
  });
  test('outside the deny rule, fromEntities all allows (port 80)', () => {
    const t = run('ccnp-deny-world-ingress.yaml', { ciliumVersion: 'main', port: 80 });
    assertDelivered(t, 'pod3');
    assertRule(verdict(t, 'ingress').step, { policy: 'backend-no-world', index: 0, section: 'ingress' });
  });
  test('v1.8: the ingressDeny rule is left out; fromEntities all allows port 22', () => {
    const t = run('ccnp-deny-world-ingress.yaml', { ciliumVersion: 'v1.8', port: 22 });
    assertDelivered(t, 'pod3');
    assert.ok(t.assumptions.some((a) => /deny/i.test(a) && a.includes('v1.8')));
  });
});

describe('NetworkPolicy', () => {
  const np = 'networkpolicy-backend-from-frontend.yaml';
  test('namespaceSelector (kubernetes.io/metadata.name) AND podSelector allow the frontend on 8080', () => {
    // v1.14.0 bpf/bpf_lxc.c:1820 policy_can_access_ingress()
    const t = run(np, { mode: 'native', ciliumVersion: 'v1.14', port: 8080 });
    assertDelivered(t, 'pod3');
    const ingress = verdict(t, 'ingress').step;
    assertRule(ingress, {
      policy: 'backend-allow-frontend',
      namespace: 'default',
      index: 0,
      kind: 'NetworkPolicy',
    });
  });
  test('another port is denied (DROP_POLICY in handle_policy)', () => {
    // v1.14.0 bpf/bpf_lxc.c:1936 send_drop_notify()
    const t = run(np, { mode: 'native', ciliumVersion: 'v1.14', port: 80 });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assertCite(drop.step.cite, 'v1.14.0');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node1', 'handle_policy']);
  });
  test('a backend peer does not match podSelector app=frontend', () => {
    const t = run(np, { ciliumVersion: 'v1.14', from: 'pod2', port: 8080 });
    assertReason(theDrop(t).step, DROP_POLICY);
  });
  test("policyTypes [Ingress]: the backend's egress is not enforced", () => {
    const t = run(np, { ciliumVersion: 'v1.14', from: 'pod3', to: 'pod0', port: 8080 });
    assertDelivered(t, 'pod0');
    const egress = verdict(t, 'egress').step;
    assert.deepEqual([egress.verdict, egress.enforced], ['allow', false]);
  });
  test("namespaceSelector by a namespace label: denied without the topology's namespace labels, allowed with", () => {
    const without = run('networkpolicy-backend-from-team.yaml', { ciliumVersion: 'v1.14', port: 80 });
    assertReason(theDrop(without).step, DROP_POLICY);
    const withLabels = run(
      'networkpolicy-backend-from-team.yaml',
      { ciliumVersion: 'v1.14', port: 80 },
      labelled({ default: { labels: { team: 'shop' } } }),
    );
    assertDelivered(withLabels, 'pod3');
    assertRule(verdict(withLabels, 'ingress').step, {
      policy: 'backend-allow-shop-frontends',
      namespace: 'default',
      index: 0,
    });
  });
});

describe('entity rules', () => {
  // the egress verdict: v1.16.0 bpf/bpf_lxc.c:943 policy_can_egress4(); drops at
  // v1.16.0 bpf/bpf_lxc.c:1323 send_drop_notify_ext() in tail_handle_ipv4_cont
  const egressOf = (file: string, to: string) => {
    const t = run(file, { ciliumVersion: 'v1.16', to });
    return { t, egress: verdict(t, 'egress') };
  };
  const assertEgressDrop = (t: Trace, reason = DROP_POLICY) => {
    const drop = theDrop(t);
    assertReason(drop.step, reason);
    assertCite(drop.step.cite, 'v1.16.0');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node0', 'tail_handle_ipv4_cont']);
  };

  test('toEntities world: pod0 → 8.8.8.8 is allowed (peer identity world), pod0 → pod3 is not', () => {
    const out = egressOf('frontend-egress-world.yaml', '8.8.8.8');
    notDropped(out.t);
    assert.equal(out.egress.step.identity, WORLD_ID);
    assert.equal(out.egress.step.verdict, 'allow');
    assertRule(out.egress.step, { policy: 'frontend-to-internet', namespace: 'default', index: 0 });
    const pod = egressOf('frontend-egress-world.yaml', 'pod3');
    assertEgressDrop(pod.t);
    assert.equal(pod.egress.step.rule, undefined);
  });
  test('egressDeny world wins over egress all: pod0 → 8.8.8.8 is DROP_POLICY_DENY, pod0 → pod3 is allowed', () => {
    const out = egressOf('frontend-egress-deny-world.yaml', '8.8.8.8');
    assertEgressDrop(out.t, DROP_POLICY_DENY);
    assertRule(out.egress.step, {
      policy: 'frontend-no-internet',
      namespace: 'default',
      index: 0,
      section: 'egressDeny',
    });
    const pod = egressOf('frontend-egress-deny-world.yaml', 'pod3');
    assertDelivered(pod.t, 'pod3');
    assertRule(pod.egress.step, {
      policy: 'frontend-no-internet',
      namespace: 'default',
      index: 0,
      section: 'egress',
    });
  });
  test("toEntities host: pod0's own node is allowed, the other node is not", () => {
    const own = egressOf('frontend-egress-host.yaml', NODE0_IP);
    notDropped(own.t);
    assert.deepEqual([own.egress.step.verdict, own.egress.step.identity], ['allow', HOST_ID]);
    assertRule(own.egress.step, { policy: 'frontend-to-local-node', namespace: 'default', index: 0 });
    const other = egressOf('frontend-egress-host.yaml', NODE1_IP);
    assertEgressDrop(other.t);
    assert.equal(other.egress.step.identity, REMOTE_NODE_ID);
  });
  test('toEntities remote-node: the other node is allowed, the own node is not', () => {
    const other = egressOf('frontend-egress-remote-node.yaml', NODE1_IP);
    notDropped(other.t);
    assert.deepEqual([other.egress.step.verdict, other.egress.step.identity], ['allow', REMOTE_NODE_ID]);
    assertRule(other.egress.step, { policy: 'frontend-to-other-nodes', namespace: 'default', index: 0 });
    const own = egressOf('frontend-egress-remote-node.yaml', NODE0_IP);
    assertEgressDrop(own.t);
    assert.equal(own.egress.step.identity, HOST_ID);
  });
  test('toEntities cluster: pods and nodes are allowed, 8.8.8.8 is not', () => {
    const pod = egressOf('frontend-egress-cluster.yaml', 'pod3');
    assertDelivered(pod.t, 'pod3');
    assertRule(pod.egress.step, { policy: 'frontend-in-cluster', namespace: 'default', index: 0 });
    const node = egressOf('frontend-egress-cluster.yaml', NODE1_IP);
    notDropped(node.t);
    assert.equal(node.egress.step.verdict, 'allow');
    const world = egressOf('frontend-egress-cluster.yaml', '8.8.8.8');
    assertEgressDrop(world.t);
  });
  test('toEntities all: world, nodes and pods are all allowed by the same rule', () => {
    for (const to of ['8.8.8.8', NODE0_IP, NODE1_IP, 'pod1']) {
      const out = egressOf('frontend-egress-deny-backend.yaml', to);
      notDropped(out.t);
      assertRule(out.egress.step, {
        policy: 'frontend-egress',
        namespace: 'default',
        index: 0,
        section: 'egress',
      });
    }
  });
});

describe('CIDR rules', () => {
  const cidr = 'frontend-egress-cidr.yaml';
  test('toCIDR 1.1.1.1/32 allows 1.1.1.1 (rule 0)', () => {
    const t = run(cidr, { ciliumVersion: 'main', to: '1.1.1.1' });
    notDropped(t);
    assertRule(verdict(t, 'egress').step, { policy: 'frontend-egress-cidr', namespace: 'default', index: 0 });
  });
  test('toCIDRSet 8.8.0.0/16 allows 8.8.4.4 (rule 1)', () => {
    const t = run(cidr, { ciliumVersion: 'main', to: '8.8.4.4' });
    notDropped(t);
    assertRule(verdict(t, 'egress').step, { policy: 'frontend-egress-cidr', namespace: 'default', index: 1 });
  });
  test("except 8.8.8.0/24 carves 8.8.8.8 out: DROP_POLICY in pod0's tail_handle_ipv4_cont", () => {
    // main bpf/bpf_lxc.c:1523 policy_can_egress4(); main bpf/bpf_lxc.c:1672 send_drop_notify_ext()
    const t = run(cidr, { ciliumVersion: 'main', to: '8.8.8.8' });
    const drop = theDrop(t);
    assertReason(drop.step, DROP_POLICY);
    assertCite(drop.step.cite, 'main');
    assert.deepEqual([drop.hop.node, drop.hop.program?.function], ['node0', 'tail_handle_ipv4_cont']);
    assert.equal(verdict(t, 'egress').step.rule, undefined);
  });
  test('an address outside every CIDR (9.9.9.9) and a pod are denied', () => {
    assertReason(theDrop(run(cidr, { ciliumVersion: 'main', to: '9.9.9.9' })).step, DROP_POLICY);
    assertReason(theDrop(run(cidr, { ciliumVersion: 'main', to: 'pod3' })).step, DROP_POLICY);
  });
});

describe('policy files merge', () => {
  test('allow rules of two files add up; a deny in either wins', () => {
    const one = run('backend-allow-monitoring.yaml', { ciliumVersion: 'v1.16', port: 80 });
    assertReason(theDrop(one).step, DROP_POLICY);
    const both = run(['backend-allow-monitoring.yaml', 'backend-allow-frontend.yaml'], {
      ciliumVersion: 'v1.16',
      port: 80,
    });
    assertDelivered(both, 'pod3');
    assertRule(verdict(both, 'ingress').step, {
      policy: 'backend-allow-frontend',
      namespace: 'default',
      index: 1,
    });
    const denied = run(['backend-allow-frontend.yaml', 'frontend-egress-deny-backend.yaml'], {
      ciliumVersion: 'v1.16',
      port: 80,
    });
    assertReason(theDrop(denied).step, DROP_POLICY_DENY);
    assert.equal(theDrop(denied).hop.node, 'node0');
  });
});

describe('conntrack steps where the programs do them', () => {
  const CT = [
    // v1.10.0 bpf/bpf_lxc.c:599 ct_lookup4(CT_EGRESS) in handle_ipv4_from_lxc (handle_xgress);
    // v1.10.0 bpf/bpf_lxc.c:1333 ct_lookup4(CT_INGRESS) in ipv4_policy (handle_policy)
    {
      version: 'v1.10',
      tag: 'v1.10.0',
      egressFn: 'handle_xgress',
      ingressFn: 'handle_policy',
      ingressPolicyFn: 'handle_policy',
    },
    // v1.12.0 bpf/bpf_lxc.c:100 ct_lookup4 in TAIL_CT_LOOKUP4: tail_ipv4_ct_egress (bpf/bpf_lxc.c:1177),
    // tail_ipv4_ct_ingress_policy_only (bpf/bpf_lxc.c:1999, inline in handle_policy)
    {
      version: 'v1.12',
      tag: 'v1.12.0',
      egressFn: 'tail_ipv4_ct_egress',
      ingressFn: 'handle_policy',
      ingressPolicyFn: 'handle_policy',
    },
    // v1.16.0 bpf/bpf_lxc.c:297 ct_lookup4 in TAIL_CT_LOOKUP4 (bpf/bpf_lxc.c:1339, :2153)
    {
      version: 'v1.16',
      tag: 'v1.16.0',
      egressFn: 'tail_ipv4_ct_egress',
      ingressFn: 'handle_policy',
      ingressPolicyFn: 'handle_policy',
    },
    // main bpf/bpf_lxc.c:571 ct_lookup4 in TAIL_CT_LOOKUP4 (bpf/bpf_lxc.c:1679 egress; :2493
    // tail_ipv4_ct_ingress_policy_only, called inline by cil_lxc_policy, then tail_ipv4_policy decides)
    {
      version: 'main',
      tag: 'main',
      egressFn: 'tail_ipv4_ct_egress',
      ingressFn: 'cil_lxc_policy',
      ingressPolicyFn: 'tail_ipv4_policy',
    },
  ] as const;

  for (const c of CT) {
    test(`${c.version}: CT_EGRESS in ${c.egressFn}, CT_INGRESS in ${c.ingressFn}, each before its policy verdict`, () => {
      const t = run('backend-allow-frontend.yaml', { ciliumVersion: c.version, port: 80 });
      const cts = stepsOf<CtStep>(t, 'ct');
      assert.deepEqual(
        cts.map((f) => [f.step.direction, f.hop.node, f.hop.program?.function, f.step.result]),
        [
          ['egress', 'node0', c.egressFn, 'new'],
          ['ingress', 'node1', c.ingressFn, 'new'],
        ],
      );
      for (const f of cts) assertCite(f.step.cite, c.tag);
      const order = t.hops.flatMap((h) => h.steps).filter((s) => s.type === 'ct' || s.type === 'policy');
      assert.deepEqual(
        order.map((s) => `${s.type}:${(s as CtStep | PolicyStep).direction}`),
        ['ct:egress', 'policy:egress', 'ct:ingress', 'policy:ingress'],
      );
      assert.equal(verdict(t, 'ingress').hop.program?.function, c.ingressPolicyFn);
    });
  }

  test("ct: 'established' is the result of every lookup", () => {
    for (const c of CT) {
      const t = run('backend-allow-frontend.yaml', { ciliumVersion: c.version, port: 80, ct: 'established' });
      const results = stepsOf<CtStep>(t, 'ct').map((f) => f.step.result);
      assert.deepEqual(results, ['established', 'established'], c.version);
    }
  });

  test('TCP and UDP look up their own conntrack maps', () => {
    const tcp = stepsOf<CtStep>(
      run('backend-allow-frontend.yaml', { ciliumVersion: 'v1.16', port: 80 }),
      'ct',
    );
    const udp = stepsOf<CtStep>(
      run('backend-allow-frontend.yaml', { ciliumVersion: 'v1.16', port: 514, protocol: 'udp' }),
      'ct',
    );
    assert.deepEqual(new Set(tcp.map((f) => f.step.map)), new Set(['cilium_ct4_global']));
    assert.deepEqual(new Set(udp.map((f) => f.step.map)), new Set(['cilium_ct_any4_global']));
  });

  test("a packet dropped at pod0's egress has looked up conntrack first, and never reaches pod3's", () => {
    const t = run('frontend-egress-deny-backend.yaml', { ciliumVersion: 'v1.16' });
    const cts = stepsOf<CtStep>(t, 'ct');
    assert.deepEqual(
      cts.map((f) => [f.step.direction, f.step.result]),
      [['egress', 'new']],
    );
  });
});
