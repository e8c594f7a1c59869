/**
 * `cilium monitor` lines in every form the releases printed, from public samples
 * (test/fixtures/observations/README.md names the source of each). The printers are cited per form.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseObservationLine } from '../../src/core/observe';
import { explain, fixtureLines } from './explain-helpers';

describe('monitor drop without a file (v1.4 … v1.11)', () => {
  // v1.4.0 pkg/monitor/datapath_drop.go:46 "xx drop (%s) flow %#x to endpoint %d, identity %d->%d: %s"
  const [l3, dmac, v6, v4, noFlow] = fixtureLines('monitor-drop-no-file.txt');
  test('"Policy denied (L3)" is DROP_POLICY -133 of v1.4 … v1.6; with no release given the line names v1.6', () => {
    const o = explain(l3!);
    assert.equal(o.kind, 'drop');
    assert.equal(o.ciliumVersion, 'v1.6'); // v1.6.0 pkg/monitor/api/drop.go: 133 "Policy denied (L3)"
    assert.equal(o.reason, 'DROP_POLICY'); // v1.6.0 bpf/lib/common.h: #define DROP_POLICY -133
    assert.equal(o.reasonCode, -133);
    assert.equal(o.file, undefined);
    assert.deepEqual(o.source, { ip: '10.2.1.205', port: 38631, identity: 5 });
    assert.deepEqual(o.destination, { ip: '10.2.2.169', port: 53, identity: 7479 });
    assert.equal(o.protocol, 'udp');
    assert.ok(o.warnings.some((w) => /decoded as v1\.6/.test(w)));
  });
  test('the same text asked as v1.10 is not a v1.10 reason, and the warning names where it is one', () => {
    const o = explain(l3!, { ciliumVersion: 'v1.10' });
    assert.equal(o.reason, undefined);
    assert.ok(
      o.warnings.some((w) => w.includes('DROP_POLICY (-133) in v1.4 … v1.6')),
      o.warnings.join('\n'),
    );
  });
  test('"Invalid destination mac" in v1.4 is DROP_INVALID_DMAC -131 (v1.4.0 bpf/lib/common.h:249)', () => {
    const o = explain(dmac!, { ciliumVersion: 'v1.4' });
    assert.equal(o.reason, 'DROP_INVALID_DMAC');
    assert.equal(o.reasonCode, -131);
    assert.equal(o.protocol, 'icmpv6');
    assert.equal(o.summary, 'RouterSolicitation');
  });
  test('bracketed IPv6 addresses with ports', () => {
    const o = explain(v6!);
    assert.deepEqual(o.source, { ip: 'f00d::a10:0:0:ba4b', port: 32944, identity: 21940 });
    assert.deepEqual(o.destination, { ip: '2a00:1450:400a:801::2004', port: 443, identity: 2 });
    assert.equal(o.summary, 'SYN');
    assert.equal(explain(v4!).destination.port, 80);
  });
  test('the docs variant without a flow hash: endpoint and ICMP', () => {
    const o = explain(noFlow!, { ciliumVersion: 'v1.10' });
    assert.equal(o.flow, undefined);
    assert.equal(o.reason, 'DROP_POLICY');
    assert.equal(o.destination.endpointId, 25729);
    assert.equal(o.protocol, 'icmp');
  });
});

describe('monitor drop "file X line N" (v1.12)', () => {
  // v1.12.0 pkg/monitor/datapath_drop.go:52 "…to endpoint %d, file %s line %d, " then ", identity %d->%d"
  const [aks, bookinfo, l3] = fixtureLines('monitor-drop-file-line-words.txt');
  test('file, line and the release the form belongs to', () => {
    const o = explain(aks!);
    assert.equal(o.ciliumVersion, 'v1.12');
    assert.equal(o.file, 'bpf_lxc.c');
    assert.equal(o.line, 1182);
    assert.equal(o.reason, 'DROP_POLICY');
    assert.deepEqual(o.warnings, []);
  });
  test('to endpoint 148 is the destination endpoint', () => {
    const o = explain(bookinfo!);
    assert.equal(o.line, 1916);
    assert.equal(o.destination.endpointId, 148);
    assert.equal(o.source.identity, 22047);
  });
  test('a reserved identity printed by name, and "Unsupported L3 protocol" (DROP_UNKNOWN_L3 -139 in v1.12)', () => {
    const o = explain(l3!);
    assert.equal(o.destination.identity, 'unknown');
    assert.equal(o.reason, 'DROP_UNKNOWN_L3'); // v1.12.0 bpf/lib/common.h: #define DROP_UNKNOWN_L3 -139
    assert.equal(o.reasonCode, -139);
  });
  test('the same line decoded as v1.16 warns that v1.16 never printed this form', () => {
    const o = explain(aks!, { ciliumVersion: 'v1.16' });
    assert.ok(
      o.warnings.some((w) => w.includes('printed by v1.12, not v1.16')),
      o.warnings.join('\n'),
    );
  });
});

describe('monitor drop with numeric file ids (v1.13)', () => {
  // v1.13.0 pkg/monitor/datapath_drop.go:52 "file %d:%d"; ids from v1.13.0 bpf/source_names_to_ids.h:24 (2 bpf_lxc.c), :29 (101 arp.h)
  const [lxc, arp] = fixtureLines('monitor-drop-file-id.txt');
  test('id 2 is bpf_lxc.c and the line is decoded as v1.13', () => {
    const o = explain(lxc!);
    assert.equal(o.ciliumVersion, 'v1.13');
    assert.equal(o.fileId, 2);
    assert.equal(o.file, 'bpf_lxc.c');
    assert.equal(o.line, 1167);
    assert.equal(o.ifindex, 14);
    assert.equal(o.reason, 'DROP_POLICY');
  });
  test('id 101 is the header arp.h; "Invalid packet" is DROP_INVALID -134', () => {
    const o = explain(arp!);
    assert.equal(o.file, 'arp.h');
    assert.equal(o.reason, 'DROP_INVALID'); // v1.13.0 bpf/lib/common.h: #define DROP_INVALID -134
    assert.equal(o.protocol, 'arp');
  });
  test('an id the release does not define is a warning, not a guess', () => {
    const o = explain(lxc!.replace('file 2:1167', 'file 7:1167'));
    assert.equal(o.file, undefined);
    assert.ok(o.warnings.some((w) => w.includes('no source file id 7')));
  });
});

describe('monitor drop "file X:N" (v1.14 … main)', () => {
  // v1.14.0 pkg/monitor/datapath_drop.go:76 "…ifindex %d, file %s:%d, " then ", identity %s->%s"
  const [fqdn, issue] = fixtureLines('monitor-drop-file-name.txt');
  test('file:line, ifindex, world by name', () => {
    const o = explain(fqdn!);
    assert.equal(o.file, 'bpf_lxc.c');
    assert.equal(o.line, 1274);
    assert.equal(o.ifindex, 29);
    assert.equal(o.destination.identity, 'world');
    assert.equal(o.ciliumVersion, 'v1.14');
    assert.ok(o.warnings.some((w) => w.includes('v1.14 … main')));
  });
  test('the issue example, its flow hash elided', () => {
    const o = explain(issue!, { ciliumVersion: 'v1.16' });
    assert.equal(o.line, 1998);
    assert.equal(o.destination.endpointId, 164);
    assert.deepEqual(o.warnings, []);
  });
  test('an extended error after the reason ("Policy denied, 3") still decodes', () => {
    const o = explain(issue!.replace('(Policy denied)', '(Policy denied, 3)'), { ciliumVersion: 'v1.16' });
    assert.equal(o.reason, 'DROP_POLICY');
  });
});

describe('monitor trace events', () => {
  const lines = fixtureLines('monitor-trace.txt');
  test('every summary maps to its observation point (pkg/monitor/datapath_trace.go traceSummary)', () => {
    assert.deepEqual(
      lines.map((l) => explain(l).observationPoint),
      ['from-endpoint', 'to-stack', 'to-endpoint', 'to-endpoint', 'to-stack', 'to-endpoint'],
    );
  });
  test('endpoint ids, state, ifindex name and the reply direction', () => {
    const first = explain(lines[0]!);
    assert.equal(first.kind, 'trace');
    assert.equal(first.source.endpointId, 42910);
    assert.equal(first.state, 'new');
    const reply = explain(lines[3]!);
    assert.equal(reply.destination.endpointId, 3459);
    assert.equal(reply.state, 'reply');
    assert.equal(reply.ifindex, 'lxc84b58cbdabfe');
    assert.deepEqual(reply.source, { ip: '10.63.240.10', port: 53, identity: 15194 });
  });
  test('the ", identity" form (v1.16+) with a reserved identity name', () => {
    const o = explain(lines[5]!);
    assert.equal(o.source.identity, 'ingress');
    assert.equal(o.destination.identity, 61131);
    assert.equal(o.destination.endpointId, 212);
  });
});

describe('policy verdicts, debug and verbose events', () => {
  const verdicts = fixtureLines('monitor-policy-verdict.txt');
  test('ingress deny: the local endpoint is the destination, the remote identity the source', () => {
    const o = explain(verdicts[0]!);
    assert.equal(o.kind, 'policy-verdict');
    assert.equal(o.verdict, 'deny');
    assert.equal(o.direction, 'ingress');
    assert.equal(o.match, 'none');
    assert.equal(o.destination.endpointId, 429);
    assert.equal(o.source.identity, 6552143);
  });
  test('egress allow: the local endpoint is the source', () => {
    const o = explain(verdicts[1]!);
    assert.equal(o.source.endpointId, 3459);
    assert.equal(o.destination.identity, 16777217);
    assert.equal(o.match, 'L3-Only');
    assert.equal(explain(verdicts[2]!).verdict, 'audit');
  });
  test('the v1.8 form: dst port and "ingress true" (v1.8.0 pkg/monitor/datapath_policy.go:107)', () => {
    const o = explain(verdicts[3]!);
    assert.equal(o.direction, 'ingress');
    assert.equal(o.verdict, 'allow');
    assert.equal(o.match, 'L3-L4');
    assert.equal(o.destination.endpointId, 1121);
    assert.equal(o.source.identity, 16307);
    assert.equal(o.destination.port, 80);
  });
  const debug = fixtureLines('monitor-debug.txt');
  test('debug messages keep their text and the addresses they name', () => {
    const o = explain(debug[0]!);
    assert.equal(o.kind, 'debug');
    assert.equal(o.message, 'Successfully mapped daddr=10.15.0.1 to identity=1');
    assert.equal(o.destination.ip, '10.15.0.1');
    const proxy = explain(debug[1]!);
    assert.deepEqual(
      [proxy.source.ip, proxy.source.port, proxy.destination.port],
      ['10.15.235.94', 4240, 34090],
    );
  });
  test('verbose trace and drop forms', () => {
    const t = explain(debug[2]!);
    assert.equal(t.kind, 'trace');
    assert.equal(t.observationPoint, 'from-host');
    const d = explain(debug[3]!, { ciliumVersion: 'v1.5' });
    assert.equal(d.kind, 'drop');
    assert.equal(d.reason, 'DROP_UNSUPPORTED_L2'); // v1.5.0 bpf/lib/common.h: #define DROP_UNSUPPORTED_L2 -166
    assert.equal(d.source.endpointId, 1328);
  });
});

describe('lines that are not events', () => {
  test('one clear error each', () => {
    for (const line of [
      '',
      'hello world',
      'xx drop (Policy denied) flow 0x1 to endpoint 0, identity 1->2: nonsense',
      '{"a":1}',
      '{',
    ]) {
      const r = parseObservationLine(line);
      assert.equal(r.ok, false, line);
      if (!r.ok) assert.ok(r.error.length > 5);
    }
  });
});
