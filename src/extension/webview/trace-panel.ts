/**
 * The one "Packet Trace" panel: builds its HTML, validates every message from the webview, answers
 * trace requests and click-to-source. Restored after reload by the serializer below.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { MODES, type DatapathMode, type HookName, type ProgramRef, type Trace } from '../../core';
import {
  parseWebviewToHostMessage,
  type HostToWebviewMessage,
  type TraceContextInfo,
  type WebviewToHostMessage,
} from '../../protocol/webview-protocol';
import { isValidTrace } from '../../protocol/validate-trace';
import { buildWebviewHtml } from './webview-html';

export const TRACE_VIEW_TYPE = 'ciliumDatapath.trace';

export interface TracePanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  computeTrace(req: {
    mode: DatapathMode;
    from: string;
    to: string;
    startAt?: HookName;
    family?: 4 | 6;
  }): Promise<Trace>;
  locateProgram(program: ProgramRef): Promise<vscode.Location | undefined>;
  getContext(): Promise<TraceContextInfo>;
}

export class TracePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private current: { mode: DatapathMode; from: string; to: string; startAt?: HookName } | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<
    Extract<WebviewToHostMessage, { type: 'rendered' }>
  >();
  readonly onDidRender = this.renderedEmitter.event;
  lastRenderedMessage: Extract<WebviewToHostMessage, { type: 'rendered' }> | undefined;
  private lastTrace: Trace | undefined;
  /** the hop the user selected (selectHop): kept when the panel's webview is re-created */
  private selectedHop = 0;

  constructor(private readonly deps: TracePanelDeps) {}

  /** Shows a trace, creating or revealing the panel. */
  async show(trace: Trace, request?: { startAt?: HookName }): Promise<void> {
    this.current = {
      mode: trace.mode,
      from: trace.source.name,
      to: trace.destination.name,
      ...(request?.startAt ? { startAt: request.startAt } : {}),
    };
    this.lastTrace = trace;
    this.selectedHop = 0;
    const existed = !!this.panel;
    const panel = this.ensurePanel();
    panel.title = titleOf(trace);
    // reveal in the column it already has; a new panel was just opened beside the editor
    if (existed && !panel.visible) panel.reveal(undefined, true);
    await this.post({ type: 'context', context: await this.deps.getContext() });
    await this.post({ type: 'trace', trace });
  }

  /** Re-traces the current packet, e.g. after the active mode changed. */
  async refresh(mode?: DatapathMode): Promise<void> {
    if (!this.panel || !this.current) return;
    const req = { ...this.current, ...(mode ? { mode } : {}) };
    try {
      await this.show(await this.deps.computeTrace(req), req);
    } catch (e) {
      await this.post({ type: 'error', message: (e as Error).message });
    }
  }

  /** Adopts a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.attach(panel);
    const trace = (state as { trace?: unknown } | undefined)?.trace;
    if (isValidTrace(trace)) {
      this.current = { mode: trace.mode, from: trace.source.name, to: trace.destination.name };
      panel.title = titleOf(trace);
    }
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel(
      TRACE_VIEW_TYPE,
      'Packet Trace',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(this.deps.extensionUri),
    );
    this.attach(panel);
    return panel;
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.webview.options = webviewOptions(this.deps.extensionUri);
    const root = vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview');
    panel.webview.html = buildWebviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.css')).toString(),
      codiconUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css')).toString(),
      title: 'Packet Trace',
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
      }),
    );
  }

  /** Messages refused by the validator since activation (logged; reported by the test API). */
  ignoredMessages = 0;

  /** The handler for every message from the webview; public so tests can feed it directly. */
  async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewToHostMessage(raw);
    if (!msg) {
      this.ignoredMessages++;
      this.deps.log.warn(
        `Ignored a malformed message from the trace webview: ${JSON.stringify(raw)?.slice(0, 200)}`,
      );
      return;
    }
    switch (msg.type) {
      case 'ready':
        await this.post({ type: 'context', context: await this.deps.getContext() });
        if (this.lastTrace)
          await this.post({
            type: 'trace',
            trace: this.lastTrace,
            selectedHop: Math.min(this.selectedHop, this.lastTrace.hops.length - 1),
          });
        return;
      case 'rendered':
        this.lastRenderedMessage = msg;
        this.renderedEmitter.fire(msg);
        return;
      case 'selectHop':
        this.selectedHop = msg.index;
        return;
      case 'requestTrace':
        try {
          await this.show(
            await this.deps.computeTrace({
              mode: msg.mode,
              from: msg.from,
              to: msg.to,
              ...(msg.family ? { family: msg.family } : {}),
            }),
          );
        } catch (e) {
          await this.post({ type: 'error', message: (e as Error).message });
        }
        return;
      case 'openSource': {
        const location = await this.deps.locateProgram(msg.program).catch(() => undefined);
        if (!location) {
          await this.post({
            type: 'sourceResult',
            ok: false,
            message: `No Cilium checkout with ${msg.program.file} is open, so ${msg.program.function}() cannot be shown. Open a Cilium checkout (or run “Cilium Datapath: Create Sample Workspace”).`,
          });
          return;
        }
        await vscode.window.showTextDocument(location.uri, {
          selection: location.range,
          viewColumn: vscode.ViewColumn.One,
        });
        await this.post({ type: 'sourceResult', ok: true });
        return;
      }
      case 'openStepSource': {
        // the file's place in the checkout comes from the server, as for a program; then the step's line
        const location = await this.deps
          .locateProgram({ file: msg.source.file, function: msg.source.function, section: '' })
          .catch(() => undefined);
        if (!location) {
          await this.post({
            type: 'sourceResult',
            ok: false,
            message: `No Cilium checkout with ${msg.source.file} is open, so line ${msg.source.line} cannot be shown.`,
          });
          return;
        }
        const line = new vscode.Range(msg.source.line - 1, 0, msg.source.line - 1, 0);
        await vscode.window.showTextDocument(location.uri, {
          selection: line,
          viewColumn: vscode.ViewColumn.One,
        });
        await this.post({ type: 'sourceResult', ok: true });
        return;
      }
    }
  }

  /**
   * "Reveal in Trace": the hop of the shown trace with a step anchored on `file` (checkout-relative,
   * or any path ending with it) at `line`; selects it. False when no step is anchored there.
   */
  async revealSource(path: string, line: number): Promise<boolean> {
    const t = this.lastTrace;
    if (!t || !this.panel) return false;
    const hop = t.hops.find((h) =>
      h.steps.some(
        (s) =>
          s.source &&
          s.source.line === line &&
          (path === s.source.file || path.endsWith(`/${s.source.file}`)),
      ),
    );
    if (!hop) return false;
    this.selectedHop = hop.index;
    if (!this.panel.visible) this.panel.reveal(undefined, true);
    await this.post({ type: 'trace', trace: t, selectedHop: hop.index });
    return true;
  }

  /** The trace the panel shows, if any. */
  get trace(): Trace | undefined {
    return this.lastTrace;
  }

  private async post(message: HostToWebviewMessage): Promise<void> {
    await this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function titleOf(trace: Trace): string {
  return `Packet Trace: ${trace.source.name} → ${trace.destination.name} (${MODES[trace.mode].label})`;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    retainContextWhenHidden: false,
  };
}

/** Restores the panel after a window reload. */
export function registerTracePanelSerializer(panel: TracePanel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(TRACE_VIEW_TYPE, {
    deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Thenable<void> {
      panel.restore(webviewPanel, state);
      return Promise.resolve();
    },
  });
}
