/**
 * LoadBalancer Services and named target ports (issue 11): a client outside reaches the balancer's
 * address, the balancer hands the packet to a node, and it is translated there like a NodePort (by
 * kube-proxy's iptables, or by nodeport_lb4 with kube-proxy replacement) with the LoadBalancer address
 * and the Service port as the frontend. A named targetPort resolves against each backend pod's container
 * ports; a Service none of whose pods names the port is a clear error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  parseTopology,
  trace,
  type Hop,
  type Step,
  type Topology,
  type Trace,
  type TraceRequest,
} from '../../src/core';
import { loadPolicyFiles, servicesFromManifests } from '../../src/core/policy';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');
const LB_IP = '198.51.100.20';
const CLIENT = 'external:203.0.113.7';
const SERVICES = servicesFromManifests(
  loadPolicyFiles([
    {
      name: 'services/load-balancer.yaml',
      text: readFileSync(join(FIXTURES, 'services', 'load-balancer.yaml'), 'utf8'),
    },
  ]),
);
/** the seed topology with container ports: pod2 serves https on 8443, pod3 on 9443 */
const PORTS: Record<string, number> = { pod2: 8443, pod3: 9443 };
const TOPO: Topology = {
  ...DEFAULT_TOPOLOGY,
  pods: DEFAULT_TOPOLOGY.pods.map((p) =>
    PORTS[p.name]
      ? { ...p, ports: [{ name: 'https', containerPort: PORTS[p.name]!, protocol: 'TCP' as const }] }
      : p,
  ),
  services: SERVICES,
};

function run(request: Partial<TraceRequest>, topology: Topology = TOPO): Trace {
  return trace({ mode: 'native', from: CLIENT, to: LB_IP, port: 443, ...request }, topology);
}
function ofType<T extends Step['type']>(
  t: Trace,
  type: T,
): Array<{ hop: Hop; step: Extract<Step, { type: T }> }> {
  return t.hops.flatMap((hop) =>
    hop.steps.filter((s): s is Extract<Step, { type: T }> => s.type === type).map((step) => ({ hop, step })),
  );
}

describe('LoadBalancer Services', () => {
  test('the manifest reader takes status.loadBalancer.ingress[].ip and the named targetPort', () => {
    assert.deepEqual(SERVICES[0]!.loadBalancerIPs, [LB_IP]);
    assert.equal(SERVICES[0]!.type, 'LoadBalancer');
    assert.equal(SERVICES[0]!.ports[0]!.targetPortName, 'https');
    assert.equal(SERVICES[0]!.ports[0]!.targetPort, undefined);
  });

  for (const version of ['v1.10', 'v1.12', 'v1.16', 'main'] as const) {
    test(`${version}: kube-proxy — DNAT of the LoadBalancer address on the node the balancer picked`, () => {
      const t = run({ ciliumVersion: version });
      const nat = ofType(t, 'nat');
      assert.deepEqual(
        nat.map((n) => [n.step.kind, n.step.by, n.hop.node]),
        [
          ['dnat', 'iptables', 'node0'],
          ['snat', 'iptables', 'node0'],
        ],
      );
      assert.deepEqual(nat[0]!.step.before, { ip: LB_IP, port: 443 });
      assert.deepEqual(nat[0]!.step.after, { ip: '10.0.1.15', port: 8443 });
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod2');
      assert.match(t.summary, /LoadBalancer from outside, handed to node0/);
    });

    test(`${version}: kube-proxy replacement — nodeport_lb4 finds the LoadBalancer frontend in from-netdev`, () => {
      const t = run({ ciliumVersion: version, config: { kubeProxyReplacement: true, socketLB: true } });
      const lb = ofType(t, 'lb')[0]!;
      assert.equal(lb.step.frontend, `${LB_IP}:443`);
      assert.equal(lb.step.backend, '10.0.1.15:8443');
      assert.equal(lb.hop.node, 'node0');
      // the backend is on node1: the remote path of the release (trace-nodeport-remote.test.ts)
      assert.deepEqual(
        ofType(t, 'nat').map((n) => [n.step.kind, n.step.by]),
        [
          ['dnat', 'bpf'],
          ['snat', 'bpf'],
        ],
      );
      assert.equal(t.disposition, 'delivered');
    });

    test(`${version}: the reply leaves node0 with the LoadBalancer address as its source`, () => {
      const t = run({
        ciliumVersion: version,
        reply: true,
        config: { kubeProxyReplacement: true, socketLB: true },
      });
      const revDnat = ofType(t, 'nat').find((n) => n.step.kind === 'rev-dnat')!;
      assert.deepEqual(revDnat.step.after, { ip: LB_IP, port: 443 });
      assert.equal(revDnat.hop.node, 'node0');
    });
  }
});

describe('named target ports', () => {
  test("each backend's own container port of that name", () => {
    const pod3 = run({ backend: 'pod3' });
    assert.deepEqual(ofType(pod3, 'nat')[0]!.step.after, { ip: '10.0.1.72', port: 9443 });
    // a pod's ClusterIP connection to the same Service: per-packet LB to the named port
    const inside = trace({ mode: 'vxlan', from: 'pod0', to: 'default/web-lb', port: 443 }, TOPO);
    assert.equal(ofType(inside, 'lb')[0]!.step.backend, '10.0.1.15:8443');
  });

  test('a Service none of whose pods names the port is a clear error', () => {
    const bare: Topology = { ...DEFAULT_TOPOLOGY, services: SERVICES };
    assert.throws(
      () => run({}, bare),
      /default\/web-lb port 443\/TCP has targetPort "https", but none of its pods \(pod2, pod3\) names a TCP container port "https"/,
    );
  });

  test('a topology file names container ports; bad ones are refused with their JSON path', () => {
    const file = {
      ...JSON.parse(JSON.stringify(DEFAULT_TOPOLOGY)),
      pods: DEFAULT_TOPOLOGY.pods.map((p) => ({ ...p, ports: [{ name: 'Bad_Name', containerPort: 80 }] })),
    };
    assert.throws(() => parseTopology(JSON.stringify(file), 'test'), /\$\.pods\[0\]\.ports\[0\]\.name/);
  });
});
