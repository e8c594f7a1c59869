/**
 * Anchors land only on sites the traced build compiles and runs (src/core/anchor/branch-guards.ts),
 * a program TAIL_CT_LOOKUP4 generates is anchored in the macro's body (conntrack and tail call), a
 * passed-on xmit on its return,
 * and NAT steps on their calls. Real trees: scripts/check-anchors.mjs (CDX_TREES in anchors.test.ts).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  anchorTrace,
  buildDefines,
  DEFAULT_TOPOLOGY,
  parseCiliumVersion,
  PRESETS,
  trace,
  type Step,
  type Topology,
  type Trace,
} from '../../src/core';
import { evaluateCondition, excludedBranch, preprocessorAllows } from '../../src/core/anchor/branch-guards';
import { loadPolicyFiles, servicesFromManifests } from '../../src/core/policy';
import { loadCheckoutSync } from '../../src/node-io/checkout-index';

const REPO = join(__dirname, '..', '..', '..');
const SAMPLE = join(REPO, 'sample', 'cilium-v1.10');
const V116 = join(REPO, 'test', 'fixtures', 'anchors-v1.16');

const steps = (t: Trace): Step[] => t.hops.flatMap((h) => h.steps);

function withPatchedSample<T>(patch: (file: string, text: string) => string, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cdx-guards-'));
  try {
    cpSync(SAMPLE, dir, { recursive: true });
    for (const f of ['bpf/lib/l3.h', 'bpf/bpf_overlay.c', 'bpf/bpf_lxc.c']) {
      const path = join(dir, f);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, patch(f, text));
    }
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function anchoredIn(dir: string, request: Parameters<typeof trace>[0], topology?: Topology) {
  const checkout = loadCheckoutSync(dir);
  const t = trace(request, topology);
  const { trace: anchored, misses } = anchorTrace(t, checkout.index, { text: (f) => checkout.text(f) });
  const lineOf = (s: Step) => checkout.text(s.source!.file)!.split('\n')[s.source!.line - 1]!.trim();
  return { anchored, misses, lineOf };
}

const V110 = parseCiliumVersion('v1.10');

describe('which branches the traced build compiles and runs', () => {
  const seed = buildDefines({ ...PRESETS.vxlan, ipv4: true, ipv6: false }, V110);

  test('the model’s defines: ENABLE_ROUTING unless endpoint routes, ENABLE_HOST_FIREWALL with the host firewall', () => {
    // v1.10.0 pkg/datapath/linux/config/config.go:727 (ENABLE_ROUTING when RequireRouting(), true
    // unless daemon/cmd/endpoint.go:317 turns it off for endpoint routes); :454 ENABLE_HOST_FIREWALL
    assert.ok(seed.has('ENABLE_ROUTING'));
    assert.ok(!buildDefines({ ...PRESETS.vxlan, endpointRoutes: true }, V110).has('ENABLE_ROUTING'));
    assert.ok(!seed.has('ENABLE_HOST_FIREWALL'));
    assert.ok(buildDefines({ ...PRESETS.vxlan, hostFirewall: true }, V110).has('ENABLE_HOST_FIREWALL'));
  });

  test('conditions are judged three-valued, on ENABLE_* macros only', () => {
    assert.equal(evaluateCondition('defined(ENABLE_IPV4)', seed), true);
    assert.equal(evaluateCondition('is_defined(ENABLE_IPV4) && is_defined(ENABLE_IPV6)', seed), false);
    assert.equal(evaluateCondition('!defined(ENABLE_IPV6)', seed), true);
    // a runtime term is unknown: `false && unknown` is false, `true && unknown` unknown
    assert.equal(evaluateCondition('is_defined(ENABLE_HOST_FIREWALL) && *dstID == HOST_ID', seed), false);
    assert.equal(evaluateCondition('is_defined(ENABLE_IPV4) && *dstID == HOST_ID', seed), undefined);
    // other macros (the loader's, TUNNEL_MODE) are not judged
    assert.equal(evaluateCondition('defined(TUNNEL_MODE)', seed), undefined);
    // v1.16.0 bpf/lib/nodeport.h:3206: `#if !defined(ENABLE_DSR) || …` holds without DSR
    assert.equal(
      evaluateCondition('!defined(ENABLE_DSR) || (defined(ENABLE_DSR) && defined(X))', seed),
      true,
    );
    assert.equal(
      preprocessorAllows('defined(ENABLE_BANDWIDTH_MANAGER) && __ctx_is == __ctx_skb', seed),
      false,
    );
    assert.equal(preprocessorAllows('defined(ENABLE_ROUTING)', seed), true);
    assert.equal(preprocessorAllows(undefined, seed), true);
  });

  test('a C branch on is_defined() the build rules out, and the else of one it always takes', () => {
    // in the shape of v1.10.0 bpf/bpf_lxc.c:849-855 (to_host:) and main bpf/bpf_lxc.c:2544-2548
    const body = [
      'static int f(struct __ctx_buff *ctx)', // 1
      '{', // 2
      '#ifdef ENABLE_ROUTING', // 3
      '\tif (is_defined(ENABLE_HOST_FIREWALL) && *dstID == HOST_ID) {', // 4
      '\t\t/* { not a brace */', // 5
      '\t\treturn redirect(HOST_IFINDEX, BPF_F_INGRESS);', // 6
      '\t}', // 7
      '#endif', // 8
      '\tif (is_defined(ENABLE_IPV4) && is_defined(ENABLE_IPV6))', // 9
      '\t\tret = tail_call_internal(ctx, CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY, &ext_err);', // 10
      '\telse', // 11
      '\t\tret = tail_ipv4_ct_ingress_policy_only(ctx);', // 12
      '\tif (is_defined(ENABLE_IPV4) && ret == 0)', // 13
      '\t\treturn CTX_ACT_OK;', // 14
      '\treturn ret;', // 15
      '}', // 16
    ];
    const hostFirewall = buildDefines({ ...PRESETS.vxlan, hostFirewall: true }, V110);
    const dual = buildDefines({ ...PRESETS.vxlan, ipv6: true }, V110);
    assert.match(excludedBranch(body, 1, 6, seed) ?? '', /ENABLE_HOST_FIREWALL/);
    assert.equal(excludedBranch(body, 1, 6, hostFirewall), undefined);
    assert.match(excludedBranch(body, 1, 10, seed) ?? '', /ENABLE_IPV6/);
    assert.equal(excludedBranch(body, 1, 12, seed), undefined);
    assert.match(excludedBranch(body, 1, 12, dual) ?? '', /^the else of if/);
    assert.equal(excludedBranch(body, 1, 10, dual), undefined);
    // a branch that depends on the packet may run
    assert.equal(excludedBranch(body, 1, 14, seed), undefined);
    assert.equal(excludedBranch(body, 1, 15, seed), undefined);
  });
});

describe('anchors avoid sites the build leaves out', () => {
  test('IPVLAN pass_to_stack: the return CTX_ACT_OK, not a host-firewall redirect before it', () => {
    // v1.10.0 bpf/bpf_lxc.c:849-855 (a redirect under #ifdef ENABLE_ROUTING and is_defined(ENABLE_HOST_FIREWALL))
    // then :897 return CTX_ACT_OK: the model's xmit for IPVLAN is the return (via 'return CTX_ACT_OK')
    const patch = (file: string, text: string) =>
      file !== 'bpf/lib/l3.h'
        ? text
        : text.replace(
            '\treturn encap_and_redirect_lxc(ctx, info->tunnel_endpoint, 0, NULL, SECLABEL, 0);\n}',
            [
              '\tif (info->tunnel_endpoint)',
              '\t\treturn encap_and_redirect_lxc(ctx, info->tunnel_endpoint, 0, NULL, SECLABEL, 0);',
              '#ifdef ENABLE_ROUTING',
              '\tif (is_defined(ENABLE_HOST_FIREWALL) && info->sec_label == HOST_ID)',
              '\t\treturn ctx_redirect(ctx, HOST_IFINDEX, BPF_F_INGRESS);',
              '#endif',
              '\treturn CTX_ACT_OK;',
              '}',
            ].join('\n'),
          );
    withPatchedSample(patch, (dir) => {
      for (const config of [{}, { hostFirewall: true }]) {
        const { anchored, lineOf } = anchoredIn(dir, {
          mode: 'ipvlan',
          from: 'pod0',
          to: 'pod3',
          ciliumVersion: 'v1.10',
          config,
        });
        const xmit = steps(anchored).find((s) => s.type === 'xmit' && s.function === 'tail_handle_ipv4')!;
        assert.equal(xmit.type === 'xmit' && xmit.via, 'return CTX_ACT_OK');
        assert.equal(lineOf(xmit), 'return CTX_ACT_OK;', JSON.stringify(config));
      }
    });
  });

  test('to-overlay: its own last return, not a return CTX_ACT_OK under #if ENABLE_BANDWIDTH_MANAGER', () => {
    // v1.10.0 bpf/bpf_overlay.c:364 edt_sched_departure (bpf/lib/edt.h:44 `return CTX_ACT_OK`, under
    // `#if defined(ENABLE_BANDWIDTH_MANAGER)`); the model's xmit is to_overlay's `return ret` (:383)
    const patch = (file: string, text: string) => {
      if (file === 'bpf/lib/l3.h')
        return text.replace(
          '#endif\n',
          [
            '#if defined(ENABLE_BANDWIDTH_MANAGER)',
            'static __always_inline int edt_sched_departure(struct __ctx_buff *ctx)',
            '{',
            '\tif (!ctx->tstamp)',
            '\t\treturn CTX_ACT_OK;',
            '\treturn CTX_ACT_DROP;',
            '}',
            '#endif',
            '#endif',
            '',
          ].join('\n'),
        );
      if (file === 'bpf/bpf_overlay.c')
        return text.replace(
          'int to_overlay(struct __ctx_buff *ctx)\n{\n\treturn CTX_ACT_OK;\n}',
          [
            'int to_overlay(struct __ctx_buff *ctx)',
            '{',
            '\tint ret = 0;',
            '#if defined(ENABLE_BANDWIDTH_MANAGER)',
            '\tret = edt_sched_departure(ctx);',
            '#endif',
            '\treturn ret;',
            '}',
          ].join('\n'),
        );
      return text;
    };
    withPatchedSample(patch, (dir) => {
      const { anchored, lineOf } = anchoredIn(dir, {
        mode: 'vxlan',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: 'v1.10',
      });
      const xmit = steps(anchored).find((s) => s.type === 'xmit' && s.function === 'to_overlay')!;
      assert.equal(xmit.source!.function, 'to_overlay');
      assert.equal(lineOf(xmit), 'return ret;');
    });
  });

  test('a program TAIL_CT_LOOKUP4 generates: conntrack and the tail call on the macro body’s lines', () => {
    // v1.16.0 bpf/bpf_lxc.c:266 #define TAIL_CT_LOOKUP4 … :297 ct_lookup4 and :305
    // `ret = invoke_tailcall_if(CONDITION, TARGET_ID, TARGET_NAME, &ext_err);` in its body; :1339-1341
    // the invocation, which names the slot (CILIUM_CALL_IPV4_FROM_LXC_CONT) and stays the model's cite.
    // The body's line is the one that performs the call, in the source order of the program's steps
    // (conntrack, then the tail call); the invocation's continuation line holds only macro arguments.
    const { anchored, lineOf } = anchoredIn(V116, {
      mode: 'vxlan',
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: 'v1.16',
    });
    for (const fn of ['tail_ipv4_ct_egress', 'tail_ipv4_ct_ingress_policy_only']) {
      const ct = steps(anchored).find((s) => s.type === 'ct' && s.function === fn)!;
      assert.deepEqual(ct.source, { file: 'bpf/bpf_lxc.c', line: 11, function: fn });
      assert.match(lineOf(ct), /^ct_buffer\.ret = ct_lookup4\(/);
      const tail = steps(anchored).find((s) => s.type === 'tail-call' && s.function === fn)!;
      // both programs share the body: the same line, after the conntrack's
      assert.deepEqual(tail.source, { file: 'bpf/bpf_lxc.c', line: 15, function: fn });
      assert.match(lineOf(tail), /^ret = invoke_tailcall_if\(CONDITION, TARGET_ID, TARGET_NAME/);
    }
    // the invocation is still what the step cites: it names the slot
    const egress = steps(anchored).find(
      (s) => s.type === 'tail-call' && s.function === 'tail_ipv4_ct_egress',
    )!;
    assert.equal(egress.type === 'tail-call' && egress.keyName, 'CILIUM_CALL_IPV4_FROM_LXC_CONT');
    assert.equal(egress.cite, 'v1.16.0 bpf/bpf_lxc.c:1341');
  });

  test('TAIL_CT_LOOKUP4 with v1.19’s body: tail_call_internal, or the direct call of TARGET_NAME when inline', () => {
    // v1.19.0 bpf/bpf_lxc.c:511-514, main :577-580: `if (CONDITION) ret = tail_call_internal(ctx,
    // TARGET_ID, &ext_err); else ret = TARGET_NAME(ctx);` — our v1.16-style fixture with that body
    const dir = mkdtempSync(join(tmpdir(), 'cdx-ct-body-'));
    try {
      cpSync(V116, dir, { recursive: true });
      const file = join(dir, 'bpf', 'bpf_lxc.c');
      const text = readFileSync(file, 'utf8');
      const old = '\tret = invoke_tailcall_if(CONDITION, TARGET_ID, TARGET_NAME, &ext_err);\t\\\n';
      assert.ok(text.includes(old), 'the fixture has the v1.16 body line');
      writeFileSync(
        file,
        text.replace(
          old,
          '\tif (CONDITION)\t\\\n\t\tret = tail_call_internal(ctx, TARGET_ID, &ext_err);\t\\\n' +
            '\telse\t\\\n\t\tret = TARGET_NAME(ctx);\t\\\n',
        ),
      );
      const request = { mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' } as const;
      // IPv4 only: `__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))` is false, the policy-only
      // program calls tail_ipv4_policy inline; ENABLE_PER_PACKET_LB is defined, the egress one tail-calls
      const { anchored, lineOf } = anchoredIn(dir, request);
      const tailOf = (t: Trace, fn: string) =>
        steps(t).find((s) => s.type === 'tail-call' && s.function === fn)!;
      const egress = tailOf(anchored, 'tail_ipv4_ct_egress');
      assert.equal(egress.type === 'tail-call' && egress.inlined, undefined);
      assert.match(lineOf(egress), /^ret = tail_call_internal\(ctx, TARGET_ID/);
      const policyOnly = tailOf(anchored, 'tail_ipv4_ct_ingress_policy_only');
      assert.equal(policyOnly.type === 'tail-call' && policyOnly.inlined, true);
      assert.match(lineOf(policyOnly), /^ret = TARGET_NAME\(ctx\);/);
      // with the socket LB, ENABLE_PER_PACKET_LB is not defined: the egress one calls inline too
      const sock = anchoredIn(dir, { ...request, config: { socketLB: true } });
      assert.match(sock.lineOf(tailOf(sock.anchored, 'tail_ipv4_ct_egress')), /^ret = TARGET_NAME\(ctx\);/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('NAT steps anchored on their calls', () => {
  const services = servicesFromManifests(
    loadPolicyFiles([
      {
        name: 'backend.yaml',
        text: readFileSync(join(REPO, 'test', 'fixtures', 'services', 'backend.yaml'), 'utf8'),
      },
    ]),
  );
  const topology: Topology = { ...DEFAULT_TOPOLOGY, services };
  // v1.10.0 bpf/bpf_lxc.c:569 lb4_lookup_service, :571 lb4_local (the DNAT, through lb4_xlate);
  // :1366 lb4_rev_nat in ipv4_policy (the reply's reverse DNAT)
  const patch = (file: string, text: string) =>
    file !== 'bpf/lib/l3.h'
      ? text
      : text
          .replace(
            '\tsvc = lb4_lookup_service(&key, is_defined(ENABLE_NODEPORT));\n',
            '\tsvc = lb4_lookup_service(&key, is_defined(ENABLE_NODEPORT));\n\tif (svc)\n\t\tret = lb4_local(get_ct_map4(&tuple), ctx, 0, 0, NULL, &key, &tuple, svc, NULL, 0, true, false);\n',
          )
          .replace(
            '\tret = ct_lookup4(get_ct_map4(&tuple), &tuple, ctx, 0, CT_INGRESS, NULL, NULL);\n',
            '\tret = ct_lookup4(get_ct_map4(&tuple), &tuple, ctx, 0, CT_INGRESS, NULL, NULL);\n\tif (ret == CT_REPLY)\n\t\tret = lb4_rev_nat(ctx, 0, 0, NULL, NULL, &tuple, 0, true);\n',
          );

  test('Service DNAT on lb4_local after the lookup; the reply’s reverse DNAT on lb4_rev_nat', () => {
    withPatchedSample(patch, (dir) => {
      const request = {
        mode: 'vxlan',
        from: 'pod0',
        to: 'default/backend',
        port: 80,
        ciliumVersion: 'v1.10',
      };
      const { anchored, lineOf, misses } = anchoredIn(dir, request, topology);
      const dnat = steps(anchored).find((s) => s.type === 'nat' && s.kind === 'dnat')!;
      assert.match(lineOf(dnat), /^ret = lb4_local\(/);
      const lb = steps(anchored).find((s) => s.type === 'lb')!;
      assert.ok(dnat.source!.line > lb.source!.line, 'the translation follows the lookup');
      assert.ok(!misses.some((m) => m.note.includes('lb4_local')));
      const reply = anchoredIn(dir, { ...request, reply: true }, topology);
      const rev = steps(reply.anchored).find((s) => s.type === 'nat' && s.kind === 'rev-dnat')!;
      assert.match(reply.lineOf(rev), /^ret = lb4_rev_nat\(/);
    });
  });

  test('without the calls, the NAT step says what was looked for', () => {
    const request = { mode: 'vxlan', from: 'pod0', to: 'default/backend', port: 80, ciliumVersion: 'v1.10' };
    const { anchored } = anchoredIn(SAMPLE, request, topology);
    const dnat = steps(anchored).find((s) => s.type === 'nat' && s.kind === 'dnat')!;
    assert.equal(dnat.source, null);
    assert.match(dnat.sourceNote!, /lb4_local/);
  });
});
