/**
 * `cilium-datapath trace --config enable-ipsec=true` as a user runs it (dist/cli.js): the text, JSON and
 * Mermaid outputs of v1.10–v1.12, v1.19 and main native routing, and the refusals (exit 2, one clear line, no
 * stack).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'trace', ...args], { encoding: 'utf8', cwd: ROOT });
const IPSEC = ['--mode', 'native', '--from', 'pod0', '--to', 'pod3', '--config', 'enable-ipsec=true'];

describe('trace --config enable-ipsec=true', () => {
  test('text (v1.12): the mark, table 200, xfrm, from-host, ESP on the wire, from-network twice', () => {
    const r = run(...IPSEC, '--cilium-version', 'v1.12');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /configuration \(custom\): veth pods, native routing, legacy host routing, IPsec/);
    // v1.12.0 bpf/bpf_lxc.c:1124 set_encrypt_key_mark(ctx, encrypt_key)
    assert.match(r.stdout, /set_encrypt_key_mark writes skb->mark = 0x3e00 .*v1\.12\.0 bpf\/bpf_lxc\.c:1124/);
    // v1.12.0 pkg/datapath/linux/node.go:1247 the rule for RouteMarkEncrypt → table 200
    assert.match(r.stdout, /ip rule 1: fwmark 0xe00\/0xf00 lookup 200/);
    assert.match(r.stdout, /xfrm encrypt ESP outer 10\.0\.0\.196 → 10\.0\.1\.196 SPI 3/);
    // v1.12.0 bpf/bpf_host.c:869 ctx_redirect(ctx, encrypt_iface, 0)
    assert.match(r.stdout, /tc-egress {2}bpf\/bpf_host\.c from-host \(from_host\)\n {6}· redirect → eth0/);
    assert.match(
      r.stdout,
      /headers: outer 10\.0\.0\.196 → 10\.0\.1\.196 ESP SPI 3 \(encrypted\) \| IP 10\.0\.0\.31 → 10\.0\.1\.72/,
    );
    // v1.12.0 bpf/bpf_network.c:14 __section("from-network"), twice on node1's eth0
    assert.equal(
      r.stdout.match(/node1 eth0 +tc-ingress bpf\/bpf_network\.c from-network \(from_network\)/g)?.length,
      2,
    );
    assert.match(r.stdout, /xfrm decrypt ESP \(from 10\.0\.0\.196, SPI 3\)/);
    assert.match(
      r.stdout,
      /IPsec \(native routing\): key index 3 on node0 and 3 on node1 .*so 3, the key of Cilium's IPsec guide, is assumed/,
    );
    assert.match(r.stdout, /disposition: delivered/);
  });

  test('JSON (v1.10): the ESP outer header on the wire and the xfrm steps', () => {
    const r = run(...IPSEC, '--cilium-version', 'v1.10', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as {
      config: { encryption: string };
      hops: Array<{
        hook: string;
        device: string;
        headers: {
          outer?: {
            ip: { src: string; dst: string; protocol: string };
            udp?: unknown;
            esp?: { spi: number };
          };
        };
        steps: Array<{
          type: string;
          device?: string;
          cite?: string;
          outer?: { protocol: string; spi?: number };
        }>;
      }>;
    };
    assert.equal(t.config.encryption, 'ipsec');
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(wire.headers.outer, {
      ip: { src: '10.0.0.196', dst: '10.0.1.196', protocol: 'ESP' },
      esp: { spi: 3 },
      tunnel: { protocol: 'esp', vni: 0 },
      ethernet: { src: '52:54:00:1a:50:65', dst: '52:54:00:1a:50:66' },
    });
    const steps = t.hops.flatMap((h) => h.steps);
    // v1.10.0 pkg/datapath/linux/node.go:880 UpsertIPsecEndpoint(…, IPSecDirOut, …); :872 the IN endpoint
    assert.ok(
      steps.some(
        (s) =>
          s.type === 'encap' && s.device === 'xfrm' && s.cite === 'v1.10.0 pkg/datapath/linux/node.go:880',
      ),
    );
    assert.ok(
      steps.some(
        (s) =>
          s.type === 'decap' && s.device === 'xfrm' && s.cite === 'v1.10.0 pkg/datapath/linux/node.go:872',
      ),
    );
  });

  test('text (main): cil_to_netdev → cilium_net → xfrm, ESP on the wire, cil_from_netdev twice', () => {
    const r = run(...IPSEC, '--cilium-version', 'main');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /configuration \(custom\): veth pods, native routing, legacy host routing, tcx, IPsec/,
    );
    // main bpf/lib/ipsec.h:300 ctx_redirect(ctx, CONFIG(cilium_net_ifindex), BPF_F_INGRESS)
    assert.match(
      r.stdout,
      /node0 eth0 +tc-egress +bpf\/bpf_host\.c tc\/entry \(cil_to_netdev\) \(tcx\)\n {6}· redirect → cilium_net/,
    );
    assert.match(
      r.stdout,
      /changed: skb->mark = 0x3e00 \| node1's node ID << 16 \(MARK_MAGIC_ENCRYPT, key 3\)/,
    );
    assert.match(r.stdout, /node0 cilium_net +tc-ingress +bpf\/bpf_host\.c tc\/entry \(cil_to_host\)/);
    // main pkg/datapath/linux/ipsec.go:309 the OUT policy between the CiliumInternalIPs
    assert.match(r.stdout, /xfrm encrypt ESP outer 10\.0\.0\.196 → 10\.0\.1\.196 SPI 3/);
    assert.match(
      r.stdout,
      /headers: outer 10\.0\.0\.196 → 10\.0\.1\.196 ESP SPI 3 \(encrypted\) \| IP 10\.0\.0\.31 → 10\.0\.1\.72/,
    );
    // main bpf/bpf_host.c:1327 (the ESP packet) and the decrypted packet: cil_from_netdev twice on node1
    assert.equal(
      r.stdout.match(/node1 eth0 +tc-ingress +bpf\/bpf_host\.c tc\/entry \(cil_from_netdev\)/g)?.length,
      2,
    );
    assert.match(r.stdout, /xfrm decrypt ESP \(from 10\.0\.0\.196, SPI 3\)/);
    assert.doesNotMatch(r.stdout, /bpf_network/);
    assert.match(r.stdout, /disposition: delivered/);
  });

  test('JSON (v1.19): cil_to_netdev redirects to cilium_net (v1.19.0 bpf/lib/ipsec.h:314), ESP on the wire', () => {
    const r = run(...IPSEC, '--cilium-version', 'v1.19', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as {
      hops: Array<{
        hook: string;
        headers: { outer?: { ip: { src: string; dst: string; protocol: string } } };
        steps: Array<{ type: string; device?: string; cite?: string }>;
      }>;
    };
    assert.ok(
      t.hops.some((h) =>
        h.steps.some(
          (s) =>
            s.type === 'redirect' && s.device === 'cilium_net' && s.cite === 'v1.19.0 bpf/lib/ipsec.h:314',
        ),
      ),
    );
    assert.deepEqual(t.hops.find((h) => h.hook === 'wire')!.headers.outer?.ip, {
      src: '10.0.0.196',
      dst: '10.0.1.196',
      protocol: 'ESP',
    });
  });

  test('JSON (main, --reply): ESP from node1 to node0', () => {
    const r = run(...IPSEC, '--cilium-version', 'main', '--reply', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as {
      hops: Array<{
        hook: string;
        headers: { outer?: { ip: { src: string; dst: string; protocol: string } } };
      }>;
    };
    assert.deepEqual(t.hops.find((h) => h.hook === 'wire')!.headers.outer?.ip, {
      src: '10.0.1.196',
      dst: '10.0.0.196',
      protocol: 'ESP',
    });
  });

  test('Mermaid: the xfrm hops and bpf_network appear', () => {
    const r = run(...IPSEC, '--cilium-version', 'v1.12', '--format', 'mermaid');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /xfrm/);
    assert.match(r.stdout, /from_network|from-network/);
  });

  for (const [args, pattern] of [
    [
      ['--cilium-version', 'v1.12', '--config', 'enable-host-firewall=true'],
      /IPSec cannot be used with the host firewall\.".*daemon_main\.go:1470/,
    ],
    [
      ['--cilium-version', 'v1.10', '--config', 'datapath-mode=ipvlan'],
      /Currently ipsec cannot be used in the 'ipvlan' datapath mode/,
    ],
    [
      ['--cilium-version', 'v1.16'],
      // v1.16.0 pkg/datapath/loader/loader.go:400 and base.go:251: two programs on eth0's tc ingress
      /IPsec is traced for Cilium v1\.10–v1\.12, v1\.19 and main.*v1\.16\.0 pkg\/datapath\/loader\/loader\.go:400.*v1\.16\.0 pkg\/datapath\/loader\/base\.go:251.*not modelled yet \(Cilium v1\.16\)/,
    ],
    [
      ['--cilium-version', 'v1.18'],
      /v1\.18 encrypts at the native device.*v1\.18\.0 bpf\/bpf_host\.c:1252.*not modelled yet \(Cilium v1\.18\)/,
    ],
    [
      ['--cilium-version', 'main', '--config', 'kube-proxy-replacement=true'],
      // main bpf/bpf_host.c:1846 handle_nat_fwd in cil_to_host on the packet to encrypt
      /kube-proxy replacement or BPF masquerade .*main bpf\/bpf_host\.c:1846.*not modelled yet \(Cilium main\)/,
    ],
    [['--cilium-version', 'v1.12', '--config', 'tunnel=vxlan'], /tunnel=vxlan .*not modelled yet/],
  ] as const)
    test(`refused, exit 2: ${args.join(' ')}`, () => {
      const r = run(...IPSEC, ...args);
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
});
