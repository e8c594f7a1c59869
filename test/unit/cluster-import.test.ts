/**
 * Importing a cluster snapshot: each input kind on fixtures in the shape of real kubectl output
 * (test/fixtures/cluster/README.md names the samples), then the whole snapshot as a topology that
 * validates and traces by the pods' real names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DatapathError, parseTopology, trace } from '../../src/core';
import { classifyInput, importSnapshot, sysdumpRole, agentVersionOfDaemonSet } from '../../src/core/cluster';
import { parseCiliumConfig } from '../../src/core/cluster/cilium-config';
import { parseCiliumEndpoints } from '../../src/core/cluster/cilium-endpoint';
import { parseCiliumNodes } from '../../src/core/cluster/cilium-node';
import type { ImportWarning } from '../../src/core/cluster/k8s-objects';
import { modeFromCiliumConfig, versionHintsFromCiliumConfig } from '../../src/core/model/cluster-hints';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cluster');
const fixture = (name: string) => ({ file: name, text: readFileSync(join(DIR, name), 'utf8') });

describe('cilium-config ConfigMap', () => {
  test('data goes into config verbatim; routing-mode=tunnel + tunnel-protocol=vxlan picks the VXLAN preset', () => {
    const w: ImportWarning[] = [];
    const c = parseCiliumConfig(fixture('cilium-config.yaml').text, 'cilium-config.yaml', w);
    assert.equal(c.data['routing-mode'], 'tunnel');
    assert.equal(c.data['cluster-pool-ipv4-cidr'], '10.244.0.0/16');
    assert.equal(c.data['enable-ipv4'], 'true'); // "true" stays a string, as kubectl prints it
    assert.equal(c.mode, 'vxlan');
    // v1.14.0 pkg/option/config.go:519 routing-mode; v1.16.0 pkg/option/config.go:407 enable-tcx
    assert.deepEqual(
      c.versionHints.map((h) => [h.from, h.to]),
      [
        [14, undefined],
        [16, undefined],
      ],
    );
    assert.ok(
      w.some(
        (x) =>
          x.object === 'ConfigMap kube-system/cilium-config' &&
          /mode vxlan: routing-mode=tunnel/.test(x.message),
      ),
    );
  });
  test('a v1.10 ConfigMap as JSON: tunnel=disabled is native routing, and bounds the release to ≤ v1.14', () => {
    const c = parseCiliumConfig(fixture('cilium-config-v1.10-native.json').text, 'cm.json', []);
    assert.equal(c.mode, 'native');
    assert.deepEqual(c.versionHints, [
      { to: 14, reason: 'tunnel was removed in v1.15 (replaced by routing-mode)' },
    ]);
  });
  test('each key that picks a preset', () => {
    assert.equal(modeFromCiliumConfig({ 'routing-mode': 'native' }).mode, 'native');
    assert.equal(
      modeFromCiliumConfig({ 'routing-mode': 'tunnel', 'tunnel-protocol': 'geneve' }).mode,
      'geneve',
    );
    assert.equal(modeFromCiliumConfig({ tunnel: 'geneve' }).mode, 'geneve');
    assert.equal(modeFromCiliumConfig({ 'datapath-mode': 'ipvlan', tunnel: 'disabled' }).mode, 'ipvlan');
    assert.equal(modeFromCiliumConfig({}).mode, 'vxlan');
    assert.equal(modeFromCiliumConfig({ 'routing-mode': 'bgp' }).mode, undefined);
    assert.deepEqual(versionHintsFromCiliumConfig({ 'datapath-mode': 'ipvlan' }), [
      { to: 12, reason: 'IPVLAN was removed in v1.13' },
    ]);
  });
  test('a ConfigMap whose data is not a mapping is an error naming file, object and field', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata: [1]\n';
    assert.throws(
      () => parseCiliumConfig(text, 'cm.yaml', []),
      /cm\.yaml: ConfigMap kube-system\/cilium-config: data: must be a mapping/,
    );
  });
  test('a file of other objects is refused, saying what it holds', () => {
    assert.throws(
      () => parseCiliumConfig(fixture('ciliumnodes.yaml').text, 'ciliumnodes.yaml', []),
      /ciliumnodes\.yaml: CiliumNode kind-control-plane: kind: is CiliumNode, expected ConfigMap/,
    );
  });
});

describe('CiliumNode', () => {
  test('InternalIP, first IPv4 PodCIDR, CiliumInternalIP, health IP and encryption key of each node', () => {
    const nodes = parseCiliumNodes(fixture('ciliumnodes.yaml').text, 'ciliumnodes.yaml', []);
    assert.deepEqual(
      nodes.map((n) => [n.name, n.ip, n.podCidr, n.ciliumHostIp, n.healthIp, n.encryptionKey]),
      [
        ['kind-control-plane', '172.18.0.3', '10.244.0.0/24', '10.244.0.188', '10.244.0.57', undefined],
        ['kind-worker', '172.18.0.2', '10.244.1.0/24', '10.244.1.92', '10.244.1.140', 3],
      ],
    );
    // the IPv6 InternalIP is not a node address for IPv4 traces
    assert.deepEqual(nodes[0]!.addresses, ['172.18.0.3', '10.244.0.188']);
  });
  test('a node without a PodCIDR is skipped with a warning naming it and the field', () => {
    const w: ImportWarning[] = [];
    const text = `apiVersion: cilium.io/v2
kind: CiliumNode
metadata:
  name: ip-10-0-1-23.ec2.internal
spec:
  addresses:
  - ip: 10.0.1.23
    type: InternalIP
  eni:
    instance-id: i-0abc
  ipam: {}
`;
    assert.deepEqual(parseCiliumNodes(text, 'eni.yaml', w), []);
    assert.deepEqual(
      w.map((x) => [x.file, x.object, x.field]),
      [['eni.yaml', 'CiliumNode ip-10-0-1-23.ec2.internal', 'spec.ipam.podCIDRs']],
    );
  });
  test('an address that is not {type, ip} is an error naming file, object and field', () => {
    const text =
      'apiVersion: cilium.io/v2\nkind: CiliumNode\nmetadata:\n  name: n1\nspec:\n  addresses:\n  - 10.0.0.1\n';
    assert.throws(
      () => parseCiliumNodes(text, 'n.yaml', []),
      /n\.yaml: CiliumNode n1: spec\.addresses\[0\]: must be an object \{type, ip\}/,
    );
  });
});

describe('CiliumEndpoint', () => {
  test('endpoint id, IPv4, node IP, identity and k8s labels; namespace labels kept apart', () => {
    const eps = parseCiliumEndpoints(fixture('ciliumendpoints.json').text, 'ciliumendpoints.json', []);
    assert.equal(eps.length, 4);
    const backend = eps.find((e) => e.name === 'backend-6c9d4b7f8-q7h2m')!;
    assert.deepEqual(
      [backend.namespace, backend.ip, backend.endpointId, backend.identity, backend.nodeIp],
      ['shop', '10.244.1.87', 688, 46212, '172.18.0.2'],
    );
    assert.deepEqual(backend.labels, {
      app: 'backend',
      'io.cilium.k8s.policy.cluster': 'kind-kind',
      'io.cilium.k8s.policy.serviceaccount': 'default',
      tier: 'api',
    });
    assert.deepEqual(backend.namespaceLabels, { 'kubernetes.io/metadata.name': 'shop', team: 'payments' });
  });
  test('one object in YAML', () => {
    const [ep] = parseCiliumEndpoints(fixture('ciliumendpoint-single.yaml').text, 'cep.yaml', []);
    assert.deepEqual(
      [ep!.name, ep!.endpointId, ep!.identity, ep!.labels.run],
      ['client', 1489, 27734, 'client'],
    );
  });
  test('a string endpoint id is an error naming file, object and field', () => {
    const text = fixture('ciliumendpoint-single.yaml').text.replace('id: 1489', 'id: "1489"');
    assert.throws(
      () => parseCiliumEndpoints(text, 'cep.yaml', []),
      (e: unknown) =>
        e instanceof DatapathError &&
        e.message === 'cep.yaml: CiliumEndpoint default/client: status.id: must be an integer, got "1489"',
    );
  });
  test('an endpoint without IPv4 is skipped with a warning naming the field', () => {
    const w: ImportWarning[] = [];
    const text = fixture('ciliumendpoint-single.yaml').text.replace(
      '- ipv4: 10.244.1.203',
      '- ipv6: fd00::5a1',
    );
    assert.deepEqual(parseCiliumEndpoints(text, 'cep.yaml', w), []);
    assert.equal(w[0]!.field, 'status.networking.addressing');
  });
});

describe('a snapshot becomes a topology', () => {
  const input = () => ({
    config: fixture('cilium-config.yaml'),
    nodes: [fixture('ciliumnodes.yaml')],
    endpoints: [fixture('ciliumendpoints.json')],
    ciliumVersion: 'v1.16',
  });
  test('it validates, keeps real names, repeats endpoint ids across nodes, and traces pod to pod', () => {
    const { topology, warnings } = importSnapshot(input());
    const t = parseTopology(JSON.stringify(topology), 'imported');
    assert.equal(t.mode, 'vxlan');
    assert.equal(t.ciliumVersion, 'v1.16');
    assert.deepEqual(
      t.pods.map((p) => [p.name, p.node, p.endpointId]),
      [
        ['frontend-7d4b9c6f5-x2k9p', 'kind-control-plane', 1021],
        ['frontend-7d4b9c6f5-m8r4t', 'kind-worker', 3044],
        ['backend-6c9d4b7f8-q7h2m', 'kind-worker', 688],
        ['backend-6c9d4b7f8-z5n1c', 'kind-control-plane', 2731],
      ],
    );
    assert.equal(t.config['tunnel-protocol'], 'vxlan');
    assert.deepEqual(t.namespaces.shop!.labels, { 'kubernetes.io/metadata.name': 'shop', team: 'payments' });
    assert.equal(t.nodes[1]!.ciliumHostIp, '10.244.1.92');
    // spec.encryption.key: 3 on kind-worker (fixtures/cluster/ciliumnodes.yaml), {} on the control plane
    assert.deepEqual(
      t.nodes.map((n) => n.encryptionKey),
      [undefined, 3],
    );
    assert.ok(warnings.some((w) => /node subnet \/24 assumed/.test(w.message)));
    const r = trace({ mode: 'vxlan', from: 'frontend-7d4b9c6f5-x2k9p', to: 'backend-6c9d4b7f8-q7h2m' }, t);
    assert.equal(r.disposition, 'delivered');
    assert.equal(r.ciliumVersion, 'v1.16');
    // the destination's own endpoint id keys the policy tail call on kind-worker
    const steps = r.hops.flatMap((h) => h.steps);
    assert.ok(
      steps.some((s) => s.type === 'tail-call' && 'key' in s && s.key === 688),
      JSON.stringify(steps.map((s) => s.type)),
    );
  });
  test('the release comes from the agent image when not given, and the ConfigMap hints are checked against it', () => {
    const { topology, warnings } = importSnapshot({
      ...input(),
      ciliumVersion: undefined,
      detectedVersion: { version: 'v1.13.4', source: 'sysdump.zip:cilium-daemonset.yaml' },
    } as never);
    assert.equal(topology.ciliumVersion, 'v1.13.4');
    assert.ok(
      warnings.some((w) => /does not fit v1\.13\.4: routing-mode exists from v1\.14/.test(w.message)),
    );
  });
  test('a pod outside every imported PodCIDR is skipped, naming the CiliumEndpoint', () => {
    const eps = fixture('ciliumendpoints.json');
    const text = eps.text
      .replace('"10.244.1.45"', '"10.245.7.9"')
      .replace('"node": "172.18.0.2"', '"node": "172.18.0.9"');
    const { topology, warnings } = importSnapshot({ ...input(), endpoints: [{ file: 'eps.json', text }] });
    assert.equal((topology.pods as unknown[]).length, 3);
    assert.ok(
      warnings.some(
        (w) => w.object === 'CiliumEndpoint default/frontend-7d4b9c6f5-m8r4t' && /skipped/.test(w.message),
      ),
    );
  });
  test('a second endpoint with the same id on one node (a stale CiliumEndpoint) is skipped, naming both', () => {
    const text = fixture('ciliumendpoints.json').text.replace('"id": 2731', '"id": 1021');
    const { topology, warnings } = importSnapshot({ ...input(), endpoints: [{ file: 'eps.json', text }] });
    assert.deepEqual(
      (topology.pods as Array<{ name: string }>).map((p) => p.name),
      ['frontend-7d4b9c6f5-x2k9p', 'frontend-7d4b9c6f5-m8r4t', 'backend-6c9d4b7f8-q7h2m'],
    );
    assert.ok(
      warnings.some(
        (w) =>
          w.file === 'eps.json' &&
          w.object === 'CiliumEndpoint shop/backend-6c9d4b7f8-z5n1c' &&
          w.message ===
            "endpoint id 1021 on kind-control-plane is also CiliumEndpoint default/frontend-7d4b9c6f5-x2k9p in eps.json's (a stale endpoint?): skipped",
      ),
      JSON.stringify(warnings),
    );
  });
  test('an identity shared by pods whose labels differ is an error naming both CiliumEndpoints and their file', () => {
    const text = fixture('ciliumendpoints.json').text.replace('"id": 46212', '"id": 52901');
    assert.throws(
      () => importSnapshot({ ...input(), endpoints: [{ file: 'eps.json', text }] }),
      /CiliumEndpoint shop\/backend-6c9d4b7f8-q7h2m in eps\.json: identity: identity 52901 is also CiliumEndpoint default\/frontend-7d4b9c6f5-x2k9p in eps\.json's/,
    );
  });
  test('manifests are referenced as policyFiles and their errors name file, document and field', () => {
    const m = fixture('shop-policy-and-service.yaml');
    const { topology } = importSnapshot({
      ...input(),
      manifests: [{ ...m, path: 'shop-policy-and-service.yaml' }],
    });
    assert.deepEqual(topology.policyFiles, ['shop-policy-and-service.yaml']);
    const broken = m.text.replace('port: "8080"', 'port: "eighty"');
    assert.throws(
      () => importSnapshot({ ...input(), manifests: [{ file: 'bad.yaml', text: broken, path: 'bad.yaml' }] }),
      /bad\.yaml/,
    );
  });
  test('no nodes: a clear error naming the file', () => {
    assert.throws(
      () =>
        importSnapshot({
          ...input(),
          nodes: [{ file: 'empty.yaml', text: 'apiVersion: v1\nkind: List\nitems: []\n' }],
        }),
      /empty\.yaml: no CiliumNode with an IPv4 address and PodCIDR/,
    );
  });
});

describe('sysdump and folder inputs', () => {
  test('sysdump entries are picked by cilium-cli’s names, with the timestamp, under any folder', () => {
    assert.equal(sysdumpRole('cilium-sysdump-20240611-093000/ciliumnodes-20240611-093000.yaml'), 'nodes');
    assert.equal(sysdumpRole('ciliumendpoints-20240611-093000.yaml'), 'endpoints');
    assert.equal(sysdumpRole('x/cilium-configmap-20240611-093000.yaml'), 'config');
    assert.equal(sysdumpRole('x/k8s-services-20240611-093000.yaml'), 'manifest');
    assert.equal(sysdumpRole('x/ciliumclusterwidenetworkpolicies-20240611-093000.yaml'), 'manifest');
    assert.equal(sysdumpRole('x/cilium-daemonset-20240611-093000.yaml'), 'daemonset');
    // ciliumendpointslices is another file; so are logs and the envoy ConfigMap
    assert.equal(sysdumpRole('x/ciliumendpointslices-20240611-093000.yaml'), undefined);
    assert.equal(sysdumpRole('x/cilium-envoy-configmap-20240611-093000.yaml'), undefined);
    assert.equal(sysdumpRole('x/ciliumnodes.yaml'), undefined);
  });
  test('the cilium-agent image tag gives the release', () => {
    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: cilium-agent
        image: quay.io/cilium/cilium:v1.16.3@sha256:62d2a09bbef840a46099ac4c69421c90f84f28d018d479749049011329aa7f28
`;
    assert.equal(agentVersionOfDaemonSet(ds, 'ds.yaml'), 'v1.16.3');
  });
  test('a folder’s files are told apart by their kinds', () => {
    assert.deepEqual(classifyInput(fixture('ciliumnodes.yaml').text, 'a'), { role: 'nodes' });
    assert.deepEqual(classifyInput(fixture('ciliumendpoints.json').text, 'b'), { role: 'endpoints' });
    assert.deepEqual(classifyInput(fixture('cilium-config.yaml').text, 'c'), { role: 'config' });
    assert.deepEqual(classifyInput(fixture('shop-policy-and-service.yaml').text, 'd'), { role: 'manifest' });
    assert.ok('skip' in classifyInput('kind: Deployment\nmetadata: {name: x}\n', 'e'));
  });
});
