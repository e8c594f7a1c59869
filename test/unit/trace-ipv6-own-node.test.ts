/**
 * IPv6 from a pod to its own node's address (native routing, the IPv6 underlay: node0 is
 * fd00:172:26:50::101 in the bundled topology's IPv6 view), v1.10, v1.12, v1.16 and main: bpf_lxc's
 * endpoint lookup finds the host endpoint (ENDPOINT_F_HOST) and the packet goes up node0's stack.
 * Another node's IPv6 address stays refused (trace-ipv6.test.ts).
 *
 * Every comment "vX.Y.0 bpf/file.c:N" names the line of that release's source where the step happens.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trace, type Trace } from '../../src/core';

function toOwnNode(version: string, ciliumConfig: Record<string, string> = {}): Trace {
  return trace({
    mode: 'native',
    from: 'pod0',
    to: 'fd00:172:26:50::101',
    ciliumVersion: version,
    family: 6,
    ciliumConfig: { 'enable-ipv6': 'true', ...ciliumConfig },
  });
}

/** bpf_lxc's last two steps: the endpoint lookup and the exit, "type@cite". */
function lxcExit(t: Trace): string[] {
  const steps = t.hops.filter((h) => h.program?.file === 'bpf/bpf_lxc.c').flatMap((h) => h.steps);
  return steps.slice(-2).map((s) => `${s.type}${s.type === 'lookup' ? ` ${s.map}` : ''}@${s.cite}`);
}

const CASES: Array<[string, string[]]> = [
  // v1.10.0 bpf/bpf_lxc.c:326 lookup_ip6_endpoint; :407 pass_to_stack
  ['v1.10', ['lookup cilium_lxc@v1.10.0 bpf/bpf_lxc.c:326', 'pass-to-stack@v1.10.0 bpf/bpf_lxc.c:407']],
  // v1.12.0 bpf/bpf_lxc.c:452 lookup_ip6_endpoint, :457 goto to_host; :529 pass_to_stack
  ['v1.12', ['lookup cilium_lxc@v1.12.0 bpf/bpf_lxc.c:452', 'pass-to-stack@v1.12.0 bpf/bpf_lxc.c:529']],
  // v1.16.0 bpf/bpf_lxc.c:630 lookup_ip6_endpoint; :714 pass_to_stack
  ['v1.16', ['lookup cilium_lxc@v1.16.0 bpf/bpf_lxc.c:630', 'pass-to-stack@v1.16.0 bpf/bpf_lxc.c:714']],
  // main bpf/bpf_lxc.c:750 __lookup_ip6_endpoint; :817 pass_to_stack
  ['main', ['lookup cilium_lxc@main bpf/bpf_lxc.c:750', 'pass-to-stack@main bpf/bpf_lxc.c:817']],
];

describe('IPv6: a pod to its own node address', () => {
  for (const [version, exit] of CASES)
    test(`${version}: the host endpoint, then up node0's stack`, () => {
      const t = toOwnNode(version);
      assert.equal(t.disposition, 'forwarded-to-stack');
      assert.deepEqual(lxcExit(t), exit);
      const last = t.hops.at(-1)!;
      assert.deepEqual([last.node, last.device], ['node0', 'eth0']);
      // no bpf_host program sees it: the stack delivers it locally
      assert.ok(!t.hops.some((h) => h.program?.file === 'bpf/bpf_host.c'));
    });

  test('with BPF host routing the same exit: the host endpoint goes to the stack before any redirect', () => {
    // v1.16.0 bpf/bpf_lxc.c:632-640: ENDPOINT_F_HOST under ENABLE_HOST_ROUTING → to_host or pass_to_stack,
    // before the redirect_direct_v6 of other destinations
    const t = toOwnNode('v1.16', { 'kube-proxy-replacement': 'true', 'enable-bpf-masquerade': 'true' });
    assert.equal(t.config.hostRouting, 'bpf');
    assert.deepEqual(lxcExit(t), CASES[2]![1]);
  });
});
