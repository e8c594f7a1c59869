/**
 * Cilium Datapath Explorer — extension entry. Activation is lazy (a Cilium checkout, a C file, a
 * restored trace panel, or one of the commands). Everything created here is disposed with the
 * extension context.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  IndexChangedNotification,
  SettingsAppliedNotification,
  SetModeNotification,
  StatusRequest,
  type StatusResult,
} from '../protocol/lsp-protocol';
import {
  createSampleWorkspace,
  openTopologyFile,
  resolveHookCommand,
  selectMode,
} from './commands/model-commands';
import { importClusterSnapshot, verifyAttachmentsCommand } from './commands/cluster-commands';
import { explainCommand } from './commands/explain-commands';
import { simulateFromHere, tracePacket } from './commands/trace-commands';
import { revealInTrace } from './commands/reveal-in-trace';
import { registerDebugger, stepThrough } from './debug/debug-registration';
import { checkoutModes, clearChosenMode, initModeStore, onDidChangeMode } from './config';
import { Engine } from './engine';
import { markStart, startTiming } from './start-timing';
import type { DatapathMode } from '../core';
import { createClient, isRunning } from './language-client';
import { createModeStatusBar, updateModeStatusBar } from './status-bar';
import { createSourceTerminalLinks, type SourceTerminalLink } from './terminal-links';
import { FLOW_TABLE_VIEW_TYPE, FlowTableProvider, registerFlowTable } from './webview/flow-table';
import { registerTracePanelSerializer, TracePanel } from './webview/trace-panel';

/** Internal API returned by activate(), used by the extension's own tests. */
export interface ExtensionTestApi {
  isLanguageClientRunning(): boolean;
  getServerStatus(): Promise<StatusResult | undefined>;
  getLastWebviewMessage(): unknown;
  /** The mode status bar item's text (it follows the active editor's checkout). */
  modeStatusText(): string;
  /** Feeds a raw message to the trace panel's host-side handler, as if the webview had sent it. */
  sendToTracePanelHost(raw: unknown): Promise<void>;
  /** How many webview messages the host refused as malformed. */
  ignoredWebviewMessages(): number;
  /** The terminal link provider's links for one line of terminal output, and its click handler. */
  terminalLinks(line: string, terminal: vscode.Terminal): SourceTerminalLink[];
  openTerminalLink(link: SourceTerminalLink): Promise<void>;
  waitForRender(
    predicate: (m: { hops: number; mode: string; title: string }) => boolean,
    timeoutMs?: number,
  ): Promise<{ hops: number; mode: string; title: string }>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionTestApi> {
  const log = vscode.window.createOutputChannel('Cilium Datapath', { log: true });
  context.subscriptions.push(log, initModeStore(context.workspaceState));
  startTiming(log);
  client = createClient(context, log);
  const engine = new Engine(() => client, log);
  const panel = new TracePanel({
    extensionUri: context.extensionUri,
    log,
    computeTrace: (req) => engine.trace(req),
    locateProgram: (p) => engine.locate(p),
    getContext: () => engine.context(),
  });
  const statusBar = createModeStatusBar();
  context.subscriptions.push(panel, statusBar, registerTracePanelSerializer(panel));

  const register = (id: string, fn: (...args: never[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn as (...args: unknown[]) => unknown));
  };
  register('ciliumDatapath.tracePacket', (args?: Parameters<typeof tracePacket>[2]) =>
    tracePacket(engine, panel, args),
  );
  register('ciliumDatapath.simulateFromHere', (args?: Parameters<typeof simulateFromHere>[2]) =>
    simulateFromHere(engine, panel, args),
  );
  register('ciliumDatapath.resolveHook', (args?: Parameters<typeof resolveHookCommand>[1]) =>
    resolveHookCommand(engine, args),
  );
  register('ciliumDatapath.explainLine', (text?: string) => explainCommand(engine, panel, text));
  const terminalLinks = createSourceTerminalLinks(engine, log);
  context.subscriptions.push(vscode.window.registerTerminalLinkProvider(terminalLinks));
  const flowTable = new FlowTableProvider(context.extensionUri, engine, panel, log);
  context.subscriptions.push(flowTable, registerFlowTable(flowTable));
  register('ciliumDatapath.openHubbleFlows', async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showWarningMessage('Open a file of hubble observe -o json flows first.');
      return;
    }
    await vscode.commands.executeCommand('vscode.openWith', target, FLOW_TABLE_VIEW_TYPE);
  });
  /** The checkout of the active editor when the window holds several (the server knows them). */
  const activeCheckout = async (): Promise<
    { root: string; name: string; mode: DatapathMode } | undefined
  > => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== 'file' || !isRunning(client)) return undefined;
    try {
      const st = await client!.sendRequest(StatusRequest, { scopeUri: uri.toString() });
      if (st.checkouts.length < 2 || !st.root) return undefined;
      return { root: st.root, name: st.root.replace(/\/+$/, '').split('/').pop() ?? st.root, mode: st.mode };
    } catch {
      return undefined;
    }
  };
  /** The status bar follows the active editor's checkout (its mode as the server applies it). */
  let statusBarTicket = 0;
  const refreshStatusBar = async (): Promise<void> => {
    const ticket = ++statusBarTicket;
    const checkout = await activeCheckout();
    if (ticket !== statusBarTicket) return; // a later editor change won
    updateModeStatusBar(statusBar, checkout ? { mode: checkout.mode, checkout: checkout.name } : undefined);
  };
  register('ciliumDatapath.selectMode', (mode?: DatapathMode) => selectMode(mode, activeCheckout));
  register('ciliumDatapath.openTopologyFile', () => openTopologyFile());
  register('ciliumDatapath.createSampleWorkspace', (target?: vscode.Uri) => createSampleWorkspace(target));
  register('ciliumDatapath.importClusterSnapshot', (args?: Parameters<typeof importClusterSnapshot>[2]) =>
    importClusterSnapshot(engine, log, args),
  );
  register('ciliumDatapath.verifyAttachments', (args?: Parameters<typeof verifyAttachmentsCommand>[1]) =>
    verifyAttachmentsCommand(engine, args),
  );
  register('ciliumDatapath.showOutput', () => log.show());
  register('ciliumDatapath.restartServer', async () => {
    await client?.restart();
    log.info('Language server restarted.');
  });
  register('ciliumDatapath.revealInTrace', () => revealInTrace(panel));
  register('ciliumDatapath.stepThrough', (args?: Parameters<typeof stepThrough>[1]) =>
    stepThrough(engine, args),
  );
  context.subscriptions.push(...registerDebugger(engine));
  register('ciliumDatapath.openProgramSource', async (program?: Parameters<Engine['locate']>[0]) => {
    const loc = program ? await engine.locate(program) : undefined;
    if (loc) await vscode.window.showTextDocument(loc.uri, { selection: loc.range });
    else void vscode.window.showWarningMessage('No Cilium checkout in this workspace declares that program.');
  });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('ciliumDatapath')) return;
      updateModeStatusBar(statusBar);
      void refreshStatusBar();
      if (e.affectsConfiguration('ciliumDatapath.mode')) void clearChosenMode();
    }),
    onDidChangeMode(({ mode, checkoutRoot }) => {
      void panel.refresh(mode);
      if (isRunning(client))
        void client!
          .sendNotification(SetModeNotification, checkoutRoot ? { mode, scopeUri: checkoutRoot } : { mode })
          .then(() => refreshStatusBar())
          .catch((e: unknown) => log.warn(`mode not sent to the server: ${(e as Error).message}`));
      else updateModeStatusBar(statusBar);
    }),
    vscode.window.onDidChangeActiveTextEditor(() => void refreshStatusBar()),
    // each (re)start of the server gets the per-checkout choices again (the window's come with the settings)
    client.onDidChangeState((e) => {
      if (e.newState !== State.Running) return;
      for (const [root, mode] of checkoutModes())
        void client!.sendNotification(SetModeNotification, { mode, scopeUri: root }).catch(() => undefined);
      void refreshStatusBar();
    }),
  );

  // the walkthrough's first step completes once a checkout is indexed (onContext:…)
  context.subscriptions.push(
    client.onNotification(IndexChangedNotification, (p) => {
      void vscode.commands.executeCommand('setContext', 'ciliumDatapath.checkoutIndexed', p.indexedFiles > 0);
    }),
    // changed settings (ciliumDatapath.config, topology, release) are applied: the open trace is
    // computed again under them
    client.onNotification(SettingsAppliedNotification, () => {
      void panel.refresh();
      void refreshStatusBar();
    }),
  );
  try {
    markStart('client-start');
    await client.start();
    markStart('client-running');
  } catch (e) {
    log.error(`The language server did not start: ${(e as Error).message}. Traces still work in-process.`);
  }
  context.subscriptions.push({ dispose: () => void client?.stop() });

  return {
    isLanguageClientRunning: () => isRunning(client),
    getServerStatus: async () => (isRunning(client) ? client!.sendRequest(StatusRequest, {}) : undefined),
    getLastWebviewMessage: () => panel.lastRenderedMessage,
    modeStatusText: () => statusBar.text,
    sendToTracePanelHost: (raw) => panel.receive(raw),
    ignoredWebviewMessages: () => panel.ignoredMessages,
    terminalLinks: (line, terminal) => {
      const cancel = new vscode.CancellationTokenSource();
      try {
        const links = terminalLinks.provideTerminalLinks({ line, terminal }, cancel.token);
        return Array.isArray(links) ? links : [];
      } finally {
        cancel.dispose();
      }
    },
    openTerminalLink: async (link) => {
      await terminalLinks.handleTerminalLink(link);
    },
    waitForRender: (predicate, timeoutMs = 20000) =>
      new Promise((resolve, reject) => {
        if (panel.lastRenderedMessage && predicate(panel.lastRenderedMessage))
          return resolve(panel.lastRenderedMessage);
        const timer = setTimeout(() => {
          sub.dispose();
          reject(new Error('the trace webview did not render in time'));
        }, timeoutMs);
        const sub = panel.onDidRender((m) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(m);
        });
      }),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
