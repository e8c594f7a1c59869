/** The built CLI (dist/cli.js) as a user runs it. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });

describe('cilium-datapath trace', () => {
  test('the seed VXLAN trace prints every figure of the document', () => {
    const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3');
    assert.equal(r.status, 0, r.stderr);
    for (const text of [
      'node0 veth0',
      'bpf/bpf_lxc.c from-container',
      'redirect → cilium_vxlan (tunnel endpoint 172.26.50.102)',
      'encap VXLAN outer 172.26.50.101 → 172.26.50.102 UDP 8472',
      'IP 10.0.0.31 → 10.0.1.72',
      'node1 cilium_vxlan',
      'bpf/bpf_overlay.c from-overlay',
      'tail call cilium_call_policy[3044 = endpoint id of pod3] → bpf/bpf_lxc.c handle_policy()',
      'redirect → veth1',
      'deliver to pod3 eth0',
      'disposition: delivered',
    ]) {
      assert.ok(r.stdout.includes(text), `missing "${text}" in:\n${r.stdout}`);
    }
  });
  test('the seed IPVLAN trace', () => {
    const r = run('trace', '--mode', 'ipvlan', '--from', 'pod0', '--to', 'pod3');
    assert.equal(r.status, 0, r.stderr);
    for (const text of [
      'tail call cilium_lxc_ipve_01021[0',
      'xmit → eth0',
      'route 10.0.1.0/24 via 172.26.50.102 dev eth0 (UG)',
      'bpf/bpf_host.c from-netdev',
      'handle_policy',
      'deliver to pod3 eth0',
    ]) {
      assert.ok(r.stdout.includes(text), `missing "${text}"`);
    }
  });
  test('JSON keeps the contract names', () => {
    const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', '--format', 'json');
    const t = JSON.parse(r.stdout);
    for (const key of ['mode', 'ciliumVersion', 'source', 'destination', 'disposition', 'hops'])
      assert.ok(key in t, key);
    const hop = t.hops[1];
    for (const key of ['node', 'device', 'hook', 'program', 'steps']) assert.ok(key in hop, key);
    assert.deepEqual(Object.keys(hop.program).slice(0, 3), ['file', 'section', 'function']);
    const encap = t.hops.flatMap((h: any) => h.steps).find((s: any) => s.type === 'encap');
    assert.deepEqual(
      [encap.outer.srcIp, encap.outer.dstIp, encap.outer.dstPort, typeof encap.outer.vni],
      ['172.26.50.101', '172.26.50.102', 8472, 'number'],
    );
  });
  test('mermaid is a sequence diagram', () => {
    const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', '--format', 'mermaid');
    assert.match(r.stdout, /^sequenceDiagram/);
    assert.match(r.stdout, /participant/);
  });
  test('--cilium-version changes names', () => {
    assert.match(
      run('trace', '--mode', 'native', '--from', 'pod0', '--to', 'pod3', '--cilium-version', 'v1.7').stdout,
      /bpf\/bpf_netdev\.c from-netdev[\s\S]*cilium_policy\[/,
    );
    assert.match(
      run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', '--cilium-version', 'v1.18').stdout,
      /tc\/entry \(cil_from_container\)/,
    );
  });
});

describe('cilium-datapath errors: one line on stderr, exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdx-cli-'));
  const badJson = join(dir, 'bad.json');
  writeFileSync(badJson, '{"nodes": [');
  const badTopo = join(dir, 'bad-topo.json');
  writeFileSync(
    badTopo,
    JSON.stringify({ nodes: [{ name: 'a', ip: '1.2.3.4', podCidr: '10.0.0.0/33' }], pods: [] }),
  );
  const cases: Array<[string, string[], RegExp]> = [
    [
      'unknown pod',
      ['trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod9'],
      /Unknown destination pod "pod9": pods are pod0/,
    ],
    [
      'bad mode',
      ['trace', '--mode', 'vlan', '--from', 'pod0', '--to', 'pod3'],
      /Unknown mode "vlan": use one of vxlan, geneve, native, ipvlan/,
    ],
    [
      'IPVLAN on v1.13',
      ['trace', '--mode', 'ipvlan', '--from', 'pod0', '--to', 'pod3', '--cilium-version', 'v1.13'],
      /IPVLAN mode does not exist in Cilium v1\.13/,
    ],
    [
      'missing file',
      ['trace', '--from', 'pod0', '--to', 'pod3', '--topology', join(dir, 'nope.json')],
      /Cannot read topology file .*nope\.json: ENOENT/,
    ],
    ['invalid JSON', ['trace', '--from', 'pod0', '--to', 'pod3', '--topology', badJson], /is not valid JSON/],
    [
      'invalid topology',
      ['trace', '--from', 'pod0', '--to', 'pod3', '--topology', badTopo],
      /\$\.nodes\[0\]\.podCidr: "10\.0\.0\.0\/33" is not a CIDR/,
    ],
    ['unknown option', ['trace', '--frm', 'pod0'], /Unknown option "--frm"/],
    ['unknown command', ['trase'], /unknown command "trase"/],
    ['unknown hook', ['resolve', 'from-nowhere'], /Unknown hook "from-nowhere"/],
    ['index of a non-checkout', ['index', dir], /is not a Cilium checkout/],
  ];
  for (const [name, args, expected] of cases) {
    test(name, () => {
      const r = run(...args);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

describe('cilium-datapath resolve and index', () => {
  test('resolve from-container in IPVLAN', () => {
    const r = run('resolve', 'from-container', '--mode', 'ipvlan');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /pod eth0 tc egress via cilium_lxc_ipve_<endpoint id>\[0\]/);
  });
  test('index --json on the v1.10 fixture', () => {
    const r = run('index', join(ROOT, 'sample', 'cilium-v1.10'), '--json');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.deepEqual(
      rows.find((x: any) => x.function === 'handle_xgress'),
      { file: 'bpf/bpf_lxc.c', kind: 'entry', function: 'handle_xgress', line: 8, section: 'from-container' },
    );
    assert.deepEqual(
      rows.find((x: any) => x.function === 'handle_policy'),
      {
        file: 'bpf/bpf_lxc.c',
        kind: 'tail',
        function: 'handle_policy',
        line: 52,
        callId: 'TEMPLATE_LXC_ID',
        map: 'CILIUM_MAP_POLICY',
      },
    );
    const viaBpf = JSON.parse(run('index', join(ROOT, 'sample', 'cilium-v1.10', 'bpf'), '--json').stdout);
    assert.equal(viaBpf.find((x: any) => x.function === 'handle_xgress').file, 'bpf_lxc.c');
  });
});

describe('cilium-datapath output into pipes', () => {
  // 3,000 tail targets: ~600 KB of JSON, ten times a pipe's buffer
  const tree = mkdtempSync(join(tmpdir(), 'cdx-cli-pipe-'));
  mkdirSync(join(tree, 'bpf'));
  const body = Array.from(
    { length: 3000 },
    (_, i) =>
      `__section_tail(CILIUM_MAP_CALLS, ${i})\nint tail_n${i}(struct __ctx_buff *ctx)\n{\n\treturn 0;\n}\n`,
  ).join('\n');
  writeFileSync(join(tree, 'bpf', 'bpf_lxc.c'), body);
  const args = [CLI, 'index', tree, '--json'];

  test('a reader slower than the writer still gets every byte, in order', async () => {
    const expected = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).stdout;
    assert.equal(JSON.parse(expected).length, 3000);
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pause(); // the pipe fills while nobody reads
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    const resumed = setTimeout(() => child.stdout.resume(), 300);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(resumed);
    assert.equal(code, 0, stderr);
    assert.equal(Buffer.concat(chunks).toString('utf8'), expected);
  });

  test('a reader that goes away early (`| head`) ends the output quietly', async () => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});

describe('cilium-datapath --config key=value', () => {
  test('trace: the configuration line and provenance (v1.16, KPR + BPF masquerade = BPF host routing)', () => {
    const r = run(
      'trace',
      '--mode',
      'native',
      '--from',
      'pod0',
      '--to',
      'pod3',
      '--cilium-version',
      'v1.16',
      '--config',
      'kube-proxy-replacement=true',
      '--config',
      'enable-bpf-masquerade=true',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /configuration \(custom\): veth pods, native routing, bpf host routing, kube-proxy replacement, BPF masquerade/,
    );
    assert.match(r.stdout, /set by the user: kube-proxy-replacement=true, enable-bpf-masquerade=true/);
    // v1.16.0 bpf/bpf_lxc.c:1253 fib_redirect_v4
    assert.match(r.stdout, /v1\.16\.0 bpf\/bpf_lxc\.c:1253/);
  });
  test('refused combinations and bad keys: one line, exit 2', () => {
    for (const [args, pattern] of [
      [
        ['--config', 'enable-host-legacy-routing=false', '--cilium-version', 'v1.16'],
        /BPF host routing requires enable-bpf-masquerade/,
      ],
      [['--config', 'datapath-mode=netkit', '--cilium-version', 'v1.12'], /Invalid datapath mode/],
      [['--config', 'enable-wiregaurd=true'], /not a cilium-config key/],
      [['--config', 'enable-ipv6'], /use key=value/],
    ] as Array<[string[], RegExp]>) {
      const r = run('trace', '--mode', 'vxlan', '--from', 'pod0', '--to', 'pod3', ...args);
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
  test('resolve answers for the configuration', () => {
    const r = run(
      'resolve',
      'to-netdev',
      '--mode',
      'native',
      '--cilium-version',
      'main',
      '--config',
      'kube-proxy-replacement=true',
      '--config',
      'enable-bpf-masquerade=true',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { preset: string; attachments: Array<{ condition: string }> };
    assert.equal(j.preset, 'custom');
    assert.ok(j.attachments.some((a) => !a.condition.startsWith('not in this configuration')));
  });
});
