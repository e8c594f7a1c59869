/**
 * Services and masquerade (issue 11, priorities 2 and 3): pod → world masqueraded by iptables or by
 * BPF SNAT in to-netdev; ClusterIP translated per packet in from-container, at connect() by the
 * socket LB, or by kube-proxy's iptables for a connection from the host; the header change at each
 * NAT; Service YAML read through the manifest loader, with errors naming file, document and field.
 *
 * Every comment "vX.Y.0 path:N" names the line of that release's source (checked against
 * /work/trees/<tag>/bpf, and the Go sources of the same tags).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  parseCiliumVersion,
  trace,
  translationDoc,
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
const WITH_SERVICE: Topology = {
  ...DEFAULT_TOPOLOGY,
  services: servicesFromManifests(manifests('services/backend.yaml')),
};

function run(request: Partial<TraceRequest>, topology: Topology = WITH_SERVICE): Trace {
  return trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ...request }, topology);
}
function ofType<T extends Step['type']>(
  t: Trace,
  type: T,
): Array<{ hop: Hop; step: Extract<Step, { type: T }> }> {
  return t.hops.flatMap((hop) =>
    hop.steps.filter((s): s is Extract<Step, { type: T }> => s.type === type).map((step) => ({ hop, step })),
  );
}

/** The agent's MASQUERADE rule ("cilium masquerade non-cluster") in CILIUM_POST_nat. */
const IPTABLES_RULE: Record<Release, string> = {
  'v1.10': 'v1.10.0 pkg/datapath/iptables/iptables.go:1003',
  'v1.12': 'v1.12.0 pkg/datapath/iptables/iptables.go:1114',
  'v1.16': 'v1.16.0 pkg/datapath/iptables/iptables.go:1326',
  main: 'main pkg/datapath/iptables/iptables.go:2191',
};
/** `ret = handle_nat_fwd(ctx…)` in to-netdev, and the NAT tail call's slot in handle_nat_fwd. */
const HANDLE_NAT_FWD: Record<Release, { call: string; slot: string; name: string }> = {
  'v1.10': {
    call: 'v1.10.0 bpf/bpf_host.c:1040',
    slot: 'v1.10.0 bpf/lib/nodeport.h:2180',
    name: 'CILIUM_CALL_IPV4_ENCAP_NODEPORT_NAT',
  },
  'v1.12': {
    call: 'v1.12.0 bpf/bpf_host.c:1181',
    slot: 'v1.12.0 bpf/lib/nodeport.h:2298',
    name: 'CILIUM_CALL_IPV4_ENCAP_NODEPORT_NAT',
  },
  'v1.16': {
    call: 'v1.16.0 bpf/bpf_host.c:1584',
    slot: 'v1.16.0 bpf/lib/nodeport.h:3378',
    name: 'CILIUM_CALL_IPV4_NODEPORT_NAT_FWD',
  },
  main: {
    call: 'main bpf/bpf_host.c:1596',
    slot: 'main bpf/lib/nodeport_egress.h:701',
    name: 'CILIUM_CALL_IPV4_NODEPORT_NAT_FWD',
  },
};
/** `svc = lb4_lookup_service(&key, is_defined(ENABLE_NODEPORT));` in the pod's egress path. */
const PER_PACKET_LB: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/bpf_lxc.c:569',
  'v1.12': 'v1.12.0 bpf/bpf_lxc.c:1229',
  'v1.16': 'v1.16.0 bpf/bpf_lxc.c:100',
  main: 'main bpf/bpf_lxc.c:187',
};
/** The socket LB's connect4 program and its `__sock4_xlate_fwd(ctx, ctx, false…)`. */
const SOCKET_LB: Record<Release, { fn: string; xlate: string; lookup: string }> = {
  'v1.10': { fn: 'sock4_connect', xlate: 'v1.10.0 bpf/bpf_sock.c:452', lookup: 'v1.10.0 bpf/bpf_sock.c:351' },
  'v1.12': { fn: 'sock4_connect', xlate: 'v1.12.0 bpf/bpf_sock.c:484', lookup: 'v1.12.0 bpf/bpf_sock.c:352' },
  'v1.16': {
    fn: 'cil_sock4_connect',
    xlate: 'v1.16.0 bpf/bpf_sock.c:472',
    lookup: 'v1.16.0 bpf/bpf_sock.c:320',
  },
  main: { fn: 'cil_sock4_connect', xlate: 'main bpf/bpf_sock.c:476', lookup: 'main bpf/bpf_sock.c:332' },
};
/** Backend map names the agent compiles in (pkg/datapath/linux/config/config.go). */
const BACKENDS: Record<Release, string> = {
  'v1.10': 'cilium_lb4_backends', // v1.10.0 pkg/datapath/linux/config/config.go:186
  'v1.12': 'cilium_lb4_backends_v2', // v1.12.0 pkg/datapath/linux/config/config.go:191
  'v1.16': 'cilium_lb4_backends_v3', // v1.16.0 pkg/datapath/linux/config/config.go:258
  main: 'cilium_lb4_backends_v3',
};

describe('pod → 8.8.8.8: masquerade', () => {
  for (const version of RELEASES) {
    test(`${version}: iptables MASQUERADE in POSTROUTING (default), before the packet leaves eth0`, () => {
      const t = run({ to: '8.8.8.8', ciliumVersion: version });
      const nats = ofType(t, 'nat');
      assert.equal(nats.length, 1);
      const { hop, step } = nats[0]!;
      assert.deepEqual(
        { kind: step.kind, by: step.by, before: step.before, after: step.after, map: step.map },
        { kind: 'snat', by: 'iptables', before: { ip: POD0_IP }, after: { ip: NODE0_IP }, map: undefined },
      );
      assert.equal(step.cite, IPTABLES_RULE[version]);
      assert.equal(hop.hook, 'routing');
      assert.equal(hop.headers.ip.src, POD0_IP, 'the hop shows the headers as they arrive');
      assert.ok(hop.headerChanges?.some((c) => c.includes(`${POD0_IP} became ${NODE0_IP}`)));
      const wire = t.hops.at(-1)!;
      assert.equal(wire.hook, 'wire');
      assert.equal(wire.headers.ip.src, NODE0_IP, 'the packet leaves with the node address');
      assert.ok(!ofType(t, 'tail-call').some((s) => /NAT/.test(s.step.keyName ?? '')), 'no BPF NAT');
      // M8: up to v1.17 the tunnel map is tried before the stack (v1.10.0 bpf/lib/encap.h:211);
      // the map is gone from v1.18 (17bc606ea78)
      const tunnelMap = ofType(t, 'lookup').find((s) => s.step.map === 'cilium_tunnel_map');
      if (version === 'main') assert.equal(tunnelMap, undefined);
      else assert.match(tunnelMap!.step.result, /miss: DROP_NO_TUNNEL_ENDPOINT/);
    });

    test(`${version}: BPF masquerade SNATs in to-netdev (handle_nat_fwd, ${HANDLE_NAT_FWD[version].name} inline)`, () => {
      const t = run({
        to: '8.8.8.8',
        ciliumVersion: version,
        config: { kubeProxyReplacement: true, bpfMasquerade: true, socketLB: true },
      });
      const nats = ofType(t, 'nat');
      assert.equal(nats.length, 1);
      const { hop, step } = nats[0]!;
      assert.equal(step.by, 'bpf');
      assert.equal(step.map, 'cilium_snat_v4_external'); // v1.10.0 pkg/maps/nat/nat.go:35
      assert.equal(step.cite, HANDLE_NAT_FWD[version].call);
      assert.deepEqual(step.after, { ip: NODE0_IP });
      assert.equal(hop.hook, 'tc-egress');
      assert.match(hop.program!.function, /to_netdev/);
      const tail = hop.steps.find((s) => s.type === 'tail-call');
      assert.equal(tail?.type === 'tail-call' && tail.keyName, HANDLE_NAT_FWD[version].name);
      assert.equal(tail?.cite, HANDLE_NAT_FWD[version].slot);
      assert.equal(tail?.type === 'tail-call' && tail.inlined, true, 'IPv4-only, no host firewall: inline');
      assert.equal(t.hops.at(-1)!.headers.ip.src, NODE0_IP);
      assert.ok(!t.hops.some((h) => h.steps.some((s) => s.type === 'nat' && s.by === 'iptables')));
      // to-netdev returns CTX_ACT_OK after the SNAT: eth0 transmits, the next hop is the wire
      assert.equal(t.hops[t.hops.indexOf(hop) + 1]?.hook, 'wire');
      assert.equal(t.hops.length, t.hops.indexOf(hop) + 2);
    });
  }

  test('BPF masquerade without kube-proxy replacement is refused with the release behaviour', () => {
    // v1.10.0 daemon/cmd/daemon.go:598-620 falls back; v1.16.0 daemon/cmd/daemon.go:670-683 refuses
    assert.throws(
      () => run({ to: '8.8.8.8', ciliumVersion: 'v1.10', config: { bpfMasquerade: true } }),
      /falls back to iptables/,
    );
    assert.throws(
      () => run({ to: '8.8.8.8', ciliumVersion: 'v1.16', config: { bpfMasquerade: true } }),
      /refuses to start/,
    );
    // tunnel mode needs the socket LB up to v1.15 (v1.14.0 daemon/cmd/daemon.go:945), not in v1.16
    assert.throws(
      () =>
        run({
          to: '8.8.8.8',
          ciliumVersion: 'v1.12',
          config: { bpfMasquerade: true, kubeProxyReplacement: true },
        }),
      /requires the socket LB/,
    );
    assert.doesNotThrow(() =>
      run({
        to: '8.8.8.8',
        ciliumVersion: 'v1.16',
        config: { bpfMasquerade: true, kubeProxyReplacement: true },
      }),
    );
  });

  test('egress policy towards world is checked before the masquerade, on the pod identity', () => {
    const policies = manifests('policies/frontend-egress-deny-world.yaml');
    for (const version of RELEASES) {
      const t = run({ to: '8.8.8.8', ciliumVersion: version, policies });
      assert.equal(t.disposition, 'dropped', version);
      const policy = ofType(t, 'policy')[0]!;
      assert.equal(policy.step.direction, 'egress');
      assert.equal(policy.step.identity, 2); // reserved:world
      assert.equal(ofType(t, 'nat').length, 0, 'a dropped packet is never masqueraded');
    }
  });

  test('traffic to a pod or a node address is not masqueraded', () => {
    assert.equal(ofType(run({ to: 'pod3' }), 'nat').length, 0);
    assert.equal(ofType(run({ to: NODE0_IP }), 'nat').length, 0);
  });
});

describe('ClusterIP Services', () => {
  /** where per-packet LB is compiled into bpf_lxc: only the socket LB's full mode removes it, not kube-proxy */
  const PER_PACKET_DEFINE: Record<Release, string> = {
    'v1.10': 'v1.10.0 bpf/bpf_lxc.c:555', // #ifndef ENABLE_HOST_SERVICES_FULL
    'v1.12': 'v1.12.0 bpf/bpf_lxc.c:57', // #if !defined(ENABLE_SOCKET_LB_FULL) || … → ENABLE_PER_PACKET_LB
    'v1.16': 'v1.16.0 bpf/bpf_lxc.c:64',
    main: 'main bpf/bpf_lxc.c:99',
  };
  for (const version of RELEASES) {
    test(`${version}: kube-proxy (no replacement) — a pod's ClusterIP is still translated per packet in bpf_lxc (${PER_PACKET_DEFINE[version]})`, () => {
      const t = run({
        to: 'default/backend',
        port: 80,
        ciliumVersion: version,
        config: { kubeProxyReplacement: false, socketLB: false },
      });
      assert.equal(t.config.kubeProxyReplacement, false);
      const nat = ofType(t, 'nat');
      assert.deepEqual(
        nat.map((n) => [n.step.kind, n.step.by, n.hop.program?.file]),
        [['dnat', 'bpf', 'bpf/bpf_lxc.c']],
      );
      assert.equal(ofType(t, 'lb')[0]!.step.cite, PER_PACKET_LB[version]);
      // kube-proxy's iptables never sees the ClusterIP: the packet leaves the pod already DNATed
      assert.ok(!nat.some((n) => n.step.by === 'iptables'));
    });

    test(`${version}: socket LB off — per-packet LB in from-container: lookup, backend, DNAT`, () => {
      const t = run({ to: 'default/backend', port: 80, ciliumVersion: version });
      const lb = ofType(t, 'lb');
      assert.equal(lb.length, 1);
      assert.deepEqual(
        {
          service: lb[0]!.step.service,
          frontend: lb[0]!.step.frontend,
          backend: lb[0]!.step.backend,
          pod: lb[0]!.step.backendPod,
          map: lb[0]!.step.map,
        },
        {
          service: 'default/backend',
          frontend: `${CLUSTER_IP}:80`,
          backend: '10.0.1.15:8080',
          pod: 'pod2',
          map: 'cilium_lb4_services_v2',
        },
      );
      assert.equal(lb[0]!.step.cite, PER_PACKET_LB[version]);
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.deepEqual(
        {
          kind: nat[0]!.step.kind,
          by: nat[0]!.step.by,
          before: nat[0]!.step.before,
          after: nat[0]!.step.after,
        },
        {
          kind: 'dnat',
          by: 'bpf',
          before: { ip: CLUSTER_IP, port: 80 },
          after: { ip: '10.0.1.15', port: 8080 },
        },
      );
      assert.equal(nat[0]!.step.map, BACKENDS[version]);
      assert.equal(nat[0]!.hop.headers.ip.dst, CLUSTER_IP, 'the program sees the ClusterIP arrive');
      assert.equal(nat[0]!.hop.program?.file, 'bpf/bpf_lxc.c');
      // after the DNAT the egress policy and the ipcache see the backend
      assert.equal(ofType(t, 'policy')[0]!.step.identity, 51977);
      assert.equal(t.disposition, 'delivered');
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod2');
      assert.deepEqual(t.destination, { name: 'default/backend', ip: CLUSTER_IP });
    });

    test(`${version}: socket LB on — translated at connect() by ${SOCKET_LB[version].fn}, no per-packet lookup`, () => {
      const t = run({ to: CLUSTER_IP, port: 80, ciliumVersion: version, config: { socketLB: true } });
      const first = t.hops[0]!;
      assert.equal(first.hook, 'socket');
      assert.equal(first.program?.file, 'bpf/bpf_sock.c');
      assert.equal(first.program?.function, SOCKET_LB[version].fn);
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.equal(nat[0]!.hop, first);
      assert.equal(nat[0]!.step.cite, SOCKET_LB[version].xlate);
      assert.equal(ofType(t, 'lb')[0]!.step.cite, SOCKET_LB[version].lookup);
      assert.ok(
        !ofType(t, 'lookup').some((s) => s.step.map === 'cilium_lb4_services_v2'),
        'no per-packet LB',
      );
      assert.equal(t.hops[1]!.headers.ip.dst, '10.0.1.15', 'the packet is born with the backend address');
      assert.equal(t.disposition, 'delivered');
    });

    test(`${version}: from the host without kube-proxy replacement — kube-proxy's iptables DNAT`, () => {
      const t = run({
        from: 'node0',
        to: 'default/backend',
        port: 80,
        ciliumVersion: version,
        backend: 'pod3',
      });
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.equal(nat[0]!.step.by, 'iptables');
      assert.equal(nat[0]!.step.map, undefined);
      assert.deepEqual(nat[0]!.step.after, { ip: '10.0.1.72', port: 8080 });
      assert.ok(!ofType(t, 'lb').length, 'no BPF Service lookup');
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod3');
      assert.equal(ofType(t, 'policy').find((s) => s.step.direction === 'ingress')!.step.identity, 6);
    });
  }

  test('the backend port is what the backend pod policy sees', () => {
    const policies = manifests('policies/backend-allow-frontend.yaml');
    // backend-allow-frontend admits frontend on 80/TCP; the Service sends to targetPort 8080
    const t = run({ to: 'default/backend', port: 80, policies });
    assert.equal(t.disposition, 'dropped');
    assert.equal(ofType(t, 'drop')[0]!.step.reason, 'DROP_POLICY');
  });

  test('bad Service destinations and manifests: clear errors', () => {
    assert.throws(
      () => run({ to: 'default/backend', port: 81 }),
      /has no TCP port 81: its ports are 80\/TCP, 514\/UDP/,
    );
    assert.throws(
      () => run({ to: 'default/backend', backend: 'pod1' }),
      /--backend pod1 is not a backend of default\/backend: its backends are pod2, pod3/,
    );
    assert.throws(
      () => servicesFromManifests(manifests('services/invalid-named-port.yaml')),
      /services\/invalid-named-port\.yaml, document 2 \(Service default\/web\): spec\.ports\[0\]\.targetPort: "http_alt" is neither a port number nor a port name/,
    );
    assert.throws(
      () => servicesFromManifests(manifests('services/invalid-load-balancer.yaml')),
      /services\/invalid-load-balancer\.yaml, document 1 \(Service default\/pending-lb\): status\.loadBalancer\.ingress: a LoadBalancer Service needs an address/,
    );
    assert.throws(
      () =>
        servicesFromManifests(
          loadPolicyFiles([
            {
              name: 'x.yaml',
              text: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n',
            },
          ]),
        ),
      /x\.yaml, document 1 \(Service default\/a\): spec\.clusterIP: missing/,
    );
  });
});

describe('NodePort from outside', () => {
  const EXTERNAL = 'external:203.0.113.7';
  /** `ret = nodeport_lb4(…)` in bpf_host.c handle_ipv4 (compiled with ENABLE_NODEPORT). */
  const NODEPORT_LB4: Record<Release, string> = {
    'v1.10': 'v1.10.0 bpf/bpf_host.c:475',
    'v1.12': 'v1.12.0 bpf/bpf_host.c:491',
    'v1.16': 'v1.16.0 bpf/bpf_host.c:607',
    main: 'main bpf/bpf_host.c:624',
  };
  for (const version of RELEASES) {
    test(`${version}: kube-proxy, local backend: DNAT in PREROUTING, the client address kept, world at the pod`, () => {
      const t = run({ from: EXTERNAL, to: '172.26.50.102', port: 30080, ciliumVersion: version });
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.deepEqual(
        {
          kind: nat[0]!.step.kind,
          by: nat[0]!.step.by,
          before: nat[0]!.step.before,
          after: nat[0]!.step.after,
        },
        {
          kind: 'dnat',
          by: 'iptables',
          before: { ip: '172.26.50.102', port: 30080 },
          after: { ip: '10.0.1.15', port: 8080 },
        },
      );
      assert.equal(t.hops[0]!.hook, 'wire');
      assert.equal(ofType(t, 'policy').find((s) => s.step.direction === 'ingress')!.step.identity, 2);
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod2');
    });

    test(`${version}: kube-proxy, remote backend: DNAT and masquerade, the backend sees a remote node`, () => {
      const t = run({ from: EXTERNAL, to: NODE0_IP, port: 30080, ciliumVersion: version });
      const nat = ofType(t, 'nat');
      assert.deepEqual(
        nat.map((n) => [n.step.kind, n.step.by]),
        [
          ['dnat', 'iptables'],
          ['snat', 'iptables'],
        ],
      );
      // HOST_ID is sent as LOCAL_NODE_ID over the tunnel (v1.10.0 bpf/lib/encap.h:127)
      assert.equal(ofType(t, 'encap')[0]!.step.outer.vni, 6);
      assert.equal(ofType(t, 'policy').find((s) => s.step.direction === 'ingress')!.step.identity, 6);
      assert.equal(ofType(t, 'deliver')[0]!.step.pod, 'pod2');
    });

    test(`${version}: kube-proxy replacement, local backend: nodeport_lb4 DNATs in from-netdev`, () => {
      const t = run({
        from: EXTERNAL,
        to: '172.26.50.102',
        port: 30080,
        ciliumVersion: version,
        config: { kubeProxyReplacement: true, socketLB: true },
      });
      const nat = ofType(t, 'nat');
      assert.equal(nat.length, 1);
      assert.equal(nat[0]!.step.by, 'bpf');
      assert.equal(nat[0]!.step.cite, NODEPORT_LB4[version]);
      assert.equal(nat[0]!.hop.device, 'eth0');
      assert.equal(ofType(t, 'lb')[0]!.step.frontend, '172.26.50.102:30080');
      assert.equal(t.disposition, 'delivered');
    });
  }

  test('bad NodePort requests are refused clearly (a remote backend: trace-nodeport-remote.test.ts)', () => {
    assert.throws(
      () => run({ from: EXTERNAL, to: NODE0_IP, port: 30081 }),
      /No Service has the TCP NodePort 30081/,
    );
    assert.throws(() => run({ from: 'external:10.0.0.9', to: NODE0_IP, port: 30080 }), /inside the cluster/);
    assert.throws(() => run({ from: EXTERNAL, to: '8.8.8.8', port: 30080 }), /is neither: nodes are/);
  });
});

describe('hover text on translation call sites', () => {
  test('names the release’s maps and programs and when the translation happens there', () => {
    const v16 = translationDoc('lb4_lookup_service', parseCiliumVersion('v1.16'))!;
    assert.match(v16, /cilium_lb4_services_v2/);
    assert.match(v16, /cilium_lb4_backends_v3/);
    assert.match(v16, /when the socket LB is off \(ENABLE_PER_PACKET_LB/);
    assert.match(v16, /cil_sock4_connect/); // v1.16.0 bpf/bpf_sock.c:460
    const v10 = translationDoc('lb4_lookup_service', parseCiliumVersion('v1.10'))!;
    assert.match(v10, /`cilium_lb4_backends`/);
    assert.match(v10, /ENABLE_HOST_SERVICES_FULL undefined/); // v1.10.0 bpf/bpf_lxc.c:555 // v1.10.0 pkg/datapath/linux/config/config.go:186
    assert.match(v10, /sock4_connect/); // v1.10.0 bpf/bpf_sock.c:447
    assert.match(translationDoc('handle_nat_fwd', parseCiliumVersion('main'))!, /cilium_snat_v4_external/);
    assert.equal(translationDoc('ipv4_local_delivery', parseCiliumVersion('main')), undefined);
  });
});
