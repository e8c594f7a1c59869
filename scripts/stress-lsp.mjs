// Runs the `lsp` layer N times in a row (default 20) while a CPU-heavy process runs beside it, and
// fails if any run fails: the layer must not depend on winning races against a loaded machine.
//
//   node scripts/stress-lsp.mjs [--runs 20] [--burners 1] [--layer lsp]
//
// Needs a build (npm run build && npx tsc -b). The burner is a node process spinning on the CPU
// (one per --burners); it is stopped at the end, also on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const runs = Number(opt('--runs', '20'));
const burners = Number(opt('--burners', '1'));
const layer = opt('--layer', 'lsp');

// spins, and exits by itself once this script is gone (however it ended)
const BURN = `const parent = ${process.pid};
for (;;) {
  for (let i = 0; i < 2e7; i++) Math.sqrt(i);
  try { process.kill(parent, 0); } catch { process.exit(0); }
}`;
const spinners = Array.from({ length: burners }, () =>
  spawn(process.execPath, ['-e', BURN], { stdio: 'ignore' }),
);
const stop = () => {
  for (const p of spinners) if (p.exitCode === null) p.kill('SIGKILL');
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const failures = [];
const started = Date.now();
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['scripts/test.mjs', '--only', layer], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const summary = /^tests: .*$/m.exec(r.stdout)?.[0] ?? `exit ${r.status}`;
  const ok = r.status === 0;
  console.log(
    `run ${String(i).padStart(2)}/${runs}: ${ok ? 'ok  ' : 'FAIL'} ${summary} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  if (!ok) {
    failures.push(i);
    const failed = r.stdout.split('\n').filter((l) => /^\s*✖|not ok|AssertionError|Error:/.test(l));
    console.log(failed.slice(0, 20).join('\n'));
  }
}
stop();
console.log(
  `${layer} layer: ${runs - failures.length}/${runs} runs passed beside ${burners} CPU burner(s) in ${((Date.now() - started) / 1000).toFixed(0)} s${failures.length ? `; failed runs: ${failures.join(', ')}` : ''}`,
);
process.exit(failures.length ? 1 : 0);
