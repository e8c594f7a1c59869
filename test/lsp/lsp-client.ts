/** Spawns the built server (dist/server.js --stdio) and talks LSP to it over real stdio. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  DidOpenTextDocumentNotification,
  ExitNotification,
  ShutdownRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  CodeLensRequest,
  CodeLensResolveRequest,
  type CodeLens,
} from 'vscode-languageserver-protocol/node';

/** Resolves each lens that came without a command (tail-call targets), as the editor does for visible ones. */
export async function resolveLenses(
  connection: ProtocolConnection,
  lenses: CodeLens[] | null,
): Promise<CodeLens[]> {
  return Promise.all(
    (lenses ?? []).map((l) =>
      l.command ? Promise.resolve(l) : connection.sendRequest(CodeLensResolveRequest.type, l),
    ),
  );
}

export const ROOT = join(__dirname, '..', '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');
export const ERAS = join(ROOT, 'test', 'fixtures', 'eras');

export interface Session {
  connection: ProtocolConnection;
  child: ChildProcess;
  diagnostics: Map<string, PublishDiagnosticsParams>;
  messages: ShowMessageParams[];
  /** every cilium/indexChanged notification, in order */
  indexed: Array<{ indexedFiles: number; declarations: number }>;
  uri(rel: string): string;
  open(rel: string, text?: string): Promise<void>;
  /** A document's lenses as the editor shows them: the list, then codeLens/resolve for each without a title. */
  lenses(rel: string): Promise<CodeLens[]>;
  /** Polls `probe` (sync or async) until it gives a value other than undefined/false. */
  waitFor<T>(
    what: string,
    probe: () => T | undefined | false | Promise<T | undefined | false>,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

export async function startServer(
  workspace: string,
  settings: Record<string, unknown> = {},
  options: {
    folders?: string[];
    env?: Record<string, string>;
    /** answers workspace/configuration per scope (and declares the capability) */
    configuration?: (scopeUri: string | undefined) => unknown;
  } = {},
): Promise<Session> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  child.stderr.on('data', () => undefined);
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const messages: ShowMessageParams[] = [];
  connection.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
  });
  connection.onNotification(ShowMessageNotification.method, (p: ShowMessageParams) => {
    messages.push(p);
  });
  connection.onNotification('window/logMessage', () => undefined);
  const indexed: Array<{ indexedFiles: number; declarations: number }> = [];
  connection.onNotification('cilium/indexChanged', (p: { indexedFiles: number; declarations: number }) => {
    indexed.push(p);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  const configure = options.configuration;
  if (configure)
    connection.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string }> }) =>
      p.items.map((i) => configure(i.scopeUri)),
    );
  connection.listen();
  const rootUri = pathToFileURL(workspace).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri,
    workspaceFolders: (options.folders ?? [workspace]).map((f, i) => ({
      uri: pathToFileURL(f).toString(),
      name: `ws${i}`,
    })),
    capabilities: { workspace: { codeLens: { refreshSupport: true }, configuration: !!configure } },
    initializationOptions: { settings },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const session: Session = {
    connection,
    child,
    diagnostics,
    messages,
    indexed,
    uri: (rel) => pathToFileURL(join(workspace, rel)).toString(),
    async open(rel, text) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: session.uri(rel),
          languageId: 'c',
          version: 1,
          text: text ?? readFileSync(join(workspace, rel), 'utf8'),
        },
      });
    },
    async lenses(rel) {
      return resolveLenses(
        connection,
        await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: session.uri(rel) } }),
      );
    },
    async waitFor(what, probe, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = await probe();
        if (v !== undefined && v !== false) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // a server that does not answer within 5 s is killed (the test has failed by then)
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await Promise.race([
          (async () => {
            await connection.sendRequest(ShutdownRequest.type);
            await connection.sendNotification(ExitNotification.type);
          })().catch(() => undefined),
          exited,
        ]);
        await exited;
        clearTimeout(timer);
      }
      connection.dispose();
    },
  };
  return session;
}
