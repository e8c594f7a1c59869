// Checks the anchors of the seed traces against real Cilium trees.
//
//   node scripts/check-anchors.mjs <tree> [<tree> …]      e.g. /work/trees/v1.10.0 /work/trees/main
//
// Each <tree> is an exported Cilium tree (bpf/ at least) named by its tag (v1.10.0/, main/); nothing
// of it is committed. For the tree's release, the seed traces (pod0 → pod3 over VXLAN, and over IPVLAN
// where the release has it; over IPv6 in a dual-stack build where the model has IPv6 rows) are anchored in the tree's index, and every step the model gives a
// function must be anchored: inside that function (the anchored line lies in the function's body, or
// is the TAIL_CT_LOOKUP4 or TAIL_CT_LOOKUP6 line that generates it), and the anchored line must hold the call or return
// that does the step (the slot of a tail call, the callee of a lookup / ct / policy / exit / drop, or
// of a helper that inlines it). When the tree is the cite's own release, the anchor is compared with the
// cite too. Needs `npx tsc -b` first (reads out/). Exit status 1 when any step fails.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = require(join(root, 'out', 'src', 'core', 'index.js'));
const { findCheckoutSync, indexCheckoutSync } = require(
  join(root, 'out', 'src', 'node-io', 'read-checkout.js'),
);
const { ANCHOR_CALLS } = require(join(root, 'out', 'src', 'core', 'indexer', 'index-file.js'));

const trees = process.argv.slice(2);
if (trees.length === 0 || trees.some((t) => !existsSync(join(t, 'bpf')))) {
  console.error('usage: node scripts/check-anchors.mjs <tree with bpf/> [<tree> …]');
  process.exit(2);
}

const TAIL_WORDS =
  /\b(ep_tail_call|tail_call_internal|invoke_tailcall_if|invoke_traced_tailcall_if|tail_call_static|tail_call_dynamic|tail_call_policy|tail_call_egress_policy|tail_call|TAIL_CT_LOOKUP4|TAIL_CT_LOOKUP6)\b/;
const CALL_WORDS = new RegExp(`\\b(${ANCHOR_CALLS.join('|')})\\b`);

let failed = 0;
let checked = 0;
for (const tree of trees.map((t) => resolve(t))) {
  const tag = basename(tree);
  const release = tag === 'main' ? 'main' : tag.replace(/^(v\d+\.\d+)\.\d+$/, '$1');
  const checkout = findCheckoutSync(tree);
  const index = new core.SourceIndex();
  for (const entry of indexCheckoutSync(checkout)) index.set(entry);
  const text = new Map();
  const fileText = (file) => {
    if (!text.has(file)) text.set(file, readFileSync(join(tree, file), 'utf8'));
    return text.get(file);
  };
  const lineText = (file, line) => fileText(file).split('\n')[line - 1] ?? '';
  // does `from`'s body (in any file) call `to`, directly or through up to two more functions?
  const bodyOf = (name, file) => {
    for (const entry of [index.get(file), ...index.all()]) {
      if (!entry) continue;
      const f = entry.functions.find((x) => x.name === name);
      if (f)
        return fileText(entry.path)
          .split('\n')
          .slice(f.line - 1, f.endLine)
          .join('\n');
    }
    return '';
  };
  const reaches = (from, to, file, depth = 3) => {
    const body = bodyOf(from, file);
    if (new RegExp(`\\b${to}\\s*\\(`).test(body)) return true;
    if (depth === 1) return false;
    return [...body.matchAll(/\b([a-z_]\w*)\s*\(/g)]
      .map((m) => m[1])
      .filter((n, i, a) => a.indexOf(n) === i && n !== from)
      .some((n) => bodyOf(n, file) && reaches(n, to, file, depth - 1));
  };
  const scenarios = [
    { mode: 'vxlan', label: 'vxlan' },
    { mode: 'ipvlan', label: 'ipvlan' },
    { mode: 'vxlan', label: 'vxlan ipv6', family: 6, ciliumConfig: { 'enable-ipv6': 'true' } },
  ];
  for (const { mode, label, ...extra } of scenarios) {
    let t;
    try {
      t = core.trace({ mode, from: 'pod0', to: 'pod3', ciliumVersion: release, ...extra });
    } catch (e) {
      if (mode === 'ipvlan' || e.code === 'unsupported-family') continue; // not in this release
      throw e;
    }
    const { trace: anchored } = core.anchorTrace(t, index, { text: (f) => fileText(f) });
    let same = 0;
    let total = 0;
    for (const hop of anchored.hops)
      for (const step of hop.steps) {
        if (!step.function) continue;
        checked++;
        total++;
        const where = `${tag} ${label} hop ${hop.index} ${step.type} in ${step.function} (${step.cite})`;
        const fail = (why) => {
          failed++;
          console.log(`FAIL ${where}: ${why}`);
        };
        if (!step.source) {
          fail(`not anchored: ${step.sourceNote}`);
          continue;
        }
        const { file, line, function: fn } = step.source;
        if (fn !== step.function && !reaches(step.function, fn, hop.program?.file ?? file))
          fail(`anchored in ${fn}, which ${step.function} does not call`);
        const entry = index.get(file);
        const span = entry.functions.find((f) => f.name === fn && f.line <= line && line <= f.endLine);
        // a program TAIL_CT_LOOKUP4 generates: its macro's lines (the macro, then the next slot)
        const generated = entry.declarations.some(
          (d) => d.function === fn && d.line <= line && line <= d.line + 3,
        );
        if (!span && !generated) fail(`${file}:${line} is not inside ${fn}`);
        const src = lineText(file, line);
        const ok =
          step.type === 'tail-call'
            ? TAIL_WORDS.test(src) || CALL_WORDS.test(src) || (generated && /\bCILIUM_CALL_\w+/.test(src))
            : step.type === 'ct' && generated
              ? /TAIL_CT_LOOKUP[46]/.test(src)
              : CALL_WORDS.test(src) || /\breturn\b/.test(src);
        if (!ok) fail(`${file}:${line} does not hold the call: "${src.trim()}"`);
        const cite = /^(\S+) (\S+):(\d+)$/.exec(step.cite ?? '');
        if (cite && cite[1] === tag && cite[2] === file) {
          if (Math.abs(Number(cite[3]) - line) <= 2) same++;
          else console.log(`note ${where}: anchored at ${file}:${line}, the model cites line ${cite[3]}`);
        }
      }
    console.log(
      `${tag} ${label}: ${total} steps anchored-checked, ${same} at the model's own cite (±2 lines)`,
    );
  }
}
console.log(`${checked} steps checked, ${failed} failures`);
process.exit(failed ? 1 : 0);
