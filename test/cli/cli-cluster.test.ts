/**
 * The built CLI on a cluster's evidence: `import` of the three kubectl dumps (and of a cilium-sysdump
 * zip the test builds from the same fixtures) gives a topology that traces pod to pod by the pods'
 * real names; `verify-attach` says agree / missing / unexpected; bad input exits 2 naming file,
 * object and field.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import JSZip from 'jszip';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIX = join(ROOT, 'test', 'fixtures', 'cluster');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
const dir = mkdtempSync(join(tmpdir(), 'cdx-cli-cluster-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dumps = [
  '--config',
  join(FIX, 'cilium-config.yaml'),
  '--nodes',
  join(FIX, 'ciliumnodes.yaml'),
  '--endpoints',
  join(FIX, 'ciliumendpoints.json'),
];

describe('cilium-datapath import', () => {
  test('the three kubectl dumps → a topology that traces pod to pod by real names', () => {
    const out = join(dir, 'kind.json');
    const r = run('import', ...dumps, '--cilium-version', 'v1.16', '-o', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Wrote .*kind\.json: 2 node\(s\), 4 pod\(s\), mode vxlan, Cilium v1\.16/);
    assert.match(
      r.stdout,
      /note: .*cilium-config\.yaml: ConfigMap kube-system\/cilium-config: mode vxlan: routing-mode=tunnel, tunnel-protocol=vxlan/,
    );
    const topology = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(topology.config['tunnel-protocol'], 'vxlan');
    const t = run(
      'trace',
      '--topology',
      out,
      '--from',
      'frontend-7d4b9c6f5-x2k9p',
      '--to',
      'backend-6c9d4b7f8-q7h2m',
    );
    assert.equal(t.status, 0, t.stderr);
    for (const text of [
      'frontend-7d4b9c6f5-x2k9p → backend-6c9d4b7f8-q7h2m (cross-node, VXLAN, Cilium v1.16)',
      'encap VXLAN outer 172.18.0.3 → 172.18.0.2 UDP 8472',
      'kind-worker cilium_vxlan',
      'cilium_call_policy[688 = endpoint id of backend-6c9d4b7f8-q7h2m]',
      'disposition: delivered',
    ])
      assert.ok(t.stdout.includes(text), `missing "${text}" in:\n${t.stdout}`);
  });
  test('manifests become policyFiles relative to the topology; the CNP decides the trace', () => {
    const out = join(dir, 'with-policy.json');
    const r = run('import', ...dumps, '--manifest', join(FIX, 'shop-policy-and-service.yaml'), '-o', out);
    assert.equal(r.status, 0, r.stderr);
    const topology = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(topology.policyFiles.length, 1);
    assert.ok(existsSync(join(dir, topology.policyFiles[0])));
    const ok = run(
      'trace',
      '--topology',
      out,
      '--from',
      'frontend-7d4b9c6f5-x2k9p',
      '--to',
      'backend-6c9d4b7f8-q7h2m',
      '--port',
      '8080',
      '--cilium-version',
      'v1.16',
    );
    assert.match(ok.stdout, /disposition: delivered/, ok.stdout + ok.stderr);
    // backend → backend is not "app: frontend" in namespace default: denied at the destination
    const denied = run(
      'trace',
      '--topology',
      out,
      '--from',
      'backend-6c9d4b7f8-z5n1c',
      '--to',
      'backend-6c9d4b7f8-q7h2m',
      '--port',
      '8080',
      '--cilium-version',
      'v1.16',
    );
    assert.match(denied.stdout, /disposition: dropped/, denied.stdout + denied.stderr);
  });
  test('a cilium-sysdump zip (built here from the fixtures under cilium-cli’s names)', async () => {
    const ts = '20240611-093000';
    const zip = new JSZip();
    const folder = `cilium-sysdump-${ts}`;
    zip.file(`${folder}/cilium-configmap-${ts}.yaml`, readFileSync(join(FIX, 'cilium-config.yaml')));
    zip.file(`${folder}/ciliumnodes-${ts}.yaml`, readFileSync(join(FIX, 'ciliumnodes.yaml')));
    zip.file(`${folder}/ciliumendpoints-${ts}.yaml`, readFileSync(join(FIX, 'ciliumendpoints.json')));
    zip.file(
      `${folder}/ciliumnetworkpolicies-${ts}.yaml`,
      readFileSync(join(FIX, 'shop-policy-and-service.yaml')),
    );
    zip.file(`${folder}/ciliumendpointslices-${ts}.yaml`, 'not: read\n');
    zip.file(`${folder}/logs-cilium-abcde-cilium-agent-${ts}.log`, 'level=info msg="not read"\n');
    zip.file(
      `${folder}/cilium-daemonset-${ts}.yaml`,
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cilium\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n      - name: cilium-agent\n        image: quay.io/cilium/cilium:v1.16.3@sha256:62d2a09bbef840a46099ac4c69421c90f84f28d018d479749049011329aa7f28\n',
    );
    const zipPath = join(dir, `cilium-sysdump-${ts}.zip`);
    writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const out = join(dir, 'from-sysdump.json');
    const r = run('import', '--sysdump', zipPath, '-o', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /4 pod\(s\), mode vxlan, Cilium v1\.16\.3, 1 manifest file\(s\)/);
    assert.match(
      r.stdout,
      /cilium-daemonset-20240611-093000\.yaml: Cilium v1\.16\.3 \(the cilium-agent image\)/,
    );
    const topology = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(topology.policyFiles, [`from-sysdump-manifests/ciliumnetworkpolicies-${ts}.yaml`]);
    const t = run(
      'trace',
      '--topology',
      out,
      '--from',
      'backend-6c9d4b7f8-z5n1c',
      '--to',
      'backend-6c9d4b7f8-q7h2m',
      '--port',
      '8080',
    );
    assert.match(t.stdout, /Cilium v1\.16\)/);
    assert.match(t.stdout, /disposition: dropped/, t.stdout + t.stderr);
  });
  test('bad input: exit 2 and one line naming the file, the object and the field', () => {
    const eps = join(dir, 'bad-eps.json');
    writeFileSync(
      eps,
      readFileSync(join(FIX, 'ciliumendpoints.json'), 'utf8').replace('"id": 688', '"id": "688"'),
    );
    const r = run(
      'import',
      '--nodes',
      join(FIX, 'ciliumnodes.yaml'),
      '--endpoints',
      eps,
      '-o',
      join(dir, 'x.json'),
    );
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr.trim(),
      `cilium-datapath import: ${eps}: CiliumEndpoint shop/backend-6c9d4b7f8-q7h2m: status.id: must be an integer, got "688"`,
    );
    assert.equal(existsSync(join(dir, 'x.json')), false);
    // the files swapped: the nodes file holds CiliumEndpoints
    const swapped = run(
      'import',
      '--nodes',
      join(FIX, 'ciliumendpoints.json'),
      '--endpoints',
      join(FIX, 'ciliumnodes.yaml'),
      '-o',
      join(dir, 'y.json'),
    );
    assert.equal(swapped.status, 2);
    assert.match(
      swapped.stderr,
      /ciliumendpoints\.json: CiliumEndpoint default\/frontend-7d4b9c6f5-x2k9p: kind: is CiliumEndpoint, expected CiliumNode/,
    );
    const noOut = run('import', ...dumps);
    assert.equal(noOut.status, 2);
    assert.match(noOut.stderr, /import needs -o topology\.json/);
    const notZip = run('import', '--sysdump', join(FIX, 'ciliumnodes.yaml'), '-o', join(dir, 'z.json'));
    assert.equal(notZip.status, 2);
    assert.match(notZip.stderr, /ciliumnodes\.yaml is not a zip file/);
    const dirAsFile = run(
      'import',
      '--nodes',
      FIX,
      '--endpoints',
      join(FIX, 'ciliumendpoints.json'),
      '-o',
      join(dir, 'w.json'),
    );
    assert.equal(dirAsFile.status, 2);
    assert.match(dirAsFile.stderr, /is a directory, not a regular file/);
    // an output folder that does not exist (here under /proc, where a recursive mkdir never returns)
    const unwritable = run('import', ...dumps, '-o', '/proc/no-such-folder/t.json');
    assert.equal(unwritable.status, 2);
    assert.match(unwritable.stderr, /Cannot write \/proc\/no-such-folder\/t\.json: ENOENT/);
    for (const x of [r, swapped, noOut, notZip, dirAsFile, unwritable])
      assert.doesNotMatch(x.stderr, /\n\s+at /); // no stack trace
  });
});

describe('cilium-datapath verify-attach', () => {
  test('done-when: a tunnel device without from-overlay is MISSING, with the program’s source and the row’s cite', () => {
    const r = run(
      'verify-attach',
      join(FIX, 'bpftool-net-v1.10-vxlan-no-overlay.txt'),
      '--config',
      // a v1.10 ConfigMap; its bpf-lb-sock (read from v1.12) is ignored as the v1.10 agent ignores it
      join(FIX, 'cilium-config-v1.10-vxlan.yaml'),
      '--cilium-version',
      'v1.10',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /mode vxlan from .*cilium-config-v1\.10-vxlan\.yaml: tunnel=vxlan/);
    assert.match(r.stdout, /5 agree, 2 missing, 1 unexpected, 1 not modelled/);
    assert.match(r.stdout, /MISSING +cilium_vxlan tc ingress +→ bpf\/bpf_overlay\.c:from_overlay\(\)/);
    assert.match(r.stdout, /\[v1\.10\.0 bpf\/init\.sh:442\]/);
  });
  test('agree and unexpected, as JSON', () => {
    const r = run(
      'verify-attach',
      join(FIX, 'bpftool-net-v1.16-tcx.json'),
      '--mode',
      'vxlan',
      '--cilium-version',
      'v1.16',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(j.counts, { agree: 8, missing: 0, unexpected: 1, 'not-modelled': 0 });
    // cil_to_host on cilium_net's ingress (v1.16.0 pkg/datapath/loader/loader.go:369)
    const net = j.findings.find((f: any) => f.device === 'cilium_net' && f.direction === 'ingress');
    assert.deepEqual([net.status, net.program.function], ['agree', 'cil_to_host']);
    const overlay = j.findings.find((f: any) => f.device === 'cilium_vxlan' && f.direction === 'ingress');
    assert.deepEqual(
      [overlay.status, overlay.program.function, overlay.attached.name],
      ['agree', 'cil_from_overlay', 'cil_from_overla'],
    );
    const toContainer = j.findings.find((f: any) => f.hook === 'tcx/egress' && f.device.startsWith('lxc'));
    assert.equal(toContainer.status, 'unexpected');
  });
  test('the whole cilium-config decides, not only its mode: KPR and BPF masquerade put programs on eth0', () => {
    // v1.14.0 pkg/datapath/loader/loader.go: cil_from_netdev/cil_to_netdev go on the native devices
    // only when BPF NodePort, host firewall or BPF masquerade need them (the attachments table's rows
    // v1.10.0 pkg/datapath/loader/loader.go:240 and :255)
    const cm = join(dir, 'cilium-config-kpr.yaml');
    writeFileSync(
      cm,
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: cilium-config, namespace: kube-system}',
        'data:',
        '  routing-mode: tunnel',
        '  tunnel-protocol: geneve',
        '  kube-proxy-replacement: "true"',
        '  enable-bpf-masquerade: "true"',
        '',
      ].join('\n'),
    );
    const listing = join(FIX, 'bpftool-net-v1.14-tc.txt');
    const withConfig = run('verify-attach', listing, '--config', cm, '--cilium-version', 'v1.14');
    assert.equal(withConfig.status, 0, withConfig.stderr);
    assert.match(withConfig.stdout, /kube-proxy replacement, BPF masquerade/);
    assert.match(withConfig.stdout, /agree +eth0\(2\) clsact\/egress +cil_to_netdev-eth0/);
    assert.match(withConfig.stdout, /agree +eth0\(2\) clsact\/ingress +cil_from_netdev-eth0/);
    const presetOnly = run('verify-attach', listing, '--mode', 'geneve', '--cilium-version', 'v1.14');
    assert.match(presetOnly.stdout, /UNEXPECTED +eth0\(2\) clsact\/egress +cil_to_netdev-eth0/);
  });
  test('the imported topology gives mode and release', () => {
    const out = join(dir, 'for-verify.json');
    assert.equal(run('import', ...dumps, '--cilium-version', 'v1.16', '-o', out).status, 0);
    const r = run('verify-attach', join(FIX, 'bpftool-net-v1.16-tcx.json'), '--topology', out);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Cilium v1\.16, veth pods, vxlan transport/);
  });
  test('bad input: exit 2 naming the file', () => {
    const bad = join(dir, 'not-bpftool.txt');
    writeFileSync(bad, 'Error: unknown command "net"\n');
    const r = run('verify-attach', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not-bpftool\.txt: line 1: is not `bpftool net show` output/);
    const none = run('verify-attach');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /verify-attach needs exactly one bpftool listing/);
  });
});
