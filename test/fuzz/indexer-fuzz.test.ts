/**
 * Fuzzing the source indexer: ≥ 100,000 generated and mutated BPF-C inputs. Each must index without an
 * exception, in under 50 ms of CPU time, with every declaration and site inside the input. Inputs come from three
 * sources: token soup built from the indexer's own vocabulary (annotations, call macros, comments,
 * strings, #if/#define, line continuations), mutations of the era fixtures and the sample checkout
 * (byte flips, deletions, duplications, splices, truncations), and fixed pathological shapes aimed at
 * backtracking (long runs of "(", nested comments, unterminated strings, deep #if nesting).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { indexFile, mayDeclare, type FileIndex } from '../../src/core';
import { countFromEnv, Prng, seedFromEnv } from './prng';

const ROOT = join(__dirname, '..', '..', '..');
const LIMIT_MS = 50;

function corpus(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(c|h)$/.test(name)) out.push(readFileSync(p, 'utf8'));
    }
  };
  walk(join(ROOT, 'test', 'fixtures', 'eras'));
  walk(join(ROOT, 'sample'));
  return out;
}

const TOKENS = [
  '__section',
  '__section_entry',
  '__section_tail',
  'declare_tailcall_if',
  '__declare_tail',
  'TAIL_CT_LOOKUP4',
  'TAIL_CT_LOOKUP6',
  'ep_tail_call',
  'tail_call_internal',
  'invoke_tailcall_if',
  'invoke_traced_tailcall_if',
  'tail_call',
  'tail_call_static',
  'tail_call_dynamic',
  'tail_call_policy',
  'tail_call_egress_policy',
  'CILIUM_CALL_IPV4_FROM_LXC',
  'CILIUM_MAP_CALLS',
  'CILIUM_MAP_POLICY',
  'POLICY_CALL_MAP',
  '"from-container"',
  '"to-netdev"',
  '"',
  "'",
  '\\',
  '(',
  ')',
  '(',
  ')',
  ',',
  ';',
  '{',
  '}',
  '[',
  ']',
  '/*',
  '*/',
  '//',
  '\n',
  '\n',
  '\\\n',
  '#define ',
  '#if ',
  '#ifdef ',
  '#ifndef ',
  '#elif ',
  '#else\n',
  '#endif\n',
  'int ',
  'static __always_inline ',
  'struct __ctx_buff *ctx',
  'handle_xgress',
  'cil_from_container',
  '0x1f',
  '42',
  ' ',
  '\t',
  'é',
  '\uFFFD',
  '𝔘',
  '\r\n',
];

/** Well-formed pieces, so that soup also reaches the paths that record declarations and sites. */
const FRAGMENTS = [
  '__section("from-container")\nint handle_xgress(struct __ctx_buff *ctx)\n{\n',
  '__section_entry\nint cil_from_container(struct __ctx_buff *ctx)\n{\n',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)\nint tail_handle_ipv4(struct __ctx_buff *ctx)\n{\n',
  'declare_tailcall_if(is_defined(ENABLE_IPV6), CILIUM_CALL_IPV6_FROM_LXC)\nint tail_handle_ipv6(struct __ctx_buff *ctx)\n{\n',
  '__declare_tail(CILIUM_CALL_IPV4_CT_INGRESS)\nstatic __always_inline int tail_ct(struct __ctx_buff *ctx)\n{\n',
  'TAIL_CT_LOOKUP4(CILIUM_CALL_IPV4_CT_EGRESS, tail_ipv4_ct_egress, CT_EGRESS, 1, CILIUM_CALL_IPV4_FROM_LXC, tail_handle_ipv4)\n',
  '\tep_tail_call(ctx, CILIUM_CALL_IPV4_FROM_LXC);\n',
  '\ttail_call(ctx, &POLICY_CALL_MAP, dst_id);\n',
  '\ttail_call_static(ctx, CALLS_MAP, CILIUM_CALL_IPV4_NODEPORT_NAT);\n',
  '\ttail_call_dynamic(ctx, &POLICY_CALL_MAP, remote_ep->lxc_id);\n',
  '\tinvoke_tailcall_if(__or(__not(is_defined(ENABLE_IPV4)), is_defined(DEBUG)), CILIUM_CALL_IPV6_FROM_LXC, tail_handle_ipv6);\n',
  '\treturn tail_call_policy(ctx, ep->lxc_id);\n',
  '#define CILIUM_CALL_IPV4_FROM_LXC 7\n',
  '#if defined(ENABLE_IPV4) && !defined(ENABLE_HOST_FIREWALL)\n',
  '}\n\n',
];

function tokenSoup(r: Prng): string {
  const n = 1 + r.int(400);
  let s = '';
  for (let i = 0; i < n; i++) s += r.chance(0.08) ? r.pick(FRAGMENTS) : r.pick(TOKENS);
  return s;
}

function mutate(r: Prng, text: string, other: string): string {
  switch (r.int(7)) {
    case 0: {
      // flip a few characters to random code points (including NUL and surrogate halves)
      const chars = text.split('');
      for (let k = 0; k < 1 + r.int(8); k++)
        if (chars.length) chars[r.int(chars.length)] = String.fromCharCode(r.int(0x10000));
      return chars.join('');
    }
    case 1: {
      const a = r.int(text.length + 1);
      return text.slice(0, a) + text.slice(a + r.int(2000));
    }
    case 2: {
      const a = r.int(text.length + 1);
      const piece = text.slice(a, a + r.int(500));
      return text.slice(0, a) + piece.repeat(1 + r.int(5)) + text.slice(a);
    }
    case 3: {
      const a = r.int(text.length + 1);
      const b = r.int(other.length + 1);
      return text.slice(0, a) + other.slice(b);
    }
    case 4:
      return text.slice(0, r.int(text.length + 1));
    case 5: {
      const a = r.int(text.length + 1);
      let ins = '';
      for (let k = 0; k < 1 + r.int(20); k++) ins += r.pick(TOKENS);
      return text.slice(0, a) + ins + text.slice(a);
    }
    default: {
      // remove every occurrence of one delimiter: comments and parentheses go out of balance
      const d = r.pick(['*/', ')', '"', '\n', '{', '#endif']);
      return text.split(d).join('');
    }
  }
}

function pathological(): Array<[string, string]> {
  const big = (s: string, n: number): string => s.repeat(n);
  return [
    ['64k "("', '__section_tail(' + big('(', 65_000)],
    ['64k ")"', big(')', 65_000)],
    ['unterminated comment after every keyword', big('ep_tail_call(ctx, /* ', 3_000)],
    ['unterminated string', '__section("' + big('a', 64_000)],
    ['one 64k line', big('x', 65_000) + '__section("from-container")'],
    ['4k annotations with no function', big('__section("a")\n', 4_000)],
    ['2k call sites', big('ep_tail_call(ctx, CILIUM_CALL_X);\n', 2_000)],
    ['deep #if nesting', big('#if A\n', 5_000) + '__section("x")\nint f(void){}\n' + big('#endif\n', 5_000)],
    ['unbalanced #endif', big('#endif\n', 10_000) + '__section("x")\nint f(void){}\n'],
    ['#define continuation run', '#define X \\\n' + big('ep_tail_call(ctx, 1) \\\n', 3_000)],
    ['nested macro args', 'tail_call_static(' + big('f(', 5_000) + big(')', 5_000) + ');'],
    ['backslash run', big('\\', 64_000)],
    ['quote run', big('"', 64_000)],
    ['comment opener run', big('/*', 32_000)],
    ['line comment run', big('//', 32_000)],
    ['CRLF file', big('__section("from-container")\r\nint handle_xgress(void *ctx)\r\n{\r\n}\r\n', 1_000)],
    ['NULs', '\u0000'.repeat(64_000)],
    ['lone surrogates', '\ud800'.repeat(32_000)],
  ];
}

interface Stats {
  inputs: number;
  declarations: number;
  sites: number;
  slowest: { ms: number; label: string };
  errors: number;
}

function timeIndex(label: string, text: string): { ms: number; result: FileIndex } {
  let best = Infinity;
  let result: FileIndex | undefined;
  // a single slow run may be a GC pause: retry (up to five runs) and keep the best before calling it slow. The
  // time is this process's CPU time, not the wall clock: on a machine loaded by other work (CI beside
  // other jobs) a wall clock measures the scheduler, and the bound is about the indexer's work
  for (let attempt = 0; attempt < 5; attempt++) {
    const c0 = process.cpuUsage();
    try {
      result = indexFile('bpf/fuzz.c', text);
    } catch (e) {
      assert.fail(
        `indexFile threw on ${label}: ${(e as Error).stack}\ninput (first 300 chars): ${JSON.stringify(text.slice(0, 300))}`,
      );
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
    if (best < LIMIT_MS) break;
  }
  return { ms: best, result: result! };
}

function checkShape(label: string, text: string, r: FileIndex): void {
  const lines = text.split('\n').length;
  for (const d of r.declarations) {
    assert.ok(d.line >= 1 && d.line <= lines, `${label}: declaration line ${d.line} outside 1..${lines}`);
    assert.match(d.function, /^\w+$/, `${label}: declaration function ${JSON.stringify(d.function)}`);
  }
  for (const s of r.sites)
    assert.ok(s.line >= 1 && s.line <= lines, `${label}: site line ${s.line} outside 1..${lines}`);
}

describe('indexer fuzzing', () => {
  const seed = seedFromEnv(20261125);
  const total = countFromEnv('FUZZ_COUNT', 100_000);
  const stats: Stats = { inputs: 0, declarations: 0, sites: 0, slowest: { ms: 0, label: '' }, errors: 0 };
  const record = (label: string, text: string): void => {
    const { ms, result } = timeIndex(label, text);
    stats.inputs++;
    stats.declarations += result.declarations.length;
    stats.sites += result.sites.length;
    if (result.error) stats.errors++;
    if (ms > stats.slowest.ms) stats.slowest = { ms, label };
    assert.ok(ms < LIMIT_MS, `${label} took ${ms.toFixed(1)} ms (limit ${LIMIT_MS} ms), seed ${seed}`);
    checkShape(label, text, result);
    if (stats.inputs % 10 === 0) {
      // the CLI's fast path must find exactly the same declarations
      const fast = indexFile('bpf/fuzz.c', text, { declarationsOnly: true });
      assert.deepEqual(fast.declarations, result.declarations, `declarationsOnly differs on ${label}`);
      if (!result.error && !mayDeclare(text)) assert.equal(result.declarations.length, 0, label);
    }
  };

  test('pathological shapes index in under 50 ms each', () => {
    // warm up the way the server is warm: it has indexed a checkout before anyone types
    for (const text of corpus()) indexFile('bpf/warm.c', text);
    // and each shape once, untimed: its first run compiles the code paths only it takes, and V8's
    // compiler threads count in the process's CPU time (a shape measured cold sat at 45–51 ms of the
    // 50 ms bound here, warm at 12–20 ms; a super-linear shape takes seconds either way)
    const shapes = pathological();
    for (const [, text] of shapes) indexFile('bpf/warm.c', text);
    for (const [label, text] of shapes) record(label, text);
    console.log(
      `fuzz: slowest pathological shape ${stats.slowest.ms.toFixed(2)} ms (${stats.slowest.label})`,
    );
    stats.slowest = { ms: 0, label: '' };
  });

  test(`${total} generated and mutated inputs: no exception, none over ${LIMIT_MS} ms (seed ${seed})`, () => {
    const r = new Prng(seed);
    const files = corpus();
    assert.ok(files.length >= 10, 'the fixture corpus is present');
    const started = performance.now();
    const mutations = Math.floor(total * 0.1);
    for (let i = 0; i < mutations; i++) {
      let text = r.pick(files);
      for (let k = 0; k < 1 + r.int(3); k++) text = mutate(r, text, r.pick(files));
      record(`mutation #${i} (seed ${seed})`, text);
    }
    for (let i = mutations; i < total; i++) record(`token soup #${i} (seed ${seed})`, tokenSoup(r));
    const seconds = (performance.now() - started) / 1000;
    // the generator must actually reach the parser's interesting paths, or the fuzzing proves nothing
    assert.ok(
      stats.declarations > total / 10,
      `only ${stats.declarations} declarations found across ${stats.inputs} inputs`,
    );
    assert.ok(stats.sites > total / 10, `only ${stats.sites} call sites found across ${stats.inputs} inputs`);
    console.log(
      `fuzz: ${stats.inputs} inputs in ${seconds.toFixed(1)} s, ${stats.declarations} declarations, ${stats.sites} sites, ${stats.errors} refused (binary/oversized), slowest ${stats.slowest.ms.toFixed(2)} ms (${stats.slowest.label})`,
    );
  });
});
