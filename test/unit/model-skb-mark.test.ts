/**
 * skb->mark writes per release (src/core/model/skb-mark.ts), as the traces carry them (`Step.mark`).
 * Every line below was read in the release's tree (/work/trees/<tag>/bpf, the Go lines with
 * `git show <tag>:pkg/datapath/iptables/iptables.go`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY, parseCiliumVersion, trace, type Hop, type Step, type Trace } from '../../src/core';
import { buildStops } from '../../src/core/debug/stops';
import { scopesAt } from '../../src/core/debug/variables';
import { loadPolicyFiles, servicesFromManifests } from '../../src/core/policy';

type Release = 'v1.10' | 'v1.12' | 'v1.16' | 'main';
const RELEASES: Release[] = ['v1.10', 'v1.12', 'v1.16', 'main'];

function marks(t: Trace): Array<{ hop: Hop; step: Step }> {
  return t.hops.flatMap((hop) => hop.steps.filter((s) => s.mark).map((step) => ({ hop, step })));
}
const summary = (t: Trace) =>
  marks(t).map(
    ({ hop, step }) =>
      `${hop.program?.function ?? hop.hook}/${step.type} ${step.mark!.magic} ${step.mark!.value} @${step.mark!.cite}`,
  );

// bpf_lxc's pass_to_stack identity mark: `ctx->mark |= MARK_MAGIC_IDENTITY; set_identity_mark(ctx, SECLABEL);`
// (v1.10.0 bpf/bpf_lxc.c:886-887, v1.12.0 :1141-1142), `set_identity_mark(ctx, SECLABEL_IPV4,
// MARK_MAGIC_IDENTITY)` (v1.16.0 :1299), main's `if (CONFIG(enable_identity_mark)) set_identity_mark(…)`
// before every exit (main bpf/bpf_lxc.c:1215). pod0's identity 48312 = 0xbcb8.
const IDENTITY: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/bpf_lxc.c:886',
  'v1.12': 'v1.12.0 bpf/bpf_lxc.c:1141',
  'v1.16': 'v1.16.0 bpf/bpf_lxc.c:1299',
  main: 'main bpf/bpf_lxc.c:1215',
};
const LXC_FN: Record<Release, string> = {
  'v1.10': 'tail_handle_ipv4',
  'v1.12': 'tail_handle_ipv4_cont',
  'v1.16': 'tail_handle_ipv4_cont',
  main: 'tail_handle_ipv4_cont',
};
// the hop's program: v1.10 inlines tail_handle_ipv4 into handle_xgress (no tail call in this build)
const LXC_HOP: Record<Release, string> = { ...LXC_FN, 'v1.10': 'handle_xgress' };
// the agent's CILIUM_OUTPUT rule: markAsFromHost := MagicMarkHost/MagicMarkHostMask
const HOST_OUTPUT: Record<Release, string> = {
  'v1.10': 'v1.10.0 pkg/datapath/iptables/iptables.go:1125',
  'v1.12': 'v1.12.0 pkg/datapath/iptables/iptables.go:1256',
  'v1.16': 'v1.16.0 pkg/datapath/iptables/iptables.go:1448',
  main: 'main pkg/datapath/iptables/iptables.go:1754',
};
// inherit_identity_from_host: "Reset packet mark to avoid hitting routing rules again" ctx->mark = 0;
const RESET: Record<Release, string> = {
  'v1.10': 'v1.10.0 bpf/lib/identity.h:63',
  'v1.12': 'v1.12.0 bpf/lib/identity.h:126',
  'v1.16': 'v1.16.0 bpf/lib/identity.h:224',
  main: 'main bpf/lib/identity.h:286',
};
const FROM_HOST: Record<Release, string> = {
  'v1.10': 'from_host',
  'v1.12': 'from_host',
  'v1.16': 'cil_from_host',
  main: 'cil_from_host',
};

describe('pod → pod, native routing: the identity mark at pass_to_stack, reset by from-host on node1', () => {
  for (const v of RELEASES)
    test(v, () => {
      const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: v });
      assert.deepEqual(summary(t), [
        `${LXC_HOP[v]}/pass-to-stack MARK_MAGIC_IDENTITY 0xbcb80f00 @${IDENTITY[v]}`,
        `${FROM_HOST[v]}/lookup cleared 0x00000000 @${RESET[v]}`,
      ]);
      assert.equal(marks(t)[0]!.step.function, LXC_FN[v]);
      assert.equal(marks(t)[0]!.step.mark!.identity, 48312);
    });
});

describe('pod → pod over VXLAN', () => {
  // v1.10 and v1.12: no program of the path writes the mark (to_overlay only reads
  // MARK_MAGIC_SNAT_DONE: v1.10.0 bpf/bpf_overlay.c:374, v1.12.0 :554); the VXLAN driver sends the
  // outer packet by ip_local_out through the OUTPUT chain, whose CILIUM_OUTPUT rule (installed for
  // IPv4 unconditionally: v1.10.0 pkg/datapath/iptables/iptables.go:1206, v1.12.0 :1391) excludes only
  // IPsec and proxy marks and sets MARK_MAGIC_HOST (0x0C00/0x0F00)
  for (const v of ['v1.10', 'v1.12'] as const)
    test(`${v}: only the OUTPUT chain's MARK_MAGIC_HOST on the encapsulated packet`, () => {
      const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: v });
      assert.deepEqual(summary(t), [`driver/encap MARK_MAGIC_HOST 0x00000c00 @${HOST_OUTPUT[v]}`]);
      assert.equal(marks(t)[0]!.hop.device, 'cilium_vxlan');
    });
  // cil_to_overlay: set_identity_mark(ctx, src_sec_identity, MARK_MAGIC_OVERLAY) (v1.16.0
  // bpf/bpf_overlay.c:787, main :651), the identity of the tunnel key bpf_lxc set (the VNI)
  test('v1.16: MARK_MAGIC_OVERLAY in cil_to_overlay', () => {
    assert.deepEqual(summary(trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' })), [
      'cil_to_overlay/xmit MARK_MAGIC_OVERLAY 0xbcb80400 @v1.16.0 bpf/bpf_overlay.c:787',
    ]);
  });
  test('main: the identity mark before the redirect, then MARK_MAGIC_OVERLAY', () => {
    assert.deepEqual(summary(trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'main' })), [
      'tail_handle_ipv4_cont/redirect MARK_MAGIC_IDENTITY 0xbcb80f00 @main bpf/bpf_lxc.c:1215',
      'cil_to_overlay/xmit MARK_MAGIC_OVERLAY 0xbcb80400 @main bpf/bpf_overlay.c:651',
    ]);
  });
});

describe('IPVLAN (v1.10, v1.12): the identity mark at the same return, in the pod namespace', () => {
  for (const v of ['v1.10', 'v1.12'] as const)
    test(v, () => {
      const t = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', ciliumVersion: v });
      const [first] = marks(t);
      assert.equal(first?.step.type, 'xmit');
      assert.equal(first?.step.mark?.cite, IDENTITY[v]);
      assert.equal(first?.hop.namespace, 'pod:pod0');
    });
});

describe('the host → a pod: MARK_MAGIC_HOST from the agent’s iptables rule, read and reset by from-host', () => {
  for (const v of RELEASES)
    test(v, () => {
      const t = trace({ mode: 'vxlan', from: 'node0', to: 'pod0', ciliumVersion: v });
      assert.deepEqual(summary(t), [
        `stack/xmit MARK_MAGIC_HOST 0x00000c00 @${HOST_OUTPUT[v]}`,
        `${FROM_HOST[v]}/lookup cleared 0x00000000 @${RESET[v]}`,
      ]);
    });
});

describe('a pod → its node: the identity mark at pass_to_stack', () => {
  for (const v of RELEASES)
    test(v, () => {
      const t = trace({ mode: 'vxlan', from: 'pod0', to: '172.26.50.101', ciliumVersion: v });
      assert.deepEqual(
        marks(t).map((m) => m.step.mark!.cite),
        [IDENTITY[v]],
      );
    });
});

describe('BPF masquerade: SNAT done after the identity mark', () => {
  // v1.10 and v1.12: nodeport_nat_ipv4_fwd does not mark (bpf_mark_snat_done only on the NodePort
  // paths: v1.10.0 bpf/lib/nodeport.h:1211-1228)
  for (const v of ['v1.10', 'v1.12'] as const)
    test(`${v}: no SNAT-done mark`, () => {
      const t = trace({
        mode: 'native',
        from: 'pod0',
        to: '8.8.8.8',
        ciliumVersion: v,
        config: { bpfMasquerade: true, kubeProxyReplacement: true },
      });
      assert.deepEqual(
        marks(t).map((m) => m.step.mark!.magic),
        ['MARK_MAGIC_IDENTITY'],
      );
    });
  // nodeport_snat_fwd_ipv4: `if (is_defined(IS_BPF_HOST)) ctx_snat_done_set(ctx);` (v1.16.0
  // bpf/lib/nodeport.h:1741, main bpf/lib/nodeport_egress.h:420); ctx_snat_done_set: mark &=
  // ~MARK_MAGIC_HOST_MASK; mark |= MARK_MAGIC_SNAT_DONE (0x0300, v1.16.0 bpf/lib/common.h:722)
  for (const [v, cite] of [
    ['v1.16', 'v1.16.0 bpf/lib/nodeport.h:1741'],
    ['main', 'main bpf/lib/nodeport_egress.h:420'],
  ] as const)
    test(v, () => {
      const t = trace({
        mode: 'vxlan',
        from: 'pod0',
        to: '8.8.8.8',
        ciliumVersion: v,
        config: { bpfMasquerade: true, kubeProxyReplacement: true },
      });
      assert.deepEqual(summary(t), [
        `tail_handle_ipv4_cont/pass-to-stack MARK_MAGIC_IDENTITY 0xbcb80f00 @${IDENTITY[v]}`,
        `cil_to_netdev/nat MARK_MAGIC_SNAT_DONE 0xbcb80300 @${cite}`,
      ]);
    });
});

test('WireGuard v1.10: MARK_MAGIC_ENCRYPT replaces the identity mark (v1.10.0 bpf/bpf_lxc.c:867)', () => {
  const t = trace({
    mode: 'native',
    from: 'pod0',
    to: 'pod3',
    ciliumVersion: 'v1.10',
    config: { encryption: 'wireguard' },
  });
  assert.equal(marks(t)[0]?.step.mark?.magic, 'MARK_MAGIC_ENCRYPT');
  assert.equal(marks(t)[0]?.step.mark?.cite, 'v1.10.0 bpf/bpf_lxc.c:867');
});

test('a release not modelled carries no mark (v1.13)', () => {
  assert.deepEqual(summary(trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.13' })), []);
});

describe('IPv6 (dual stack) over VXLAN: the writes the families share, and main’s IPv6 identity mark', () => {
  const v6 = (v: Release) =>
    summary(
      trace({
        mode: 'vxlan',
        from: 'pod0',
        to: 'pod3',
        family: 6,
        ciliumVersion: v,
        ciliumConfig: { 'enable-ipv6': 'true' },
      }),
    );
  test('v1.10: the OUTPUT chain marks the (IPv4) outer packet (v1.10.0 pkg/datapath/iptables/iptables.go:1125)', () => {
    assert.deepEqual(v6('v1.10'), [
      'driver/encap MARK_MAGIC_HOST 0x00000c00 @v1.10.0 pkg/datapath/iptables/iptables.go:1125',
    ]);
  });
  test('v1.12: the OUTPUT chain marks the (IPv4) outer packet (v1.12.0 pkg/datapath/iptables/iptables.go:1256)', () => {
    assert.deepEqual(v6('v1.12'), [
      'driver/encap MARK_MAGIC_HOST 0x00000c00 @v1.12.0 pkg/datapath/iptables/iptables.go:1256',
    ]);
  });
  test('v1.16: cil_to_overlay’s write is the same for IPv6 (v1.16.0 bpf/bpf_overlay.c:787)', () => {
    assert.deepEqual(v6('v1.16'), [
      'cil_to_overlay/xmit MARK_MAGIC_OVERLAY 0xbcb80400 @v1.16.0 bpf/bpf_overlay.c:787',
    ]);
  });
  // main bpf/bpf_lxc.c:727 set_identity_mark(ctx, SECLABEL_IPV6, MARK_MAGIC_IDENTITY)
  test('main: set_identity_mark(ctx, SECLABEL_IPV6, …) before the redirect, then MARK_MAGIC_OVERLAY', () => {
    assert.deepEqual(v6('main'), [
      'tail_handle_ipv6_cont/redirect MARK_MAGIC_IDENTITY 0xbcb80f00 @main bpf/bpf_lxc.c:727',
      'cil_to_overlay/xmit MARK_MAGIC_OVERLAY 0xbcb80400 @main bpf/bpf_overlay.c:651',
    ]);
  });
});

describe('pod → a Service (per-packet LB in bpf_lxc), native routing: the same identity mark', () => {
  const file = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'services', 'backend.yaml');
  const services = servicesFromManifests(
    loadPolicyFiles([{ name: 'backend.yaml', text: readFileSync(file, 'utf8') }]),
  );
  for (const v of RELEASES)
    test(v, () => {
      const t = trace(
        { mode: 'native', from: 'pod0', to: 'default/backend', port: 80, ciliumVersion: v },
        { ...DEFAULT_TOPOLOGY, services },
      );
      assert.ok(
        t.hops.some((h) => h.steps.some((s) => s.type === 'lb')),
        'the Service is translated',
      );
      assert.deepEqual(
        marks(t).map((m) => `${m.step.mark!.magic} ${m.step.mark!.cite}`),
        [`MARK_MAGIC_IDENTITY ${IDENTITY[v]}`, `cleared ${RESET[v]}`],
      );
    });
});

describe('the Variables’ mark at each stop (src/core/debug/variables.ts)', () => {
  const markAt = (t: Trace) => {
    const stops = buildStops(t);
    return stops.map((stop, i) => ({
      stop,
      mark: scopesAt(stops, i, t.disposition, parseCiliumVersion(t.ciliumVersion), t.config.encryption)
        .find((s) => s.name === 'skb')!
        .variables.find((v) => v.name === 'mark')!,
    }));
  };

  test('v1.16 native: 0 before pass_to_stack, its value after it on node0, nothing on the wire, 0 on node1', () => {
    const all = markAt(trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' }));
    const set = all.findIndex((m) => m.stop.step?.mark);
    assert.ok(set > 0);
    assert.ok(all.slice(0, set).every((m) => m.mark.value.startsWith('0x00000000 (')));
    assert.equal(all[set]!.mark.value, '0xbcb80f00 (MARK_MAGIC_IDENTITY, identity 48312)');
    const setBy = all[set]!.mark.children!.find((c) => c.name === 'set by')!.value;
    assert.equal(setBy, `hop 4 tail_handle_ipv4_cont (bpf/bpf_lxc.c), pass-to-stack (stop ${set + 1})`);
    const wire = all.find((m) => m.stop.hop.hook === 'wire')!;
    assert.match(wire.mark.value, /^— \(skb->mark stays in the sending kernel/);
    const node1 = all.find((m) => m.stop.node === 'node1')!;
    assert.equal(node1.mark.value, "0x00000000 (no write since the packet entered node1's host namespace)");
    // the veth crossing into pod3 starts a new namespace: 0 there (skb_scrub_packet)
    assert.match(all.at(-1)!.mark.value, /^0x00000000 \(no write since the packet entered node1's pod:pod3/);
  });

  test('a release not modelled: unknown, but WireGuard’s encrypt mark (the planner’s) shows', () => {
    const plain = markAt(trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.13' }));
    assert.ok(
      plain.every((m) =>
        /^unknown \(not modelled for v1\.13; modelled: v1\.10, v1\.12, v1\.16, main\)$/.test(m.mark.value),
      ),
    );
    // v1.13.0 bpf/bpf_lxc.c:1120 set_encrypt_mark(ctx) (table/wireguard.ts)
    const wg = markAt(
      trace({
        mode: 'native',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: 'v1.13',
        config: { encryption: 'wireguard' },
      }),
    );
    const set = wg.find((m) => m.stop.step?.mark)!;
    assert.equal(set.mark.value, '0x00000e00 (MARK_MAGIC_ENCRYPT; other writes not modelled for v1.13)');
    assert.equal(set.mark.children!.find((c) => c.name === 'cite')!.value, 'v1.13.0 bpf/bpf_lxc.c:1120');
  });
});
