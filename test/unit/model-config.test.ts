/** cilium-config keys → the traced configuration, per release (defaults, refusals, fallbacks, provenance). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DatapathError, parseTopology, resolveHook, trace, DEFAULT_TOPOLOGY } from '../../src/core';
import { presetOf, resolveCiliumConfig } from '../../src/core/model/cilium-config';
import { parseCiliumVersion } from '../../src/core/model/versions';

const v = parseCiliumVersion;
const user = (keys: Record<string, string>) => [{ origin: 'user' as const, label: '--config', keys }];
const refused = (fn: () => unknown, pattern: RegExp, code = 'invalid-config') =>
  assert.throws(fn, (e: unknown) => e instanceof DatapathError && e.code === code && pattern.test(e.message));

describe('cilium-config: keys, defaults and provenance', () => {
  test('no keys: each mode is its preset, and every value says where it came from', () => {
    for (const mode of ['vxlan', 'geneve', 'native'] as const) {
      const r = resolveCiliumConfig(mode, v('v1.16'));
      assert.equal(r.preset, mode);
      assert.equal(r.mode, mode);
    }
    const r = resolveCiliumConfig('vxlan', v('v1.16'));
    const byKey = Object.fromEntries(r.values.map((x) => [x.key, x]));
    // v1.16.0 daemon/cmd/daemon_main.go:539: kube-proxy-replacement defaults to "false"
    assert.deepEqual(
      [byKey['kube-proxy-replacement']!.value, byKey['kube-proxy-replacement']!.origin],
      ['false', 'release default'],
    );
    assert.equal(byKey['routing-mode']!.origin, 'preset');
    // v1.16.0 pkg/defaults/defaults.go:248 EnableHostLegacyRouting = false, yet legacy is used (below)
    assert.equal(byKey['enable-host-legacy-routing']!.value, 'false');
    assert.equal(r.config.hostRouting, 'legacy');
    // v1.16.0 daemon/cmd/kube_proxy_replacement.go:376 — the fallback is stated
    assert.match(
      r.notes.join(' '),
      /BPF host routing requires enable-bpf-masquerade.*kube_proxy_replacement\.go:376/,
    );
  });

  test('older key names: tunnel (v1.4–v1.14) vs routing-mode/tunnel-protocol (v1.14+)', () => {
    const old = resolveCiliumConfig('vxlan', v('v1.12'), user({ tunnel: 'disabled' }));
    assert.equal(old.config.transport, 'native');
    assert.equal(old.preset, 'native');
    assert.equal(old.values.find((x) => x.key === 'tunnel')!.origin, 'user');
    const g = resolveCiliumConfig('vxlan', v('main'), user({ 'tunnel-protocol': 'geneve' }));
    assert.equal(g.config.transport, 'geneve');
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.16'), user({ tunnel: 'vxlan' })),
      /does not read "tunnel".*use "routing-mode"/,
    );
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.12'), user({ 'routing-mode': 'native' })),
      /does not read "routing-mode"/,
    );
  });

  test('a whole ConfigMap (verify-attach): keys the release does not read are ignored, not refused', () => {
    // v1.12.0 pkg/option/config.go: "routing-mode" is not an option of v1.12 (v1.14.0 pkg/option/config.go:519)
    const cm = {
      origin: 'user' as const,
      label: 'cilium-config.yaml',
      keys: { 'routing-mode': 'native', tunnel: 'disabled' },
      wholeConfigMap: true,
    };
    const r = resolveCiliumConfig('vxlan', v('v1.12'), [cm]);
    assert.equal(r.config.transport, 'native');
    assert.ok(r.ignored.includes('routing-mode (not read by v1.12)'), r.ignored.join(', '));
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.12'), [{ ...cm, wholeConfigMap: false }]),
      /does not read "routing-mode"/,
    );
  });

  test('kube-proxy replacement + BPF masquerade: BPF host routing, per release', () => {
    // v1.12.0 daemon/cmd/kube_proxy_replacement.go:551 (needs BPF masquerade); v1.12 KPR values: strict
    const r12 = resolveCiliumConfig(
      'native',
      v('v1.12'),
      user({ 'kube-proxy-replacement': 'strict', 'enable-bpf-masquerade': 'true' }),
    );
    assert.equal(r12.config.hostRouting, 'bpf');
    // v1.16.0 daemon/cmd/kube_proxy_replacement.go:379 (needs kube-proxy-replacement=true)
    const r16 = resolveCiliumConfig(
      'native',
      v('v1.16'),
      user({ 'kube-proxy-replacement': 'true', 'enable-bpf-masquerade': 'true' }),
    );
    assert.equal(r16.config.hostRouting, 'bpf');
    assert.equal(r16.preset, 'custom');
    // v1.16.0 daemon/cmd/kube_proxy_replacement.go:58: KPR turns socket LB on
    assert.equal(r16.config.socketLB, true);
    refused(
      () => resolveCiliumConfig('native', v('v1.16'), user({ 'kube-proxy-replacement': 'strict' })),
      /accepts true, false/,
    );
    // v1.10.0 daemon/cmd/kube_proxy_replacement.go:520: endpoint routes force legacy in v1.10–v1.13 …
    const ep10 = resolveCiliumConfig(
      'native',
      v('v1.10'),
      user({
        'kube-proxy-replacement': 'strict',
        'enable-bpf-masquerade': 'true',
        'enable-endpoint-routes': 'true',
      }),
    );
    assert.equal(ep10.config.hostRouting, 'legacy');
    assert.match(
      ep10.notes.join(' '),
      /not supported with enable-endpoint-routes.*v1\.10\.0 daemon\/cmd\/kube_proxy_replacement\.go:520/,
    );
    // … but not from v1.14 (v1.16.0 daemon/cmd/kube_proxy_replacement.go:370-386 has no such case)
    const ep16 = resolveCiliumConfig(
      'native',
      v('v1.16'),
      user({
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
        'enable-endpoint-routes': 'true',
      }),
    );
    assert.equal(ep16.config.hostRouting, 'bpf');
  });

  test('asking for BPF host routing where the release falls back is a clear error with the release reason', () => {
    refused(
      () => resolveCiliumConfig('vxlan', v('main'), user({ 'enable-host-legacy-routing': 'false' })),
      /cannot take effect in Cilium main.*BPF host routing requires enable-bpf-masquerade.*main pkg\/kpr\/initializer\/kube_proxy_replacement\.go:51/,
    );
    refused(
      () =>
        resolveCiliumConfig(
          'vxlan',
          v('v1.16'),
          user({ 'enable-host-legacy-routing': 'false', 'enable-ipv4-masquerade': 'false' }),
        ),
      /BPF host routing requires kube-proxy-replacement=true.*v1\.16\.0 daemon\/cmd\/kube_proxy_replacement\.go:379/,
    );
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.9'), user({ 'enable-host-legacy-routing': 'false' })),
      /does not read "enable-host-legacy-routing"/,
    );
  });

  test('combinations the release refuses', () => {
    // v1.16.0 daemon/cmd/daemon_main.go:1358
    refused(
      () =>
        resolveCiliumConfig('vxlan', v('v1.16'), user({ 'enable-ipv4': 'false', 'enable-ipv6': 'false' })),
      /Either IPv4 or IPv6 addressing must be enabled.*daemon_main\.go:1358/,
    );
    // v1.12.0 daemon/cmd/daemon_main.go:1688
    refused(
      () =>
        resolveCiliumConfig(
          'vxlan',
          v('v1.12'),
          user({ 'enable-wireguard': 'true', 'enable-ipsec': 'true' }),
        ),
      /cannot be used with IPSec.*daemon_main\.go:1688/,
    );
    // v1.10.0 daemon/cmd/daemon_main.go:1340
    refused(
      () =>
        resolveCiliumConfig(
          'native',
          v('v1.10'),
          user({ 'enable-ipsec': 'true', 'enable-host-firewall': 'true' }),
        ),
      /IPSec cannot be used with the host firewall.*v1\.10\.0 daemon\/cmd\/daemon_main\.go:1340/,
    );
    // v1.10.0 daemon/cmd/daemon_main.go:1254
    refused(
      () => resolveCiliumConfig('ipvlan', v('v1.10'), user({ tunnel: 'vxlan' })),
      /tunnel cannot be set in the 'ipvlan' datapath mode/,
    );
    // v1.12.0 daemon/cmd/daemon.go:968
    refused(
      () =>
        resolveCiliumConfig(
          'ipvlan',
          v('v1.12'),
          user({ 'enable-bpf-masquerade': 'true', 'kube-proxy-replacement': 'strict' }),
        ),
      /BPF masquerade works only in veth mode.*v1\.12\.0 daemon\/cmd\/daemon\.go:968/,
    );
    // v1.16.0 daemon/cmd/daemon.go:675 refuses; v1.12.0 daemon/cmd/daemon.go:922 falls back to iptables
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.16'), user({ 'enable-bpf-masquerade': 'true' })),
      /BPF masquerade requires NodePort.*v1\.16\.0 daemon\/cmd\/daemon\.go:675/,
    );
    const fb = resolveCiliumConfig('vxlan', v('v1.12'), user({ 'enable-bpf-masquerade': 'true' }));
    assert.equal(fb.config.bpfMasquerade, false);
    assert.match(
      fb.notes.join(' '),
      /falls back to iptables masquerading.*v1\.12\.0 daemon\/cmd\/daemon\.go:922/,
    );
    // netkit before v1.16: v1.12.0 daemon/cmd/daemon_main.go:1435 "Invalid datapath mode"
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.12'), user({ 'datapath-mode': 'netkit' })),
      /Invalid datapath mode.*v1\.12\.0 daemon\/cmd\/daemon_main\.go:1435/,
    );
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.16'), user({ 'enable-ipv6': 'maybe' })),
      /must be true or false/,
    );
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.16'), user({ 'enable-wiregaurd': 'true' })),
      /not a cilium-config key this tool models/,
    );
  });

  test('what the model does not trace yet is a not-modelled error, never a wrong path', () => {
    refused(
      () => resolveCiliumConfig('vxlan', v('v1.16'), user({ 'enable-ipv4': 'false', 'enable-ipv6': 'true' })),
      /IPv6-only cluster \(enable-ipv4=false\) is not modelled/,
      'not-modelled',
    );
    // WireGuard with a tunnel is traced from v1.14 (model-wireguard-tunnel.test.ts)
    for (const version of ['v1.14', 'v1.16', 'main']) {
      const r = resolveCiliumConfig('vxlan', v(version), user({ 'enable-wireguard': 'true' }));
      assert.deepEqual([r.config.encryption, r.config.transport], ['wireguard', 'vxlan'], version);
    }
    refused(
      () => resolveCiliumConfig('native', v('v1.16'), user({ 'enable-ipsec': 'true' })),
      /enable-ipsec=true in v1\.16 \(IPsec is traced for Cilium v1\.10–v1\.12, v1\.19 and main.* is not modelled/,
      'not-modelled',
    );
  });

  test('presetOf: a configuration equal to a preset is that preset', () => {
    assert.equal(
      presetOf(resolveCiliumConfig('vxlan', v('v1.10'), user({ tunnel: 'geneve' })).config),
      'geneve',
    );
    assert.equal(
      presetOf({ ...resolveCiliumConfig('vxlan', v('v1.10')).config, endpointRoutes: true }),
      'custom',
    );
  });
});

describe('cilium-config in traces', () => {
  test('enable-ipv6=true: the dual-stack build makes the __and(ENABLE_IPV4, ENABLE_IPV6) tail calls real', () => {
    for (const version of ['v1.12', 'v1.16', 'main']) {
      const ipv4 = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: version });
      const dual = trace({
        mode: 'vxlan',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: version,
        ciliumConfig: { 'enable-ipv6': 'true' },
      });
      const steps = (t: typeof ipv4) => t.hops.flatMap((h) => h.steps).filter((s) => s.type === 'tail-call');
      const dualOnly = steps(ipv4).filter(
        (s) => s.type === 'tail-call' && s.inlined && /ENABLE_IPV6/.test(s.condition ?? ''),
      );
      // v1.16.0 bpf/bpf_lxc.c:2198 invoke_tailcall_if(__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6)), …)
      assert.ok(dualOnly.length > 0, `${version}: an IPv4-only build inlines the dual-stack tail calls`);
      const real = steps(dual).filter((s) => s.type === 'tail-call' && /ENABLE_IPV6/.test(s.condition ?? ''));
      assert.ok(
        real.length >= dualOnly.length && real.every((s) => s.type === 'tail-call' && !s.inlined),
        version,
      );
      assert.equal(dual.preset, 'custom');
      assert.ok(dual.assumptions.some((a) => /set by the user: enable-ipv6=true/.test(a)));
      assert.ok(dual.assumptions.some((a) => /Build: dual-stack/.test(a)));
    }
  });

  test('topology config: keys from the cluster ConfigMap, overridden by the user', () => {
    const topo = parseTopology(
      JSON.stringify({
        nodes: DEFAULT_TOPOLOGY.nodes.map(({ name, ip, podCidr }) => ({ name, ip, podCidr })),
        pods: DEFAULT_TOPOLOGY.pods.map(({ name, node, ip, endpointId }) => ({ name, node, ip, endpointId })),
        config: { 'routing-mode': 'native', mtu: 1450 },
      }),
      'topo.json',
    );
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' }, topo);
    assert.equal(t.config.transport, 'native');
    assert.equal(t.mode, 'native');
    assert.ok(t.assumptions.some((a) => /from the topology's config: routing-mode=native/.test(a)));
    assert.ok(t.assumptions.some((a) => /not modelled \(ignored\): mtu/.test(a)));
    const back = trace(
      {
        mode: 'vxlan',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: 'v1.16',
        ciliumConfig: { 'routing-mode': 'tunnel' },
      },
      topo,
    );
    assert.equal(back.config.transport, 'vxlan');
    assert.ok(back.hops.some((h) => h.device === 'cilium_vxlan'));
  });

  test('BPF host routing from keys: fib_redirect out, redirect_peer in (v1.16.0 bpf/bpf_lxc.c:1253, :2032)', () => {
    const t = trace({
      mode: 'native',
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: 'v1.16',
      ciliumConfig: { 'kube-proxy-replacement': 'true', 'enable-bpf-masquerade': 'true' },
    });
    const cites = t.hops.flatMap((h) => h.steps).map((s) => s.cite);
    assert.ok(cites.includes('v1.16.0 bpf/bpf_lxc.c:1253'));
    assert.ok(cites.includes('v1.16.0 bpf/bpf_lxc.c:2032'));
    assert.equal(t.config.hostRouting, 'bpf');
  });

  test('resolveHook answers for the active configuration', () => {
    const r = resolveHook(
      'to-netdev',
      'native',
      'v1.16',
      user({ 'kube-proxy-replacement': 'true', 'enable-bpf-masquerade': 'true' }),
    );
    assert.equal(r.preset, 'custom');
    assert.ok(
      r.attachments.some(
        (a) => a.deviceRole === 'native' && !a.condition.startsWith('not in this configuration'),
      ),
    );
    const plain = resolveHook('to-netdev', 'native', 'v1.16');
    assert.ok(plain.attachments.every((a) => a.condition.startsWith('not in this configuration')));
  });
});

describe('endpoint routes (enable-endpoint-routes)', () => {
  const er = (version: string, mode: string, to = 'pod3') =>
    trace({
      mode,
      from: 'pod0',
      to,
      ciliumVersion: version,
      ciliumConfig: { 'enable-endpoint-routes': 'true' },
    });
  const last = (t: ReturnType<typeof trace>) =>
    t.hops.filter((h) => h.program).map((h) => h.program!.function);

  test('v1.16 native: the stack routes by the per-endpoint route to the lxc device, where cil_to_container runs', () => {
    const t = er('v1.16', 'native');
    assert.equal(t.disposition, 'delivered');
    const route = t.hops.flatMap((h) => h.steps).find((s) => s.type === 'route' && s.device === 'veth1');
    assert.ok(route && route.type === 'route' && route.destination === '10.0.1.72/32', JSON.stringify(route));
    // v1.10.0 pkg/datapath/loader/loader.go:334: to-container on the lxc device's tc egress
    const toContainer = t.hops.find((h) => h.program?.function === 'cil_to_container');
    assert.ok(toContainer && toContainer.device === 'veth1' && toContainer.hook === 'tc-egress');
    assert.ok(!last(t).includes('handle_policy'), 'no policy tail call');
    // without endpoint routes: via cilium_host and the policy tail call
    const plain = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' });
    assert.ok(last(plain).includes('handle_policy') && !last(plain).includes('cil_to_container'));
  });

  test('v1.16 VXLAN: from-overlay hands the packet to the stack (v1.15.0 bpf/lib/l3.h:103, from_tunnel without ENABLE_NODEPORT)', () => {
    const t = er('v1.16', 'vxlan');
    const cites = t.hops.flatMap((h) => h.steps).map((s) => s.cite);
    assert.ok(cites.includes('v1.15.0 bpf/lib/l3.h:103'));
    assert.ok(last(t).includes('cil_to_container'));
  });

  test('same node, v1.16 and main: from-container skips the local lookup (no ENABLE_ROUTING) and the stack routes to the lxc device (v1.16.0 bpf/bpf_lxc.c:1106, main bpf/bpf_lxc.c:1229)', () => {
    for (const [version, cite] of [
      ['v1.16', 'v1.16.0 bpf/bpf_lxc.c:1106'],
      ['main', 'main bpf/bpf_lxc.c:1229'],
    ] as const) {
      const t = er(version, 'vxlan', 'pod1');
      assert.ok(
        t.hops.some((h) => h.note?.includes(cite)),
        `${version}: ${cite}`,
      );
      assert.ok(!t.hops.flatMap((h) => h.steps).some((s) => s.type === 'redirect'), version);
      assert.ok(last(t).includes('cil_to_container'), version);
    }
  });

  test('v1.10 and v1.12: force-local-policy-eval-at-source defaults to true, so the policy tail call stays and to-container runs after it', () => {
    for (const version of ['v1.10', 'v1.12']) {
      const t = er(version, 'vxlan');
      const fns = last(t);
      // v1.12.0 pkg/defaults/defaults.go:306 ForceLocalPolicyEvalAtSource = true
      assert.ok(
        fns.indexOf('handle_policy') >= 0 &&
          fns.indexOf('handle_to_container') > fns.indexOf('handle_policy'),
        `${version}: ${fns.join(' → ')}`,
      );
    }
  });

  test('v1.16 with BPF host routing: redirect_peer bypasses to-container, so the policy stays at the source (v1.16.0 bpf/lib/l3.h:21)', () => {
    const t = trace({
      mode: 'native',
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: 'v1.16',
      ciliumConfig: {
        'enable-endpoint-routes': 'true',
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
      },
    });
    assert.equal(t.config.hostRouting, 'bpf');
    assert.ok(last(t).includes('handle_policy'));
    assert.ok(!last(t).includes('cil_to_container'));
  });
});

describe('netkit and tcx (v1.16+)', () => {
  const nk = (version: string, keys: Record<string, string>, to = 'pod3') =>
    trace({ mode: 'vxlan', from: 'pod0', to, ciliumVersion: version, ciliumConfig: keys });

  test('netkit: cil_from_container runs on the netkit peer (the pod eth0), no veth hop before it', () => {
    for (const version of ['v1.16', 'main']) {
      const t = nk(version, { 'datapath-mode': 'netkit' });
      const first = t.hops[0]!;
      // v1.16.0 pkg/datapath/loader/netkit.go:28: tc ingress of the host side → AttachNetkitPeer
      assert.deepEqual(
        [first.device, first.namespace, first.attach, first.program?.function],
        ['eth0', 'pod:pod0', 'netkit-peer', 'cil_from_container'],
        version,
      );
      assert.equal(first.headers.ethernet, undefined, 'netkit L3 mode: no Ethernet header on the pair');
      assert.equal(t.disposition, 'delivered');
      // the same bpf_lxc tail calls run
      assert.ok(t.hops.some((h) => h.program?.function === 'tail_handle_ipv4_cont'));
    }
  });

  test('netkit-l2 keeps Ethernet; with endpoint routes to-container is on the netkit primary (v1.16.0 pkg/datapath/loader/netkit.go:33)', () => {
    const t = nk('v1.16', { 'datapath-mode': 'netkit-l2', 'enable-endpoint-routes': 'true' }, 'pod1');
    assert.ok(t.hops[0]!.headers.ethernet);
    const to = t.hops.find((h) => h.program?.function === 'cil_to_container');
    assert.equal(to?.attach, 'netkit-primary');
  });

  test('pod to pod on one node with netkit and BPF host routing: a plain redirect to the primary, not redirect_peer (v1.16.0 bpf/lib/common.h:1214)', () => {
    const t = trace({
      mode: 'native',
      from: 'pod0',
      to: 'pod1',
      ciliumVersion: 'v1.16',
      ciliumConfig: {
        'datapath-mode': 'netkit',
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
      },
    });
    assert.equal(t.config.hostRouting, 'bpf');
    const redirect = t.hops.flatMap((h) => h.steps).find((s) => s.type === 'redirect');
    assert.ok(redirect && /netkit primary/.test(redirect.note), redirect?.note);
  });

  test('netkit before v1.16 is refused with the release reason', () => {
    refused(() => nk('v1.15', { 'datapath-mode': 'netkit' }), /Invalid datapath mode/);
  });

  test('tcx: hooks are tcx links from v1.16 (enable-tcx defaults to true, v1.16.0 daemon/cmd/daemon_main.go:745), tc before and with enable-tcx=false', () => {
    const tcx = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' });
    const entries = (t: typeof tcx) => t.hops.filter((h) => h.hook.startsWith('tc-')).map((h) => h.attach);
    assert.ok(entries(tcx).length > 0 && entries(tcx).every((a) => a === 'tcx'));
    const v12 = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.12' });
    assert.ok(entries(v12).every((a) => a === 'tc'));
    const off = nk('v1.16', { 'enable-tcx': 'false' });
    assert.ok(entries(off).every((a) => a === 'tc'));
    // netkit turns tcx on for the other devices (v1.16.0 daemon/cmd/daemon_main.go:1371)
    refused(() => nk('v1.12', { 'enable-tcx': 'true' }), /does not read "enable-tcx"/);
    const forced = nk('v1.16', { 'datapath-mode': 'netkit', 'enable-tcx': 'false' });
    assert.ok(
      forced.hops
        .filter((h) => h.device === 'cilium_vxlan' && h.hook.startsWith('tc-'))
        .every((h) => h.attach === 'tcx'),
    );
  });
});

describe('WireGuard (v1.14–v1.17, native routing)', () => {
  test('to-netdev redirects a pod-to-remote-pod packet to cilium_wg0, which encrypts it (UDP 51871); node1 decrypts and delivers through cilium_host', () => {
    for (const [version, cite] of [
      ['v1.16', 'v1.16.0 bpf/bpf_host.c:1486'],
      ['v1.17', 'v1.17.0 bpf/bpf_host.c:1539'],
    ] as const) {
      const t = trace({
        mode: 'native',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: version,
        ciliumConfig: { 'enable-wireguard': 'true' },
      });
      assert.equal(t.disposition, 'delivered', version);
      const steps = t.hops.flatMap((h) => h.steps);
      const redirect = steps.find((s) => s.cite === cite);
      assert.ok(
        redirect && redirect.type === 'redirect' && redirect.device === 'cilium_wg0',
        `${version}: ${cite}`,
      );
      const encap = steps.find((s) => s.type === 'encap');
      assert.ok(encap && encap.type === 'encap');
      // v1.16.0 pkg/wireguard/types/types.go:9 ListenPort = 51871; the outer header is node → node
      assert.deepEqual(
        [encap.device, encap.outer.protocol, encap.outer.dstPort, encap.outer.srcIp, encap.outer.dstIp],
        ['cilium_wg0', 'wireguard', 51871, '172.26.50.101', '172.26.50.102'],
      );
      const wire = t.hops.find((h) => h.hook === 'wire')!;
      assert.equal(wire.headers.outer?.tunnel.protocol, 'wireguard');
      assert.ok(steps.some((s) => s.type === 'decap' && s.device === 'cilium_wg0'));
      // encrypted once: the second pass through to-netdev (MARK_MAGIC_WG_ENCRYPTED) transmits
      assert.equal(steps.filter((s) => s.type === 'redirect' && s.device === 'cilium_wg0').length, 1);
      assert.ok(t.hops.some((h) => h.device === 'cilium_host' && h.program?.function === 'cil_from_host'));
    }
  });

  test('without WireGuard to-netdev is not attached in v1.16 native routing (v1.16.0 pkg/option/config.go:2577 AreDevicesRequired)', () => {
    const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' });
    assert.ok(!t.hops.some((h) => h.program?.function === 'cil_to_netdev'));
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0'));
  });

  test('same node: no encryption', () => {
    const t = trace({
      mode: 'native',
      from: 'pod0',
      to: 'pod1',
      ciliumVersion: 'v1.16',
      ciliumConfig: { 'enable-wireguard': 'true' },
    });
    assert.ok(!t.hops.some((h) => h.device === 'cilium_wg0'));
  });
});
