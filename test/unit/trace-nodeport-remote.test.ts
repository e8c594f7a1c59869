/**
 * BPF NodePort (kube-proxy replacement) to a backend on another node (issue 11): nodeport_lb4 DNATs in
 * from-netdev, then SNATs to the node (bpf-lb-mode=snat) or keeps the client address and sends the
 * frontend in an IPv4 option (bpf-lb-mode=dsr); the backend's node reads the option where the release
 * does. Every comment "vX.Y.0 path:N" names the line of that release's source.
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
const NODE0_ROUTER = '10.0.0.196';
const CLIENT = '203.0.113.7';
const POD2_IP = '10.0.1.15';

const WITH_SERVICE: Topology = {
  ...DEFAULT_TOPOLOGY,
  services: servicesFromManifests(
    loadPolicyFiles([
      {
        name: 'services/backend.yaml',
        text: readFileSync(join(FIXTURES, 'services', 'backend.yaml'), 'utf8'),
      },
    ]),
  ),
};

/** external client → node0:30080, whose first backend (pod2) runs on node1 */
function run(request: Partial<TraceRequest>): Trace {
  return trace(
    {
      mode: 'native',
      from: `external:${CLIENT}`,
      to: NODE0_IP,
      port: 30080,
      ...request,
      config: { kubeProxyReplacement: true, socketLB: true, ...request.config },
    },
    WITH_SERVICE,
  );
}
function ofType<T extends Step['type']>(
  t: Trace,
  type: T,
): Array<{ hop: Hop; step: Extract<Step, { type: T }> }> {
  return t.hops.flatMap((hop) =>
    hop.steps.filter((s): s is Extract<Step, { type: T }> => s.type === type).map((step) => ({ hop, step })),
  );
}
const ingressIdentity = (t: Trace): number | undefined =>
  ofType(t, 'policy').find((p) => p.step.direction === 'ingress')?.step.identity;

/** nodeport_lb4's tail call for a remote backend, and the SNAT in the tail program. */
const SNAT: Record<Release, { slot: string; value: number; tail: string; call: string; nat: string }> = {
  // v1.10.0 bpf/lib/nodeport.h:1903 ep_tail_call(ctx, CILIUM_CALL_IPV4_NODEPORT_NAT); :1649 snat_v4_process
  'v1.10': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT',
    value: 15, // v1.10.0 bpf/lib/common.h:89
    tail: 'tail_nodeport_nat_ipv4',
    call: 'v1.10.0 bpf/lib/nodeport.h:1903',
    nat: 'v1.10.0 bpf/lib/nodeport.h:1649',
  },
  // v1.12.0 bpf/lib/nodeport.h:1935; :1696 snat_v4_process
  'v1.12': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT',
    value: 15, // v1.12.0 bpf/lib/common.h:82
    tail: 'tail_nodeport_nat_ipv4',
    call: 'v1.12.0 bpf/lib/nodeport.h:1935',
    nat: 'v1.12.0 bpf/lib/nodeport.h:1696',
  },
  // v1.16.0 bpf/lib/nodeport.h:2949 tail_call_internal(…NAT_EGRESS); :2726 __snat_v4_nat
  'v1.16': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT_EGRESS',
    value: 15, // v1.16.0 bpf/lib/common.h:104
    tail: 'tail_nodeport_nat_egress_ipv4',
    call: 'v1.16.0 bpf/lib/nodeport.h:2949',
    nat: 'v1.16.0 bpf/lib/nodeport.h:2726',
  },
  // main bpf/lib/nodeport.h:2915; :2639 __snat_v4_nat
  main: {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT_EGRESS',
    value: 15, // main bpf/lib/tailcall.h:67
    tail: 'tail_nodeport_nat_egress_ipv4',
    call: 'main bpf/lib/nodeport.h:2915',
    nat: 'main bpf/lib/nodeport.h:2639',
  },
};
/** nodeport_lb4's DSR tail call, and where the backend's node reads the option. */
const DSR: Record<
  Release,
  { value: number; call: string; backend: string; backendFn: string; file: string }
> = {
  // v1.10.0 bpf/lib/nodeport.h:1900; v1.10.0 bpf/lib/common.h:94; handle_dsr_v4 in ipv4_policy v1.10.0 bpf/bpf_lxc.c:1417
  'v1.10': {
    value: 20,
    call: 'v1.10.0 bpf/lib/nodeport.h:1900',
    backend: 'v1.10.0 bpf/bpf_lxc.c:1417',
    backendFn: 'handle_dsr_v4',
    file: 'bpf/bpf_lxc.c',
  },
  // v1.12.0 bpf/lib/nodeport.h:1932; v1.12.0 bpf/lib/common.h:87; v1.12.0 bpf/bpf_lxc.c:1810
  'v1.12': {
    value: 20,
    call: 'v1.12.0 bpf/lib/nodeport.h:1932',
    backend: 'v1.12.0 bpf/bpf_lxc.c:1810',
    backendFn: 'handle_dsr_v4',
    file: 'bpf/bpf_lxc.c',
  },
  // v1.16.0 bpf/lib/nodeport.h:2944; v1.16.0 bpf/lib/common.h:109; nodeport_extract_dsr_v4 in nodeport_lb4 v1.16.0 bpf/lib/nodeport.h:3012
  'v1.16': {
    value: 20,
    call: 'v1.16.0 bpf/lib/nodeport.h:2944',
    backend: 'v1.16.0 bpf/lib/nodeport.h:3012',
    backendFn: 'nodeport_extract_dsr_v4',
    file: 'bpf/bpf_host.c',
  },
  // main bpf/lib/nodeport.h:2910; main bpf/lib/tailcall.h:73; main bpf/lib/nodeport.h:2981
  main: {
    value: 21,
    call: 'main bpf/lib/nodeport.h:2910',
    backend: 'main bpf/lib/nodeport.h:2981',
    backendFn: 'nodeport_extract_dsr_v4',
    file: 'bpf/bpf_host.c',
  },
};

describe('BPF NodePort to a remote backend', () => {
  for (const version of RELEASES) {
    test(`${version}: SNAT, native routing — DNAT and SNAT to node0 in from-netdev, FIB redirect, the backend sees a remote node`, () => {
      const t = run({ ciliumVersion: version });
      assert.equal(t.disposition, 'delivered');
      const nat = ofType(t, 'nat');
      assert.deepEqual(
        nat.map((n) => [n.step.kind, n.step.by, n.step.after.ip]),
        [
          ['dnat', 'bpf', POD2_IP],
          ['snat', 'bpf', NODE0_IP], // target.addr = IPV4_DIRECT_ROUTING (v1.10.0 bpf/lib/nodeport.h:1614)
        ],
      );
      assert.equal(nat[1]!.step.cite, SNAT[version].nat);
      assert.equal(nat[1]!.step.function, SNAT[version].tail);
      assert.equal(nat[1]!.hop.node, 'node0');
      const tail = ofType(t, 'tail-call').find((c) => c.step.keyName === SNAT[version].slot)!;
      assert.equal(tail.step.key, SNAT[version].value);
      assert.equal(tail.step.cite, SNAT[version].call);
      assert.equal(ofType(t, 'redirect')[0]!.step.device, 'eth0');
      // the request leaves node0 with node0's address: node1's ipcache says remote-node
      assert.equal(ingressIdentity(t), 6);
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod2');
      assert.equal(ofType(t, 'encap').length, 0);
    });

    test(`${version}: SNAT, VXLAN — SNAT to the router address (IPV4_GATEWAY) and the tunnel, with the release's identity`, () => {
      const t = run({ ciliumVersion: version, mode: 'vxlan' });
      assert.equal(t.disposition, 'delivered');
      const snat = ofType(t, 'nat').find((n) => n.step.kind === 'snat')!;
      // v1.10.0 bpf/lib/nodeport.h:1631 target.addr = IPV4_GATEWAY; v1.16.0 bpf/lib/nodeport.h:2700
      assert.equal(snat.step.after.ip, NODE0_ROUTER);
      assert.equal(ofType(t, 'redirect')[0]!.step.device, 'cilium_vxlan');
      // v1.10: SECLABEL of bpf_host (v1.10.0 bpf/lib/nodeport.h:1627), sent as a remote node's
      // (v1.10.0 bpf/lib/encap.h:127); v1.12+: WORLD_ID (v1.12.0 bpf/lib/nodeport.h:1671,
      // v1.16.0 bpf/lib/nodeport.h:2883, main bpf/lib/nodeport.h:2854)
      const expected = version === 'v1.10' ? 6 : 2;
      assert.equal(ofType(t, 'encap')[0]!.step.outer.vni, expected);
      assert.equal(ingressIdentity(t), expected);
    });

    test(`${version}: DSR, native routing — the client address is kept and the backend's node reads the option`, () => {
      const t = run({ ciliumVersion: version, config: { lbMode: 'dsr' } });
      assert.equal(t.disposition, 'delivered');
      const nat = ofType(t, 'nat');
      assert.deepEqual(
        nat.map((n) => n.step.kind),
        ['dnat'],
      );
      const tail = ofType(t, 'tail-call').find((c) => c.step.keyName === 'CILIUM_CALL_IPV4_NODEPORT_DSR')!;
      assert.equal(tail.step.key, DSR[version].value);
      assert.equal(tail.step.cite, DSR[version].call);
      const read = ofType(t, 'lookup').find((l) => l.step.function === DSR[version].backendFn)!;
      assert.equal(read.step.cite, DSR[version].backend);
      assert.equal(read.hop.node, 'node1');
      assert.equal(read.hop.program?.file, DSR[version].file);
      assert.match(read.step.result, /172\.26\.50\.101:30080/);
      // the client's own address arrives at pod2: world
      assert.equal(ingressIdentity(t), 2);
      assert.ok(t.hops.some((h) => h.headerChanges?.some((c) => /DSR/.test(c))));
    });
  }

  test('DSR with a tunnel: v1.10 and v1.12 fall back to SNAT, v1.16 and main refuse, each with its line', () => {
    for (const version of ['v1.10', 'v1.12'] as const) {
      const t = run({ ciliumVersion: version, mode: 'vxlan', config: { lbMode: 'dsr' } });
      assert.ok(ofType(t, 'nat').some((n) => n.step.kind === 'snat'));
      const line =
        version === 'v1.10'
          ? 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:300'
          : 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:338';
      assert.ok(t.assumptions.some((a) => a.includes('falls back to SNAT') && a.includes(line)));
    }
    assert.throws(
      () => run({ ciliumVersion: 'v1.16', mode: 'vxlan', config: { lbMode: 'dsr' } }),
      /cannot be used with vxlan tunneling.*v1\.16\.0 daemon\/cmd\/kube_proxy_replacement\.go:177/,
    );
    assert.throws(
      () => run({ ciliumVersion: 'main', mode: 'geneve', config: { lbMode: 'dsr' } }),
      /requires "geneve" dispatch.*main pkg\/kpr\/initializer\/kube_proxy_replacement\.go:144/,
    );
  });

  test('a release without rows is refused clearly; a local backend is unchanged', () => {
    assert.throws(() => run({ ciliumVersion: 'v1.14' }), /modelled for v1\.10, v1\.12, v1\.16 and main/);
    const local = run({ ciliumVersion: 'v1.16', to: '172.26.50.102' });
    assert.deepEqual(
      ofType(local, 'nat').map((n) => n.step.kind),
      ['dnat'],
    );
  });
});
