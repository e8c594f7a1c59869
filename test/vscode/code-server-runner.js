#!/usr/bin/env node
/*
 * A `vscodeExecutablePath` for @vscode/test-electron that runs the extension tests inside a real
 * VS Code here: code-server (Code 1.139.1) in its Node extension host, driven by headless Chromium.
 * It accepts the desktop CLI's arguments (--extensionDevelopmentPath=, --extensionTestsPath=,
 * --user-data-dir=, --extensions-dir=, a folder) and exits with the test run's exit code.
 * See ../../CONTRIBUTING.md and the reference notes on real-VS-Code tests.
 */
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const TIMEOUT_MS = Number(process.env.CODE_SERVER_TEST_TIMEOUT_MS || 240000);
const NOISE =
  /open-vsx|ENOTFOUND|authentication provider 'github'|vsda|marketplace|Failed to load resource|update\.code\.visualstudio|\[Extension Host\] \[otel/i;

function codeServerEnv() {
  let cs = process.env.CODE_SERVER;
  // how this code-server turns on VS Code's smoke-test driver (4.93 takes the VS Code flag itself)
  let smokeArgs = ['--vscode-option', 'enable-smoke-test-driver'];
  let nodeDir = process.env.CODE_SERVER_NODE_DIR;
  if (!cs) {
    const home =
      process.env.CODE_SERVER_HOME ||
      path.join(os.homedir(), '.cache', 'cilium-datapath-explorer', 'code-server-4.139.1');
    const env = path.join(home, 'env.sh');
    if (!fs.existsSync(env))
      throw new Error(`code-server is not installed: run scripts/install-code-server.sh (looked for ${env})`);
    const out = execFileSync(
      'sh',
      ['-c', `. "${env}"; echo "$CODE_SERVER"; echo "$CODE_SERVER_NODE_DIR"; echo "$CODE_SERVER_SMOKE_ARGS"`],
      { encoding: 'utf8' },
    ).split('\n');
    cs = out[0];
    nodeDir = out[1];
    if (out[2]) smokeArgs = out[2].split(' ');
  }
  return { cs, nodeDir, smokeArgs };
}

function parseArgs(argv) {
  const out = { env: {} };
  for (const a of argv) {
    const m = /^--([\w-]+)=(.*)$/.exec(a);
    if (m) {
      if (m[1] === 'extensionDevelopmentPath') out.dev = m[2];
      else if (m[1] === 'extensionTestsPath') out.tests = m[2];
      else if (m[1] === 'user-data-dir') out.userData = m[2];
      else if (m[1] === 'extensions-dir') out.extensionsDir = m[2];
    } else if (!a.startsWith('-')) out.folder = a;
  }
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitHealthy(url, deadline) {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('code-server did not become healthy');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.dev || !args.tests) throw new Error('need --extensionDevelopmentPath= and --extensionTestsPath=');
  const { cs, nodeDir, smokeArgs } = codeServerEnv();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'cdx-vscode-'));
  const userData = args.userData || path.join(run, 'data');
  // CDX_WORKSPACE_TRUST=untrusted: workspace trust on, the folder not trusted (Restricted Mode)
  const untrusted = process.env.CDX_WORKSPACE_TRUST === 'untrusted';
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': untrusted,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.emptyWindow': false,
      'workbench.startupEditor': 'none',
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
    }),
  );
  const config = path.join(run, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const child = spawn(
    cs,
    [
      '--config',
      config,
      '--bind-addr',
      host,
      '--user-data-dir',
      userData,
      '--extensions-dir',
      args.extensionsDir || path.join(run, 'ext'),
      ...(untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-telemetry',
      '--disable-update-check',
      ...smokeArgs,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${nodeDir}:${process.env.PATH}` },
    },
  );
  let serverLog = '';
  child.stdout.on('data', (d) => (serverLog += d));
  child.stderr.on('data', (d) => (serverLog += d));
  let browser;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => undefined);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    fs.rmSync(run, { recursive: true, force: true });
  };
  const timer = setTimeout(() => {
    console.error(`[runner] timed out after ${TIMEOUT_MS} ms\n${serverLog.slice(-3000)}`);
    void cleanup().then(() => process.exit(124));
  }, TIMEOUT_MS);
  try {
    await waitHealthy(`http://${host}/healthz`, Date.now() + 60000);
    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    const page = await browser.newPage();
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
      const text = (Array.isArray(logArgs) ? logArgs : [logArgs])
        .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
        .join(' ');
      if (!NOISE.test(text)) (type === 'error' ? process.stderr : process.stdout).write(text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    const remote = (p) => `vscode-remote://${host}${path.resolve(p)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(args.dev)],
      ['extensionTestsPath', remote(args.tests)],
    ];
    const folder = path.resolve(args.folder || args.dev);
    await page.goto(
      `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
    );
    const code = await exited;
    clearTimeout(timer);
    await cleanup();
    process.exit(typeof code === 'number' ? code : 1);
  } catch (e) {
    clearTimeout(timer);
    console.error(`[runner] ${e && e.message ? e.message : e}\n${serverLog.slice(-2000)}`);
    await cleanup();
    process.exit(1);
  }
}

void main();
