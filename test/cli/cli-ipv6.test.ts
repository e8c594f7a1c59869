/**
 * `cilium-datapath trace` over IPv6 as a user runs it (dist/cli.js): --family 6 or an IPv6 --to, the
 * text, JSON and Mermaid outputs, and the refusals (exit 2, one clear line, no stack).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'trace', ...args], { encoding: 'utf8', cwd: ROOT });
const DUAL = ['--config', 'enable-ipv6=true'];

describe('trace --family 6', () => {
  test('text: the IPv6 slots and maps (v1.12, same node)', () => {
    const r = run('--from', 'pod0', '--to', 'pod1', '--family', '6', ...DUAL, '--cilium-version', 'v1.12');
    assert.equal(r.status, 0, r.stderr);
    // v1.12.0 bpf/bpf_lxc.c:1324 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_LXC)
    assert.match(
      r.stdout,
      /tail call cilium_calls_01021\[10 = CILIUM_CALL_IPV6_FROM_LXC\] → bpf\/bpf_lxc\.c tail_handle_ipv6\(\)/,
    );
    // v1.12.0 bpf/bpf_lxc.c:140 ct_lookup6
    assert.match(r.stdout, /conntrack cilium_ct6_global \(egress\)/);
    assert.match(r.stdout, /lookup cilium_lxc\[fd00:10::2f\] → local endpoint pod1/);
    assert.match(r.stdout, /disposition: delivered/);
  });
  test('JSON: an IPv6 --to infers the family; the dual-stack condition on the policy chain', () => {
    const r = run(
      '--from',
      'pod0',
      '--to',
      'fd00:10:0:1::48',
      ...DUAL,
      '--cilium-version',
      'v1.16',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as {
      destination: { name: string; ip: string };
      hops: Array<{
        steps: Array<{
          type: string;
          keyName?: string;
          condition?: string;
          inlined?: boolean;
          cite?: string;
        }>;
      }>;
    };
    assert.deepEqual(t.destination.name, 'pod3');
    const policyOnly = t.hops
      .flatMap((h) => h.steps)
      .find((s) => s.type === 'tail-call' && s.keyName === 'CILIUM_CALL_IPV6_CT_INGRESS_POLICY_ONLY');
    // v1.16.0 bpf/bpf_lxc.c:2190 invoke_tailcall_if(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), …
    assert.equal(policyOnly?.condition, '__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))');
    assert.equal(policyOnly?.inlined, undefined);
    assert.equal(policyOnly?.cite, 'v1.16.0 bpf/bpf_lxc.c:2190');
  });
  test('Mermaid: IPv6 addresses in the diagram', () => {
    const r = run(
      '--from',
      'pod0',
      '--to',
      'pod3',
      '--family',
      '6',
      ...DUAL,
      '--cilium-version',
      'main',
      '--format',
      'mermaid',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^sequenceDiagram/);
    assert.match(r.stdout, /lookup cilium_lb6_services_v2\[\[fd00:10:0:1::48\]:<dport>\]/);
    assert.match(r.stdout, /CILIUM_CALL_IPV6_FROM_OVERLAY/);
  });
  test('native routing (--mode native): IPv6 routes between the nodes, bpf_host.c delivers from cilium_host', () => {
    const r = run('--from', 'pod0', '--to', 'pod3', '--family', '6', ...DUAL, '--mode', 'native');
    assert.equal(r.status, 0, r.stderr);
    // v1.10 (the default release): the agent routes node1's IPv6 PodCIDR via its IPv6 address
    // (v1.10.0 pkg/datapath/linux/node.go:978)
    assert.match(r.stdout, /route fd00:10:0:1::\/64 via fd00:172:26:50::102 dev eth0 \(UG\)/);
    assert.match(r.stdout, /fd00:10:0:1:: +fd00:172:26:50::102 \/64 +UG +eth0/);
    assert.match(r.stdout, /route fd00:10:0:1::\/64 via fd00:10:0:1::1 dev cilium_host/);
    // v1.10.0 bpf/bpf_host.c:858 ep_tail_call(ctx, CILIUM_CALL_IPV6_FROM_HOST)
    assert.match(
      r.stdout,
      /tail call cilium_calls_hostns_<host endpoint id>\[23 = CILIUM_CALL_IPV6_FROM_HOST\] → bpf\/bpf_host\.c tail_handle_ipv6_from_host\(\)/,
    );
    assert.match(r.stdout, /\[v1\.10\.0 bpf\/bpf_host\.c:261\]/, 'ipv6_local_delivery at its line');
    assert.match(r.stdout, /disposition: delivered/);
  });
  test('--config routing-mode=native --host-routing bpf (main): the FIB redirect and from-netdev delivery', () => {
    const r = run(
      '--from',
      'pod0',
      '--to',
      'fd00:10:0:1::48',
      ...DUAL,
      '--config',
      'routing-mode=native',
      '--host-routing',
      'bpf',
      '--cilium-version',
      'main',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as {
      disposition: string;
      hops: Array<{ program?: { function: string }; steps: Array<{ type: string; cite?: string }> }>;
    };
    assert.equal(t.disposition, 'delivered');
    const fns = t.hops.flatMap((h) => (h.program ? [h.program.function] : []));
    assert.ok(fns.includes('cil_to_netdev') && fns.includes('tail_handle_ipv6_from_netdev'), fns.join(' '));
    assert.ok(!fns.includes('cil_from_host'), 'cilium_host is not on the path');
    const cites = t.hops.flatMap((h) => h.steps.map((s) => s.cite));
    // main bpf/bpf_lxc.c:792 fib_redirect_v6; main bpf/bpf_host.c:361 ipv6_local_delivery
    assert.ok(cites.includes('main bpf/bpf_lxc.c:792'));
    assert.ok(cites.includes('main bpf/bpf_host.c:361'));
  });
  test('refusals exit 2 with one clear line', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--from', 'pod0', '--to', 'pod3', '--family', '6'], /needs enable-ipv6=true/],
      [
        ['--from', 'pod0', '--to', 'pod3', '--family', '6', ...DUAL, '--cilium-version', 'v1.14'],
        /modelled for Cilium v1\.10, v1\.12, v1\.16, main/,
      ],
      [['--from', 'pod0', '--to', 'pod3', '--family', '5'], /Unknown family "5": use one of 4, 6/],
      [
        ['--from', 'pod0', '--to', '10.0.1.72', '--family', '6', ...DUAL],
        /--family 6 does not match the destination 10\.0\.1\.72/,
      ],
      [
        [
          '--from',
          'pod0',
          '--to',
          'pod3',
          '--family',
          '6',
          ...DUAL,
          '--config',
          'enable-endpoint-routes=true',
        ],
        /enable-endpoint-routes is not modelled over IPv6/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = run(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });
  test("a topology pod outside its node's IPv6 PodCIDR: exit 2 naming the field", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdx-ipv6-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [{ name: 'n0', ip: '192.168.0.10', podCidr: '10.0.0.0/24', ipv6PodCidr: 'fd00:1::/64' }],
        pods: [
          { name: 'a', node: 'n0', ip: '10.0.0.5', ipv6: 'fd00:2::5', endpointId: 1 },
          { name: 'b', node: 'n0', ip: '10.0.0.6', endpointId: 2 },
        ],
      }),
    );
    const r = run('--topology', file, '--from', 'a', '--to', 'b');
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /\$\.pods\[0\]\.ipv6: "fd00:2::5" is outside n0's ipv6PodCidr fd00:1::\/64/);
  });
  test('native routing over IPv6 with a node that has no IPv6 address: exit 2 naming nodes[].ipv6', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdx-ipv6-'));
    const file = join(dir, 'no-node-ipv6.json');
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          {
            name: 'n0',
            ip: '192.168.0.10',
            podCidr: '10.0.0.0/24',
            ipv6: 'fd00:c::10',
            ipv6PodCidr: 'fd00:1::/64',
          },
          { name: 'n1', ip: '192.168.0.11', podCidr: '10.0.1.0/24', ipv6PodCidr: 'fd00:2::/64' },
        ],
        pods: [
          { name: 'a', node: 'n0', ip: '10.0.0.5', ipv6: 'fd00:1::5', endpointId: 1 },
          { name: 'b', node: 'n1', ip: '10.0.1.6', ipv6: 'fd00:2::6', endpointId: 2 },
        ],
      }),
    );
    const r = run(
      '--topology',
      file,
      '--from',
      'a',
      '--to',
      'b',
      '--family',
      '6',
      ...DUAL,
      '--mode',
      'native',
    );
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /Node n1 has no IPv6 address \(the topology's nodes\[\]\.ipv6\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    // over VXLAN the IPv4 underlay carries it: the same topology traces
    const vxlan = run(
      '--topology',
      file,
      '--from',
      'a',
      '--to',
      'b',
      '--family',
      '6',
      ...DUAL,
      '--mode',
      'vxlan',
    );
    assert.equal(vxlan.status, 0, vxlan.stderr);
  });
});
