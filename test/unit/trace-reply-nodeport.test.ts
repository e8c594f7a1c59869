/**
 * --reply of NodePort requests and of flows a node starts (issue 11): the reverse DNAT of a local
 * backend's reply (bpf_lxc tail-calls the NodePort rev-NAT program), the reverse SNAT and DNAT of a
 * remote backend's reply at the node the client reached, the DSR reply leaving the backend's node with
 * the frontend as its source, kube-proxy's netfilter conntrack, and a pod answering a node.
 * Every comment "vX.Y.0 path:N" names the line of that release's source.
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
const NODE1_IP = '172.26.50.102';
const NODE0_ROUTER = '10.0.0.196';
const CLIENT = '203.0.113.7';
const POD2 = { ip: '10.0.1.15', port: 8080 };

const TOPO: Topology = {
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
const KPR = { kubeProxyReplacement: true, socketLB: true } as const;

/** the reply of external client → <to>:30080 (pod2 on node1 is the first backend) */
function reply(to: string, request: Partial<TraceRequest> = {}): Trace {
  return trace(
    { mode: 'native', from: `external:${CLIENT}`, to, port: 30080, reply: true, ...request },
    TOPO,
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
const nats = (t: Trace) =>
  ofType(t, 'nat').map((n) => ({
    kind: n.step.kind,
    by: n.step.by,
    before: n.step.before,
    after: n.step.after,
    node: n.hop.node,
  }));

/** lb4_rev_nat in the NodePort rev-NAT program, and bpf_lxc's tail call into it on CT_REPLY with node_port. */
const REV_DNAT: Record<Release, { revNat: string; lxcTail: string; tail: string }> = {
  'v1.10': {
    revNat: 'v1.10.0 bpf/lib/nodeport.h:1948',
    lxcTail: 'v1.10.0 bpf/bpf_lxc.c:709',
    tail: 'tail_rev_nodeport_lb4',
  },
  'v1.12': {
    revNat: 'v1.12.0 bpf/lib/nodeport.h:2015',
    lxcTail: 'v1.12.0 bpf/bpf_lxc.c:912',
    tail: 'tail_rev_nodeport_lb4',
  },
  'v1.16': {
    revNat: 'v1.16.0 bpf/lib/nodeport.h:2460',
    lxcTail: 'v1.16.0 bpf/bpf_lxc.c:1036',
    tail: 'tail_nodeport_rev_dnat_ingress_ipv4',
  },
  main: {
    revNat: 'main bpf/lib/nodeport.h:2330',
    lxcTail: 'main bpf/bpf_lxc.c:1646',
    tail: 'tail_nodeport_rev_dnat_ipv4',
  },
};
/** nodeport_lb4 (no frontend) → NAT ingress tail call, and its reverse SNAT. */
const REV_SNAT: Record<Release, { slot: string; value: number; call: string; nat: string }> = {
  'v1.10': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT',
    value: 15,
    call: 'v1.10.0 bpf/lib/nodeport.h:1811',
    nat: 'v1.10.0 bpf/lib/nodeport.h:1649',
  },
  'v1.12': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT',
    value: 15,
    call: 'v1.12.0 bpf/lib/nodeport.h:1865',
    nat: 'v1.12.0 bpf/lib/nodeport.h:1696',
  },
  'v1.16': {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT_INGRESS',
    value: 36, // v1.16.0 bpf/lib/common.h:125
    call: 'v1.16.0 bpf/lib/nodeport.h:3062',
    nat: 'v1.16.0 bpf/lib/nodeport.h:2575',
  },
  main: {
    slot: 'CILIUM_CALL_IPV4_NODEPORT_NAT_INGRESS',
    value: 36, // main bpf/lib/tailcall.h:88
    call: 'main bpf/lib/nodeport.h:3022',
    nat: 'main bpf/lib/nodeport.h:2476',
  },
};
/** Where a DSR reply's source becomes the frontend on the backend's node. */
const DSR_REPLY: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/bpf_lxc.c:714', // xlate_dsr_v4 in handle_ipv4_from_lxc
  'v1.12': 'v1.12.0 bpf/bpf_lxc.c:898',
  'v1.16': 'v1.16.0 bpf/lib/nodeport.h:3123', // __lb4_rev_nat in nodeport_rev_dnat_fwd_ipv4 (to-netdev)
  main: 'main bpf/lib/nodeport_egress.h:523',
};

describe('--reply of a NodePort request', () => {
  for (const version of RELEASES) {
    test(`${version}: BPF, local backend — bpf_lxc tail-calls the rev-NAT program, which redirects out of eth0`, () => {
      const t = reply(NODE1_IP, { ciliumVersion: version, config: KPR });
      assert.deepEqual(nats(t), [
        { kind: 'rev-dnat', by: 'bpf', before: POD2, after: { ip: NODE1_IP, port: 30080 }, node: 'node1' },
      ]);
      const tail = ofType(t, 'tail-call').find((c) => c.step.keyName === 'CILIUM_CALL_IPV4_NODEPORT_REVNAT')!;
      assert.equal(tail.step.cite, REV_DNAT[version].lxcTail);
      assert.equal(tail.step.key, 17);
      assert.equal(ofType(t, 'nat')[0]!.step.cite, REV_DNAT[version].revNat);
      assert.equal(ofType(t, 'nat')[0]!.step.function, REV_DNAT[version].tail);
      assert.equal(ofType(t, 'redirect').at(-1)!.step.device, 'eth0');
      // conntrack answers CT_REPLY and no policy is enforced
      assert.equal(ofType(t, 'ct')[0]!.step.result, 'reply');
      assert.equal(ofType(t, 'policy').length, 0);
      assert.equal(t.hops.at(-1)!.hook, 'wire');
    });

    test(`${version}: BPF, remote backend (SNAT) — node0's nodeport_lb4 reverses the SNAT, then the DNAT`, () => {
      const t = reply(NODE0_IP, { ciliumVersion: version, config: KPR });
      assert.equal(t.source.name, 'pod2');
      assert.deepEqual(nats(t), [
        { kind: 'rev-snat', by: 'bpf', before: { ip: NODE0_IP }, after: { ip: CLIENT }, node: 'node0' },
        { kind: 'rev-dnat', by: 'bpf', before: POD2, after: { ip: NODE0_IP, port: 30080 }, node: 'node0' },
      ]);
      const natTail = ofType(t, 'tail-call').find((c) => c.step.keyName === REV_SNAT[version].slot)!;
      assert.equal(natTail.step.key, REV_SNAT[version].value);
      assert.equal(natTail.step.cite, REV_SNAT[version].call);
      assert.equal(ofType(t, 'nat')[0]!.step.cite, REV_SNAT[version].nat);
      assert.equal(ofType(t, 'nat')[1]!.step.cite, REV_DNAT[version].revNat);
      assert.equal(t.hops.at(-1)!.hook, 'wire');
    });

    test(`${version}: BPF, remote backend over VXLAN — the reply comes back to the router address, reversed in from-overlay`, () => {
      const t = reply(NODE0_IP, { ciliumVersion: version, config: KPR, mode: 'vxlan' });
      const n = nats(t);
      assert.deepEqual(n[0], {
        kind: 'rev-snat',
        by: 'bpf',
        before: { ip: NODE0_ROUTER },
        after: { ip: CLIENT },
        node: 'node0',
      });
      assert.equal(ofType(t, 'nat')[0]!.hop.program?.file, 'bpf/bpf_overlay.c');
      assert.equal(ofType(t, 'decap').length, 1);
    });

    test(`${version}: BPF, DSR — the backend's node answers the client directly with the frontend as source`, () => {
      const t = reply(NODE0_IP, { ciliumVersion: version, config: { ...KPR, lbMode: 'dsr' } });
      assert.deepEqual(nats(t), [
        { kind: 'rev-dnat', by: 'bpf', before: POD2, after: { ip: NODE0_IP, port: 30080 }, node: 'node1' },
      ]);
      assert.equal(ofType(t, 'nat')[0]!.step.cite, DSR_REPLY[version]);
      // v1.10–v1.12 in bpf_lxc's egress, v1.16+ in bpf_host's to-netdev
      assert.equal(
        ofType(t, 'nat')[0]!.hop.program?.file,
        version === 'v1.10' || version === 'v1.12' ? 'bpf/bpf_lxc.c' : 'bpf/bpf_host.c',
      );
      assert.ok(t.hops.every((h) => !h.node.startsWith('node0')));
      // a reply is never masqueraded: the nat table sees only a connection's first packet
      assert.ok(!ofType(t, 'nat').some((x) => x.step.kind === 'snat'));
    });

    test(`${version}: kube-proxy — netfilter conntrack undoes the DNAT (local) or the masquerade and the DNAT (remote)`, () => {
      const local = reply(NODE1_IP, { ciliumVersion: version });
      assert.deepEqual(nats(local), [
        {
          kind: 'rev-dnat',
          by: 'iptables',
          before: POD2,
          after: { ip: NODE1_IP, port: 30080 },
          node: 'node1',
        },
      ]);
      const remote = reply(NODE0_IP, { ciliumVersion: version, mode: 'vxlan' });
      assert.deepEqual(nats(remote), [
        {
          kind: 'rev-snat',
          by: 'iptables',
          before: { ip: NODE0_ROUTER },
          after: { ip: CLIENT },
          node: 'node0',
        },
        {
          kind: 'rev-dnat',
          by: 'iptables',
          before: POD2,
          after: { ip: NODE0_IP, port: 30080 },
          node: 'node0',
        },
      ]);
      // natively the masquerade took eth0's address (the route to node1's pods leaves by eth0)
      const native = reply(NODE0_IP, { ciliumVersion: version });
      assert.deepEqual(nats(native)[0]!.before, { ip: NODE0_IP });
    });
  }
});

describe('--reply of a flow a node starts', () => {
  for (const version of RELEASES) {
    test(`${version}: a local pod answers node0's router address: CT_REPLY, handed to the stack`, () => {
      const t = trace(
        { mode: 'vxlan', from: 'node0', to: 'pod0', reply: true, ciliumVersion: version },
        TOPO,
      );
      assert.equal(t.source.name, 'pod0');
      assert.equal(t.destination.ip, NODE0_ROUTER);
      assert.equal(ofType(t, 'ct')[0]!.step.result, 'reply');
      assert.equal(ofType(t, 'policy').length, 0);
      assert.equal(t.disposition, 'forwarded-to-stack');
      assert.ok(t.hops.every((h) => h.node === 'node0'));
    });

    test(`${version}: a remote pod answers through the tunnel to node0's router address`, () => {
      const t = trace(
        { mode: 'vxlan', from: 'node0', to: 'pod3', reply: true, ciliumVersion: version },
        TOPO,
      );
      assert.equal(ofType(t, 'encap')[0]!.step.outer.dstIp, NODE0_IP);
      assert.equal(t.hops.at(-1)!.node, 'node0');
      assert.equal(t.disposition, 'forwarded-to-stack');
    });
  }
});
