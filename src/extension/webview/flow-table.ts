/**
 * Hubble flows as a table: a custom editor ("Open With… → Hubble Flows") on a file of
 * `hubble observe -o json` flows. Each row's Trace button shows the model's trace of that flow in the
 * trace panel. The webview keeps the trace panel's CSP; every message is validated both ways.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { flowFileLines, flowRow, type Observation } from '../../core/observe';
import {
  MAX_FLOW_ROWS,
  parseFlowTableWebviewMessage,
  type FlowTableHostMessage,
} from '../../protocol/webview-protocol';
import type { Engine } from '../engine';
import type { TracePanel } from './trace-panel';
import { buildWebviewHtml } from './webview-html';

export const FLOW_TABLE_VIEW_TYPE = 'ciliumDatapath.hubbleFlows';

export class FlowTableProvider implements vscode.CustomTextEditorProvider {
  /** the last rows sent per document (tests read them through the extension's test API) */
  lastRows = 0;
  ignoredMessages = 0;
  private readonly rendered = new vscode.EventEmitter<number>();
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engine: Engine,
    private readonly panel: TracePanel,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, webviewPanel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: [root] };
    webviewPanel.webview.html = buildWebviewHtml({
      cspSource: webviewPanel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: webviewPanel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.js')).toString(),
      styleUri: webviewPanel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.css')).toString(),
      codiconUri: webviewPanel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      title: 'Hubble Flows',
      label: 'Hubble flows',
      page: 'flows',
    });
    let observations: Observation[] = [];
    const send = async (): Promise<void> => {
      const lines = flowFileLines(document.getText()).slice(0, MAX_FLOW_ROWS);
      const result = await this.engine.explain(lines.join('\n'), document.uri.toString());
      observations = [];
      let unread = 0;
      for (const r of result.results) {
        if (r.ok) observations.push(r.observation);
        else unread++;
      }
      const message: FlowTableHostMessage = {
        type: 'flows',
        title: vscode.workspace.asRelativePath(document.uri),
        rows: observations.map((o, i) => flowRow(i, o)),
        unread: unread + (result.truncated ?? 0),
      };
      await webviewPanel.webview.postMessage(message);
    };
    const subs = [
      webviewPanel.webview.onDidReceiveMessage(async (raw: unknown) => {
        const m = parseFlowTableWebviewMessage(raw);
        if (!m) {
          this.ignoredMessages++;
          this.log.warn('Hubble flow table: ignored a malformed message from the webview.');
          return;
        }
        switch (m.type) {
          case 'flowsReady':
            await send().catch((e: unknown) => this.log.error(`Hubble flow table: ${(e as Error).message}`));
            return;
          case 'flowsRendered':
            this.lastRows = m.rows;
            this.rendered.fire(m.rows);
            return;
          case 'traceFlow': {
            const o = observations[m.index];
            if (!o) return;
            if (o.trace) await this.panel.show(o.trace);
            else
              void vscode.window.showWarningMessage(
                `No trace for flow ${m.index + 1}: ${o.warnings.find((w) => w.startsWith('no trace')) ?? 'its endpoints are not in the topology'}.`,
              );
            return;
          }
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === document.uri.toString()) void send();
      }),
    ];
    webviewPanel.onDidDispose(() => {
      for (const s of subs) s.dispose();
    });
  }

  dispose(): void {
    this.rendered.dispose();
  }
}

export function registerFlowTable(provider: FlowTableProvider): vscode.Disposable {
  return vscode.window.registerCustomEditorProvider(FLOW_TABLE_VIEW_TYPE, provider, {
    webviewOptions: { retainContextWhenHidden: false },
  });
}
