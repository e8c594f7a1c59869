/** "Reveal in Trace": from an anchored line of the editor, select the hop of the shown trace whose step is there. */
import * as vscode from 'vscode';
import type { TracePanel } from '../webview/trace-panel';

export async function revealInTrace(panel: TracePanel): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return false;
  const line = editor.selection.active.line + 1;
  const path = editor.document.uri.path;
  if (!panel.trace) {
    void vscode.window.showInformationMessage(
      'No packet trace is shown: run “Cilium Datapath: Trace Packet…” first.',
    );
    return false;
  }
  const found = await panel.revealSource(path, line);
  if (!found)
    void vscode.window.showInformationMessage(
      `No step of the shown trace is anchored on line ${line} of this file.`,
    );
  return found;
}
