/**
 * ⏯ Step through in a real VS Code: the CodeLens starts a cilium-datapath debug session (the adapter
 * inline in the extension), Step Over three times, and the editor's current line follows the anchors
 * of the sample checkout (test/unit/anchors.test.ts lists them).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, poll, workspaceFile } from './helpers';

suite('⏯ Step through (cilium-datapath debugger)', () => {
  const lxc = (): vscode.Uri => workspaceFile('bpf/bpf_lxc.c');

  test('from the lens: stopped on entry, then three steps; the editor line follows', async () => {
    await activateOn(lxc());
    const stops: number[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('cilium-datapath', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string }) => {
          if (m.type === 'event' && m.event === 'stopped') stops.push(Date.now());
        },
      }),
    });
    try {
      const lens = await poll('the ⏯ Step through lens', async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          lxc(),
        );
        return all.find((l) => l.command?.title === '⏯ Step through');
      });
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const sub = vscode.debug.onDidStartDebugSession((s) => {
          sub.dispose();
          resolve(s);
        });
      });
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      const session = await started;
      assert.equal(session.type, 'cilium-datapath');
      await poll('stopped on entry', () => (stops.length >= 1 ? true : undefined));
      // entry: pod0's eth0 (the kernel, no line); then v1.10.0 bpf/bpf_lxc.c:989 invoke_tailcall_if
      // (sample bpf_lxc.c:18), :569 lb4_lookup_service and :599 ct_lookup4 (sample lib/l3.h:24, :25)
      const expected: Array<[string, number]> = [
        ['bpf/bpf_lxc.c', 18],
        ['bpf/lib/l3.h', 24],
        ['bpf/lib/l3.h', 25],
      ];
      for (const [file, line] of expected) {
        const before = stops.length;
        await vscode.commands.executeCommand('workbench.action.debug.stepOver');
        await poll('stopped', () => (stops.length > before ? true : undefined));
        await poll(`the editor at ${file}:${line}`, () => {
          const e = vscode.window.activeTextEditor;
          const there =
            e !== undefined &&
            e.document.uri.path.endsWith(`/${file}`) &&
            e.selection.active.line + 1 === line;
          return there ? true : undefined;
        });
      }
      await vscode.debug.stopDebugging(session);
    } finally {
      tracker.dispose();
    }
  });
});
