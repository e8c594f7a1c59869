/**
 * `bpftool net show` (text and -j JSON, iproute2 / Go-loader / tcx names) against the model's
 * attachment table: agree, missing, unexpected, not modelled; each program resolved to its source.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { configFor, parseCiliumVersion } from '../../src/core';
import { parseBpftoolNet, verifyAttachments, type AttachmentFinding } from '../../src/core/attach';
import { identifyAttachedProgram } from '../../src/core/model/attached-programs';

const DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cluster');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const verify = (name: string, mode: string, version: string) => {
  const v = parseCiliumVersion(version);
  return verifyAttachments(parseBpftoolNet(read(name), name), configFor(mode, v), v);
};
const find = (fs: AttachmentFinding[], device: string, direction: string) =>
  fs.filter((f) => f.device === device && f.direction === direction);

describe('bpftool net show parsing', () => {
  test('text: sections, device(ifindex), kind, iproute2 name and id', () => {
    const l = parseBpftoolNet(read('bpftool-net-v1.10-vxlan.txt'), 'a.txt');
    assert.equal(l.attachments.length, 9);
    assert.deepEqual(l.attachments[4], {
      device: 'cilium_vxlan',
      ifindex: 5,
      kind: 'clsact/ingress',
      section: 'tc',
      name: 'bpf_overlay.o:[from-overlay]',
      progId: 1901,
      line: 8,
    });
    assert.deepEqual(l.skipped, []);
  });
  test('text: Go-loader names, a pasted shell prompt is skipped (and reported)', () => {
    const l = parseBpftoolNet(read('bpftool-net-v1.14-tc.txt'), 'b.txt');
    assert.equal(l.attachments[0]!.name, 'cil_from_netdev-eth0');
    assert.deepEqual(l.skipped, [{ line: 1, text: 'root@kind-worker:/home/cilium# bpftool net show' }]);
  });
  test('text: tcx links (prog_id, link_id) and XDP entries', () => {
    const l = parseBpftoolNet(
      'xdp:\neth0(2) driver id 198\n\ntc:\nlxc1(12) tcx/ingress cil_from_container prog_id 1234 link_id 7 \n',
      'c.txt',
    );
    assert.deepEqual(l.attachments, [
      { device: 'eth0', ifindex: 2, kind: 'driver', section: 'xdp', progId: 198, line: 2 },
      {
        device: 'lxc1',
        ifindex: 12,
        kind: 'tcx/ingress',
        section: 'tc',
        name: 'cil_from_container',
        progId: 1234,
        linkId: 7,
        line: 5,
      },
    ]);
  });
  test('JSON (-j): tcx entries with prog_id and link_id', () => {
    const l = parseBpftoolNet(read('bpftool-net-v1.16-tcx.json'), 'd.json');
    assert.equal(l.attachments.length, 9);
    assert.deepEqual(
      [
        l.attachments[4]!.device,
        l.attachments[4]!.kind,
        l.attachments[4]!.name,
        l.attachments[4]!.progId,
        l.attachments[4]!.linkId,
      ],
      ['cilium_vxlan', 'tcx/ingress', 'cil_from_overla', 2331, 43],
    );
  });
  test('not bpftool output: an error naming the file and the line; bad JSON names the path', () => {
    assert.throws(
      () => parseBpftoolNet('hello\nworld\n', 'x.txt'),
      /x\.txt: line 1: is not `bpftool net show` output/,
    );
    assert.throws(
      () => parseBpftoolNet('[{"tc":[{"devname":"eth0","ifindex":"2","kind":"clsact/ingress"}]}]', 'y.json'),
      /y\.json: \$\[0\]\.tc\[0\]\.ifindex: must be a non-negative integer, got "2"/,
    );
    assert.throws(() => parseBpftoolNet('[{"maps":[]}]', 'z.json'), /z\.json: \$\[0\]: has none of xdp, tc/);
  });
});

describe('attached names → programs of the release', () => {
  const v = (s: string) => parseCiliumVersion(s);
  test('iproute2 object:[section], per release', () => {
    // v1.10: from-container is handle_xgress in bpf_lxc.c (v1.10.0 bpf/bpf_lxc.c __section("from-container"))
    assert.equal(
      identifyAttachedProgram('bpf_lxc.o:[from-container]', 'lxc1', 'ingress', v('v1.10'))?.function,
      'handle_xgress',
    );
    assert.equal(
      identifyAttachedProgram('bpf_netdev_eth0.o:[from-netdev]', 'eth0', 'ingress', v('v1.10'))?.file,
      'bpf/bpf_host.c',
    );
    // v1.7: bpf_netdev.c's from-netdev built as bpf_host.o runs on cilium_host egress as from-host (v1.7.0 bpf/init.sh:629)
    assert.equal(
      identifyAttachedProgram('bpf_host.o:[from-netdev]', 'cilium_host', 'egress', v('v1.7'))?.hook,
      'from-host',
    );
    assert.equal(
      identifyAttachedProgram('bpf_netdev_eth0.o:[from-netdev]', 'eth0', 'ingress', v('v1.7'))?.hook,
      'from-netdev',
    );
    // IPsec: bpf_network.o's from-network on the encrypt interface (v1.10.0 bpf/bpf_network.c:14-15,
    // attached by v1.10.0 pkg/datapath/loader/loader.go:393)
    assert.equal(
      identifyAttachedProgram('bpf_network.o:[from-network]', 'eth0', 'ingress', v('v1.10'))?.function,
      'from_network',
    );
  });
  test('Go-loader "<program>-<device>" and tcx names cut to 15 characters', () => {
    assert.equal(
      identifyAttachedProgram('cil_from_container-lxc9', 'lxc9', 'ingress', v('v1.14'))?.hook,
      'from-container',
    );
    assert.equal(
      identifyAttachedProgram('cil_from_overla', 'cilium_vxlan', 'ingress', v('v1.16'))?.hook,
      'from-overlay',
    );
    assert.equal(
      identifyAttachedProgram('cil_to_containe', 'lxc9', 'egress', v('v1.16'))?.hook,
      'to-container',
    );
    // cil_* names begin in v1.13: in v1.12 the function is still from_overlay
    assert.equal(
      identifyAttachedProgram('cil_from_overlay', 'cilium_vxlan', 'ingress', v('v1.12')),
      undefined,
    );
  });
});

describe('verify-attach against the model', () => {
  test('v1.10 VXLAN: lxc, tunnel and cilium_host agree; from-netdev on eth0 is unexpected without --devices', () => {
    const r = verify('bpftool-net-v1.10-vxlan.txt', 'vxlan', 'v1.10');
    // v1.10.0 bpf/init.sh:442: from-overlay on the tunnel device in tunnel mode
    const overlay = find(r.findings, 'cilium_vxlan', 'ingress');
    assert.deepEqual(
      overlay.map((f) => [f.status, f.program?.file, f.program?.function, f.cite]),
      [['agree', 'bpf/bpf_overlay.c', 'from_overlay', 'v1.10.0 bpf/init.sh:442']],
    );
    assert.equal(find(r.findings, 'cilium_vxlan', 'egress')[0]!.status, 'agree'); // to-overlay from v1.7 (v1.7.0 bpf/init.sh:524)
    assert.deepEqual(
      r.findings.filter((f) => f.role === 'lxc-veth').map((f) => f.status),
      ['agree', 'agree', 'agree'],
    );
    // v1.10.0 pkg/datapath/loader/loader.go:240: from-netdev only on --devices (KPR, host firewall, bandwidth manager)
    const eth0 = find(r.findings, 'eth0', 'ingress')[0]!;
    assert.equal(eth0.status, 'unexpected');
    assert.match(eth0.note, /only when: only on --devices/);
    // the model places no program on cilium_net: reported, not judged
    assert.equal(find(r.findings, 'cilium_net', 'ingress')[0]!.status, 'not-modelled');
    assert.deepEqual(r.counts, { agree: 7, missing: 0, unexpected: 1, 'not-modelled': 1 });
  });
  test('done-when: a tunnel device without from-overlay is flagged missing, with its source', () => {
    const r = verify('bpftool-net-v1.10-vxlan-no-overlay.txt', 'vxlan', 'v1.10');
    const missing = r.findings.filter((f) => f.status === 'missing');
    assert.deepEqual(
      missing.map((f) => [f.device, f.direction, f.expected?.hook, f.expected?.file, f.expected?.function]),
      [
        ['cilium_vxlan', 'egress', 'to-overlay', 'bpf/bpf_overlay.c', 'to_overlay'],
        ['cilium_vxlan', 'ingress', 'from-overlay', 'bpf/bpf_overlay.c', 'from_overlay'],
      ],
    );
    assert.match(missing[1]!.note, /cilium_vxlan has no program in the listing/);
  });
  test('the same listing in native routing: no tunnel device expected, so cilium_vxlan’s programs are unexpected', () => {
    const r = verify('bpftool-net-v1.10-vxlan.txt', 'native', 'v1.10');
    assert.deepEqual(
      find(r.findings, 'cilium_vxlan', 'ingress').map((f) => [f.status, f.note]),
      [
        [
          'unexpected',
          'cilium_vxlan is not a device of this configuration (native routing has no tunnel device)',
        ],
      ],
    );
    assert.equal(r.counts.missing, 0);
  });
  test('v1.16 tcx JSON: from-netdev on every native device agrees (v1.16.0 pkg/datapath/loader/loader.go:379); to-container without endpoint routes is unexpected', () => {
    const r = verify('bpftool-net-v1.16-tcx.json', 'vxlan', 'v1.16');
    assert.equal(find(r.findings, 'eth0', 'ingress')[0]!.status, 'agree');
    assert.equal(find(r.findings, 'cilium_vxlan', 'ingress')[0]!.program?.function, 'cil_from_overlay');
    const toContainer = find(r.findings, 'lxc5e2d9a7b3c1f', 'egress')[0]!;
    assert.equal(toContainer.status, 'unexpected');
    assert.match(toContainer.note, /only with endpoint routes/);
    assert.equal(r.counts.missing, 0);
  });
  test('v1.16 tcx listing verified as v1.10: cil_* names are not v1.10 programs, and v1.10’s are missing — the release decides', () => {
    const r = verify('bpftool-net-v1.16-tcx.json', 'vxlan', 'v1.10');
    // cil_* names do not exist in v1.10: the programs are not the model's for that release
    assert.equal(find(r.findings, 'eth0', 'ingress')[0]!.status, 'not-modelled');
    assert.ok(r.counts.missing >= 4);
  });
  test('Geneve listing under a VXLAN configuration: the wrong tunnel device, and cilium_vxlan missing', () => {
    const r = verify('bpftool-net-v1.14-tc.txt', 'vxlan', 'v1.14');
    assert.deepEqual(
      find(r.findings, 'cilium_geneve', 'ingress').map((f) => f.status),
      ['unexpected'],
    );
    assert.deepEqual(
      r.findings.filter((f) => f.status === 'missing').map((f) => `${f.device} ${f.direction}`),
      ['cilium_vxlan egress', 'cilium_vxlan ingress'],
    );
    const geneve = verify('bpftool-net-v1.14-tc.txt', 'geneve', 'v1.14');
    assert.deepEqual(
      find(geneve.findings, 'cilium_geneve', 'ingress').map((f) => f.status),
      ['agree'],
    );
  });
});
