/**
 * Anchors a trace in the user's checkout: every step the model attributes to a C function gets
 * `source` — the line of that checkout, inside that function, that performs it — or `source: null`
 * with `sourceNote` saying what was looked for. Kernel steps (no `function`) stay without `source`.
 *
 * Inside one function the steps follow the source's order: of several matching sites, the first at or
 * after the previous step's anchor in that function wins. Only sites the traced build compiles and
 * runs count (branch-guards.ts): not under an `#if` on a feature it leaves off, nor in a C branch
 * `if (is_defined(ENABLE_X) …)` it never takes.
 */
import type { SourceIndex } from '../indexer/source-index';
import type { Hop, Step, StepSource, Trace } from '../trace/trace-types';
import { excludedBranch, preprocessorAllows } from './branch-guards';
import { calleesFor, callWanted, DROP_NOTIFY, natTailSlot } from './call-anchor';
import { FunctionLocator, type FunctionSites } from './function-sites';
import { buildDefines } from '../model/config';
import { parseCiliumVersion } from '../model/versions';
import { bodyCalls, type TextOf } from './helper-calls';
import { siteMatches, tailCallWanted } from './tail-call-anchor';

/** A step the checkout has no site for (what the language server reports on the program). */
export interface AnchorMiss {
  hop: number;
  step: number;
  /** the program's file and function in the checkout, when found */
  program?: { file: string; function: string };
  function: string;
  note: string;
}

export interface AnchoredTrace {
  trace: Trace;
  misses: AnchorMiss[];
}

const PASS_NAMES = new Set(['return CTX_ACT_OK', 'return TC_ACT_OK']);
const HOST_ROUTING_EXITS = new Set([
  'redirect_direct_v4',
  'fib_redirect_v4',
  'redirect_direct_v6',
  'fib_redirect_v6',
  'bpf_redirect_neigh',
]);

export interface AnchorOptions {
  /** the checkout's text of a file (for the calls of inlined helpers); without it only the step's own function is searched */
  text?: TextOf;
  /** a locator built on the same index state (reused across traces while the index is unchanged) */
  locator?: FunctionLocator;
}

export function anchorTrace(trace: Trace, index: SourceIndex, options: AnchorOptions = {}): AnchoredTrace {
  const misses: AnchorMiss[] = [];
  const ctx: Context = {
    index,
    defines: buildDefines(trace.config, parseCiliumVersion(trace.ciliumVersion)),
    locator: options.locator ?? FunctionLocator.for(index),
    cursors: new Map(),
    text: options.text,
    excluded: new Map(),
    branchCache: new Map(),
  };
  const hops = trace.hops.map((hop) => {
    if (!hop.steps.some((s) => s.function)) return hop;
    const prefer = preferredFiles(index, hop);
    const steps = hop.steps.map((step, i): Step => {
      if (!step.function) return step;
      const found = anchorStep(step, step.function, prefer, ctx);
      if ('source' in found) return { ...step, source: found.source };
      misses.push({
        hop: hop.index,
        step: i,
        function: step.function,
        note: found.note,
        ...(hop.program ? { program: { file: hop.program.file, function: hop.program.function } } : {}),
      });
      return { ...step, source: null, sourceNote: found.note };
    });
    return { ...hop, steps } satisfies Hop;
  });
  return { trace: { ...trace, hops }, misses };
}

function preferredFiles(index: SourceIndex, hop: Hop): string[] {
  const out: string[] = [];
  for (const s of hop.steps) {
    const file = s.cite?.split(' ')[1]?.split(':')[0];
    if (file && !out.includes(file)) out.push(file);
  }
  if (hop.program) {
    if (!out.includes(hop.program.file)) out.push(hop.program.file);
    for (const f of index.includesOf(hop.program.file)) if (!out.includes(f)) out.push(f);
  }
  return out;
}

function anchorStep(
  step: Step,
  fn: string,
  prefer: readonly string[],
  ctx: Context,
): { source: StepSource } | { note: string } {
  const root = ctx.locator.find(fn, prefer);
  if (!root) return { note: `${fn} is not defined in this checkout` };
  const found = search(step, root, prefer, ctx);
  if (!found) {
    const wanted = step.type === 'tail-call' ? tailCallWanted(step) : callWanted(step, calleesFor(step));
    const why = ctx.excluded.get(step);
    return {
      note: why
        ? `the model expects ${wanted} in ${fn}; this checkout has one only at ${why}, which the traced configuration does not compile or never takes`
        : `the model expects ${wanted} in ${fn}; this checkout has none`,
    };
  }
  const key = `${found.sites.file}\0${found.sites.name}`;
  const line = pick(found.lines, cursorOf(ctx, found.sites))!;
  ctx.cursors.set(key, line);
  return { source: { file: found.sites.file, line, function: found.sites.name } };
}

interface Context {
  index: SourceIndex;
  /** the ENABLE_* feature macros the traced configuration builds with (the model's buildDefines) */
  defines: ReadonlySet<string>;
  locator: FunctionLocator;
  cursors: Map<string, number>;
  text: TextOf | undefined;
  /** per step: the first site found that the build leaves out ("file:line (why)"), for the note */
  excluded: Map<Step, string>;
  /** per file, function line and line: why that line does not run in this build ('' when it does) */
  branchCache: Map<string, string>;
}

function cursorOf(ctx: Context, sites: FunctionSites): number {
  return ctx.cursors.get(`${sites.file}\0${sites.name}`) ?? 0;
}

/** Lines at or after the previous step's anchor in the same function: the source's order. */
function after(ctx: Context, sites: FunctionSites): (line: number) => boolean {
  const cursor = cursorOf(ctx, sites);
  return (line) => line >= cursor;
}

/** The first line at or after the cursor, else the first. */
function pick(lines: number[], cursor: number): number | undefined {
  if (lines.length === 0) return undefined;
  lines.sort((a, b) => a - b);
  return lines.find((l) => l >= cursor) ?? lines[0];
}

type Tier = (sites: FunctionSites) => number[];

/**
 * Why line `line` of `f` (under the `#if` conditions `condition`) does not run in the traced build,
 * or undefined when it may: an `#if` on a feature it leaves off, or a C branch it never takes.
 */
function leftOut(
  f: FunctionSites,
  line: number,
  condition: string | undefined,
  ctx: Context,
): string | undefined {
  if (!preprocessorAllows(condition, ctx.defines)) return `#if ${condition}`;
  if (!f.span || !ctx.text) return undefined;
  const key = `${f.file}\0${f.span.line}\0${line}`;
  let why = ctx.branchCache.get(key);
  if (why === undefined) {
    const lines = ctx.locator.linesOf(f.file, ctx.text);
    why = (lines && excludedBranch(lines, f.span.line, line, ctx.defines)) ?? '';
    ctx.branchCache.set(key, why);
  }
  return why || undefined;
}

/** The lines of `candidates` the build runs; the first left out is remembered for the step's note. */
function running(
  step: Step,
  f: FunctionSites,
  candidates: ReadonlyArray<{ line: number; condition?: string }>,
  ctx: Context,
): number[] {
  const out: number[] = [];
  for (const c of candidates) {
    const why = leftOut(f, c.line, c.condition, ctx);
    if (why === undefined) out.push(c.line);
    else if (!ctx.excluded.has(step)) ctx.excluded.set(step, `${f.file}:${c.line} (${why})`);
  }
  return out;
}

/**
 * The lines of the `#define <generator>(…)` body that generates `f` (TAIL_CT_LOOKUP4: the function's
 * code is the macro's), calling one of `names`; the macro is looked for in `f`'s file, then in `prefer`.
 */
function generatedCalls(
  f: FunctionSites,
  names: readonly string[],
  prefer: readonly string[],
  ctx: Context,
): { file: string; lines: number[] } | undefined {
  if (!f.generator || !ctx.text || names.length === 0) return undefined;
  const define = new RegExp(`^\\s*#\\s*define\\s+${f.generator}\\s*\\(`);
  const call = new RegExp(`\\b(?:${names.join('|')})\\s*\\(`);
  for (const file of [f.file, ...prefer.filter((p) => p !== f.file)]) {
    const lines = ctx.locator.linesOf(file, ctx.text);
    if (!lines) continue;
    const start = lines.findIndex((l) => define.test(l));
    if (start < 0) continue;
    const found: number[] = [];
    for (let i = start; i < lines.length; i++) {
      const code = lines[i]!.replace(/\/\*.*?\*\/|\/\/.*$/g, '');
      if (call.test(code)) found.push(i + 1);
      if (!lines[i]!.trimEnd().endsWith('\\')) break;
    }
    return { file, lines: found };
  }
  return undefined;
}

/**
 * The line of the `#define TAIL_CT_LOOKUP4(…, TARGET_ID, TARGET_NAME)` body that performs `step` in
 * the program it generates: for a tail call the line that tail-calls the slot parameter
 * (`invoke_tailcall_if(CONDITION, TARGET_ID, TARGET_NAME…)`, v1.12.0 bpf/bpf_lxc.c:108, v1.16.0 :305;
 * `ret = tail_call_internal(ctx, TARGET_ID, &ext_err);`, v1.19.0 :512, main :578); for a call the
 * build compiles inline (its CONDITION false) the direct call of the target parameter where the body
 * has one (`ret = TARGET_NAME(ctx);`, v1.19.0 :514, main :580), else the invoke_tailcall_if line,
 * whose expansion makes that call (v1.12–v1.18).
 */
function generatedTailCall(f: FunctionSites, step: Step, ctx: Context): number | undefined {
  if (step.type !== 'tail-call' || !f.generator || !ctx.text) return undefined;
  const lines = ctx.locator.linesOf(f.file, ctx.text);
  if (!lines) return undefined;
  const define = new RegExp(`^\\s*#\\s*define\\s+${f.generator}\\s*\\(([^)]*)\\)`);
  const start = lines.findIndex((l) => define.test(l));
  if (start < 0) return undefined;
  const params = define
    .exec(lines[start]!)![1]!
    .split(',')
    .map((p) => p.trim());
  const [slot, target] = params.slice(-2);
  if (!slot || !target) return undefined;
  const body: Array<{ line: number; code: string }> = [];
  for (let i = start + 1; i < lines.length && lines[i - 1]!.trimEnd().endsWith('\\'); i++)
    body.push({ line: i + 1, code: lines[i]!.replace(/\/\*.*?\*\/|\/\/.*$/g, '') });
  const direct = new RegExp(`\\b${target}\\s*\\(`);
  const tail = new RegExp(
    `\\b(?:invoke_tailcall_if|tail_call_internal|tail_call_static|ep_tail_call)\\s*\\(.*\\b${slot}\\b`,
  );
  if (step.inlined) {
    const call = body.find((b) => direct.test(b.code));
    if (call) return call.line;
  }
  return body.find((b) => tail.test(b.code))?.line;
}

/** What may perform the step, best first: each tier is tried in the function, then in its helpers. */
function tiersFor(step: Step, ctx: Context): Tier[] {
  const { index, defines } = ctx;
  if (step.type === 'tail-call') {
    const tiers: Tier[] = [
      (f) =>
        running(
          step,
          f,
          f.sites
            .filter((s) => siteMatches(index, s, step))
            .map((s) => ({ line: s.line, ...(s.condition ? { condition: s.condition } : {}) })),
          ctx,
        ).map((line) => {
          // a program TAIL_CT_LOOKUP4 generates: the invocation runs, and its code — the tail call
          // too — is the `#define`'s body (generatedTailCall); the invocation's line naming the slot
          // only when the body has no such line
          const site = f.generator ? f.sites.find((s) => s.line === line) : undefined;
          if (!site?.macro.startsWith('TAIL_CT_LOOKUP')) return line;
          return generatedTailCall(f, step, ctx) ?? site.slotRange.line;
        }),
    ];
    // a tail call the build compiles inline (`if (is_defined(ENABLE_IPV4) && is_defined(ENABLE_IPV6))
    // tail_call_internal(…); else ret = tail_ipv4_ct_ingress_policy_only(ctx);`, main
    // bpf/bpf_lxc.c:2544-2548): the direct call of the target in the branch the build takes
    if (step.inlined && ctx.text) {
      const target = step.target.function;
      tiers.push((f) => {
        const text = ctx.text!(f.file);
        if (text === undefined) return [];
        return running(
          step,
          f,
          bodyCalls(f, text, ctx.locator).filter((c) => c.name === target),
          ctx,
        );
      });
    }
    return tiers;
  }
  if (step.type === 'drop') {
    const reason = new RegExp(`\\b${step.reason}\\b`);
    const notify = (f: FunctionSites) => f.calls.filter((c) => DROP_NOTIFY.test(c.name));
    return [
      (f) =>
        running(
          step,
          f,
          notify(f).filter((c) => c.args !== undefined && reason.test(c.args)),
          ctx,
        ),
      (f) => running(step, f, notify(f), ctx),
    ];
  }
  const callees = calleesFor(step);
  // BPF host routing's exits (v1.10.0 bpf/bpf_lxc.c:844 `if (is_defined(ENABLE_REDIRECT_FAST))
  // return redirect_direct_v4(…)`) only where the traced build routes in BPF
  const hostRouted = defines.has('ENABLE_HOST_ROUTING');
  const named = callees.filter(
    (c) => c !== 'last-return' && !PASS_NAMES.has(c) && (hostRouted || !HOST_ROUTING_EXITS.has(c)),
  );
  const pass = callees.filter((c) => PASS_NAMES.has(c));
  const calling =
    (names: readonly string[]): Tier =>
    (f) =>
      running(
        step,
        f,
        f.calls.filter((c) => names.includes(c.name)),
        ctx,
      );
  const tiers: Tier[] = [];
  // a program TAIL_CT_LOOKUP4 generates: its code is the macro's body (v1.12.0 bpf/bpf_lxc.c:100
  // `ct_buffer.ret = ct_lookup4(…)` in the `#define TAIL_CT_LOOKUP4` of :76)
  if (named.length) tiers.push((f) => generatedCalls(f, named, [], ctx)?.lines ?? []);
  if (named.length) tiers.push(calling(named));
  if (pass.length) tiers.push(calling(pass));
  const slot = natTailSlot(step);
  if (slot) {
    const word = new RegExp(`\\b${slot}\\b`);
    tiers.push((f) =>
      running(
        step,
        f,
        f.sites
          .filter((s) => word.test(s.slot))
          .map((s) => ({ line: s.line, ...(s.condition ? { condition: s.condition } : {}) })),
        ctx,
      ),
    );
  }
  return tiers;
}

const MAX_HELPERS = 48;

function search(
  step: Step,
  root: FunctionSites,
  prefer: readonly string[],
  ctx: Context,
): { sites: FunctionSites; lines: number[] } | undefined {
  let helpers: FunctionSites[] | undefined;
  let fallback: { sites: FunctionSites; lines: number[] } | undefined;
  for (const tier of tiersFor(step, ctx)) {
    const direct = tier(root);
    if (direct.some(after(ctx, root))) return { sites: root, lines: direct };
    fallback ??= direct.length ? { sites: root, lines: direct } : undefined;
    helpers ??= helpersOf(root, prefer, ctx);
    for (const h of helpers) {
      const lines = tier(h);
      if (lines.some(after(ctx, h))) return { sites: h, lines };
      fallback ??= lines.length ? { sites: h, lines } : undefined;
    }
  }
  // every site lies before the previous step's: the first found, out of order
  if (fallback) return fallback;
  // a program that passes the packet on by returning what it computed: its last return
  if (calleesFor(step).includes('last-return') && root.span?.lastReturnLine !== undefined)
    return { sites: root, lines: [root.span.lastReturnLine] };
  return undefined;
}

/**
 * Functions `root` calls, breadth first, up to four levels deep (needs the checkout's text): v1.16.0
 * tail_handle_ipv4_from_netdev → handle_ipv4 → nodeport_lb4 → nodeport_svc_lb4 → lb4_local.
 */
function helpersOf(root: FunctionSites, prefer: readonly string[], ctx: Context): FunctionSites[] {
  if (!ctx.text) return [];
  const out: FunctionSites[] = [];
  const seen = new Set<string>([root.name]);
  let level = [root];
  for (let depth = 0; depth < 4 && level.length && out.length < MAX_HELPERS; depth++) {
    const next: FunctionSites[] = [];
    for (const f of level) {
      const text = ctx.text(f.file);
      if (text === undefined) continue;
      for (const call of bodyCalls(f, text, ctx.locator)) {
        if (seen.has(call.name)) continue;
        seen.add(call.name);
        const h = ctx.locator.find(call.name, prefer);
        if (!h) continue;
        next.push(h);
        out.push(h);
      }
    }
    level = next;
  }
  return out;
}
