/** One real code-server (Code 1.139.1) with the packaged .vsix installed, for the UI specs. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..', '..');

function env(): { cs: string; nodeDir: string } {
  const home =
    process.env.CODE_SERVER_HOME ??
    join(homedir(), '.cache', 'cilium-datapath-explorer', 'code-server-4.139.1');
  const out = execFileSync(
    'sh',
    ['-c', `. "${join(home, 'env.sh')}"; echo "$CODE_SERVER"; echo "$CODE_SERVER_NODE_DIR"`],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  return { cs: out[0]!, nodeDir: out[1]! };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Editor {
  page: Page;
  browser: Browser;
  workspace: string;
  /** the user settings file (settings.json of the editor's user data, outside the workspace) */
  userSettings: string;
  /** the text of the extension's output channel ("Cilium Datapath"), as code-server logged it so far */
  extensionLog(): string;
  close(): Promise<void>;
}

/** Every file under `dir` whose name contains `part`. */
function findFiles(dir: string, part: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p, part));
    else if (e.name.includes(part)) out.push(p);
  }
  return out;
}

/** Builds the minified bundles and the .vsix once per test process (each editor installs it). */
let vsixPath: string | undefined;
function packaged(): string {
  if (vsixPath) return vsixPath;
  const vsix = join(mkdtempSync(join(tmpdir(), 'cdx-ui-vsix-')), 'cilium-datapath-explorer.vsix');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--minify'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--no-rewrite-relative-links',
      '-o',
      vsix,
    ],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return (vsixPath = vsix);
}

/**
 * A fresh editor on a copy of `sample` (a checkout under the repository: the v1.10-style sample by
 * default, or the v1.16-style one).
 */
export async function startEditor(sample = join('sample', 'cilium-v1.10')): Promise<Editor> {
  const run = mkdtempSync(join(tmpdir(), 'cdx-ui-'));
  const vsix = packaged();
  const { cs, nodeDir } = env();
  const childEnv = { ...process.env, PATH: `${nodeDir}:${process.env.PATH ?? ''}` };
  const data = join(run, 'data');
  mkdirSync(join(data, 'User'), { recursive: true });
  writeFileSync(
    join(data, 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'chat.disableAIFeatures': true,
      'workbench.tips.enabled': false,
      'editor.hover.delay': 150,
      'workbench.colorTheme': 'Default Dark Modern',
    }),
  );
  const config = join(run, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const base = ['--config', config, '--user-data-dir', data, '--extensions-dir', join(run, 'ext')];
  execFileSync(cs, [...base, '--install-extension', vsix], { env: childEnv, stdio: 'pipe' });
  const workspace = join(run, 'cilium');
  cpSync(join(ROOT, sample), workspace, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    cs,
    [
      ...base,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
    ],
    { env: childEnv, detached: true, stdio: 'ignore' },
  );
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* starting */
    }
    if (Date.now() > deadline) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return {
    page,
    browser,
    workspace,
    userSettings: join(data, 'User', 'settings.json'),
    extensionLog() {
      try {
        return findFiles(join(data, 'logs'), 'Cilium Datapath')
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
      } catch {
        return '';
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
    },
  };
}
