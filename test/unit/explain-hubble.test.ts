/** `hubble observe` text and JSON flows, from public samples (test/fixtures/observations/README.md). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY } from '../../src/core';
import { explain, fixtureLines } from './explain-helpers';

describe('hubble observe text (compact)', () => {
  const lines = fixtureLines('hubble-text.txt');
  test('pods by namespace/name, ports, the event and the verdict', () => {
    const o = explain(lines[1]!);
    assert.equal(o.kind, 'flow');
    assert.equal(o.format, 'hubble-text');
    assert.equal(o.verdict, 'FORWARDED');
    assert.equal(o.observationPoint, 'to-stack');
    assert.deepEqual(o.source, {
      ip: null,
      port: 43006,
      identity: null,
      namespace: 'default',
      pod: 'cronjob-1623329400-8mg2z',
    });
    assert.equal(o.destination.pod, 'deployment-85c67465d6-tfgcp');
    assert.equal(o.protocol, 'tcp');
    assert.equal(o.summary, 'TCP Flags: SYN');
  });
  test('a DROPPED flow prints the monitor text: "Policy denied" is DROP_POLICY -133 (v1.7+ text)', () => {
    const o = explain(lines[2]!, { ciliumVersion: 'v1.10' });
    assert.equal(o.verdict, 'DROPPED');
    assert.equal(o.reasonText, 'Policy denied');
    assert.equal(o.reason, 'DROP_POLICY');
    assert.equal(o.reasonCode, -133);
    assert.equal(o.source.ip, '10.8.14.163');
  });
  test('identities in parentheses; "<-" is a reply from the right-hand endpoint', () => {
    const req = explain(lines[3]!);
    assert.equal(req.source.identity, 5152);
    assert.equal(req.destination.identity, 'world');
    assert.equal(req.observationPoint, 'to-proxy');
    const reply = explain(lines[4]!);
    assert.equal(reply.source.pod, 'echo-service');
    assert.equal(reply.destination.pod, 'client-7dccb64ff6-t5gc7');
    assert.equal(reply.observationPoint, 'to-endpoint');
  });
  test('a policy match type in the event column is kept as the message', () => {
    assert.equal(explain(lines[0]!).message, 'L3-Only');
  });
});

describe('hubble observe -o json', () => {
  const [v6, policy] = fixtureLines('hubble-flows.jsonl');
  test('drop_reason_desc names the reason (flow.proto DropReason POLICY_DENIED = 133)', () => {
    const o = explain(policy!, { ciliumVersion: 'v1.14' });
    assert.equal(o.format, 'hubble-json');
    assert.equal(o.reason, 'DROP_POLICY');
    assert.equal(o.reasonCode, -133);
    assert.deepEqual(o.source, {
      ip: '10.244.1.60',
      port: 44916,
      identity: null,
      pod: 'xwing',
      namespace: 'default',
    });
    assert.equal(o.destination.port, 80);
    assert.equal(o.summary, 'TCP Flags: SYN');
  });
  test('INVALID_SOURCE_IP is DROP_INVALID_SIP -132, over ICMPv6', () => {
    const o = explain(v6!, { ciliumVersion: 'v1.14' });
    assert.equal(o.reason, 'DROP_INVALID_SIP');
    assert.equal(o.protocol, 'icmpv6');
  });
  test('a bare flow object (no "flow" wrapper) reads the same', () => {
    const inner = JSON.stringify(JSON.parse(policy!).flow);
    assert.equal(explain(inner, { ciliumVersion: 'v1.14' }).reason, 'DROP_POLICY');
  });
});

describe('a flow placed in the topology is traced up to where it was observed', () => {
  const [forwarded, dropped] = fixtureLines('hubble-flows-sample-topology.jsonl');
  test('TO_ENDPOINT: the whole path to the pod, delivered', () => {
    const o = explain(forwarded!, { ciliumVersion: 'v1.10', topology: DEFAULT_TOPOLOGY, mode: 'vxlan' });
    assert.equal(o.observationPoint, 'to-endpoint');
    assert.ok(o.trace, o.warnings.join('\n'));
    assert.equal(o.trace.source.name, 'pod0');
    assert.equal(o.trace.destination.name, 'pod3');
    assert.equal(o.trace.hops.at(-1)!.steps.at(-1)!.type, 'deliver');
  });
  test('a drop in bpf_lxc.c: the trace ends at the last bpf_lxc.c program, and says the model did not drop it', () => {
    const o = explain(dropped!, { ciliumVersion: 'v1.10', topology: DEFAULT_TOPOLOGY, mode: 'vxlan' });
    assert.equal(o.reason, 'DROP_POLICY');
    assert.equal(o.file, 'bpf_lxc.c');
    assert.equal(o.line, 1998);
    assert.ok(o.trace);
    const last = o.trace.hops.at(-1)!;
    assert.equal(last.program?.file, 'bpf/bpf_lxc.c');
    assert.equal(last.node, 'node1');
    assert.ok(o.warnings.some((w) => w.includes('delivered, not dropped')));
  });
  test('endpoints outside the topology: no trace, and the warning says why', () => {
    const o = explain(fixtureLines('hubble-flows.jsonl')[1]!, { topology: DEFAULT_TOPOLOGY });
    assert.equal(o.trace, undefined);
    assert.ok(o.warnings.some((w) => w.startsWith('no trace: the source')));
  });
});
