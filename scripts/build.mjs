// Bundles the four deliverables with esbuild. Type-checking is a separate step (`npm run typecheck`).
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify') || process.env.CI === 'true';

const common = {
  bundle: true,
  sourcemap: 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'none',
};

const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...node,
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // the sample checkout (sample/cilium-v1.10) ships inside the bundle as text
    loader: { '.c': 'text', '.h': 'text', '.md': 'text' },
  },
  // dist/server.js starts dist/server-main.js with V8's code cache (src/server/bootstrap.ts)
  { ...node, entryPoints: ['src/server/bootstrap.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server-main.js' },
  { ...node, entryPoints: ['src/debug/main.ts'], outfile: 'dist/debug-adapter.js' },
  {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: ['webview/index.ts'],
    outfile: 'dist/webview/webview.js',
    loader: { '.css': 'text' },
  },
];

function copyAssets() {
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  cpSync(join(codicons, 'codicon.css'), join(root, 'dist/webview/codicon.css'));
  cpSync(join(codicons, 'codicon.ttf'), join(root, 'dist/webview/codicon.ttf'));
  cpSync(join(root, 'webview/styles.css'), join(root, 'dist/webview/webview.css'));
}

if (watch) {
  copyAssets();
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching…');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  console.log(`[build] dist/ bundled in ${Date.now() - started} ms${minify ? ' (minified)' : ''}`);
}
