/**
 * The extension in Restricted Mode: the same real VS Code with workspace trust on and the folder not
 * trusted (run-test.ts starts this suite alone, on a copy of the sample whose .vscode/settings.json
 * points `ciliumDatapath.topologyFile` at a file of the workspace). The manifest declares
 * `untrustedWorkspaces: limited` with that setting restricted: everything works, from the bundled
 * model, and the workspace's choice of topology file is not read.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';

const EXTENSION_ID = 'cilium-datapath-explorer.cilium-datapath-explorer';

async function poll<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Cilium Datapath Explorer in Restricted Mode (untrusted workspace)', () => {
  let api: ExtensionTestApi;
  const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
  const lxc = (): vscode.Uri => vscode.Uri.joinPath(folder(), 'bpf', 'bpf_lxc.c');

  suiteSetup(async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(lxc()));
    const ext = vscode.extensions.getExtension<ExtensionTestApi>(EXTENSION_ID);
    assert.ok(ext, 'extension is installed');
    api = await poll('activation', async () =>
      ext.isActive ? ext.exports : (await ext.activate(), undefined),
    );
    await poll('language client running', () => (api.isLanguageClientRunning() ? true : undefined));
  });

  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('the workspace names a topology file, and it is not read', async () => {
    const settings = await vscode.workspace.fs.readFile(
      vscode.Uri.joinPath(folder(), '.vscode', 'settings.json'),
    );
    assert.match(
      Buffer.from(settings).toString('utf8'),
      /"ciliumDatapath\.topologyFile":\s*"untrusted-topology\.json"/,
    );
    // VS Code withholds a restricted setting's workspace value in Restricted Mode, even from inspect()
    const inspected = vscode.workspace.getConfiguration('ciliumDatapath').inspect<string>('topologyFile');
    assert.equal(inspected?.workspaceValue, undefined);
    assert.equal(vscode.workspace.getConfiguration('ciliumDatapath').get('topologyFile'), '');
    const status = await poll('status', () => api.getServerStatus());
    assert.equal(status.topology.source, 'bundled default (the seed documents)');
    assert.equal(status.topology.error, null);
  });

  test('lenses and hovers still come from the index and the bundled model', async () => {
    const titles = await poll('lenses', async () => {
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', lxc())) ??
        [];
      const t = lenses.filter((l) => l.range.start.line === 7 && l.command).map((l) => l.command!.title);
      return t.length === 2 ? t : undefined;
    });
    assert.match(titles[0]!, /^VXLAN \(active\): lxc veth tc ingress/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      lxc(),
      new vscode.Position(7, 14),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n');
    assert.match(text, /\*\*from-container\*\*/);
  });
});
