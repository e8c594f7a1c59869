/** What both real-editor suites share: waiting on conditions, activation, lenses and hovers. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'cilium-datapath-explorer.cilium-datapath-explorer';

/** Polls `probe` until it gives a value (not undefined); errors thrown meanwhile are retried. */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Opens `uri`, activates the extension and waits for its language client. */
export async function activateOn(uri: vscode.Uri): Promise<ExtensionTestApi> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, 'c');
  const ext = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
  assert.ok(ext, 'extension is installed');
  const api = await poll('activation', async () =>
    ext.isActive ? ext.exports : (await ext.activate(), undefined),
  );
  await poll('language client running', () => (api.isLanguageClientRunning() ? true : undefined));
  return api;
}

/**
 * The titles on one line, as the editor shows them: tail-call targets' titles come from
 * codeLens/resolve, so every lens is resolved (the second argument: how many to resolve).
 */
export async function lensTitles(uri: vscode.Uri, line: number): Promise<string[]> {
  const lenses =
    (await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
      10_000,
    )) ?? [];
  return lenses.filter((l) => l.range.start.line === line && l.command).map((l) => l.command!.title);
}

export async function hovers(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
}

export function hoverText(list: readonly vscode.Hover[]): string {
  return list.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}
