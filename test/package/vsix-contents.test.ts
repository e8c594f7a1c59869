/** The .vsix carries only what runs, and the manifest is complete for both marketplaces. */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import {
  createProtocolConnection,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { SETTING_DECLARATIONS } from '../../src/protocol/lsp-protocol';
import { unzipText, zipEntries } from './zip-entries';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/media\/icon\.png$/,
  /^extension\/media\/walkthrough\/[\w-]+\.(svg|md)$/,
  /^extension\/media\/screenshots\/[\w-]+\.png$/,
  /^extension\/dist\/(extension|server|server-main)\.js$/,
  /^extension\/dist\/webview\/(webview\.js|webview\.css|codicon\.css|codicon\.ttf)$/,
  /^extension\/syntaxes\/cilium-bpf\.injection\.tmLanguage\.json$/,
  /^extension\/schemas\/topology\.schema\.json$/,
];

describe('the packaged .vsix', () => {
  let vsix: string;
  before(() => {
    vsix = join(mkdtempSync(join(tmpdir(), 'cdx-vsix-')), 'cilium-datapath-explorer.vsix');
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
  });

  test('contains only the allowlisted files, and all of them', () => {
    const names = zipEntries(vsix).map((e) => e.name);
    const unexpected = names.filter((n) => !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(unexpected, [], 'files outside the allowlist');
    for (const needed of [
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/server-main.js',
      'extension/dist/webview/webview.js',
      'extension/syntaxes/cilium-bpf.injection.tmLanguage.json',
      'extension/schemas/topology.schema.json',
      'extension/media/icon.png',
    ]) {
      assert.ok(names.includes(needed), `missing ${needed}`);
    }
    assert.ok(!names.some((n) => n.endsWith('.map')), 'no source maps');
  });

  test('the language server starts from the .vsix’s own files (dist/server.js loads dist/server-main.js)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cdx-vsix-server-'));
    mkdirSync(join(dir, 'dist'));
    for (const f of ['server.js', 'server-main.js'])
      writeFileSync(join(dir, 'dist', f), unzipText(vsix, `extension/dist/${f}`));
    const child = spawn(process.execPath, [join(dir, 'dist', 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, CDX_COMPILE_CACHE_DIR: join(dir, 'cache') },
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.listen();
    try {
      const result = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
      });
      assert.equal(result.serverInfo?.name, 'cilium-datapath-explorer');
    } finally {
      connection.dispose();
      child.kill('SIGKILL');
    }
  });

  test('the README’s images are relative links to files inside the .vsix', () => {
    const entries = zipEntries(vsix);
    const names = new Set(entries.map((e) => e.name));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    assert.ok(images.length > 0);
    for (const src of images) {
      assert.ok(!/^[a-z]+:/i.test(src), `${src} is not relative`);
      assert.ok(names.has(`extension/${src}`), `${src} is not in the .vsix`);
    }
    // and vsce kept them relative (it rewrites them to the repository's URL unless told not to)
    const packed = unzipText(vsix, 'extension/readme.md');
    for (const src of images)
      assert.ok(packed.includes(`](${src})`), `${src} was rewritten in the packaged README`);
  });

  // 1.1 MB since issue 14: main's .vsix was 1,044,430 bytes, 4 KB under the old 1 MB; the cluster import
  // and attachment verification (YAML/zip readers, cilium/importSnapshot, cilium/verifyAttachments, ~18 KB)
  // and the monitor/Hubble explainer (parsers, every release's drop reasons, the flow table, ~30 KB) add
  // ~48 KB compressed. Four screenshots are 585 KB of it.
  // Issue 13 (the debugger: the inline adapter and the anchor finder, ~15 KB) fits in it; its screenshot
  // is in docs/debugger.md, not the README, so it does not ship.
  test('is at most 1.1 MB', () => {
    const size = statSync(vsix).size;
    console.log(`vsix size: ${(size / 1024).toFixed(1)} KB`);
    assert.ok(size <= 1.1 * 1024 * 1024, `${size} bytes`);
  });
});

describe('the manifest', () => {
  test('marketplace fields (VS Code Marketplace and Open VSX)', () => {
    for (const key of [
      'name',
      'displayName',
      'description',
      'version',
      'publisher',
      'license',
      'icon',
      'repository',
      'categories',
      'keywords',
      'engines',
    ])
      assert.ok(pkg[key], key);
    assert.ok(existsSync(join(ROOT, pkg.icon)), 'icon file exists');
    assert.equal(pkg.license, 'Apache-2.0');
    assert.ok(existsSync(join(ROOT, 'LICENSE')) && existsSync(join(ROOT, 'CHANGELOG.md')));
  });
  test('engines.vscode is the oldest VS Code tested (the vscode-oldest layer), @types/vscode not newer', () => {
    // code-server 4.93.1 = Code 1.93.1: the oldest code-server on npm that vscode-languageclient 11
    // (^1.91) runs in; scripts/test.mjs runs the vscode layer on it
    assert.equal(pkg.engines.vscode, '^1.93.0');
    const testMjs = readFileSync(join(ROOT, 'scripts', 'test.mjs'), 'utf8');
    assert.match(testMjs, /code-server-4\.93\.1/);
    const [, minor] = /^1\.(\d+)\./.exec(pkg.devDependencies['@types/vscode'])!;
    assert.ok(Number(minor) <= 93, '@types/vscode must not be newer than engines.vscode (vsce refuses it)');
  });
  test('lazy activation, declared workspace trust', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
    // a workspace in Restricted Mode cannot point the server at an arbitrary file on disk
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, [
      'ciliumDatapath.topologyFile',
      'ciliumDatapath.policyFiles',
    ]);
    assert.equal(pkg.contributes.configuration.properties['ciliumDatapath.policyFiles'].scope, 'resource');
    assert.equal(pkg.contributes.configuration.properties['ciliumDatapath.topologyFile'].scope, 'resource');
  });
  test('every command has a title and the category; every referenced command exists', () => {
    const ids = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const c of pkg.contributes.commands) {
      assert.ok(c.title, c.command);
      assert.equal(c.category, 'Cilium Datapath');
    }
    for (const m of pkg.contributes.menus.commandPalette) assert.ok(ids.has(m.command), m.command);
    const text = JSON.stringify(pkg.contributes.walkthroughs);
    for (const m of text.matchAll(/command:([\w.]+)/g)) assert.ok(ids.has(m[1]!), m[1]);
  });
  test('the configuration section says what SETTING_DECLARATIONS says, nothing more or less', () => {
    const properties = pkg.contributes.configuration.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(SETTING_DECLARATIONS).sort());
    for (const [key, d] of Object.entries(SETTING_DECLARATIONS) as Array<[string, Record<string, unknown>]>) {
      const m = properties[key]!;
      for (const field of ['type', 'default', 'scope', 'enum'] as const)
        assert.deepEqual(m[field], d[field], `${key}.${field}`);
    }
  });
  test('F5 works: .vscode/launch.json has "Run Extension" and "Extension Tests", their task exists', () => {
    const jsonc = (file: string): any =>
      JSON.parse(readFileSync(join(ROOT, '.vscode', file), 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    const launch = jsonc('launch.json');
    const tasks = new Set(jsonc('tasks.json').tasks.map((t: { label: string }) => t.label));
    const byName = new Map(launch.configurations.map((c: { name: string }) => [c.name, c]));
    for (const name of ['Run Extension', 'Extension Tests']) {
      const c = byName.get(name) as { type: string; args: string[]; preLaunchTask: string } | undefined;
      assert.ok(c, name);
      assert.equal(c.type, 'extensionHost');
      assert.ok(tasks.has(c.preLaunchTask), `${name}: task ${c.preLaunchTask}`);
      assert.ok(c.args.includes('--extensionDevelopmentPath=${workspaceFolder}'));
    }
    const tests = byName.get('Extension Tests') as { args: string[] };
    const entry = tests.args.find((a) => a.startsWith('--extensionTestsPath='))!;
    assert.ok(existsSync(entry.replace('--extensionTestsPath=${workspaceFolder}', ROOT) + '.js'), entry);
  });
  test('walkthrough completion events are ones VS Code knows (workspaceContains: is not one)', () => {
    const valid =
      /^(onCommand|onLink|onView|onSettingChanged|onContext|extensionInstalled):.+$|^onStepSelected$/;
    for (const w of pkg.contributes.walkthroughs)
      for (const step of w.steps)
        for (const e of step.completionEvents ?? []) assert.match(e, valid, `${step.id}: ${e}`);
  });
  test('contributed files exist', () => {
    for (const g of pkg.contributes.grammars) assert.ok(existsSync(join(ROOT, g.path)), g.path);
    for (const j of pkg.contributes.jsonValidation) assert.ok(existsSync(join(ROOT, j.url)), j.url);
    for (const w of pkg.contributes.walkthroughs)
      for (const s of w.steps) assert.ok(existsSync(join(ROOT, s.media.image ?? s.media.markdown)), s.id);
  });
});
