/**
 * Explain Monitor or Hubble Line… and the terminal link provider in a real VS Code, on the sample
 * checkout (our own v1.10-style files; sample/cilium-v1.10/bpf/bpf_lxc.c:53 is handle_policy).
 * The link provider is the one registered with the workbench; the test API hands its links over
 * because the extension API cannot read a terminal's rendered links.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';
import type { ExplainResult } from '../../../src/protocol/lsp-protocol';
import { activateOn, poll, workspaceFile } from './helpers';

const DROP =
  'xx drop (Policy denied) flow 0x8a1f2c3d to endpoint 3044, ifindex 42, file bpf_lxc.c:55, , identity 52901->46212: 10.0.0.31:41022 -> 10.0.1.72:8080 tcp SYN';

suite('Explain a monitor line, and terminal links, in a real VS Code', () => {
  let api: ExtensionTestApi;
  suiteSetup(async () => {
    api = await activateOn(workspaceFile('bpf/bpf_lxc.c'));
    await poll('index', async () => ((await api.getServerStatus())?.indexedFiles ? true : undefined));
  });

  test('a terminal line "file bpf_lxc.c:55" is a link that opens line 55 of the checkout', async () => {
    const terminal = vscode.window.createTerminal('cdx-links');
    try {
      const links = api.terminalLinks(DROP, terminal);
      assert.deepEqual(
        links.map((l) => [DROP.slice(l.startIndex, l.startIndex + (l.length ?? 0)), l.file, l.line]),
        [['bpf_lxc.c:55', 'bpf_lxc.c', 55]],
      );
      await api.openTerminalLink(links[0]!);
      const editor = await poll('the linked line open', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.path.endsWith('/bpf/bpf_lxc.c') && e.selection.active.line === 54
          ? e
          : undefined;
      });
      assert.match(editor.document.lineAt(52).text, /^int handle_policy\(/);
      // the v1.12 form links too
      const v12 = api.terminalLinks(
        'xx drop (Policy denied) flow 0x1 to endpoint 0, file bpf_lxc.c line 9, , identity 1->2: 10.0.0.31:1 -> 10.0.1.72:2 tcp SYN',
        terminal,
      );
      assert.deepEqual(
        v12.map((l) => [l.file, l.line]),
        [['bpf_lxc.c', 9]],
      );
    } finally {
      terminal.dispose();
    }
  });

  test('Explain Monitor or Hubble Line… with a line: function, trace panel, explanation beside', async () => {
    const result = await vscode.commands.executeCommand<ExplainResult>('ciliumDatapath.explainLine', DROP);
    const first = result.results[0];
    assert.ok(first?.ok, JSON.stringify(first));
    assert.equal(first.observation.function, 'handle_policy');
    assert.equal(first.observation.reason, 'DROP_POLICY');
    assert.equal(first.observation.ciliumVersion, 'v1.10');
    const rendered = await api.waitForRender((m) => m.title.includes('pod0 → pod3'));
    assert.ok(rendered.hops > 0);
    const md = await poll('the explanation document', () =>
      vscode.workspace.textDocuments.find((d) =>
        d.getText().startsWith('# Cilium Datapath: explained lines'),
      ),
    );
    assert.equal(md.isUntitled, true);
    assert.match(md.getText(), /in `handle_policy\(\)`/);
  });
});
