// The README's test command. Runs every test layer in order and ends with one line
// "tests: N passed, N failed" (plus a per-layer table). Exit status 1 if any layer failed.
//
//   node scripts/test.mjs                 all layers
//   node scripts/test.mjs --only unit,lsp  some layers
//   node scripts/test.mjs --skip vscode,ui
//
// Each layer answers one question; see CONTRIBUTING.md.
//
// Skipped, pending and todo tests are listed per layer. A skip that test/skip-allowlist.json does not
// list (layer, test name, reason) fails its layer: nothing is skipped silently.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const listArg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? new Set(args[i + 1].split(',')) : undefined;
};
const only = listArg('--only');
const skip = listArg('--skip') ?? new Set();

const tapDir = mkdtempSync(join(tmpdir(), 'cdx-test-tap-'));
process.on('exit', () => rmSync(tapDir, { recursive: true, force: true }));
/** spec on stdout for people; TAP in a file for the runner (it names skipped and todo tests) */
const nodeTest = (dir) => [
  'node',
  [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${join(tapDir, `${dir}.tap`)}`,
    join('out', 'test', dir),
  ],
];

/** [{ layer, test, reason }]: skips that may happen, and why */
const allowlist = JSON.parse(readFileSync(join(root, 'test', 'skip-allowlist.json'), 'utf8')).skips;
for (const a of allowlist)
  if (!a.layer || !a.test || !a.reason)
    throw new Error(`test/skip-allowlist.json: ${JSON.stringify(a)} needs layer, test and reason`);

/** kind: 'step' has no test count; 'node' parses node:test; 'mocha' parses mocha; 'tmgrammar' parses vscode-tmgrammar-test */
const layers = [
  { name: 'build', kind: 'step', cmd: ['node', ['scripts/build.mjs']] },
  { name: 'typecheck', kind: 'step', cmd: ['npx', ['tsc', '-b']] },
  { name: 'lint', kind: 'step', cmd: ['npx', ['eslint', '--max-warnings=0', '.']] },
  { name: 'format', kind: 'step', cmd: ['npx', ['prettier', '--check', '.']] },
  { name: 'unit', kind: 'node', cmd: nodeTest('unit') },
  { name: 'mutation', kind: 'plain', cmd: ['node', ['scripts/mutation-check.mjs']] },
  { name: 'fuzz', kind: 'node', cmd: nodeTest('fuzz') },
  { name: 'cli', kind: 'node', cmd: nodeTest('cli') },
  { name: 'lsp', kind: 'node', cmd: nodeTest('lsp') },
  { name: 'dap', kind: 'node', cmd: nodeTest('dap') },
  { name: 'webview', kind: 'node', cmd: nodeTest('webview') },
  { name: 'security', kind: 'node', cmd: nodeTest('security') },
  { name: 'grammar', kind: 'tmgrammar', cmd: ['node', ['scripts/test-grammar.mjs']] },
  { name: 'package', kind: 'node', cmd: nodeTest('package') },
  { name: 'vscode', kind: 'mocha', cmd: ['node', ['out/test/vscode/run-test.js']] },
  // the oldest VS Code engines.vscode allows: code-server 4.93.1 (Code 1.93.1), installed with
  // CODE_SERVER_VERSION=4.93.1 CODE_SERVER_NODE_VERSION=20.20.2 bash scripts/install-code-server.sh
  {
    name: 'vscode-oldest',
    kind: 'mocha',
    cmd: ['node', ['out/test/vscode/run-test.js']],
    env: {
      CODE_SERVER_HOME: join(homedir(), '.cache', 'cilium-datapath-explorer', 'code-server-4.93.1'),
      CDX_EXPECT_VSCODE: '1.93.',
    },
  },
  { name: 'ui', kind: 'node', cmd: nodeTest('ui') },
];

function run(cmd, argv, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    const tee = (stream, sink) =>
      stream.on('data', (d) => {
        out += d;
        sink.write(d);
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (e) => resolve({ code: 127, out: out + String(e) }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Tests a layer did not run: node:test SKIP/TODO (from the TAP file), mocha pending, "SKIPPED: …" lines. */
function notRun(layer, out) {
  const list = [];
  for (const m of out.matchAll(/^SKIPPED: (.+)$/gm)) list.push({ kind: 'skipped', name: m[1] });
  if (layer.kind === 'node') {
    let tap = '';
    try {
      tap = readFileSync(join(tapDir, `${layer.name}.tap`), 'utf8');
    } catch {
      /* the layer did not start */
    }
    for (const m of tap.matchAll(/^\s*(?:not )?ok \d+ - (.*?) # (SKIP|TODO)\b ?(.*)$/gim))
      list.push({ kind: m[2].toUpperCase() === 'SKIP' ? 'skipped' : 'todo', name: m[1], reason: m[3] });
  }
  if (layer.kind === 'mocha')
    for (const m of out.matchAll(/^\s{4,}- (.+)$/gm)) list.push({ kind: 'pending', name: m[1].trim() });
  return list.map((t) => ({
    ...t,
    allowed: allowlist.find((a) => a.layer === layer.name && t.name.includes(a.test)),
  }));
}

function count(kind, out) {
  const num = (re) => {
    let total = 0;
    for (const m of out.matchAll(re)) total += Number(m[1]);
    return total;
  };
  switch (kind) {
    case 'node':
      return { passed: num(/^ℹ pass (\d+)$/gm), failed: num(/^ℹ fail (\d+)$/gm) };
    case 'mocha':
      return { passed: num(/^\s*(\d+) passing/gm), failed: num(/^\s*(\d+) failing/gm) };
    case 'plain':
      return {
        passed: num(/^\w+: (\d+) passed, \d+ failed/gm),
        failed: num(/^\w+: \d+ passed, (\d+) failed/gm),
      };
    case 'tmgrammar':
      return { passed: num(/^grammar: (\d+) passed/gm), failed: num(/^grammar: \d+ passed, (\d+) failed/gm) };
    default:
      return { passed: 0, failed: 0 };
  }
}

const results = [];
for (const layer of layers) {
  if ((only && !only.has(layer.name)) || skip.has(layer.name)) continue;
  const started = Date.now();
  console.log(`\n━━ ${layer.name} ━━ ${[layer.cmd[0], ...layer.cmd[1]].join(' ')}`);
  const { code, out } = await run(layer.cmd[0], layer.cmd[1], layer.env);
  const { passed, failed } = count(layer.kind, out);
  const skipped = notRun(layer, out);
  const unlisted = skipped.filter((t) => !t.allowed);
  for (const t of skipped)
    console.log(
      `${layer.name}: ${t.kind}: ${t.name}${t.reason ? ` (${t.reason})` : ''} — ${t.allowed ? `allowed: ${t.allowed.reason}` : 'NOT in test/skip-allowlist.json: fails the layer'}`,
    );
  const ok = code === 0 && failed === 0 && unlisted.length === 0 && (layer.kind === 'step' || passed > 0);
  results.push({
    name: layer.name,
    ok,
    passed,
    failed,
    skipped: skipped.length,
    code,
    seconds: (Date.now() - started) / 1000,
  });
  if (!ok && layer.kind === 'step') break; // later layers need the build, types and lint to be sound
}

console.log('\nlayer      result  passed  failed  skipped  seconds');
for (const r of results) {
  console.log(
    `${r.name.padEnd(10)} ${(r.ok ? 'ok' : 'FAIL').padEnd(6)} ${String(r.passed).padStart(7)} ${String(r.failed).padStart(7)} ${String(r.skipped).padStart(8)} ${r.seconds.toFixed(1).padStart(8)}`,
  );
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed + (r.ok || r.failed ? 0 : 1), 0);
const skippedTotal = results.reduce((a, r) => a + r.skipped, 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skippedTotal} not run (see above)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
