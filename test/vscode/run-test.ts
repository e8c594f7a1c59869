/**
 * Runs the mocha suite in test/vscode/suite inside a real VS Code with @vscode/test-electron.
 * Here (offline) VSCODE_EXECUTABLE_PATH, or our code-server runner when code-server is installed,
 * is the "VS Code executable"; on a machine with internet and neither, runTests downloads desktop
 * VS Code as usual.
 */
import { existsSync, mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..', '..');
  const runner = join(root, 'test', 'vscode', 'code-server-runner.js');
  const home =
    process.env.CODE_SERVER_HOME ??
    join(process.env.HOME ?? '', '.cache', 'cilium-datapath-explorer', 'code-server-4.139.1');
  const vscodeExecutablePath =
    process.env.VSCODE_EXECUTABLE_PATH ?? (existsSync(join(home, 'env.sh')) ? runner : undefined);
  // a fresh copy of the sample checkout: the tests switch settings and must not touch the repo
  const workspace = mkdtempSync(join(tmpdir(), 'cdx-ws-'));
  cpSync(join(root, 'sample', 'cilium-v1.10'), workspace, { recursive: true });
  const code = await runTests({
    ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { CDX_TEST_WORKSPACE: workspace },
  }).catch((e: unknown) => {
    console.error(`vscode tests failed to run: ${(e as Error).message}`);
    return 1;
  });
  process.exit(code);
}

void main();
