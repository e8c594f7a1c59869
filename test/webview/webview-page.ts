/** Serves dist/webview on 127.0.0.1 and opens the real webview HTML (real CSP) in headless Chromium. */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWebviewHtml } from '../../src/extension/webview/webview-html';

const ROOT = join(__dirname, '..', '..', '..');
const DIST = join(ROOT, 'dist', 'webview');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html',
};

/** A plausible VS Code dark theme, as the workbench would inject it. */
const THEME = `--vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
--vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e; --vscode-descriptionForeground: #9d9d9d;
--vscode-focusBorder: #007fd4; --vscode-panel-border: #444; --vscode-widget-border: #555; --vscode-button-background: #0e639c;
--vscode-button-foreground: #fff; --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #fff;
--vscode-badge-background: #4d4d4d; --vscode-badge-foreground: #fff; --vscode-list-hoverBackground: #2a2d2e;
--vscode-list-inactiveSelectionBackground: #37373d; --vscode-textLink-foreground: #3794ff; --vscode-editorWidget-background: #252526;
--vscode-textBlockQuote-background: #2b2b2b; --vscode-dropdown-background: #3c3c3c; --vscode-dropdown-foreground: #f0f0f0;
--vscode-dropdown-border: #3c3c3c; --vscode-symbolIcon-keywordForeground: #c586c0;`;

export interface WebviewHarness {
  browser: Browser;
  page: Page;
  origin: string;
  posted(): Promise<Array<Record<string, unknown>>>;
  violations: string[];
  errors: string[];
  open(state?: unknown): Promise<void>;
  send(message: unknown): Promise<void>;
  close(): Promise<void>;
}

/** Which page of dist/webview to open: the trace panel (default) or the Hubble flow table. */
export interface WebviewPageFiles {
  page: 'trace' | 'flows';
  style: string;
  title: string;
}
const TRACE_PAGE: WebviewPageFiles = { page: 'trace', style: 'webview.css', title: 'Packet Trace' };

export async function startWebview(files: WebviewPageFiles = TRACE_PAGE): Promise<WebviewHarness> {
  let html = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204); // the browser asks for it; a webview never does
      res.end();
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
      return;
    }
    readFile(join(DIST, url.pathname.replace(/^\/+/, '').replace(/\.\./g, '')))
      .then((body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(url.pathname)] ?? 'application/octet-stream' });
        res.end(body);
      })
      .catch(() => {
        res.writeHead(404);
        res.end();
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const nonce = 'N' + Math.random().toString(36).slice(2);
  html = buildWebviewHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/webview.js`,
    page: files.page,
    styleUri: `${origin}/${files.style}`,
    codiconUri: `${origin}/codicon.css`,
    title: files.title,
  });
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
  const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
  const violations: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const harness: WebviewHarness = {
    browser,
    page,
    origin,
    violations,
    errors,
    async posted() {
      return page.evaluate(
        () => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted,
      );
    },
    async open(state?: unknown) {
      await page.addInitScript(
        ({ initial, theme }) => {
          const w = window as unknown as Record<string, unknown>;
          w.__posted = [];
          let saved: unknown = (() => {
            const s = sessionStorage.getItem('__state');
            return s ? JSON.parse(s) : initial;
          })();
          w.acquireVsCodeApi = () => ({
            postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
            getState: () => saved,
            setState: (s: unknown) => {
              saved = s;
              sessionStorage.setItem('__state', JSON.stringify(s));
            },
          });
          document.addEventListener('securitypolicyviolation', (e) =>
            ((w.__violations ??= []) as string[]).push(`${e.violatedDirective} ${e.blockedURI}`),
          );
          // like VS Code's webview host: theme variables set through the CSSOM (not blocked by CSP)
          document.addEventListener('DOMContentLoaded', () => {
            for (const decl of theme.split(';')) {
              const [k, ...v] = decl.split(':');
              if (k && k.trim()) document.documentElement.style.setProperty(k.trim(), v.join(':').trim());
            }
          });
        },
        { initial: state ?? null, theme: THEME.replace(/\n/g, ' ') },
      );
      await page.goto(origin + '/');
      await page.waitForFunction(() =>
        (window as unknown as { __posted: Array<{ type: string }> }).__posted.some(
          (m) => m.type === 'ready' || m.type === 'flowsReady',
        ),
      );
    },
    async send(message: unknown) {
      await page.evaluate((m) => window.postMessage(m, '*'), message);
    },
    async close() {
      const v = await page
        .evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? [])
        .catch(() => []);
      violations.push(...v);
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
  return harness;
}
