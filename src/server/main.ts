/**
 * Cilium Datapath Explorer language server. Transport from the command line, as with any
 * vscode-languageserver: --stdio, --node-ipc, --socket=N, --pipe=NAME.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  createConnection,
  StreamMessageWriter,
  type Connection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FileChangeType,
  type InitializeError,
  type TextDocumentPositionParams,
  type TextDocumentContentChangeEvent,
  type CodeLens,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { Anchors } from './anchors';
import { traceInputs } from './trace-inputs';
import {
  DATAPATH_MODES,
  DatapathError,
  editLeavesIndex,
  HOOK_NAMES,
  isDatapathMode,
  isHookName,
  type DatapathMode,
  listPods,
  programFor,
  resolveHook,
  trace,
  versionOrDefault,
} from '../core';
import { withManifestServices } from '../core/policy';
import {
  BenchCpuRequest,
  CiliumErrorCodes,
  DEFAULT_SETTINGS,
  type DatapathErrorData,
  ExplainRequest,
  LocateSourceRequest,
  IndexChangedNotification,
  SettingsAppliedNotification,
  ListPodsRequest,
  LocateProgramRequest,
  ResolveHookRequest,
  scopeOf,
  SETTINGS_SECTION,
  SetModeNotification,
  StatusRequest,
  TraceRequest,
  type ListPodsResult,
  type LocateProgramResult,
  type ServerSettings,
  type StatusResult,
} from '../protocol/lsp-protocol';
import {
  codeLenses,
  resolveTailLens,
  definition,
  diagnostics,
  documentSymbols,
  hover,
  references,
  toRange,
  workspaceSymbols,
} from './features';
import { registerClusterRequests } from './cluster-requests';
import { explainText, locateSource } from './explain';
import { isLensNeutral } from './lens-neutral-edit';
import { LineDocument } from './line-document';
import { ResyncingMessageReader } from './resync-reader';
import { readSettings } from './settings';
import type { WorkspaceState } from './workspace-state';
import { Workspace } from './workspace';

/**
 * Over stdio the reader resynchronises after a framing error (see resync-reader.ts); the other
 * transports (--node-ipc, which VS Code uses, --socket, --pipe) carry whole messages already.
 */
function connect(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  // stdout carries the protocol: nothing else may write to it
  for (const name of ['log', 'info', 'debug', 'warn'] as const) console[name] = console.error;
  const exit = (): never => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  return createConnection(
    ProposedFeatures.all,
    new ResyncingMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
}
let shutdownReceived = false;
const connection = connect();
connection.onShutdown(() => {
  shutdownReceived = true;
});
/**
 * Open documents. Each incremental change is classified before it is applied (classifyChange): one
 * that leaves the file's index as it is (`inert`: most typing inside a function body) costs no
 * re-index at all; one that cannot move the document's lenses (`neutral`, lens-neutral-edit.ts) lets
 * CodeLens answer without re-indexing first; any other may move them.
 */
const documents = new TextDocuments<LineDocument>({
  create: (uri, languageId, version, content) => LineDocument.create(uri, languageId, version, content),
  update: (doc, changes, version) => {
    let kind: EditKind = 'may-move';
    try {
      if (!lensesMayMove.has(doc.uri)) kind = classifyChanges(doc, changes);
    } catch {
      /* classifying must never lose an edit: unknown means "may move" */
    }
    if (kind === 'may-move') lensesMayMove.add(doc.uri);
    if (kind !== 'inert') indexBehind.add(doc.uri);
    doc.update(changes, version);
    return doc;
  },
});
/**
 * Documents whose text may not match their index entry in where the lenses go: an edit that may
 * move them, or an open (the editor's text may differ from the disk's). CodeLens re-indexes them first.
 */
const lensesMayMove = new Set<string>();
/**
 * Documents whose index entry was not made from their current text (an open, or an edit that is not
 * inert): an edit is only called inert against an entry made from the text it edits. Kept in step
 * with each change as it is applied; cleared when the document is re-indexed.
 */
const indexBehind = new Set<string>();
/** Documents opened and not yet re-indexed: their entry from disk stands if the editor's text is the file's. */
const justOpened = new Set<string>();
documents.onDidOpen((e) => {
  lensesMayMove.add(e.document.uri);
  indexBehind.add(e.document.uri);
  justOpened.add(e.document.uri);
});

type EditKind = 'inert' | 'neutral' | 'may-move';

function classifyChanges(doc: LineDocument, changes: TextDocumentContentChangeEvent[]): EditKind {
  if (changes.length !== 1) return 'may-move';
  const change = changes[0]!;
  if (!('range' in change)) return 'may-move';
  const { start, end } = change.range;
  if (start.line !== end.line) return 'may-move';
  const state = ws.stateFor(doc.uri);
  const rel = state?.relPath(doc.uri);
  if (!state || !rel) return 'neutral'; // not indexed: nothing to move
  const lineAt = (line: number): string =>
    line < 0
      ? ''
      : doc
          .getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } })
          .replace(/\r?\n$/, '');
  const before = lineAt(start.line);
  const from = Math.min(start.character, before.length);
  const to = Math.min(Math.max(end.character, from), before.length);
  const entry = state.index.get(rel);
  const neutral = isLensNeutral(entry, {
    line: start.line,
    before,
    after: before.slice(0, from) + change.text + before.slice(to),
    removed: before.slice(from, to),
    inserted: change.text,
    prev: before.charAt(from - 1),
    next: before.charAt(to),
    previousLine: lineAt(start.line - 1),
  });
  if (!neutral) return 'may-move';
  if (indexBehind.has(doc.uri)) return 'neutral';
  const inert = editLeavesIndex(entry, {
    lineText: (line) => doc.lineWithBreak(line),
    line: start.line,
    from,
    to,
    inserted: change.text,
  });
  return inert ? 'inert' : 'neutral';
}
const anchors = new Anchors((uri) => documents.get(uri)?.getText());
let ws = new Workspace([]);
let ready: Promise<void> = Promise.resolve();
/** the checkouts are found (roots and VERSION known); the trees may still be being indexed */
let located: Promise<unknown> = Promise.resolve();
/** lenses were answered before the whole tree was indexed: refresh them when it is */
let earlyLenses = false;
let startIndexing: () => void = () => undefined;
let canRefreshLenses = false;
let canPullConfiguration = false;
let initializeSeen = false;
/** settings from initializationOptions / didChangeConfiguration (per folder when the client can say) */
let windowSettings: ServerSettings = DEFAULT_SETTINGS;
/** the mode the client chose (workspace state), over the settings' mode; per checkout root or '' */
const modeChoice = new Map<string, DatapathMode>();
const reported = new Set<string>();
/**
 * Tests only: CDX_HOLD_INDEX_UNTIL_FIRST_LENS=1 starts indexing the tree only once the first CodeLens
 * has been answered (its first title resolved, when it has lenses to resolve), so the start-up test
 * sees the early lenses and the refresh every time instead of when it happens to win the race
 * against the index.
 */
let releaseIndex: () => void = () => undefined;
const indexReleased =
  process.env.CDX_HOLD_INDEX_UNTIL_FIRST_LENS === '1'
    ? new Promise<void>((resolve) => (releaseIndex = resolve))
    : Promise.resolve();

/** A failed custom request: the domain's own errors keep their code, anything else is internal. */
function asError(e: unknown): ResponseError<DatapathErrorData | void> {
  if (e instanceof DatapathError)
    return new ResponseError(CiliumErrorCodes.DatapathError, e.message, { reason: e.code });
  return new ResponseError(CiliumErrorCodes.InternalError, `Internal error: ${(e as Error).message}`);
}

/** Start-up timestamps (ms since the epoch) in the client's log, once each (see extension/start-timing.ts). */
const timingSeen = new Set<string>();
function markStart(name: string, at = Date.now()): void {
  if (timingSeen.has(name)) return;
  timingSeen.add(name);
  connection.console.info(`start-timing ${name} ${Math.round(at)}`);
}

connection.onInitialize((params): InitializeResult | ResponseError<InitializeError> => {
  markStart('server-process', performance.timeOrigin);
  markStart('server-initialize');
  if (initializeSeen)
    return new ResponseError(
      ErrorCodes.InvalidRequest,
      'initialize was already received: a server serves one client session',
      { retry: false },
    );
  initializeSeen = true;
  const folders = (params.workspaceFolders ?? [])
    .map((f) => f.uri)
    .concat(params.workspaceFolders?.length ? [] : params.rootUri ? [params.rootUri] : []);
  const paths = [...new Set(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)))];
  ws = new Workspace(paths);
  const init = (params.initializationOptions ?? {}) as { settings?: unknown };
  windowSettings = readSettings(init.settings);
  for (const c of ws.all()) c.settings = windowSettings;
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  // locate at once (folder listings and VERSION only), index once the client has the result
  const found = Promise.resolve().then(() => ws.locate());
  located = found;
  const initialized = new Promise<void>((resolve) => (startIndexing = resolve));
  ready = found
    .then(async (checkouts) => {
      for (const c of ws.all()) applySettings(c);
      await initialized;
      await indexReleased;
      await pullFolderSettings();
      for (const { state, checkout } of checkouts) await state.indexTree(checkout);
    })
    .then(() => undefined);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeLensProvider: { resolveProvider: true },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
    },
    serverInfo: { name: 'cilium-datapath-explorer', version: '0.1.0' },
  };
});

/** A checkout's settings: its folder's (or the window's), the mode chosen for it, its topology. */
function applySettings(state: WorkspaceState, folderSettings?: ServerSettings): void {
  const base = folderSettings ?? windowSettings;
  const mode = modeChoice.get(state.root ?? '') ?? modeChoice.get('') ?? base.mode;
  state.settings = { ...base, mode };
  state.loadTopology();
}

/** Per-folder settings (ciliumVersion, topologyFile are resource-scoped) when the client serves them. */
async function pullFolderSettings(): Promise<void> {
  if (!canPullConfiguration || !ws.checkouts.length) return;
  const states = ws.checkouts.filter((c) => c.folder !== undefined);
  try {
    const values: unknown[] = await connection.workspace.getConfiguration(
      states.map((c) => ({ scopeUri: pathToFileURL(c.folder!).toString(), section: SETTINGS_SECTION })),
    );
    states.forEach((c, i) => applySettings(c, readSettings(values[i], windowSettings)));
  } catch {
    /* the client could not answer: window settings stay */
  }
}

connection.onInitialized(() => {
  startIndexing();
  void ready.then(() => {
    markStart('server-indexed');
    reportProblems();
    notifyIndexed();
    for (const c of ws.all())
      connection.console.info(
        `Indexed ${c.index.size} files (${countDeclarations(c)} declarations) in ${c.indexMillis.toFixed(0)} ms; root ${c.root ?? '(no bpf/ tree)'}; Cilium ${c.version()}.`,
      );
    for (const doc of documents.all()) publish(doc.uri);
    if (earlyLenses && canRefreshLenses)
      void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
  void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
});

/** Tells the client a (new) tree is indexed: at start-up and when a checkout appears later. */
function notifyIndexed(): void {
  void connection.sendNotification(IndexChangedNotification, {
    indexedFiles: indexedFiles(),
    declarations: countDeclarations(),
  });
}

function indexedFiles(): number {
  return ws.checkouts.reduce((n, c) => n + c.index.size, 0);
}

function countDeclarations(only?: WorkspaceState): number {
  let n = 0;
  for (const c of only ? [only] : ws.checkouts) for (const f of c.index.all()) n += f.declarations.length;
  return n;
}

/** Each problem once; more than a few at a time become one message (a hostile tree must not flood). */
function reportProblems(): void {
  const fresh: string[] = [];
  for (const c of ws.all()) {
    for (const [path, reason] of c.problems) {
      const key = `${c.root ?? ''}:${path}`;
      if (reported.has(key)) continue;
      reported.add(key);
      fresh.push(`${ws.checkouts.length > 1 && c.root ? `${c.root}/` : ''}${path}: ${reason}`);
    }
    if (c.topologyError && !reported.has(`topology:${c.topologyError}`)) {
      reported.add(`topology:${c.topologyError}`);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message: c.topologyError,
      });
    }
    if (c.policyError && !reported.has(`policy:${c.policyError}`)) {
      reported.add(`policy:${c.policyError}`);
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Error,
        message: c.policyError,
      });
    }
  }
  const shown = fresh.length > 3 ? fresh.slice(0, 2) : fresh;
  for (const line of shown)
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Cilium Datapath Explorer did not index ${line}.`,
    });
  if (fresh.length > shown.length)
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Cilium Datapath Explorer did not index ${fresh.length - shown.length} more files (Cilium Datapath: Show Output lists them).`,
    });
  for (const line of fresh.slice(shown.length)) connection.console.warn(`did not index ${line}`);
}

function publish(uri: string): void {
  const state = ws.stateFor(uri);
  if (!state) return;
  const rel = state.relPath(uri);
  void connection.sendDiagnostics({
    uri,
    diagnostics: [...diagnostics(state, uri), ...(rel ? anchors.diagnostics(state, rel) : [])],
  });
}

/** Documents whose diagnostics are due once the request that re-indexed them has been answered. */
const publishDue = new Set<string>();
function publishSoon(uri: string): void {
  if (publishDue.size === 0)
    setImmediate(() => {
      const uris = [...publishDue];
      publishDue.clear();
      for (const u of uris) publish(u);
    });
  publishDue.add(uri);
}

function refreshAll(): void {
  if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  for (const doc of documents.all()) publish(doc.uri);
}

connection.onDidChangeConfiguration((change) => {
  const settings = (change.settings ?? {}) as { ciliumDatapath?: unknown };
  if (settings.ciliumDatapath === undefined && !canPullConfiguration) return;
  if (settings.ciliumDatapath !== undefined)
    windowSettings = readSettings(settings.ciliumDatapath, windowSettings);
  void ready
    .then(async () => {
      for (const c of ws.all()) applySettings(c);
      await pullFolderSettings();
    })
    .then(() => {
      reportProblems();
      refreshAll();
      void connection.sendNotification(SettingsAppliedNotification, {});
    });
});

/**
 * The client's mode choice: for the checkout holding `scopeUri` (any URI under its root), or for the
 * whole window (which replaces every per-checkout choice). Read once the checkouts are located.
 */
connection.onNotification(SetModeNotification, (p) => {
  if (!(DATAPATH_MODES as readonly string[]).includes(p.mode)) return;
  void located
    .then(() => {
      const target = typeof p.scopeUri === 'string' ? ws.checkoutOf(p.scopeUri) : undefined;
      if (!target) modeChoice.clear();
      modeChoice.set(target?.root ?? '', p.mode);
      return ready.then(() => {
        for (const c of ws.all()) if (!target || c === target) c.settings = { ...c.settings, mode: p.mode };
        refreshAll();
      });
    })
    .catch(() => undefined);
});

/**
 * Edits are re-indexed when typing pauses (EDIT_QUIET_MS, at most EDIT_MAX_WAIT_MS after the first
 * unindexed edit) or when a request needs the index, whichever comes first: a keystroke itself costs
 * the server only the text change, whatever the size of the file (reliability review #4, #10).
 */
const EDIT_QUIET_MS = 75;
const EDIT_MAX_WAIT_MS = 300;
/** documents to re-index (their text changed in a way that may change their index) */
const pendingEdits = new Set<string>();
/** documents whose text changed but not their index (inert edits): what reads the text is refreshed */
const pendingText = new Set<string>();
let editTimer: NodeJS.Timeout | undefined;
let firstPendingAt = 0;

/**
 * Brings the index up to the editors' texts. `textToo`: also what reads the text beyond the index
 * (anchors through inlined helpers) and the diagnostics of documents with inert edits; CodeLens and
 * its titles need only the index.
 */
function flushEdits(textToo = true): void {
  if (textToo || !pendingText.size) {
    if (editTimer) clearTimeout(editTimer);
    editTimer = undefined;
  }
  const uris = [...pendingEdits];
  pendingEdits.clear();
  for (const uri of uris) {
    lensesMayMove.delete(uri);
    indexBehind.delete(uri);
    pendingText.delete(uri);
  }
  for (const uri of uris) {
    const doc = documents.get(uri);
    const state = ws.stateFor(uri);
    const opened = justOpened.delete(uri);
    if (doc && state && !(opened && state.indexedAsOnDisk(uri, doc.getText()))) {
      const entry = state.updateText(uri, doc.getText());
      if (entry?.error) reportProblems();
    }
    // CodeLens and its titles flush without waiting for the diagnostics: those go out right after the answer
    if (textToo) publish(uri);
    else publishSoon(uri);
  }
  if (!textToo || !pendingText.size) return;
  const touched = [...pendingText];
  pendingText.clear();
  for (const uri of touched) {
    const doc = documents.get(uri);
    if (doc) ws.stateFor(uri)?.textChanged(uri, doc.getText().length);
    publish(uri);
  }
}

documents.onDidChangeContent((change) => {
  const uri = change.document.uri;
  void ready.then(() => {
    if (!ws.stateFor(uri)) return;
    if (!pendingEdits.size && !pendingText.size) firstPendingAt = performance.now();
    // an inert edit leaves the index as it is: no re-index, only what reads the text
    if (indexBehind.has(uri)) pendingEdits.add(uri);
    else pendingText.add(uri);
    if (editTimer) clearTimeout(editTimer);
    const wait = Math.max(0, Math.min(EDIT_QUIET_MS, firstPendingAt + EDIT_MAX_WAIT_MS - performance.now()));
    editTimer = setTimeout(flushEdits, wait);
  });
});

documents.onDidClose((e) => {
  void ready.then(() => {
    pendingEdits.delete(e.document.uri);
    pendingText.delete(e.document.uri);
    justOpened.delete(e.document.uri);
    indexBehind.delete(e.document.uri);
    lensesMayMove.delete(e.document.uri);
    ws.stateFor(e.document.uri)?.reloadFromDisk(e.document.uri);
  });
});

connection.onDidChangeWatchedFiles((params) => {
  void ready.then(async () => {
    let located = false;
    for (const change of params.changes) {
      const state = ws.stateFor(change.uri);
      if (!state) {
        // not in a known checkout: a bpf/ tree may have appeared (clone, checkout, unpack)
        if (!located) {
          located = true;
          const found = ws.locate();
          for (const { state: s, checkout } of found) {
            applySettings(s);
            await s.indexTree(checkout);
            // its open documents were indexed from the disk: re-index them from the editor's text
            for (const doc of documents.all())
              if (s.relPath(doc.uri)) {
                lensesMayMove.add(doc.uri);
                indexBehind.add(doc.uri);
                pendingEdits.add(doc.uri);
              }
          }
          if (found.length) notifyIndexed();
        }
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        state.remove(change.uri);
        publish(change.uri); // clears the file's diagnostics
      } else if (!documents.get(change.uri)) state.reloadFromDisk(change.uri);
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
  if (canBeEarly && !ws.scanned) {
    await located;
    const state = ws.stateFor(uri);
    const doc = documents.get(uri);
    if (state && !state.scanned && doc) {
      if (!state.index.get(state.relPath(uri) ?? '')) state.updateText(uri, doc.getText());
      return;
    }
  }
  await ready;
}

type PositionFeature<T> = (
  state: WorkspaceState,
  uri: string,
  lineText: string,
  line: number,
  character: number,
) => T;

/** A request about a position: answered by the checkout holding the document, else `empty`. */
function atPosition<T>(feature: PositionFeature<T>, empty: T) {
  return async (p: TextDocumentPositionParams): Promise<T> => {
    await ready;
    flushEdits();
    const state = ws.stateFor(p.textDocument.uri);
    if (!state) return empty;
    const uri = p.textDocument.uri;
    return feature(state, uri, lineText(uri, p.position.line), p.position.line, p.position.character);
  };
}

/**
 * Small ids for document URIs: a lens carries its document's id as `data` (for codeLens/resolve).
 * Ids start at 1: vscode-languageclient drops a falsy `data` (0) on the way back.
 */
const uriIds = new Map<string, number>();
const idUris: string[] = [''];
function lensData(uri: string): number {
  let id = uriIds.get(uri);
  if (id === undefined) {
    id = idUris.push(uri) - 1;
    uriIds.set(uri, id);
  }
  return id;
}

connection.onCodeLens(async (p) => {
  markStart('server-codelens-received');
  const uri = p.textDocument.uri;
  const early = canRefreshLenses && !ws.scanned;
  await indexedEnough(uri, canRefreshLenses);
  // the ranges need the edited text indexed only when an edit may have moved a declaration (a
  // document's lenses depend on its own entry alone)
  if (lensesMayMove.has(uri)) flushEdits(false);
  const state = ws.stateFor(uri);
  if (early && !state?.scanned) earlyLenses = true;
  const lenses = state ? codeLenses(state, uri, lensData(uri)) : [];
  markStart(state?.scanned ? 'server-codelens-answered' : 'server-codelens-answered-early');
  // tests only (see indexReleased): after this answer is written, or after the first title resolved
  if (lenses.every((l) => l.command)) setImmediate(releaseIndex);
  return lenses;
});

/** A tail-call target's title (its callers need the whole tree and every edit indexed). */
connection.onCodeLensResolve(async (lens: CodeLens): Promise<CodeLens> => {
  const uri = typeof lens.data === 'number' ? idUris[lens.data] : undefined;
  if (!uri) return { range: lens.range, command: { title: 'tail call target', command: '' } };
  await indexedEnough(uri, canRefreshLenses);
  flushEdits(false);
  const state = ws.stateFor(uri);
  const title = state ? resolveTailLens(state, uri, lens.range.start.line) : 'tail call target';
  setImmediate(releaseIndex); // tests only: see indexReleased
  return { range: lens.range, command: { title, command: '' } };
});
connection.onHover(atPosition(hover, null));
connection.onDefinition(atPosition(definition, []));
connection.onReferences(atPosition(references, []));
// a document's symbols are its own declarations: they need nothing from the rest of the tree
connection.onDocumentSymbol(async (p) => {
  await indexedEnough(p.textDocument.uri, true);
  flushEdits();
  const state = ws.stateFor(p.textDocument.uri);
  return state ? documentSymbols(state, p.textDocument.uri) : [];
});
connection.onWorkspaceSymbol(async (p) => {
  await ready;
  flushEdits();
  const out = [];
  for (const c of ws.checkouts)
    if (out.length < 500) out.push(...workspaceSymbols(c, p.query, 500 - out.length));
  return out;
});

/**
 * Modes and hooks arrive as any JSON: checked against the model's own lists before the core looks
 * them up (a "constructor" mode reached a plain-object lookup: reliability review #17, server side).
 */
/** A value from the client, quoted short (a 1 MB string is not echoed back). */
const shown = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : `(${typeof v})`;

function checkModeAndHook(mode: unknown, hook: unknown): ResponseError<DatapathErrorData> | undefined {
  if (mode !== undefined && !(typeof mode === 'string' && isDatapathMode(mode)))
    return new ResponseError(
      CiliumErrorCodes.DatapathError,
      `Unknown mode ${shown(mode)}: use one of ${DATAPATH_MODES.join(', ')}.`,
      { reason: 'unknown-mode' },
    );
  if (hook !== undefined && !(typeof hook === 'string' && isHookName(hook)))
    return new ResponseError(
      CiliumErrorCodes.DatapathError,
      `Unknown hook ${shown(hook)}: use one of ${HOOK_NAMES.join(', ')}.`,
      { reason: 'unknown-hook' },
    );
  return undefined;
}

connection.onRequest(TraceRequest, async (p) => {
  await ready;
  const state = ws.primary(p.scopeUri);
  const invalid = checkModeAndHook(p.mode, p.startAt);
  if (invalid) return invalid;
  try {
    flushEdits();
    const inputs = traceInputs(state, p);
    const traced = trace(
      {
        mode: p.mode ?? state.settings.mode,
        from: p.from,
        to: p.to,
        startAt: p.startAt,
        ciliumVersion: p.ciliumVersion ?? state.version(),
        ...(p.protocol ? { protocol: p.protocol } : {}),
        ...(p.port !== undefined ? { port: p.port } : {}),
        ...(p.ct ? { ct: p.ct } : {}),
        ...(p.backend ? { backend: p.backend } : {}),
        ...(p.reply ? { reply: true } : {}),
        ...(p.family === 4 || p.family === 6 ? { family: p.family } : {}),
        ...(inputs.policies ? { policies: inputs.policies } : {}),
        ...(Object.keys(inputs.ciliumConfig).length
          ? { ciliumConfig: inputs.ciliumConfig, ciliumConfigLabel: inputs.ciliumConfigLabel }
          : {}),
      },
      withManifestServices(inputs.topology, inputs.policies),
    );
    // each step on its line in this checkout (source, or null with sourceNote)
    return anchors.anchor(state, traced).trace;
  } catch (e) {
    return asError(e);
  }
});

connection.onRequest(ResolveHookRequest, async (p) => {
  await ready;
  const state = ws.primary(p.scopeUri);
  const invalid = checkModeAndHook(p.mode, p.hook);
  if (invalid) return invalid;
  try {
    return resolveHook(p.hook, p.mode ?? state.settings.mode, state.version(), state.configLayers());
  } catch (e) {
    return asError(e);
  }
});

connection.onRequest(LocateProgramRequest, async (p): Promise<LocateProgramResult> => {
  await ready;
  flushEdits();
  const state = ws.primary(p.scopeUri);
  const base = p.file.split('/').pop() ?? p.file;
  const names = [p.function, p.section].filter((x): x is string => !!x);
  if (typeof p.hook === 'string' && isHookName(p.hook)) {
    const program = programFor(p.hook, versionOrDefault(state.version()));
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
});

connection.onRequest(ExplainRequest, async (p) => {
  await ready;
  flushEdits();
  try {
    return explainText(ws.primary(p.scopeUri), p, (uri) => documents.get(uri)?.getText());
  } catch (e) {
    return asError(e);
  }
});

connection.onRequest(LocateSourceRequest, async (p) => {
  await ready;
  flushEdits();
  const first = ws.primary(p.scopeUri);
  const states = [first, ...ws.checkouts.filter((c) => c !== first)];
  return locateSource(states, p, (uri) => documents.get(uri)?.getText());
});

// by method name: params may be left out (see scopeOf)
connection.onRequest(StatusRequest.method, async (params: unknown): Promise<StatusResult> => {
  await ready;
  flushEdits();
  const state = ws.primary(scopeOf(params).scopeUri);
  let sites = 0;
  for (const f of state.index.all()) sites += f.sites.length;
  return {
    root: state.root ? state.uriOf('') : null,
    indexedFiles: state.index.size,
    declarations: countDeclarations(state),
    sites,
    detectedVersion: state.detectedVersion() ?? null,
    effectiveVersion: state.version(),
    mode: state.settings.mode,
    topology: { source: state.topologySource, error: state.topologyError ?? null },
    policies: {
      count: state.policies?.policies.length ?? 0,
      error: state.policyError ?? null,
    },
    errors: [...state.problems].map(([path, reason]) => ({ uri: state.uriOf(path), reason })),
    indexMillis: Math.round(state.indexMillis),
    pid: process.pid,
    checkouts: ws.checkouts.map((c) => ({
      root: c.uriOf(''),
      indexedFiles: c.index.size,
      effectiveVersion: c.version(),
      mode: c.settings.mode,
    })),
  };
});

connection.onRequest(ListPodsRequest.method, async (params: unknown): Promise<ListPodsResult> => {
  await ready;
  const state = ws.primary(scopeOf(params).scopeUri);
  return {
    pods: listPods(state.topology, state.settings.mode),
    nodes: state.topology.nodes.map((n) => n.name),
    modes: [...DATAPATH_MODES],
    current: { mode: state.settings.mode },
  };
});

// bench only (bench/edit-latency.mjs): the process's CPU time, to put beside wall times on a loaded machine
if (process.env.CDX_BENCH_CPU === '1')
  connection.onRequest(BenchCpuRequest, () => {
    const { user, system } = process.cpuUsage();
    return { userMicros: user, systemMicros: system };
  });

registerClusterRequests(
  connection,
  (scopeUri) => ws.primary(scopeUri),
  () => ready,
);

documents.listen(connection);
connection.listen();
