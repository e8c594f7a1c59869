/** Starts the bundled language server (dist/server.js) through vscode-languageclient over IPC. */
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { HOVER_COMMANDS, SETTINGS_SECTION } from '../protocol/lsp-protocol';
import { readConfig } from './config';
import { registerEarlyCodeLens } from './early-codelens';

export function createClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  // the server's V8 code cache (src/server/bootstrap.ts) lives in the extension's own storage
  const env = {
    CDX_COMPILE_CACHE_DIR: vscode.Uri.joinPath(context.globalStorageUri, 'compile-cache').fsPath,
  };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { env, execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/bpf/**/*.{c,h}'),
    },
    // a function: a restarted server gets the settings and the chosen mode of that moment
    initializationOptions: () => ({ settings: readConfig() }),
    outputChannel: log,
    // hover links may run the extension's own two commands and nothing else; no raw HTML
    markdown: { isTrusted: { enabledCommands: [...HOVER_COMMANDS] }, supportHtml: false },
  };
  const client = new LanguageClient(
    'ciliumDatapath',
    'Cilium Datapath language server',
    serverOptions,
    clientOptions,
  );
  // CodeLens is registered now, before the server starts (early-codelens.ts)
  context.subscriptions.push(registerEarlyCodeLens(client, DOCUMENT_SELECTOR));
  return client;
}

const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'c', pattern: '**/bpf/**' },
  { scheme: 'file', language: 'cpp', pattern: '**/bpf/**/*.h' },
];

export function isRunning(client: LanguageClient | undefined): boolean {
  return client?.state === State.Running;
}
