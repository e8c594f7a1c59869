// Issue 13's budgets: anchoring a whole trace on a warm index (≤ 5 ms) and, over stdio, the debug
// adapter's request → `stopped` per step (≤ 16 ms). Part of `npm run bench`; alone:
//   node bench/debug-latency.mjs [<checkout>]      (default: sample/cilium-v1.10; needs the build and out/)
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export async function measureAnchorsAndSteps(checkout) {
  const core = require(join(ROOT, 'out', 'src', 'core', 'index.js'));
  const { loadCheckoutSync } = require(join(ROOT, 'out', 'src', 'node-io', 'checkout-index.js'));
  const loaded = loadCheckoutSync(checkout);
  const release = loaded.version?.label ?? 'v1.10';
  const seed = core.trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: release });
  const text = (f) => loaded.text(f);
  for (let i = 0; i < 50; i++) core.anchorTrace(seed, loaded.index, { text });
  const times = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    core.anchorTrace(seed, loaded.index, { text });
    times.push(performance.now() - t0);
  }
  const steps = seed.hops.flatMap((h) => h.steps).filter((s) => s.function).length;

  const { DebugClient } = require('@vscode/debugadapter-testsupport');
  const stepTimes = [];
  for (let round = 0; round < 3; round++) {
    const dc = new DebugClient('node', join(ROOT, 'dist', 'debug-adapter.js'), 'cilium-datapath');
    await dc.start();
    const launch = { checkout, mode: 'vxlan', from: 'pod0', to: 'pod3', stopOnEntry: true };
    const [entry] = await Promise.all([
      dc.waitForEvent('stopped'),
      dc.configurationSequence(),
      dc.launch(launch),
    ]);
    const threadId = entry.body.threadId;
    for (;;) {
      const t0 = performance.now();
      const stopped = dc.waitForEvent('stopped', 2000).then(
        () => true,
        () => false,
      );
      await dc.nextRequest({ threadId });
      if (!(await stopped)) break; // the end of the trace
      stepTimes.push(performance.now() - t0);
      await dc.stackTraceRequest({ threadId });
    }
    await dc.stop();
  }
  return {
    anchors: { checkout, release, steps, p50Ms: pct(times, 50), p95Ms: pct(times, 95) },
    debugAdapter: { steps: stepTimes.length, stepP50Ms: pct(stepTimes, 50), stepP95Ms: pct(stepTimes, 95) },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await measureAnchorsAndSteps(process.argv[2] ?? join(ROOT, 'sample', 'cilium-v1.10'));
  console.log(JSON.stringify(r, null, 2));
}
