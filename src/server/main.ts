/**
 * Cilium Datapath Explorer language server. Transport from the command line, as with any
 * vscode-languageserver: --stdio, --node-ipc, --socket=N, --pipe=NAME.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DATAPATH_MODES,
  DatapathError,
  listPods,
  programFor,
  resolveHook,
  trace,
  versionOrDefault,
  type HookName,
} from '../core';
import {
  IndexChangedNotificationMethod,
  ListPodsRequestMethod,
  LocateProgramRequestMethod,
  ResolveHookRequestMethod,
  StatusRequestMethod,
  TraceRequestMethod,
  type ListPodsResult,
  type LocateProgramParams,
  type LocateProgramResult,
  type ResolveHookParams,
  type StatusResult,
  type TraceParams,
} from '../protocol/lsp-protocol';
import {
  codeLenses,
  definition,
  diagnostics,
  documentSymbols,
  hover,
  references,
  toRange,
  workspaceSymbols,
} from './features';
import { readSettings } from './settings';
import { WorkspaceState } from './workspace-state';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let state = new WorkspaceState([]);
let ready: Promise<void> = Promise.resolve();
/** the checkout is found (root and VERSION known); the tree may still be being indexed */
let located: Promise<unknown> = Promise.resolve();
/** lenses were answered before the whole tree was indexed: refresh them when it is */
let earlyLenses = false;
let startIndexing: () => void = () => undefined;
let canRefreshLenses = false;
const reported = new Set<string>();

function asError(e: unknown): ResponseError<void> {
  if (e instanceof DatapathError) return new ResponseError(1, e.message);
  return new ResponseError(2, `Internal error: ${(e as Error).message}`);
}

connection.onInitialize((params): InitializeResult => {
  const folders = (params.workspaceFolders ?? [])
    .map((f) => f.uri)
    .concat(params.rootUri ? [params.rootUri] : []);
  const paths = [...new Set(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)))];
  state = new WorkspaceState(paths);
  const init = (params.initializationOptions ?? {}) as { settings?: unknown };
  state.settings = readSettings(init.settings);
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  const found = state.locate();
  located = found;
  // index the tree once the client has the initialize result (its first requests come right after)
  const initialized = new Promise<void>((resolve) => (startIndexing = resolve));
  ready = Promise.all([
    found.then(async (checkout) => {
      await initialized;
      if (checkout) await state.indexTree(checkout);
    }),
    state.loadTopology(),
  ]).then(() => undefined);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeLensProvider: { resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
    },
    serverInfo: { name: 'cilium-datapath-explorer', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  startIndexing();
  void ready.then(() => {
    reportProblems();
    void connection.sendNotification(IndexChangedNotificationMethod, {
      indexedFiles: state.index.size,
      declarations: countDeclarations(),
    });
    connection.console.info(
      `Indexed ${state.index.size} files (${countDeclarations()} declarations) in ${state.indexMillis.toFixed(0)} ms; root ${state.root ?? '(no bpf/ tree)'}; Cilium ${state.version()}.`,
    );
    for (const doc of documents.all()) publish(doc.uri);
    if (earlyLenses && canRefreshLenses)
      void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
  void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
});

function countDeclarations(): number {
  let n = 0;
  for (const f of state.index.all()) n += f.declarations.length;
  return n;
}

function reportProblems(): void {
  for (const [path, reason] of state.problems) {
    if (reported.has(path)) continue;
    reported.add(path);
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Cilium Datapath Explorer did not index ${path}: ${reason}.`,
    });
  }
  if (state.topologyError && !reported.has(`topology:${state.topologyError}`)) {
    reported.add(`topology:${state.topologyError}`);
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Error,
      message: state.topologyError,
    });
  }
}

function publish(uri: string): void {
  if (!state.relPath(uri)) return;
  void connection.sendDiagnostics({ uri, diagnostics: diagnostics(state, uri) });
}

function refreshAll(): void {
  if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  for (const doc of documents.all()) publish(doc.uri);
}

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings ?? {}) as { ciliumDatapath?: unknown };
  if (settings.ciliumDatapath === undefined) return;
  state.settings = readSettings(settings.ciliumDatapath, state.settings);
  void ready
    .then(() => state.loadTopology())
    .then(() => {
      reportProblems();
      refreshAll();
    });
});

documents.onDidChangeContent((change) => {
  void ready.then(() => {
    const entry = state.updateText(change.document.uri, change.document.getText());
    if (entry?.error) reportProblems();
    publish(change.document.uri);
  });
});

documents.onDidClose((e) => {
  void ready.then(() => state.reloadFromDisk(e.document.uri));
});

connection.onDidChangeWatchedFiles((params) => {
  void ready.then(async () => {
    if (!state.root) {
      // no checkout was found at start-up; a bpf/ tree appeared since (clone, checkout, unpack)
      await state.scan();
      reportProblems();
      refreshAll();
      return;
    }
    for (const change of params.changes) {
      if (change.type === FileChangeType.Deleted) {
        state.remove(change.uri);
        publish(change.uri); // clears the file's diagnostics
      } else if (!documents.get(change.uri)) await state.reloadFromDisk(change.uri);
    }
    reportProblems();
    refreshAll();
  });
});

const lineText = (uri: string, line: number): string => {
  const doc = documents.get(uri);
  if (!doc) return '';
  return doc
    .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
    .replace(/\r?\n$/, '');
};

/**
 * The first lenses should not wait for the whole tree: while it is being indexed, a client that can
 * refresh lenses gets them from the open document's own index (attach points come from the model),
 * and a refresh once the callers in other files are known.
 */
async function indexedEnough(uri: string, canBeEarly: boolean): Promise<void> {
  if (canBeEarly && !state.scanned) {
    await located;
    const doc = documents.get(uri);
    if (!state.scanned && doc) {
      if (!state.index.get(state.relPath(uri) ?? '')) state.updateText(uri, doc.getText());
      return;
    }
  }
  await ready;
}

connection.onCodeLens(async (p) => {
  const early = canRefreshLenses && !state.scanned;
  await indexedEnough(p.textDocument.uri, canRefreshLenses);
  if (early && !state.scanned) earlyLenses = true;
  return codeLenses(state, p.textDocument.uri);
});
connection.onHover(
  async (p) => (
    await ready,
    hover(
      state,
      p.textDocument.uri,
      lineText(p.textDocument.uri, p.position.line),
      p.position.line,
      p.position.character,
    )
  ),
);
connection.onDefinition(
  async (p) => (
    await ready,
    definition(
      state,
      p.textDocument.uri,
      lineText(p.textDocument.uri, p.position.line),
      p.position.line,
      p.position.character,
    )
  ),
);
connection.onReferences(
  async (p) => (
    await ready,
    references(
      state,
      p.textDocument.uri,
      lineText(p.textDocument.uri, p.position.line),
      p.position.line,
      p.position.character,
    )
  ),
);
// a document's symbols are its own declarations: they need nothing from the rest of the tree
connection.onDocumentSymbol(
  async (p) => (await indexedEnough(p.textDocument.uri, true), documentSymbols(state, p.textDocument.uri)),
);
connection.onWorkspaceSymbol(async (p) => (await ready, workspaceSymbols(state, p.query)));

connection.onRequest(TraceRequestMethod, async (p: TraceParams) => {
  await ready;
  try {
    return trace(
      {
        mode: p.mode ?? state.settings.mode,
        from: p.from,
        to: p.to,
        startAt: p.startAt,
        ciliumVersion: p.ciliumVersion ?? state.version(),
      },
      state.topology,
    );
  } catch (e) {
    return asError(e);
  }
});

connection.onRequest(ResolveHookRequestMethod, async (p: ResolveHookParams) => {
  await ready;
  try {
    return resolveHook(p.hook, p.mode ?? state.settings.mode, state.version());
  } catch (e) {
    return asError(e);
  }
});

connection.onRequest(
  LocateProgramRequestMethod,
  async (p: LocateProgramParams): Promise<LocateProgramResult> => {
    await ready;
    const base = p.file.split('/').pop() ?? p.file;
    const names = [p.function, p.section].filter((x): x is string => !!x);
    if (p.hook) {
      const program = programFor(p.hook as HookName, versionOrDefault(state.version()));
      if (program) names.push(program.function);
    }
    for (const entry of state.index.all()) {
      if (!entry.path.endsWith('/' + base)) continue;
      const d = entry.declarations.find(
        (x) => names.includes(x.function) || (x.section !== undefined && names.includes(x.section)),
      );
      if (d) return { uri: state.uriOf(entry.path), range: toRange(d.nameRange) };
      const fn = entry.functions.find((f) => names.includes(f.name));
      if (fn)
        return {
          uri: state.uriOf(entry.path),
          range: { start: { line: fn.line - 1, character: 0 }, end: { line: fn.line - 1, character: 0 } },
        };
    }
    return null;
  },
);

connection.onRequest(StatusRequestMethod, async (): Promise<StatusResult> => {
  await ready;
  let sites = 0;
  for (const f of state.index.all()) sites += f.sites.length;
  return {
    root: state.root ? state.uriOf('') : null,
    indexedFiles: state.index.size,
    declarations: countDeclarations(),
    sites,
    detectedVersion: state.detectedVersion() ?? null,
    effectiveVersion: state.version(),
    mode: state.settings.mode,
    topology: { source: state.topologySource, error: state.topologyError ?? null },
    errors: [...state.problems].map(([path, reason]) => ({ uri: state.uriOf(path), reason })),
    indexMillis: Math.round(state.indexMillis),
    pid: process.pid,
  };
});

connection.onRequest(ListPodsRequestMethod, async (): Promise<ListPodsResult> => {
  await ready;
  return {
    pods: listPods(state.topology, state.settings.mode),
    nodes: state.topology.nodes.map((n) => n.name),
    modes: [...DATAPATH_MODES],
    current: { mode: state.settings.mode },
  };
});

documents.listen(connection);
connection.listen();
