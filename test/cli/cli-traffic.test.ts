/**
 * `cilium-datapath trace` for Services, masquerade, replies and host traffic as a user runs it
 * (dist/cli.js): --manifest with Service YAML, --backend, --reply, --from <node>, --from external:<ip>,
 * the configuration flags, and the NAT lines of the text output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SERVICE = join('test', 'fixtures', 'services', 'backend.yaml');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'trace', '--mode', 'vxlan', ...args], { encoding: 'utf8', cwd: ROOT });

describe('trace: Services, NAT, replies, host traffic', () => {
  test('text output prints the DNAT and the lb lookup of a ClusterIP (v1.16, per-packet LB)', () => {
    // v1.16.0 bpf/bpf_lxc.c:100 lb4_lookup_service
    const r = run(
      '--from',
      'pod0',
      '--to',
      'default/backend',
      '--port',
      '80',
      '--manifest',
      SERVICE,
      '--cilium-version',
      'v1.16',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /service default\/backend 10\.96\.120\.15:80 → backend 10\.0\.1\.15:8080 \(pod2\) \[cilium_lb4_services_v2\]/,
    );
    assert.match(r.stdout, /DNAT 10\.96\.120\.15:80 → 10\.0\.1\.15:8080 \(BPF, cilium_lb4_backends_v3\)/);
    assert.match(r.stdout, /destination 10\.96\.120\.15:80 became 10\.0\.1\.15:8080/);
  });

  test('--policy stays an alias of --manifest, and --backend picks the backend', () => {
    const r = run(
      '--from',
      'pod0',
      '--to',
      '10.96.120.15',
      '--port',
      '80',
      '--policy',
      SERVICE,
      '--backend',
      'pod3',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    const lb = t.hops.flatMap((h: any) => h.steps).find((s: any) => s.type === 'lb');
    assert.equal(lb.backendPod, 'pod3');
    assert.equal(lb.backend, '10.0.1.72:8080');
  });

  test('--socket-lb true translates at connect() in bpf_sock.c', () => {
    // main bpf/bpf_sock.c:467 cil_sock4_connect
    const r = run(
      '--from',
      'pod0',
      '--to',
      'default/backend',
      '--port',
      '80',
      '--manifest',
      SERVICE,
      '--socket-lb',
      'true',
      '--cilium-version',
      'main',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    assert.equal(t.hops[0].hook, 'socket');
    assert.equal(t.hops[0].program.function, 'cil_sock4_connect');
    assert.equal(t.config.socketLB, true);
  });

  test('pod → 8.8.8.8 masquerade: iptables by default, BPF with the flags; the reply un-NATs', () => {
    const ipt = run('--from', 'pod0', '--to', '8.8.8.8');
    assert.equal(ipt.status, 0, ipt.stderr);
    assert.match(ipt.stdout, /SNAT 10\.0\.0\.31 → 172\.26\.50\.101 \(iptables\)/);
    const bpf = run(
      '--from',
      'pod0',
      '--to',
      '8.8.8.8',
      '--kube-proxy-replacement',
      'true',
      '--bpf-masquerade',
      'true',
      '--cilium-version',
      'v1.16',
    );
    assert.equal(bpf.status, 0, bpf.stderr);
    assert.match(bpf.stdout, /SNAT 10\.0\.0\.31 → 172\.26\.50\.101 \(BPF, cilium_snat_v4_external\)/);
    const reply = run('--from', 'pod0', '--to', '8.8.8.8', '--reply');
    assert.equal(reply.status, 0, reply.stderr);
    assert.match(reply.stdout, /REV-SNAT 172\.26\.50\.101 → 10\.0\.0\.31 \(iptables\)/);
  });

  test('--from node0 and --from external:<ip>', () => {
    const node = run('--from', 'node0', '--to', 'pod0', '--format', 'json');
    assert.equal(node.status, 0, node.stderr);
    assert.equal(JSON.parse(node.stdout).source.ip, '10.0.0.196');
    const ext = run(
      '--from',
      'external:203.0.113.7',
      '--to',
      '172.26.50.102',
      '--port',
      '30080',
      '--manifest',
      SERVICE,
    );
    assert.equal(ext.status, 0, ext.stderr);
    assert.match(ext.stdout, /DNAT 172\.26\.50\.102:30080 → 10\.0\.1\.15:8080 \(iptables\)/);
  });

  test('bad input: exit 2 with one line naming the file, document and field, or the flag', () => {
    const bad = run(
      '--from',
      'pod0',
      '--to',
      'default/web',
      '--manifest',
      join('test', 'fixtures', 'services', 'invalid-named-port.yaml'),
    );
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /invalid-named-port\.yaml, document 2 \(Service default\/web\): spec\.ports\[0\]\.targetPort/,
    );
    assert.doesNotMatch(bad.stderr, /\n.+\n/, 'one line, no stack trace');
    const flag = run('--from', 'pod0', '--to', '8.8.8.8', '--bpf-masquerade', 'yes');
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /Unknown bpf-masquerade "yes": use one of true, false/);
    // --bpf-masquerade is enable-bpf-masquerade: v1.16 refuses it without NodePort (v1.16.0 daemon/cmd/daemon.go:675)
    const refused = run(
      '--from',
      'pod0',
      '--to',
      '8.8.8.8',
      '--bpf-masquerade',
      'true',
      '--cilium-version',
      'v1.16',
    );
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /BPF masquerade requires NodePort.*v1\.16\.0 daemon\/cmd\/daemon\.go:675/);
    // … while v1.10 falls back to iptables masquerading (v1.10.0 daemon/cmd/daemon.go:605)
    const fallback = run('--from', 'pod0', '--to', '8.8.8.8', '--bpf-masquerade', 'true');
    assert.equal(fallback.status, 0, fallback.stderr);
    assert.match(
      fallback.stdout,
      /falls back to iptables masquerading.*v1\.10\.0 daemon\/cmd\/daemon\.go:605/,
    );
    assert.match(fallback.stdout, /SNAT 10\.0\.0\.31 → 172\.26\.50\.101 \(iptables\)/);
  });

  test('the configuration flags are aliases of cilium-config keys, per release', () => {
    // --lb-mode dsr ≡ --config bpf-lb-mode=dsr; node-port-mode before v1.10 (v1.8.0 daemon/cmd/daemon_main.go:516)
    const json = (...a: string[]) => {
      const r = run('--from', 'pod0', '--to', 'pod3', '--format', 'json', ...a);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { config: Record<string, unknown>; assumptions: string[] };
    };
    const alias = json('--lb-mode', 'dsr');
    const key = json('--config', 'bpf-lb-mode=dsr');
    assert.deepEqual(alias.config, key.config);
    assert.ok(alias.assumptions.some((a) => /set by the user: bpf-lb-mode=dsr/.test(a)));
    assert.ok(
      json('--lb-mode', 'dsr', '--cilium-version', 'v1.9').assumptions.some((a) =>
        /set by the user: node-port-mode=dsr/.test(a),
      ),
    );
    // kube-proxy-replacement=strict before v1.14, and it turns the socket LB on from v1.12
    // (v1.12.0 daemon/cmd/kube_proxy_replacement.go:95)
    const kpr = json('--kube-proxy-replacement', 'true', '--cilium-version', 'v1.12');
    assert.ok(kpr.assumptions.some((a) => /set by the user: kube-proxy-replacement=strict/.test(a)));
    assert.equal(kpr.config.socketLB, true);
    assert.equal(json('--socket-lb', 'true', '--cilium-version', 'v1.10').config.socketLB, true);
    assert.ok(
      json('--socket-lb', 'true', '--cilium-version', 'v1.10').assumptions.some((a) =>
        /enable-host-reachable-services=true/.test(a),
      ),
    );
    const clash = run('--from', 'pod0', '--to', 'pod3', '--lb-mode', 'dsr', '--config', 'bpf-lb-mode=snat');
    assert.equal(clash.status, 2);
    assert.match(
      clash.stderr,
      /--lb-mode dsr is --config bpf-lb-mode=dsr in Cilium v1\.10, but --config bpf-lb-mode=snat/,
    );
    const help = run('--help');
    assert.match(help.stdout, /--lb-mode = --config bpf-lb-mode/);
  });
});
