/**
 * Host and node traffic (issue 11, priority 1; fidelity review W15): a pod to its own node's address
 * is delivered to the local stack as reserved:host, never put on the wire; a pod to a remote node's
 * address leaves as reserved:remote-node; a process in a node's host namespace reaches a local pod
 * through cilium_host's from-host program as reserved:host, and a remote pod as a remote node (the
 * tunnel carries HOST_ID as LOCAL_NODE_ID).
 *
 * Every comment "vX.Y.0 bpf/file.c:N" names the line of that release's source where the step
 * happens (checked against /work/trees/<tag>/bpf).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { trace, type Hop, type Step, type Trace } from '../../src/core';
import { loadPolicyFiles } from '../../src/core/policy';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'policies');
const HOST_ID = 1;
const REMOTE_NODE_ID = 6;
const NODE0_IP = '172.26.50.101';
const NODE1_IP = '172.26.50.102';
const NODE0_ROUTER = '10.0.0.196';

const RELEASES = ['v1.10', 'v1.12', 'v1.16', 'main'] as const;

function run(from: string, to: string, version: string, mode = 'vxlan', extra = {}): Trace {
  return trace({ mode, from, to, ciliumVersion: version, ...extra });
}

function steps(t: Trace): Array<{ hop: Hop; step: Step }> {
  return t.hops.flatMap((hop) => hop.steps.map((step) => ({ hop, step })));
}

function ofType<T extends Step['type']>(
  t: Trace,
  type: T,
): Array<{ hop: Hop; step: Extract<Step, { type: T }> }> {
  return steps(t).filter((s): s is { hop: Hop; step: Extract<Step, { type: T }> } => s.step.type === type);
}

/** The line of each release where the pod's egress path finds the node's own address in cilium_lxc. */
const ENDPOINT_LOOKUP: Record<(typeof RELEASES)[number], string> = {
  'v1.10': 'v1.10.0 bpf/bpf_lxc.c:763', // ep = lookup_ip4_endpoint(ip4);
  'v1.12': 'v1.12.0 bpf/bpf_lxc.c:966', // ep = lookup_ip4_endpoint(ip4);
  'v1.16': 'v1.16.0 bpf/bpf_lxc.c:1128', // ep = __lookup_ip4_endpoint(daddr);
  main: 'main bpf/bpf_lxc.c:1251', // ep = __lookup_ip4_endpoint(daddr);
};

/** resolve_srcid_ipv4 in cil_from_host / from-host. */
const FROM_HOST_SRCID: Record<(typeof RELEASES)[number], string> = {
  'v1.10': 'v1.10.0 bpf/bpf_host.c:867',
  'v1.12': 'v1.12.0 bpf/bpf_host.c:974',
  'v1.16': 'v1.16.0 bpf/bpf_host.c:1182',
  main: 'main bpf/bpf_host.c:1184',
};

describe('pod → its own node address (W15)', () => {
  for (const version of RELEASES) {
    test(`${version}: cilium_lxc host entry, identity host, handed to node0's stack, never on the wire`, () => {
      const t = run('pod0', NODE0_IP, version);
      const ipcache = ofType(t, 'lookup').find(
        (s) => s.step.key === NODE0_IP && s.step.map.includes('ipcache'),
      );
      assert.ok(ipcache, 'the ipcache is looked up for the node address');
      assert.match(ipcache.step.result, /identity 1 \(reserved:host\)/);
      const egress = ofType(t, 'policy').find((s) => s.step.direction === 'egress');
      assert.equal(egress?.step.identity, HOST_ID, "pod0's egress policy sees the peer as reserved:host");
      const endpoint = ofType(t, 'lookup').find((s) => s.step.cite === ENDPOINT_LOOKUP[version]);
      assert.ok(endpoint, `the endpoint lookup at ${ENDPOINT_LOOKUP[version]}`);
      assert.match(endpoint.step.result, /ENDPOINT_F_HOST/);
      assert.equal(t.disposition, 'forwarded-to-stack');
      assert.ok(!t.hops.some((h) => h.hook === 'wire'), 'a local address is never transmitted');
      assert.ok(
        t.hops.every((h) => h.node === 'node0'),
        'the packet never leaves node0',
      );
      assert.equal(t.hops.at(-1)!.hook, 'stack');
    });
  }
});

describe('pod → a remote node address', () => {
  for (const version of RELEASES) {
    test(`${version}: identity remote-node, routed out of eth0 to node1's stack`, () => {
      const t = run('pod0', NODE1_IP, version);
      const egress = ofType(t, 'policy').find((s) => s.step.direction === 'egress');
      assert.equal(egress?.step.identity, REMOTE_NODE_ID);
      assert.ok(t.hops.some((h) => h.hook === 'wire' && h.node === 'node0 → node1'));
      assert.equal(t.hops.at(-1)!.node, 'node1');
      assert.equal(t.disposition, 'forwarded-to-stack');
    });
  }
});

describe('node → pod through cilium_host', () => {
  for (const version of RELEASES) {
    test(`${version}: node0 → pod0 runs from-host on cilium_host and pod0's ingress sees reserved:host`, () => {
      const t = run('node0', 'pod0', version);
      assert.deepEqual(t.source, { name: 'node0', ip: NODE0_ROUTER, node: 'node0' });
      const route = ofType(t, 'route')[0];
      assert.equal(route?.step.device, 'cilium_host', 'the PodCIDR route goes through cilium_host');
      const fromHost = t.hops.find((h) => h.device === 'cilium_host' && h.hook === 'tc-egress');
      assert.ok(fromHost?.program, 'a program runs on cilium_host egress');
      assert.match(fromHost.program.function, /from_host/);
      const srcid = ofType(t, 'lookup').find((s) => s.step.cite === FROM_HOST_SRCID[version]);
      assert.ok(srcid, `resolve_srcid_ipv4 at ${FROM_HOST_SRCID[version]}`);
      assert.match(srcid.step.result, /identity 1 \(reserved:host\)/);
      const ingress = ofType(t, 'policy').find((s) => s.step.direction === 'ingress');
      assert.equal(ingress?.step.identity, HOST_ID);
      assert.equal(ingress?.step.endpointId, 1021);
      assert.equal(t.disposition, 'delivered');
      assert.ok(
        !ofType(t, 'policy').some((s) => s.step.direction === 'egress'),
        'the host has no endpoint egress policy here',
      );
    });

    test(`${version}: node0 → pod3 (VXLAN) carries the host as LOCAL_NODE_ID: pod3 sees a remote node`, () => {
      // v1.10.0 bpf/lib/encap.h:127, v1.12.0 bpf/lib/encap.h:132, v1.16.0 bpf/lib/encap.h:39,
      // main bpf/lib/encap.h:24: if (seclabel == HOST_ID) seclabel = LOCAL_NODE_ID;
      const t = run('node0', 'pod3', version);
      const encap = ofType(t, 'encap')[0];
      assert.equal(encap?.step.outer.vni, REMOTE_NODE_ID);
      const ingress = ofType(t, 'policy').find((s) => s.step.direction === 'ingress');
      assert.equal(ingress?.step.identity, REMOTE_NODE_ID);
      assert.equal(ingress?.hop.node, 'node1');
      assert.equal(t.disposition, 'delivered');
    });
  }

  test('v1.10: from-host encapsulates a remote pod in handle_ipv4 (not a pass to the stack)', () => {
    // v1.10.0 bpf/bpf_host.c:549 ipcache_lookup4, :551 encap_and_redirect_with_nodeid
    const t = run('node0', 'pod3', 'v1.10');
    const redirect = ofType(t, 'redirect').find((s) => s.step.cite === 'v1.10.0 bpf/bpf_host.c:551');
    assert.equal(redirect?.step.device, 'cilium_vxlan');
    assert.equal(redirect?.hop.node, 'node0');
  });

  test('a remote node is denied by a policy that admits only the frontend; the local host is not', () => {
    const policies = loadPolicyFiles([
      {
        name: 'backend-allow-frontend.yaml',
        text: readFileSync(join(FIXTURES, 'backend-allow-frontend.yaml'), 'utf8'),
      },
    ]);
    for (const version of RELEASES) {
      const remote = run('node0', 'pod3', version, 'vxlan', { policies, port: 80 });
      assert.equal(remote.disposition, 'dropped', version);
      const drop = ofType(remote, 'drop')[0];
      assert.equal(drop?.step.reason, 'DROP_POLICY');
      assert.equal(drop?.hop.node, 'node1');
      // --allow-localhost=auto (always in Kubernetes): the local host reaches its endpoints
      const local = run('node1', 'pod3', version, 'vxlan', { policies, port: 80 });
      assert.equal(local.disposition, 'delivered', version);
    }
  });

  test('a node source to a node address or outside is refused with a clear error', () => {
    assert.throws(() => run('node0', NODE1_IP, 'v1.16'), /host networking/);
    assert.throws(() => run('node0', '8.8.8.8', 'v1.16'), /host networking/);
    assert.throws(() => run('node9', 'pod0', 'v1.16'), /Unknown source "node9".*nodes are node0, node1/);
  });
});
