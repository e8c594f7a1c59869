/**
 * v1.10's from-netdev returns a packet from the wire to the stack before the endpoint lookup only
 * with BPF NodePort: `skip_redirect` is set inside `#ifdef ENABLE_NODEPORT` when NO_REDIRECT is
 * defined and BPF host routing is not (v1.10.0 bpf/bpf_host.c:471-490), and checked at :511-512;
 * NO_REDIRECT is the default (v1.10.0 pkg/datapath/linux/config/config.go:220-221). v1.11 moved the
 * check out of the #ifdef (v1.11.0 bpf/bpf_host.c:518-519).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trace } from '../../src/core';

function steps(config: Record<string, unknown>, version = 'v1.10') {
  const t = trace({ mode: 'native', from: 'pod0', to: 'pod3', ciliumVersion: version, config });
  return { t, all: t.hops.flatMap((h) => h.steps.map((s) => ({ hop: h, s }))) };
}

describe('v1.10 from-netdev: skip_redirect only with BPF NodePort', () => {
  test('kube-proxy replacement, legacy host routing: back to the stack, from-host delivers', () => {
    const { t, all } = steps({ kubeProxyReplacement: true, hostRouting: 'legacy' });
    assert.equal(t.disposition, 'delivered');
    const pass = all.find(({ s }) => s.cite === 'v1.10.0 bpf/bpf_host.c:512');
    assert.ok(pass, 'the skip_redirect return (v1.10.0 bpf/bpf_host.c:512)');
    assert.equal(pass.hop.node, 'node1');
    assert.equal(pass.s.type, 'pass-to-stack');
    // the endpoint lookup and the policy tail call happen in cilium_host's from-host
    // (v1.10.0 bpf/bpf_host.c:530, 538), after the packet went through node1's stack
    const delivery = all.find(({ s }) => s.cite === 'v1.10.0 bpf/bpf_host.c:538');
    assert.equal(delivery?.hop.device, 'cilium_host');
  });

  test('kube-proxy replacement, BPF host routing: from-netdev delivers itself', () => {
    const { all } = steps({ kubeProxyReplacement: true, hostRouting: 'bpf' });
    assert.ok(!all.some(({ s }) => s.cite === 'v1.10.0 bpf/bpf_host.c:512'));
    const delivery = all.find(({ s }) => s.cite === 'v1.10.0 bpf/bpf_host.c:538');
    assert.equal(delivery?.hop.device, 'eth0', 'ipv4_local_delivery from the native device');
  });

  test('v1.11 returns without the #ifdef (its own line)', () => {
    const { all } = steps({ kubeProxyReplacement: true, hostRouting: 'legacy' }, 'v1.11');
    assert.ok(all.some(({ s }) => s.cite === 'v1.11.0 bpf/bpf_host.c:519'));
  });
});
