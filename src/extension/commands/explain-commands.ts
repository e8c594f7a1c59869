/**
 * Explain Monitor or Hubble Line…: the selection, else the clipboard when it holds an event, else an
 * input box. The first traced result opens in the trace panel; every result is listed in a Markdown
 * document beside it; a drop's source line is one click away.
 */
import * as vscode from 'vscode';
import { DatapathError } from '../../core';
import { observationLines, parseObservationLine } from '../../core/observe';
import type { ExplainResult } from '../../protocol/lsp-protocol';
import type { Engine } from '../engine';
import { explanationMarkdown, headline } from '../explain-markdown';
import type { TracePanel } from '../webview/trace-panel';

/** The text to explain: the argument, the selection, the clipboard (if it reads), or what the user types. */
async function inputText(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim()) return arg;
  const editor = vscode.window.activeTextEditor;
  const selected = editor?.selections
    .map((s) => editor.document.getText(s))
    .join('\n')
    .trim();
  if (selected) return selected;
  const clip = (await vscode.env.clipboard.readText()).slice(0, 1 << 20);
  if (observationLines(clip).some((l) => parseObservationLine(l).ok)) return clip;
  return vscode.window.showInputBox({
    title: 'Explain a cilium monitor or hubble observe line',
    prompt: 'Paste one line of cilium-dbg monitor, cilium monitor or hubble observe (text or JSON)',
    placeHolder:
      'xx drop (Policy denied) flow 0x… to endpoint 164, ifindex 42, file bpf_lxc.c:1998, , identity …',
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return undefined;
      const r = parseObservationLine(v);
      return r.ok ? undefined : r.error;
    },
  });
}

export async function explainCommand(
  engine: Engine,
  panel: TracePanel,
  arg?: unknown,
): Promise<ExplainResult | undefined> {
  const text = await inputText(arg);
  if (!text?.trim()) return undefined;
  let result: ExplainResult & { inProcess?: true };
  try {
    result = await engine.explain(text, vscode.window.activeTextEditor?.document.uri.toString());
  } catch (e) {
    if (e instanceof DatapathError) {
      void vscode.window.showWarningMessage(e.message);
      return undefined;
    }
    throw e;
  }
  const ok = result.results.filter((r) => r.ok);
  if (!ok.length) {
    const first = result.results[0];
    void vscode.window.showWarningMessage(
      `Not a cilium monitor or hubble line: ${first && !first.ok ? first.error : 'nothing to read'}.`,
    );
    return result;
  }
  const traced = ok.find((r) => r.ok && r.observation.trace);
  if (traced?.ok && traced.observation.trace) await panel.show(traced.observation.trace);
  const note = [
    result.inProcess
      ? 'The language server is not running: explained without a checkout, with the bundled topology.'
      : '',
    result.truncated ? `${result.truncated} more lines were not read.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const doc = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: explanationMarkdown(result.results, note || undefined),
  });
  await vscode.window.showTextDocument(doc, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
  const first = ok[0]!;
  if (first.ok) {
    const actions = first.source ? ['Open Source'] : [];
    void vscode.window.showInformationMessage(headline(first.observation), ...actions).then(async (pick) => {
      if (pick === 'Open Source' && first.source) await openAt(first.source.uri, first.source.line);
    });
  }
  return result;
}

export async function openAt(uri: string, line: number): Promise<vscode.TextEditor> {
  const pos = new vscode.Position(Math.max(0, line), 0);
  return vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: new vscode.Range(pos, pos) });
}
