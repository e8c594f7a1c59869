/**
 * Two checkouts side by side in one window (v1.10.0/ and v1.16.0/ in one folder): Select Datapath
 * Mode acts on the checkout of the active editor, the status bar shows that checkout's mode, the
 * other checkout keeps its own, the choice survives a server restart, and nothing is written into
 * either checkout (issue 15, item 4).
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';
import { activateOn, lensTitles, poll, workspaceFile } from './helpers';

suite('Cilium Datapath Explorer with two checkouts in one window', () => {
  let api: ExtensionTestApi;
  const v110 = (): vscode.Uri => workspaceFile('v1.10.0/bpf/bpf_lxc.c');
  const v116 = (): vscode.Uri => workspaceFile('v1.16.0/bpf/bpf_lxc.c');
  // the from-container program of each release (v1.10.0 bpf/bpf_lxc.c __section("from-container")
  // handle_xgress; v1.16.0 bpf/bpf_lxc.c __section_entry cil_from_container)
  const entryLine = async (uri: vscode.Uri, text: string): Promise<number> =>
    (await vscode.workspace.openTextDocument(uri))
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith(text));
  const activeTitle = async (uri: vscode.Uri, line: number): Promise<string> =>
    (await lensTitles(uri, line)).find((t) => t.includes('(active)')) ?? '';
  const show = async (uri: vscode.Uri): Promise<void> => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  };

  suiteSetup(async () => {
    api = await activateOn(v116());
    await poll('both checkouts indexed', async () =>
      (await api.getServerStatus())?.checkouts.filter((c) => c.indexedFiles > 0).length === 2
        ? true
        : undefined,
    );
  });

  test('the mode chosen with a v1.16 file active is the v1.16 checkout’s alone', async () => {
    const line16 = await entryLine(v116(), 'int cil_from_container');
    const line10 = await entryLine(v110(), 'int handle_xgress');
    assert.ok(line16 > 0 && line10 > 0);
    await show(v116());
    await poll('VXLAN on both', async () =>
      (await activeTitle(v116(), line16 - 1)).startsWith('VXLAN (active)') &&
      (await activeTitle(v110(), line10 - 1)).startsWith('VXLAN (active)')
        ? true
        : undefined,
    );
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'native');
    await poll('native routing on v1.16', async () =>
      (await activeTitle(v116(), line16 - 1)).includes('Native routing (active)') ? true : undefined,
    );
    assert.match(await activeTitle(v110(), line10 - 1), /^VXLAN \(active\)/, 'v1.10 keeps VXLAN');
    const st = await api.getServerStatus();
    assert.deepEqual(st?.checkouts.map((c) => [c.root.replace(/\/$/, '').split('/').pop(), c.mode]).sort(), [
      ['v1.10.0', 'vxlan'],
      ['v1.16.0', 'native'],
    ]);
  });

  test('the status bar shows the mode of the active editor’s checkout', async () => {
    await show(v116());
    await poll('status bar on v1.16', () =>
      api.modeStatusText().endsWith('Native routing (v1.16.0)') ? true : undefined,
    );
    await show(v110());
    await poll('status bar on v1.10', () =>
      api.modeStatusText().endsWith('VXLAN (v1.10.0)') ? true : undefined,
    );
  });

  test('the per-checkout choice survives a server restart; nothing is written into the checkouts', async () => {
    await vscode.commands.executeCommand('ciliumDatapath.restartServer');
    await poll('the server back with v1.16 on native routing', async () => {
      const st = await api.getServerStatus().catch(() => undefined);
      const modes = st?.checkouts
        .map((c) => `${c.root.replace(/\/$/, '').split('/').pop()}=${c.mode}`)
        .sort();
      return modes?.join(' ') === 'v1.10.0=vxlan v1.16.0=native' ? true : undefined;
    });
    for (const c of ['v1.10.0', 'v1.16.0'])
      assert.ok(
        !existsSync(workspaceFile(`${c}/.vscode/settings.json`).fsPath),
        `${c}/.vscode/settings.json`,
      );
  });

  test('a mode chosen for the window (no checkout file active) replaces the per-checkout ones', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'geneve');
    await poll('geneve on both', async () => {
      const st = await api.getServerStatus();
      return st?.checkouts.every((c) => c.mode === 'geneve') ? true : undefined;
    });
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'vxlan');
  });
});
