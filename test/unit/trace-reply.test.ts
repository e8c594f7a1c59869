/**
 * --reply (issue 11, priority 4): the return packet of a flow. Conntrack answers CT_REPLY and policy
 * is not enforced; a Service's per-packet translation is undone by lb4_rev_nat at the client's
 * ingress policy program; the socket LB needs no reverse NAT for TCP; a masqueraded flow's reply is
 * translated back by netfilter (iptables) or by nodeport_lb4's NAT ingress path (BPF) before it is
 * routed to the pod.
 *
 * Every comment "vX.Y.0 path:N" names the line of that release's source (checked against
 * /work/trees/<tag>/bpf).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  trace,
  type Hop,
  type Step,
  type Topology,
  type Trace,
  type TraceRequest,
} from '../../src/core';
import { loadPolicyFiles, servicesFromManifests } from '../../src/core/policy';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const RELEASES = ['v1.10', 'v1.12', 'v1.16', 'main'] as const;
type Release = (typeof RELEASES)[number];
const NODE0_IP = '172.26.50.101';
const POD0_IP = '10.0.0.31';
const CLUSTER_IP = '10.96.120.15';

function manifests(...files: string[]) {
  return loadPolicyFiles(files.map((f) => ({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') })));
}
const TOPO: Topology = {
  ...DEFAULT_TOPOLOGY,
  services: servicesFromManifests(manifests('services/backend.yaml')),
};

function run(request: Partial<TraceRequest>): Trace {
  return trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', reply: true, ...request }, TOPO);
}
function ofType<T extends Step['type']>(
  t: Trace,
  type: T,
): Array<{ hop: Hop; step: Extract<Step, { type: T }> }> {
  return t.hops.flatMap((hop) =>
    hop.steps.filter((s): s is Extract<Step, { type: T }> => s.type === type).map((step) => ({ hop, step })),
  );
}

/** `ret2 = lb4_rev_nat(…)` in ipv4_policy on CT_REPLY with a rev_nat_index. */
const REV_NAT: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/bpf_lxc.c:1366',
  'v1.12': 'v1.12.0 bpf/bpf_lxc.c:1756',
  'v1.16': 'v1.16.0 bpf/bpf_lxc.c:1879',
  main: 'main bpf/bpf_lxc.c:2235',
};
/** `ret = nodeport_lb4(…)` in bpf_host.c handle_ipv4: no frontend, so the NAT ingress path (rev-SNAT). */
const NODEPORT_LB4: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/bpf_host.c:475',
  'v1.12': 'v1.12.0 bpf/bpf_host.c:491',
  'v1.16': 'v1.16.0 bpf/bpf_host.c:607',
  main: 'main bpf/bpf_host.c:624',
};

describe('--reply', () => {
  for (const version of RELEASES) {
    test(`${version}: pod → pod reply: conntrack reply on both sides, no policy verdicts`, () => {
      const policies = manifests('policies/default-deny-ingress.yaml');
      const t = run({ ciliumVersion: version, policies });
      assert.equal(t.source.name, 'pod3');
      assert.equal(t.destination.name, 'pod0');
      const cts = ofType(t, 'ct');
      assert.ok(cts.length >= 2);
      assert.ok(cts.every((c) => c.step.result === 'reply'));
      assert.equal(ofType(t, 'policy').length, 0, 'replies are not subject to policy');
      assert.equal(t.disposition, 'delivered', 'default deny does not stop a reply');
      assert.equal(ofType(t, 'nat').length, 0);
    });

    test(`${version}: Service reply (per-packet LB): lb4_rev_nat at pod0's ingress restores the frontend`, () => {
      const t = run({ to: 'default/backend', port: 80, ciliumVersion: version });
      assert.equal(t.hops[0]!.headers.ip.src, '10.0.1.15', 'the backend answers from its own address');
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      const { hop, step } = nat[0]!;
      assert.deepEqual(
        { kind: step.kind, by: step.by, map: step.map, before: step.before, after: step.after },
        {
          kind: 'rev-dnat',
          by: 'bpf',
          map: 'cilium_lb4_reverse_nat',
          before: { ip: '10.0.1.15', port: 8080 },
          after: { ip: CLUSTER_IP, port: 80 },
        },
      );
      assert.equal(step.cite, REV_NAT[version]);
      assert.equal(hop.node, 'node0');
      assert.equal(t.hops.at(-1)!.headers.ip.src, CLUSTER_IP, 'pod0 receives the answer from the ClusterIP');
      assert.equal(t.disposition, 'delivered');
    });

    test(`${version}: Service reply with the socket LB: no reverse NAT in the datapath (TCP)`, () => {
      const t = run({ to: 'default/backend', port: 80, ciliumVersion: version, config: { socketLB: true } });
      assert.equal(ofType(t, 'nat').length, 0);
      assert.equal(t.hops.at(-1)!.headers.ip.src, '10.0.1.15');
    });

    test(`${version}: world reply, iptables masquerade: netfilter rev-SNATs before routing`, () => {
      const t = run({ to: '8.8.8.8', ciliumVersion: version });
      assert.equal(t.hops[0]!.headers.ip.dst, NODE0_IP, 'the answer comes to the node address');
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.deepEqual(
        {
          kind: nat[0]!.step.kind,
          by: nat[0]!.step.by,
          before: nat[0]!.step.before,
          after: nat[0]!.step.after,
        },
        { kind: 'rev-snat', by: 'iptables', before: { ip: NODE0_IP }, after: { ip: POD0_IP } },
      );
      const route = t.hops.findIndex((h) => h.steps.some((s) => s.type === 'route'));
      assert.ok(t.hops.indexOf(nat[0]!.hop) < route, 'un-NAT happens in PREROUTING, before routing');
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod0');
      assert.equal(t.disposition, 'delivered');
    });

    test(`${version}: world reply, BPF masquerade: rev-SNAT in from-netdev (nodeport_lb4)`, () => {
      const t = run({
        to: '8.8.8.8',
        ciliumVersion: version,
        config: { kubeProxyReplacement: true, bpfMasquerade: true, socketLB: true },
      });
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.equal(nat[0]!.step.kind, 'rev-snat');
      assert.equal(nat[0]!.step.by, 'bpf');
      assert.equal(nat[0]!.step.map, 'cilium_snat_v4_external');
      assert.equal(nat[0]!.step.cite, NODEPORT_LB4[version]);
      assert.equal(nat[0]!.hop.program?.file, 'bpf/bpf_host.c');
      assert.equal(nat[0]!.hop.device, 'eth0');
      assert.equal(t.disposition, 'delivered');
    });
  }

  test('replies that are not modelled are refused clearly', () => {
    assert.throws(
      () => run({ from: 'node0', to: 'default/backend' }),
      /from node0's host namespace is modelled to a pod; default\/backend is not one/,
    );
    assert.throws(() => run({ to: NODE0_IP }), /--reply to a node address is not modelled/);
    assert.throws(() => run({ to: '8.8.8.8', config: { ipv4Masquerade: false } }), /Without masquerading/);
    assert.throws(() => run({ startAt: 'from-overlay' }), /cannot start at a hook/);
  });
});
