/**
 * A tree laid out like Cilium v1.16 (VERSION 1.16.0, `__section_entry`, tail programs declared through
 * TAIL_CT_LOOKUP4, a call into the custom-hook map), in the real editor: VS Code itself checks each
 * document symbol ("selectionRange must be contained in fullRange" failed the whole Outline before),
 * no false missing-target warning, and IPVLAN (not in v1.16) gives a lens that says so.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';
import { activateOn, lensTitles, poll, workspaceFile } from './helpers';

suite('Cilium Datapath Explorer on a v1.16-style checkout', () => {
  let api: ExtensionTestApi;
  const lxc = (): vscode.Uri => workspaceFile('bpf/bpf_lxc.c');

  suiteSetup(async () => {
    api = await activateOn(lxc());
    await poll('index', async () => ((await api.getServerStatus())?.indexedFiles ? true : undefined));
  });

  test('the release is read from VERSION', async () => {
    assert.equal((await api.getServerStatus())?.detectedVersion, 'v1.16');
  });

  test('document symbols, TAIL_CT_LOOKUP4 programs included, pass VS Code’s own range check', async () => {
    const symbols = await poll('symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        lxc(),
      );
      return s?.length ? s : undefined;
    });
    const names = symbols.map((s) => s.name);
    assert.ok(names.includes('tail_ipv4_ct_ingress_policy_only'), names.join(', '));
    for (const s of symbols) assert.ok(s.range.contains(s.selectionRange), s.name);
  });

  test('the custom-hook call is not reported as a missing tail-call target', async () => {
    const doc = await vscode.workspace.openTextDocument(lxc());
    assert.ok(doc.getText().includes('CUSTOM_CALLS_MAP'), 'the fixture has a custom-hook call');
    // a real missing target in the same file proves the diagnostics were published
    const messages = await poll('the missing-target warning', () => {
      const m = vscode.languages.getDiagnostics(lxc()).map((d) => d.message);
      return m.some((x) => x.includes('CILIUM_CALL_UNDECLARED')) ? m : undefined;
    });
    assert.deepEqual(
      messages.filter((m) => /CUSTOM_CALLS/.test(m)),
      [],
    );
  });

  test('IPVLAN on v1.16: the lens says the mode does not exist in this release', async () => {
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'ipvlan');
    try {
      const doc = await vscode.workspace.openTextDocument(lxc());
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('int cil_from_container'));
      const titles = await poll('IPVLAN lens', async () => {
        const t = await lensTitles(lxc(), line - 1);
        return t[0]?.includes('IPVLAN (active)') ? t : undefined;
      });
      assert.match(titles[0]!, /IPVLAN \(active\): not in Cilium v1\.16/);
    } finally {
      await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'vxlan');
    }
  });
});
