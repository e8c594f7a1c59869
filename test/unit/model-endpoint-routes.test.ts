/**
 * Endpoint routes (enable-endpoint-routes) on v1.8–v1.12 and later: where ingress policy is checked,
 * and how often. Expected values are read from the releases' source, not from the tracer:
 * - the agent builds every endpoint without ENABLE_ROUTING (RequireRouting=&disabled,
 *   v1.10.0 daemon/cmd/endpoint.go:317; `if e.RequireRouting() { #define ENABLE_ROUTING }`,
 *   v1.10.0 pkg/datapath/linux/config/config.go:727);
 * - so handle_ipv4_from_lxc skips the local endpoint lookup (v1.10.0 bpf/bpf_lxc.c:753
 *   `if (is_defined(ENABLE_ROUTING) || hairpin_flow)`) and passes the packet to the stack, which
 *   routes it by the per-endpoint route to the lxc device: to-container checks ingress policy once;
 * - a packet from another node (from-overlay) still tail-calls the destination's policy program,
 *   because force-local-policy-eval-at-source defaults to true in v1.8–v1.12 (v1.10.0
 *   pkg/defaults/defaults.go:304); that program, built without ENABLE_ROUTING in tunnel mode and
 *   without ENABLE_NODEPORT, returns CTX_ACT_OK as PACKET_HOST (v1.10.0 bpf/bpf_lxc.c:1451/1460), and
 *   to-container on the lxc device checks ingress policy a second time (v1.10.0 bpf/bpf_lxc.c:1563,
 *   tail_ipv4_to_endpoint → ipv4_policy, no skip flag) — twice, as the source does.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trace } from '../../src/core';
import type { Trace } from '../../src/core/trace/trace-types';

const er = (version: string, mode: string, to: string, extra: Record<string, string> = {}): Trace =>
  trace({
    mode,
    from: 'pod0',
    to,
    ciliumVersion: version,
    ciliumConfig: { 'enable-endpoint-routes': 'true', ...extra },
  });
const policies = (t: Trace, direction: 'ingress' | 'egress') =>
  t.hops.flatMap((h) =>
    h.steps
      .filter((s) => s.type === 'policy' && s.direction === direction)
      .map(() => h.program?.function ?? h.hook),
  );
const endpointLookups = (t: Trace) =>
  t.hops
    .flatMap((h) => h.steps)
    .filter((s) => s.type === 'lookup' && /cilium_lxc|cilium_endpoints/.test(s.map));

// the condition in handle_ipv4_from_lxc of each release (read in /work/trees/<tag>/bpf/bpf_lxc.c)
const CONDITION: ReadonlyArray<readonly [string, string]> = [
  ['v1.8', 'v1.8.0 bpf/bpf_lxc.c:631'],
  ['v1.9', 'v1.9.0 bpf/bpf_lxc.c:654'],
  ['v1.10', 'v1.10.0 bpf/bpf_lxc.c:753'],
  ['v1.11', 'v1.11.0 bpf/bpf_lxc.c:754'],
  ['v1.12', 'v1.12.0 bpf/bpf_lxc.c:956'],
  ['v1.13', 'v1.13.0 bpf/bpf_lxc.c:964'],
  ['v1.14', 'v1.14.0 bpf/bpf_lxc.c:1043'],
  ['v1.15', 'v1.15.0 bpf/bpf_lxc.c:1079'],
  ['v1.16', 'v1.16.0 bpf/bpf_lxc.c:1106'],
  ['v1.17', 'v1.17.0 bpf/bpf_lxc.c:1156'],
  ['v1.18', 'v1.18.0 bpf/bpf_lxc.c:1170'],
  ['v1.19', 'v1.19.0 bpf/bpf_lxc.c:1121'],
  ['main', 'main bpf/bpf_lxc.c:1229'],
];

describe('endpoint routes: ingress policy is checked where the source says, and how often', () => {
  test('same node, every release from v1.8: no local endpoint lookup at the source; the stack routes to the lxc device; one ingress policy check, in to-container', () => {
    for (const [version, cite] of CONDITION) {
      const t = er(version, 'native', 'pod1');
      assert.equal(t.disposition, 'delivered', version);
      assert.ok(
        t.hops.some((h) => h.note?.includes(cite)),
        `${version}: the from-container hop names ${cite}`,
      );
      assert.deepEqual(endpointLookups(t), [], `${version}: lookup_ip4_endpoint is under the condition`);
      // the per-endpoint route (v1.10.0 pkg/datapath/linux/route… installed for enable-endpoint-routes)
      const route = t.hops.flatMap((h) => h.steps).find((s) => s.type === 'route');
      assert.ok(route && route.type === 'route' && route.destination === '10.0.0.47/32', version);
      const ingress = policies(t, 'ingress');
      assert.equal(ingress.length, 1, `${version}: ${ingress.join(', ')}`);
      assert.ok(
        ['handle_to_container', 'tail_ipv4_to_endpoint', 'cil_to_container'].includes(ingress[0]!),
        `${version}: ${ingress[0]}`,
      );
      assert.ok(!t.hops.some((h) => h.program?.function === 'handle_policy'), version);
    }
  });

  test('without endpoint routes (ENABLE_ROUTING defined) the source looks the endpoint up and tail-calls the policy program', () => {
    for (const version of ['v1.10', 'v1.12', 'v1.16']) {
      const t = trace({ mode: 'native', from: 'pod0', to: 'pod1', ciliumVersion: version });
      assert.equal(endpointLookups(t).length, 1, version);
      assert.equal(policies(t, 'ingress').length, 1, version);
      assert.ok(
        t.hops.some((h) =>
          h.steps.some((s) => s.type === 'tail-call' && s.target.function === 'handle_policy'),
        ),
        version,
      );
    }
  });

  test('v1.14+ with BPF host routing: the lookup runs anyway (`|| is_defined(ENABLE_HOST_ROUTING)`, v1.14.0 bpf/bpf_lxc.c:1044)', () => {
    for (const [version] of CONDITION.slice(6)) {
      const t = er(version, 'native', 'pod1', {
        'kube-proxy-replacement': 'true',
        'enable-bpf-masquerade': 'true',
      });
      assert.equal(t.config.hostRouting, 'bpf', version);
      assert.equal(endpointLookups(t).length, 1, version);
    }
  });

  test('v1.10–v1.12 VXLAN from another node: the policy program (force-local-policy-eval-at-source) checks ingress, hands the packet to the stack as PACKET_HOST, and to-container checks it again', () => {
    for (const [version, changeType] of [
      ['v1.10', 'v1.10.0 bpf/bpf_lxc.c:1460'],
      ['v1.11', 'v1.11.0 bpf/bpf_lxc.c:1472'],
      ['v1.12', 'v1.12.0 bpf/bpf_lxc.c:1867'],
    ] as const) {
      const t = er(version, 'vxlan', 'pod3');
      assert.equal(t.disposition, 'delivered', version);
      const steps = t.hops.flatMap((h) => h.steps);
      const toStack = steps.find((s) => s.cite === changeType);
      assert.ok(toStack && toStack.type === 'pass-to-stack', `${version}: ${changeType}`);
      assert.ok(
        !steps.some((s) => s.type === 'redirect' && s.device === 'veth1'),
        `${version}: no redirect_ep`,
      );
      const ingress = policies(t, 'ingress');
      assert.equal(ingress.length, 2, `${version}: ${ingress.join(' → ')}`);
      // the second conntrack lookup finds the entry the first one created
      const cts = steps.filter((s) => s.type === 'ct' && s.direction === 'ingress');
      assert.deepEqual(
        cts.map((s) => (s.type === 'ct' ? s.result : '')),
        ['new', 'established'],
        version,
      );
    }
  });

  test('with kube-proxy replacement (ENABLE_NODEPORT) the v1.12 policy program redirects to the lxc device instead (v1.12.0 bpf/bpf_lxc.c:1858)', () => {
    const t = er('v1.12', 'vxlan', 'pod3', { 'kube-proxy-replacement': 'strict' });
    const steps = t.hops.flatMap((h) => h.steps);
    assert.ok(!steps.some((s) => s.cite === 'v1.12.0 bpf/bpf_lxc.c:1867'));
    assert.ok(steps.some((s) => s.type === 'redirect' && s.device === 'veth1'));
  });

  test('v1.8–v1.9 have no PACKET_HOST branch in ipv4_policy: the policy program redirects to the lxc device', () => {
    const t = er('v1.9', 'vxlan', 'pod3');
    const steps = t.hops.flatMap((h) => h.steps);
    assert.ok(steps.some((s) => s.type === 'redirect' && s.device === 'veth1'));
    assert.equal(policies(t, 'ingress').length, 2);
  });
});
