// The mutation check: flips one row of the datapath model at a time (scripts/mutation/mutations.cjs)
// and runs the tests that guard the model. Every flip must make some test fail; a flip that survives
// is a row no test guards. Needs `npx tsc -b` first (runs out/).
//
//   node scripts/mutation-check.mjs            all mutations, 2 at a time
//   node scripts/mutation-check.mjs --list     print the mutations and exit
//   node scripts/mutation-check.mjs --only 17  one mutation (its number from --list; or a list: 17,18,40)
//
// Ends with "mutation: N passed, M failed" (a killed mutation passes) and exit status 1 if any survived.
import { fork, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
// Runs in a copy of out/ and test/ (fixtures, the reviewed snapshot), so a rebuild meanwhile changes nothing.
const root = mkdtempSync(join(tmpdir(), 'cdx-mutation-'));
cpSync(join(project, 'out'), join(root, 'out'), { recursive: true });
cpSync(join(project, 'test'), join(root, 'test'), { recursive: true });
symlinkSync(join(project, 'node_modules'), join(root, 'node_modules'), 'dir');
process.env.CDX_MUTATION_ROOT = root;
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const require = createRequire(import.meta.url);
const { mutations } = require('./mutation/mutations.cjs');
const list = mutations();
const args = process.argv.slice(2);

if (args.includes('--list')) {
  list.forEach((m, i) => console.log(`${i}\t${m.name}`));
  process.exit(0);
}

// The test files that guard the model's meaning: the seed traces, the per-release table, modes and
// versions, policy verdicts, Services, NAT, replies and host traffic in traces.
const unit = join(root, 'out', 'test', 'unit');
const GUARDS = readdirSync(unit)
  .filter(
    (f) =>
      /^(seed-|release-table|modes-and-versions|trace-|model-|resolve-)/.test(f) && f.endsWith('.test.js'),
  )
  .map((f) => join(unit, f));

function runTests(index, reporter = 'dot') {
  return new Promise((resolve) => {
    const env = { ...process.env };
    if (index === undefined) delete env.CDX_MUTATION;
    else env.CDX_MUTATION = String(index);
    // One process per mutation: the guarding test files are loaded together (node:test runs them
    // in-process and sets a non-zero exit code when any fails), much faster than one process per file.
    const child = spawn(
      process.execPath,
      [
        '--require',
        join(project, 'scripts', 'mutation', 'preload.cjs'),
        `--test-reporter=${reporter}`,
        '-e',
        `for (const f of ${JSON.stringify(GUARDS)}) require(f);`,
      ],
      { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const baseline = await runTests(undefined, 'tap');
if (baseline.code !== 0) {
  console.log(baseline.output);
  console.log('mutation: the guarding tests fail without any mutation; fix them first.');
  process.exit(1);
}

const onlyArg = args.indexOf('--only');
const indices =
  onlyArg >= 0
    ? String(args[onlyArg + 1])
        .split(',')
        .map(Number)
    : list.map((_, i) => i);
/** How many tests passed under node:test in the baseline (its tap summary; "# pass" leaves out skipped ones). */
function baselineCount(tap) {
  const pass = /^# pass (\d+)$/m.exec(tap);
  if (!pass) throw new Error('mutation: no tap summary in the baseline run');
  return Number(pass[1]);
}

const started = Date.now();
// The flips run in forked workers (scripts/mutation/worker.cjs), many per process; each worker first
// runs the guarding tests unmutated, and must run as many as node:test did in the baseline.
const WORKER = join(project, 'scripts', 'mutation', 'worker.cjs');
const RECYCLE = 250; // flips per worker process, bounding what a long-lived process may accumulate
const expected = baselineCount(baseline.output);
// The snapshot of every release × mode × destination first: it kills most flips, and a worker stops
// at the first failing test.
const WORKER_ORDER = [
  ...GUARDS.filter((f) => f.endsWith('model-snapshot.test.js')),
  ...GUARDS.filter((f) => !f.endsWith('model-snapshot.test.js')),
];
const candidates = [];
let next = 0;
let workerFailure;
function startWorker() {
  const child = fork(WORKER, [], { env: process.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send({ files: WORKER_ORDER });
  return child;
}
function ask(child, index) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      child.off('exit', onExit);
      child.off('message', onMessage);
      if (msg.fatal) reject(new Error(msg.fatal));
      else resolve(msg);
    };
    const onExit = (code) => {
      child.off('message', onMessage);
      reject(new Error(`mutation worker exited (${code}) during flip ${index ?? 'baseline'}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ index: index ?? null });
  });
}
async function worker() {
  while (next < indices.length && !workerFailure) {
    const child = startWorker();
    try {
      const base = await ask(child, undefined);
      if (base.failed || base.ran !== expected)
        throw new Error(
          `the worker's unmutated run differs from node:test's: ran ${base.ran} of ${expected}` +
            (base.failed ? `, failed "${base.failed}": ${base.error}` : ''),
        );
      for (let n = 0; n < RECYCLE && next < indices.length; n++) {
        const i = indices[next++];
        const r = await ask(child, i);
        if (!r.failed) candidates.push(i);
      }
    } catch (e) {
      workerFailure = e;
    } finally {
      child.kill();
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, worker));
if (workerFailure) {
  console.log(`mutation: ${workerFailure.message}`);
  process.exit(1);
}
// A flip of a behaviour row's action that no traced scenario reaches (its cite is nowhere in the
// reviewed snapshot of every release × mode × destination) cannot be seen in a trace: it is listed,
// not failed. Every other survivor is a row no test guards.
const reached = new Set();
for (const lines of Object.values(
  JSON.parse(readFileSync(join(project, 'test', 'unit', 'model-snapshot.json'), 'utf8')),
)) {
  let file = '';
  for (const line of lines) {
    if (!line.startsWith('  ')) file = / (bpf\/\S+|pkg\/\S+) /.exec(line)?.[1] ?? '';
    const m = / in (\S+) @(.+)$/.exec(line);
    if (m) reached.add(`${file}|${m[1]}|${m[2]}`);
  }
}
const isUnreached = (i) => Boolean(list[i].reach) && !reached.has(list[i].reach);
// A survivor in the worker that would fail the check is run again under node:test, in a process of
// its own: only a flip that survives there too is reported as failed.
const survivors = [];
for (const i of candidates.sort((a, b) => a - b))
  if (isUnreached(i) || list[i].shared || (await runTests(i)).code === 0) survivors.push(i);
const unreached = survivors.filter(isUnreached);
const shared = survivors.filter((i) => !unreached.includes(i) && list[i].shared);
for (const i of shared)
  console.log(
    `  survived #${i} (code shared with another program's row, which a trace reaches): ${list[i].name}`,
  );
const guarded = survivors.filter((i) => !unreached.includes(i) && !shared.includes(i));
for (const i of guarded) console.log(`  survived #${i}: ${list[i].name}`);
if (unreached.length) {
  console.log(
    `  ${unreached.length} flips of rows that no traced scenario reaches (guarded by scripts/check-model-cites.mjs against the source, not by a trace):`,
  );
  const byProgram = new Map();
  for (const i of unreached) {
    const program = list[i].name.split(':')[0];
    byProgram.set(program, (byProgram.get(program) ?? 0) + 1);
  }
  for (const [program, n] of byProgram) console.log(`    ${program}: ${n}`);
}
console.log(
  `mutation check: ${indices.length} flips of the model against ${GUARDS.length} test files in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`mutation: ${indices.length - guarded.length} passed, ${guarded.length} failed`);
process.exit(guarded.length ? 1 : 0);
