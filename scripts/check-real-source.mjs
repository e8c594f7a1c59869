// Checks the indexer against real Cilium checkouts (not part of CI; never commit Cilium's files).
//   node scripts/check-real-source.mjs <dir-with-checkouts>    e.g. /work/cilium-src/{v1.4.0,v1.10.0,…}
// For bpf_lxc.c, the host file (bpf_host.c, or bpf_netdev.c before v1.8) and bpf_overlay.c it compares
// the indexer's declarations with an independent line scan: a declaring annotation starts a line
// (`__section(`, `__section_entry`, `__section_tail(`, `declare_tailcall_if(`, `__declare_tail(`,
// `TAIL_CT_LOOKUP4/6(`) outside comments and #define bodies. Prints a table; exit 1 on any mismatch.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../out/src/core/index.js');
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/check-real-source.mjs <dir-with-checkouts>');
  process.exit(2);
}

function independentScan(text) {
  const lines = text.split('\n');
  const found = [];
  let inComment = false;
  let inDefine = false;
  lines.forEach((line, i) => {
    const wasDefine = inDefine;
    inDefine = (wasDefine || /^\s*#\s*define\b/.test(line)) && /\\\s*$/.test(line);
    if (wasDefine || /^\s*#\s*define\b/.test(line)) return;
    if (inComment) {
      if (line.includes('*/')) inComment = false;
      return;
    }
    if (/^\s*\/\*/.test(line) && !line.includes('*/')) {
      inComment = true;
      return;
    }
    if (
      /^(__section\(|__section_entry\b|__section_tail\(|declare_tailcall_if\(|__declare_tail\(|TAIL_CT_LOOKUP[46]\()/.test(
        line,
      )
    )
      found.push(i + 1);
  });
  return found;
}

const rows = [];
let mismatches = 0;
for (const tag of readdirSync(dir).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
  const bpf = join(dir, tag, 'bpf');
  if (!existsSync(bpf)) continue;
  const host = existsSync(join(bpf, 'bpf_host.c')) ? 'bpf_host.c' : 'bpf_netdev.c';
  for (const file of ['bpf_lxc.c', host, 'bpf_overlay.c']) {
    const text = readFileSync(join(bpf, file), 'utf8');
    const started = performance.now();
    const index = core.indexFile(`bpf/${file}`, text);
    const ms = performance.now() - started;
    const mine = index.declarations.map((d) => d.line);
    const theirs = independentScan(text);
    const missing = theirs.filter((l) => !mine.includes(l));
    const extra = mine.filter((l) => !theirs.includes(l));
    const entries = index.declarations.filter((d) => d.kind === 'entry').length;
    const tails = index.declarations.length - entries;
    const unnamed = index.declarations.filter((d) => !/^\w+$/.test(d.function)).length;
    if (missing.length || extra.length || unnamed) mismatches++;
    rows.push({
      tag,
      file,
      entries,
      tails,
      independent: theirs.length,
      missing: missing.join(',') || '-',
      extra: extra.join(',') || '-',
      ms: ms.toFixed(2),
    });
  }
}
console.log('| tag | file | entries | tails | independent scan | missed lines | extra lines | ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.tag} | ${r.file} | ${r.entries} | ${r.tails} | ${r.independent} | ${r.missing} | ${r.extra} | ${r.ms} |`,
  );
console.log(mismatches ? `\n${mismatches} file(s) differ` : '\nall files agree');
process.exit(mismatches ? 1 : 0);
