/**
 * Runs the mocha suite in test/vscode/suite inside a real VS Code with @vscode/test-electron.
 * Here (offline) VSCODE_EXECUTABLE_PATH, or our code-server runner when code-server is installed,
 * is the "VS Code executable"; on a machine with internet and neither, runTests downloads desktop
 * VS Code as usual.
 */
import { appendFileSync, existsSync, mkdtempSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
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
  const run = (folder: string, env: Record<string, string>): Promise<number> =>
    runTests({
      ...(vscodeExecutablePath ? { vscodeExecutablePath } : {}),
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [folder, '--disable-extensions'],
      // CDX_EXPECT_VSCODE: the suite checks it runs in that VS Code (the oldest-version layer)
      extensionTestsEnv: { ...env, CDX_EXPECT_VSCODE: process.env.CDX_EXPECT_VSCODE ?? '' },
    }).catch((e: unknown) => {
      console.error(`vscode tests failed to run: ${(e as Error).message}`);
      return 1;
    });
  const code = await run(workspace, { CDX_TEST_WORKSPACE: workspace });

  // a tree laid out like Cilium v1.16 (the v1.16 fixture plus a custom-hook call)
  const release = mkdtempSync(join(tmpdir(), 'cdx-release-'));
  cpSync(join(root, 'test', 'fixtures', 'eras', 'v1.16'), release, { recursive: true });
  appendFileSync(
    join(release, 'bpf', 'bpf_lxc.c'),
    [
      '',
      '#define CUSTOM_CALLS_IDX_IPV4_EGRESS\t1',
      '#define CILIUM_CALL_UNDECLARED\t42',
      '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_OVERLAY)',
      'int tail_custom(struct __ctx_buff *ctx)',
      '{',
      '\ttail_call_static(ctx, &CUSTOM_CALLS_MAP, CUSTOM_CALLS_IDX_IPV4_EGRESS);',
      '\tep_tail_call(ctx, CILIUM_CALL_UNDECLARED);',
      '\treturn 0;',
      '}',
      '',
    ].join('\n'),
  );
  const releaseCode = await run(release, { CDX_SUITE: 'release' });

  // two checkouts side by side in one folder (v1.10-style and v1.16-style): the mode per checkout
  const multi = mkdtempSync(join(tmpdir(), 'cdx-multi-'));
  cpSync(join(root, 'sample', 'cilium-v1.10'), join(multi, 'v1.10.0'), { recursive: true });
  cpSync(join(root, 'test', 'fixtures', 'eras', 'v1.16'), join(multi, 'v1.16.0'), { recursive: true });
  const multiCode = await run(multi, { CDX_SUITE: 'multi' });

  // Restricted Mode: workspace trust on (CDX_WORKSPACE_TRUST tells our code-server runner), and a
  // workspace whose settings point the extension at a topology file of its own. runTests always
  // passes --disable-workspace-trust to desktop VS Code, so this run needs our runner.
  if (vscodeExecutablePath !== runner) {
    console.log(
      'SKIPPED: Restricted Mode suite (it needs the code-server runner: trust cannot be enabled through runTests)',
    );
    process.exit(code || releaseCode || multiCode);
  }
  const untrusted = mkdtempSync(join(tmpdir(), 'cdx-untrusted-'));
  cpSync(join(root, 'sample', 'cilium-v1.10'), untrusted, { recursive: true });
  mkdirSync(join(untrusted, '.vscode'), { recursive: true });
  writeFileSync(
    join(untrusted, '.vscode', 'settings.json'),
    JSON.stringify({ 'ciliumDatapath.topologyFile': 'untrusted-topology.json' }),
  );
  writeFileSync(join(untrusted, 'untrusted-topology.json'), '{ "not": "read in Restricted Mode" }');
  const restricted = await run(untrusted, { CDX_SUITE: 'untrusted', CDX_WORKSPACE_TRUST: 'untrusted' });
  process.exit(code || releaseCode || multiCode || restricted);
}

void main();
