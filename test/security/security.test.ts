/**
 * Security review as tests: the webview's CSP and HTML, what the bundles may contain, where the webview
 * may load from, which commands hover markdown may run, and what the manifest promises. Each
 * assertion fails if the property regresses.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { buildWebviewHtml, contentSecurityPolicy } from '../../src/extension/webview/webview-html';
import { HOVER_COMMANDS } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from '../lsp/lsp-client';

const read = (...p: string[]): string => readFileSync(join(ROOT, ...p), 'utf8');
const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('webview Content Security Policy and HTML', () => {
  const nonce = 'bm9uY2Utbm9uY2Utbm9uY2U=';
  const html = buildWebviewHtml({
    cspSource: SOURCE,
    nonce,
    scriptUri: `${SOURCE}/ext/dist/webview/webview.js`,
    styleUri: `${SOURCE}/ext/dist/webview/webview.css`,
    codiconUri: `${SOURCE}/ext/dist/webview/codicon.css`,
    title: 'Packet Trace',
  });

  test("default-src 'none'; scripts only by nonce; no unsafe-*; nothing remote", () => {
    const d = directives(contentSecurityPolicy(SOURCE, nonce));
    assert.deepEqual(d.get('default-src'), ["'none'"]);
    assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`]);
    for (const [name, values] of d) {
      for (const v of values) {
        assert.doesNotMatch(v, /unsafe-(inline|eval|hashes)|wasm-unsafe-eval|strict-dynamic/, `${name} ${v}`);
        assert.ok(v === SOURCE || v.startsWith("'") || v === 'data:', `${name} allows ${v}`);
      }
      assert.ok(!['connect-src', 'frame-src', 'child-src', 'worker-src', 'object-src'].includes(name), name);
    }
    assert.ok(!d.get('script-src')!.includes('data:') && !d.get('style-src')!.includes('data:'));
  });

  test('the page carries the CSP, every script has the nonce and a src, no inline handlers or styles', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, new RegExp(`nonce="${nonce}"`));
      assert.match(attrs!, /src="/);
      assert.equal(body!.trim(), '', 'no inline script body');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=/i, 'no inline style attributes');
    assert.doesNotMatch(html, /https?:\/\/(?!file\+\.vscode-resource)/, 'no remote URLs');
  });

  test('values are escaped into the page', () => {
    const evil = buildWebviewHtml({
      cspSource: SOURCE,
      nonce: '"><script>alert(1)</script>',
      scriptUri: 'x" onload="alert(1)',
      styleUri: 's',
      codiconUri: 'c',
      title: '</title><script>alert(1)</script>',
    });
    assert.equal([...evil.matchAll(/<script\b/g)].length, 1);
    assert.doesNotMatch(evil, /\sonload="/, 'the quote that would end the attribute is escaped');
  });

  test('the trace panel: one localResourceRoot (dist/webview), no command URIs, a fresh random nonce per page', () => {
    const panel = read('src', 'extension', 'webview', 'trace-panel.ts');
    const roots = [...panel.matchAll(/localResourceRoots:\s*\[([^\]]*)\]/g)].map((m) => m[1]!.trim());
    assert.deepEqual(roots, ["vscode.Uri.joinPath(extensionUri, 'dist', 'webview')"]);
    assert.doesNotMatch(panel, /enableCommandUris|enableForms/);
    assert.match(panel, /nonce: randomBytes\(16\)\.toString\('base64'\)/);
  });
});

describe('bundles', () => {
  const bundles = ['dist/extension.js', 'dist/server.js', 'dist/cli.js', 'dist/webview/webview.js'];

  test('no eval, no new Function, no string timers in any bundle', () => {
    for (const b of bundles) {
      const js = read(b);
      assert.doesNotMatch(js, /(^|[^.\w$])eval\s*\(/, `${b}: eval`);
      assert.doesNotMatch(js, /new\s+Function\s*\(/, `${b}: new Function`);
      assert.doesNotMatch(js, /set(Timeout|Interval)\s*\(\s*["'`]/, `${b}: string timer`);
    }
  });

  test('the webview bundle makes no network requests and writes no raw HTML from data', () => {
    const js = read('dist', 'webview', 'webview.js');
    assert.doesNotMatch(
      js,
      /\bfetch\s*\(|XMLHttpRequest|new WebSocket|EventSource|importScripts|navigator\.sendBeacon/,
    );
    // our own code builds DOM nodes; innerHTML is used only by the component library's templates
    const ours = readdirSync(join(ROOT, 'webview'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read('webview', f))
      .join('\n');
    assert.doesNotMatch(ours, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('hover command links', () => {
  let s: Session;
  before(async () => {
    s = await startServer(join(ROOT, 'sample', 'cilium-v1.10'));
  });
  after(async () => s.close());

  test('every command link in every hover of the sample checkout is one of the extension’s own commands', async () => {
    const commands = new Set<string>();
    let hovers = 0;
    const bpf = join(ROOT, 'sample', 'cilium-v1.10', 'bpf');
    const files = [
      'bpf_lxc.c',
      'bpf_host.c',
      'bpf_overlay.c',
      ...readdirSync(join(bpf, 'lib')).map((f) => `lib/${f}`),
    ];
    for (const f of files) {
      const rel = `bpf/${f}`;
      await s.open(rel);
      const lines = read('sample', 'cilium-v1.10', rel).split('\n');
      for (let line = 0; line < lines.length; line++)
        for (const m of lines[line]!.matchAll(/[\w-]+/g)) {
          const h = await s.connection.sendRequest(HoverRequest.type, {
            textDocument: { uri: s.uri(rel) },
            position: { line, character: m.index! + 1 },
          });
          if (!h) continue;
          hovers++;
          const value = (h.contents as MarkupContent).value;
          for (const link of value.matchAll(/\]\((\w+):([^)?]*)/g)) {
            assert.equal(link[1], 'command', `only command links, got ${link[0]}`);
            commands.add(link[2]!);
          }
        }
    }
    assert.ok(hovers > 20, `${hovers} hovers`);
    assert.deepEqual([...commands].sort(), [...HOVER_COMMANDS].sort());
    assert.ok(HOVER_COMMANDS.every((c) => c.startsWith('ciliumDatapath.')));
  });

  test('the client trusts hover markdown for exactly those commands and no HTML', () => {
    const client = read('src', 'extension', 'language-client.ts');
    assert.match(
      client,
      /markdown: \{ isTrusted: \{ enabledCommands: \[\.\.\.HOVER_COMMANDS\] \}, supportHtml: false \}/,
    );
  });
});

describe('manifest', () => {
  const pkg = JSON.parse(read('package.json')) as {
    activationEvents: string[];
    capabilities: { untrustedWorkspaces: { supported: unknown }; virtualWorkspaces: unknown };
    contributes: { commands: Array<{ command: string }> };
  };
  test('lazy activation; Restricted Mode limited; no virtual workspaces; only own commands', () => {
    assert.ok(!pkg.activationEvents.includes('*') && !pkg.activationEvents.includes('onStartupFinished'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.equal(pkg.capabilities.virtualWorkspaces, false);
    for (const c of pkg.contributes.commands) assert.match(c.command, /^ciliumDatapath\./);
  });
});
