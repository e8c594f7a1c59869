import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { indexFile, mayDeclare, SourceIndex } from '../../src/core';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'eras');

function load(era: string): SourceIndex {
  // v1.10 is the teaching sample the extension ships; the other eras are test fixtures
  const root =
    era === 'v1.10' ? join(FIXTURES, '..', '..', '..', 'sample', 'cilium-v1.10') : join(FIXTURES, era);
  const index = new SourceIndex();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(c|h)$/.test(name)) index.update(relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(join(root, 'bpf'));
  return index;
}

const decls = (index: SourceIndex, file: string): string[] =>
  index
    .get(file)!
    .declarations.map(
      (d) =>
        `${d.line} ${d.kind} ${d.function}${d.section ? ` "${d.section}"` : ''}${d.callId ? ` ${d.map}[${d.callId}]` : ''}`,
    );

describe('indexer: declarations in every era', () => {
  test('v1.5: __section, __section_tail, declare_tailcall_if; bpf_netdev.c; #if condition recorded', () => {
    const index = load('v1.5');
    assert.deepEqual(decls(index, 'bpf/bpf_lxc.c'), [
      '4 tail tail_handle_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_FROM_LXC]',
      '11 entry handle_xgress "from-container"',
      '19 tail handle_policy CILIUM_MAP_POLICY[TEMPLATE_LXC_ID]',
    ]);
    const masq = index.get('bpf/bpf_netdev.c')!.declarations.find((d) => d.function === 'do_masq')!;
    assert.equal(masq.condition, 'defined ENABLE_MASQUERADE');
  });
  test('v1.10: comments and strings do not fool it; multi-line declare_tailcall_if', () => {
    const index = load('v1.10');
    assert.deepEqual(decls(index, 'bpf/bpf_lxc.c'), [
      '8 entry handle_xgress "from-container"',
      '29 tail tail_handle_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_FROM_LXC]',
      '38 tail tail_handle_arp CILIUM_MAP_CALLS[CILIUM_CALL_ARP]',
      '45 tail tail_ipv4_policy CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY]',
      '52 tail handle_policy CILIUM_MAP_POLICY[TEMPLATE_LXC_ID]',
      '60 entry handle_to_container "to-container"',
    ]);
    const arp = index.get('bpf/bpf_lxc.c')!.declarations.find((d) => d.function === 'tail_handle_arp')!;
    assert.equal(arp.condition, 'defined(ENABLE_ARP_RESPONDER)');
  });
  test('v1.16: __section_entry, static __always_inline tails, TAIL_CT_LOOKUP4', () => {
    const index = load('v1.16');
    assert.deepEqual(decls(index, 'bpf/bpf_lxc.c'), [
      '4 tail tail_handle_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_FROM_LXC]',
      '16 entry cil_from_container',
      '23 tail tail_ipv4_ct_ingress_policy_only CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY]',
      '27 tail tail_ipv4_policy CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY]',
      '34 tail handle_policy CILIUM_MAP_POLICY[TEMPLATE_LXC_ID]',
    ]);
  });
  test('v1.19: __declare_tail; the macro definition in tailcall.h is not a declaration', () => {
    const index = load('v1.19');
    assert.deepEqual(index.get('bpf/lib/tailcall.h')!.declarations, []);
    assert.deepEqual(decls(index, 'bpf/bpf_lxc.c'), [
      '4 tail tail_handle_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_FROM_LXC]',
      '13 tail tail_policy_denied_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_POLICY_DENIED]',
      '24 entry cil_from_container',
      '30 entry cil_lxc_policy',
    ]);
  });
});

describe('indexer: tail-call sites and per-object targets', () => {
  test('sites record macro, slot, map and enclosing function', () => {
    const index = load('v1.10');
    const sites = index
      .get('bpf/bpf_lxc.c')!
      .sites.map((s) => `${s.line} ${s.macro} ${s.map}[${s.slot}] in ${s.enclosingFunction}`);
    assert.deepEqual(sites, [
      '18 invoke_tailcall_if CALLS_MAP[CILIUM_CALL_IPV4_FROM_LXC] in handle_xgress',
      '23 ep_tail_call CALLS_MAP[CILIUM_CALL_ARP] in handle_xgress',
      '55 invoke_tailcall_if CALLS_MAP[CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY] in handle_policy',
      '63 ep_tail_call CALLS_MAP[CILIUM_CALL_IPV4_TO_ENDPOINT] in handle_to_container',
    ]);
    // the helper's own definition in maps.h is not a site, the tail_call_static inside it is
    assert.deepEqual(
      index.get('bpf/lib/maps.h')!.sites.map((s) => s.macro),
      ['tail_call_static'],
    );
  });
  test('the same slot lands on a different function in each object', () => {
    const index = load('v1.16');
    const overlaySite = index.get('bpf/bpf_overlay.c')!.sites[0]!;
    assert.deepEqual(
      index.targetsOf('bpf/bpf_overlay.c', overlaySite).map((t) => `${t.file}:${t.declaration.function}`),
      ['bpf/bpf_overlay.c:tail_handle_ipv4'],
    );
    const hostSite = index.get('bpf/bpf_host.c')!.sites[0]!;
    assert.deepEqual(
      index.targetsOf('bpf/bpf_host.c', hostSite).map((t) => t.declaration.function),
      ['tail_handle_ipv4_from_netdev'],
    );
    assert.equal(index.slotValue('CILIUM_CALL_IPV4_FROM_OVERLAY'), 7, 'aliases resolve');
  });
  test('a ternary slot offers both targets; an undeclared slot has none', () => {
    const index = load('v1.10');
    const [ternary, missing] = index.get('bpf/bpf_host.c')!.sites;
    assert.deepEqual(
      index
        .targetsOf('bpf/bpf_host.c', ternary!)
        .map((t) => t.declaration.function)
        .sort(),
      ['tail_handle_ipv4_from_host', 'tail_handle_ipv4_from_netdev'],
    );
    assert.deepEqual(index.targetsOf('bpf/bpf_host.c', missing!), []);
  });
  test('policy-map sites land on handle_policy / cil_lxc_policy', () => {
    const v10 = load('v1.10');
    const site = v10.get('bpf/lib/l3.h')!.sites[0]!;
    assert.equal(site.map, 'POLICY_CALL_MAP');
    assert.deepEqual(
      v10.targetsOf('bpf/lib/l3.h', site).map((t) => t.declaration.function),
      ['handle_policy'],
    );
    const v19 = load('v1.19');
    const policySite = v19.get('bpf/bpf_lxc.c')!.sites.find((s) => s.macro === 'tail_call_policy')!;
    assert.deepEqual(
      v19.targetsOf('bpf/bpf_lxc.c', policySite).map((t) => t.declaration.function),
      ['cil_lxc_policy'],
    );
  });
  test('callers of a target', () => {
    const index = load('v1.10');
    const target = index.get('bpf/bpf_lxc.c')!.declarations.find((d) => d.function === 'tail_handle_ipv4')!;
    assert.deepEqual(
      index.callersOf('bpf/bpf_lxc.c', target).map((c) => `${c.file}:${c.site.line}`),
      ['bpf/bpf_lxc.c:18'],
    );
  });
  test('re-indexing one file replaces only that file', () => {
    const index = load('v1.10');
    const before = index.get('bpf/bpf_overlay.c');
    index.update(
      'bpf/bpf_lxc.c',
      '__section("from-container")\nint handle_xgress(void *ctx) { return 0; }\n',
    );
    assert.equal(index.get('bpf/bpf_overlay.c'), before);
    assert.equal(index.get('bpf/bpf_lxc.c')!.declarations.length, 1);
  });
});

describe('indexer: the CLI fast path (declarations only)', () => {
  test('every era: the same declarations, no sites; files that cannot declare are recognised', () => {
    for (const era of ['v1.5', 'v1.10', 'v1.16', 'v1.19']) {
      let declaring = 0;
      for (const f of load(era).all()) {
        const root =
          era === 'v1.10' ? join(FIXTURES, '..', '..', '..', 'sample', 'cilium-v1.10') : join(FIXTURES, era);
        const text = readFileSync(join(root, f.path), 'utf8');
        const fast = indexFile(f.path, text, { declarationsOnly: true });
        assert.deepEqual(fast.declarations, f.declarations, `${era} ${f.path}`);
        assert.deepEqual(fast.sites, []);
        if (!mayDeclare(text)) assert.deepEqual(f.declarations, [], `${era} ${f.path} declares`);
        else declaring++;
      }
      assert.ok(declaring >= 3, `${era}: ${declaring} declaring files`);
    }
  });
});

describe('indexer: hostile input', () => {
  const hostile: Array<[string, string]> = [
    [
      'unterminated comment',
      '__section("a")\nint f(void) { return 0; }\n/* never closed __section("b") int g(',
    ],
    ['unbalanced parentheses', '__section("a"\nint f(void) {\n__section_tail(CILIUM_MAP_CALLS, X\nint g(('],
    ['unterminated string', '__section("abc\nint f(void) {}'],
    ['lone keywords', '__section_entry\n__declare_tail\nTAIL_CT_LOOKUP4(\nep_tail_call(ctx,'],
    ['deep nesting', '('.repeat(50000) + ')'.repeat(10)],
    ['invalid UTF-8 decoded', '\uFFFD\uFFFD__section("x")\uFFFD\nint f(void){}'],
  ];
  for (const [name, text] of hostile) {
    test(name, () => {
      const started = performance.now();
      const result = indexFile('bpf/x.c', text);
      assert.ok(performance.now() - started < 200);
      assert.equal(result.error, undefined);
    });
  }
  test('binary and oversized files are skipped with a reason', () => {
    assert.match(indexFile('bpf/a.o', 'ELF\0\0\0').error ?? '', /binary file/);
    assert.match(indexFile('bpf/huge.c', 'x'.repeat(6 * 1024 * 1024)).error ?? '', /over the 5 MB limit/);
  });
});
