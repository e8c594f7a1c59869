/**
 * `cilium-datapath trace` with WireGuard and a tunnel as a user runs it (dist/cli.js): the text output
 * shows the redirect to cilium_wg0 in cil_to_netdev and, with --detail full, the headers on the wire
 * (outer WireGuard UDP 51871, the encrypted VXLAN header inside, the pod packet); the JSON carries the
 * same in headers.outer and headers.overlay. v1.16: v1.16.0 bpf/lib/wireguard.h:88 (TUNNEL_PORT) and
 * :158 (overlay_encrypt redirect); v1.14: v1.14.0 bpf/lib/encap.h:82 (before the encapsulation).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const run = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [CLI, 'trace', '--from', 'pod0', '--to', 'pod3', '--config', 'enable-wireguard=true', ...args],
    { encoding: 'utf8', cwd: ROOT },
  );

interface Layer {
  ip: { src: string; dst: string };
  udp: { dstPort: number };
  tunnel: { protocol: string; vni: number };
}
interface JsonHop {
  hook: string;
  device: string;
  program?: { function: string };
  steps: Array<{ type: string; device?: string; cite?: string }>;
  headers: { ip: { src: string; dst: string }; outer?: Layer; overlay?: Layer };
}

describe('trace: WireGuard with a tunnel', () => {
  test('text, v1.16 VXLAN: cil_to_netdev redirects the VXLAN packet to cilium_wg0; the wire shows WireGuard, then VXLAN, then the pod packet', () => {
    const r = run('--mode', 'vxlan', '--cilium-version', 'v1.16', '--detail', 'full');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /custom: veth pods, VXLAN, legacy host routing, tcx, WireGuard, Cilium v1\.16\): delivered/,
    );
    assert.match(r.stdout, /encap VXLAN outer 172\.26\.50\.101 → 172\.26\.50\.102 UDP 8472 VNI 48312/);
    assert.match(
      r.stdout,
      /eth0 +tc-egress +bpf\/bpf_host\.c tc \(cil_to_netdev\) \(tcx\)\n +· redirect → cilium_wg0/,
    );
    assert.match(r.stdout, /\[v1\.16\.0 bpf\/lib\/wireguard\.h:158\]/);
    assert.match(r.stdout, /encrypt WireGuard outer 172\.26\.50\.101 → 172\.26\.50\.102 UDP 51871/);
    assert.match(
      r.stdout,
      /physical network +wire\n +headers: outer 172\.26\.50\.101 → 172\.26\.50\.102 UDP 51871 WireGuard \(encrypted\) \| encrypted inside: 172\.26\.50\.101 → 172\.26\.50\.102 UDP 8472 VXLAN VNI 48312 \| IP 10\.0\.0\.31 → 10\.0\.1\.72/,
    );
    assert.match(r.stdout, /decrypt WireGuard \(from 172\.26\.50\.101\)/);
    assert.match(r.stdout, /decap VXLAN \(VNI 48312\)/);
  });

  test('JSON, Geneve on main: headers.outer is WireGuard, headers.overlay the Geneve header, until cilium_wg0 decrypts', () => {
    const r = run('--mode', 'geneve', '--cilium-version', 'main', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout) as { disposition: string; hops: JsonHop[] };
    assert.equal(t.disposition, 'delivered');
    const wire = t.hops.find((h) => h.hook === 'wire')!;
    assert.deepEqual(
      [wire.headers.outer?.tunnel.protocol, wire.headers.outer?.udp.dstPort, wire.headers.outer?.ip.dst],
      ['wireguard', 51871, '172.26.50.102'],
    );
    assert.deepEqual(
      [
        wire.headers.overlay?.tunnel.protocol,
        wire.headers.overlay?.udp.dstPort,
        wire.headers.overlay?.tunnel.vni,
      ],
      ['geneve', 6081, 48312],
    );
    assert.deepEqual([wire.headers.ip.src, wire.headers.ip.dst], ['10.0.0.31', '10.0.1.72']);
    // main bpf/lib/wireguard.h:163: overlay_encrypt's redirect, reached through ctx_is_overlay (:78)
    const redirect = t.hops.flatMap((h) => h.steps).find((s) => s.cite === 'main bpf/lib/wireguard.h:163');
    assert.equal(redirect?.device, 'cilium_wg0');
    // cil_from_wireguard: CTX_ACT_OK under TUNNEL_MODE (main bpf/bpf_wireguard.c:288)
    const from = t.hops.find((h) => h.program?.function === 'cil_from_wireguard')!;
    assert.equal(from.headers.overlay, undefined);
    assert.equal(from.headers.outer?.tunnel.protocol, 'geneve');
  });

  test('text, v1.14 VXLAN: from-container redirects to cilium_wg0 before the encapsulation: no cilium_vxlan', () => {
    const r = run('--mode', 'vxlan', '--cilium-version', 'v1.14', '--detail', 'full');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[v1\.14\.0 bpf\/lib\/encap\.h:82\]/);
    assert.doesNotMatch(r.stdout, /cilium_vxlan/);
    assert.match(
      r.stdout,
      /headers: outer 172\.26\.50\.101 → 172\.26\.50\.102 UDP 51871 WireGuard \(encrypted\) \| IP/,
    );
  });
});
