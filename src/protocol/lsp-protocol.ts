/**
 * Custom LSP methods between the extension host (vscode-languageclient) and the language server: one
 * typed descriptor per method (vscode-jsonrpc's RequestType/NotificationType: a method name with its
 * parameter, result and error-data types, no I/O). The server registers handlers and the client sends
 * requests through these descriptors, so neither side casts; any other LSP client can read the types.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import {
  DATAPATH_MODES,
  type DatapathMode,
  type HookName,
  type HookResolution,
  type ProgramRef,
  type Trace,
} from '../core';
import type { VerifyResult } from '../core/attach';
import type { Observation } from '../core/observe';

/**
 * Error codes of the custom requests (outside JSON-RPC's reserved ranges). The client acts on them:
 * a datapath error is the user's input (shown as such, nothing else to do); an internal error is a
 * bug (shown with a pointer to the log, and the trace falls back to the in-process engine).
 */
export const CiliumErrorCodes = {
  /** the model refused the request: unknown pod or hook, a mode the release does not have… */
  DatapathError: 1,
  /** anything else: a bug in the server */
  InternalError: 2,
} as const;
export type CiliumErrorCode = (typeof CiliumErrorCodes)[keyof typeof CiliumErrorCodes];

/** `data` of a DatapathError response: the core's machine-readable reason ("unknown-pod", …). */
export interface DatapathErrorData {
  reason: string;
}
export function isDatapathErrorData(v: unknown): v is DatapathErrorData {
  return typeof v === 'object' && v !== null && typeof (v as { reason?: unknown }).reason === 'string';
}

/**
 * Every setting, declared once: package.json's contributes.configuration must say the same (type,
 * default, enum, scope; test/package checks it), and DEFAULT_SETTINGS is read from here.
 */
export const SETTING_DECLARATIONS = {
  'ciliumDatapath.mode': { type: 'string', default: 'vxlan', enum: DATAPATH_MODES, scope: 'window' },
  'ciliumDatapath.ciliumVersion': { type: 'string', default: 'auto', scope: 'resource' },
  'ciliumDatapath.topologyFile': { type: 'string', default: '', scope: 'resource' },
  'ciliumDatapath.policyFiles': { type: 'array', default: [] as string[], scope: 'resource' },
  'ciliumDatapath.config': { type: 'object', default: {} as Record<string, string>, scope: 'resource' },
  'ciliumDatapath.codeLens.enabled': { type: 'boolean', default: true, scope: 'window' },
} as const;

/** Settings the server reads: initializationOptions.settings and workspace/didChangeConfiguration { settings: { ciliumDatapath } }. */
export interface ServerSettings {
  mode: DatapathMode;
  /** "auto" reads the checkout's VERSION file */
  ciliumVersion: string;
  /** absolute or workspace-relative; "" = the bundled default topology */
  topologyFile: string;
  /** policy manifests (YAML) applied to traces, absolute or workspace-relative, besides the topology's policyFiles */
  policyFiles: string[];
  /** cilium-config keys (key → string) over the topology's `config`: traces, lenses and hovers answer for them */
  config: Record<string, string>;
  codeLens: { enabled: boolean };
}

const D = SETTING_DECLARATIONS;
export const DEFAULT_SETTINGS: ServerSettings = {
  mode: D['ciliumDatapath.mode'].default,
  ciliumVersion: D['ciliumDatapath.ciliumVersion'].default,
  topologyFile: D['ciliumDatapath.topologyFile'].default,
  policyFiles: [...D['ciliumDatapath.policyFiles'].default],
  config: { ...D['ciliumDatapath.config'].default },
  codeLens: { enabled: D['ciliumDatapath.codeLens.enabled'].default },
};

export const SETTINGS_SECTION = 'ciliumDatapath';

export interface TraceParams {
  mode?: DatapathMode;
  from: string;
  to: string;
  startAt?: HookName;
  ciliumVersion?: string;
  /** a document of the checkout the trace is about (multi-root); default: the first checkout */
  scopeUri?: string;
  /** the packet's destination L4 (default TCP, no port) and connection state (default new) */
  protocol?: 'tcp' | 'udp' | 'icmp' | 'sctp';
  port?: number;
  ct?: 'new' | 'established';
  /** a Service destination's backend pod (default: the first ready backend) */
  backend?: string;
  /** trace the reply of the flow */
  reply?: boolean;
  /** the packet's IP family (default: an address destination's, else 4) */
  family?: 4 | 6;
  /**
   * the debugger's launch configuration: a topology file and policy manifests instead of the
   * checkout's settings (absolute, or relative to its workspace folder), cilium-config keys over
   * the ciliumDatapath.config setting
   */
  topologyFile?: string;
  policyFiles?: string[];
  config?: Record<string, string>;
}
export type TraceResult = Trace;
export const TraceRequest = new RequestType<TraceParams, TraceResult, DatapathErrorData | void>(
  'cilium/trace',
);
export const TraceRequestMethod = TraceRequest.method;

export interface ResolveHookParams {
  hook: HookName;
  mode?: DatapathMode;
  scopeUri?: string;
}
export type ResolveHookResult = HookResolution;
export const ResolveHookRequest = new RequestType<
  ResolveHookParams,
  ResolveHookResult,
  DatapathErrorData | void
>('cilium/resolveHook');
export const ResolveHookRequestMethod = ResolveHookRequest.method;

export interface LocateProgramParams {
  file: string;
  function?: string;
  section?: string;
  hook?: string;
  scopeUri?: string;
}
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export type LocateProgramResult = { uri: string; range: LspRange } | null;
export const LocateProgramRequest = new RequestType<LocateProgramParams, LocateProgramResult, void>(
  'cilium/locateProgram',
);
export const LocateProgramRequestMethod = LocateProgramRequest.method;

/** Which checkout a status or pod list is about (a document in it); default: the first. */
export interface ScopeParams {
  scopeUri?: string;
}
export type StatusParams = ScopeParams;
export type ListPodsParams = ScopeParams;
/**
 * Status and pod list may come without params (LSP clients other than ours): the server registers
 * them by method name and reads the scope through this guard; clients send `{}` or a scope.
 */
export function scopeOf(params: unknown): ScopeParams {
  const uri =
    typeof params === 'object' && params !== null ? (params as { scopeUri?: unknown }).scopeUri : undefined;
  return typeof uri === 'string' ? { scopeUri: uri } : {};
}

export interface StatusResult {
  /** the checkout root (file URI), or null when the workspace has no bpf/ tree */
  root: string | null;
  indexedFiles: number;
  declarations: number;
  sites: number;
  /** from the VERSION file, or null */
  detectedVersion: string | null;
  /** the version the model uses now */
  effectiveVersion: string;
  mode: DatapathMode;
  topology: { source: string; error: string | null };
  /** policies applied to traces (ciliumDatapath.policyFiles and the topology's policyFiles) */
  policies: { count: number; error: string | null };
  errors: Array<{ uri: string; reason: string }>;
  /** milliseconds the initial scan took */
  indexMillis: number;
  /** the server's process id (lets tests and users find the process) */
  pid: number;
  /** every checkout the server serves (one per workspace folder or sibling checkout) */
  checkouts: Array<{ root: string; indexedFiles: number; effectiveVersion: string; mode: DatapathMode }>;
}
export const StatusRequest = new RequestType<StatusParams | null, StatusResult, void>('cilium/status');
export const StatusRequestMethod = StatusRequest.method;

export interface ListPodsResult {
  pods: Array<{ name: string; node: string; ip: string; ipv6?: string; endpointId: number }>;
  nodes: string[];
  modes: DatapathMode[];
  current: { mode: DatapathMode };
}
export const ListPodsRequest = new RequestType<ListPodsParams | null, ListPodsResult, void>(
  'cilium/listPods',
);
export const ListPodsRequestMethod = ListPodsRequest.method;

/**
 * Import Cluster Snapshot: the server reads the files (kubectl dumps, folders of them, cilium-sysdump
 * zips), builds and validates the topology, and returns it with the manifests the caller writes
 * beside it (the server never writes). Errors name file, object and field (DatapathError).
 */
export interface ImportSnapshotParams {
  /** file system paths of the chosen files and folders */
  paths: string[];
  /** the folder and file name the topology will be written to (policyFiles are relative to it) */
  outputDir: string;
  outputName: string;
  ciliumVersion?: string;
}
export interface ImportSnapshotResult {
  /** the topology file's JSON value */
  topology: Record<string, unknown>;
  /** manifests out of a sysdump zip: paths relative to outputDir */
  writes: Array<{ path: string; text: string }>;
  /** what was derived, defaulted or skipped, each naming file and object */
  notes: string[];
}
export const ImportSnapshotRequest = new RequestType<
  ImportSnapshotParams,
  ImportSnapshotResult,
  DatapathErrorData | void
>('cilium/importSnapshot');
export const ImportSnapshotRequestMethod = ImportSnapshotRequest.method;

/**
 * Verify Attachments: a `bpftool net show` listing (text or -j JSON) against the model, for the
 * checkout's release and the active topology's mode unless given.
 */
export interface VerifyAttachmentsParams {
  text: string;
  /** the listing's file name, for errors */
  name: string;
  mode?: DatapathMode;
  ciliumVersion?: string;
  scopeUri?: string;
}
export type VerifyAttachmentsResult = VerifyResult & { mode: DatapathMode; skippedLines: number };
export const VerifyAttachmentsRequest = new RequestType<
  VerifyAttachmentsParams,
  VerifyAttachmentsResult,
  DatapathErrorData | void
>('cilium/verifyAttachments');
export const VerifyAttachmentsRequestMethod = VerifyAttachmentsRequest.method;

/**
 * Client → server: the datapath mode the user chose (kept in the editor's workspace state, never
 * written into the checkout). With `scopeUri`, for the checkout holding it only.
 */
export interface SetModeParams {
  mode: DatapathMode;
  scopeUri?: string;
}
export const SetModeNotification = new NotificationType<SetModeParams>('cilium/setMode');
export const SetModeNotificationMethod = SetModeNotification.method;

/** Server → client notification after each (re-)index. */
export interface IndexChangedParams {
  indexedFiles: number;
  declarations: number;
}
export const IndexChangedNotification = new NotificationType<IndexChangedParams>('cilium/indexChanged');
export const IndexChangedNotificationMethod = IndexChangedNotification.method;

/**
 * Server → client notification once changed settings (didChangeConfiguration) are applied to every
 * checkout: what the client shows from the server's answers (the open trace) is asked for again.
 */
export const SettingsAppliedNotification = new NotificationType<Record<string, never>>(
  'cilium/settingsApplied',
);

/**
 * cilium/explain: pasted `cilium monitor` / `cilium-dbg monitor` / `hubble observe` text (one event per
 * line, JSON flows included) → one result per line, in order. The checkout (scopeUri) gives the
 * function of a drop's file:line and its release; the topology and policies its trace.
 */
export interface ExplainParams {
  text: string;
  /** the release to decode for; default: the folder's setting, else the checkout's VERSION, else the line's form */
  ciliumVersion?: string;
  mode?: DatapathMode;
  scopeUri?: string;
}
/** Where a drop's file:line is in the checkout (0-based line, as LSP positions are). */
export interface ExplainSource {
  uri: string;
  line: number;
}
export type ExplainLineResult =
  | { ok: true; observation: Observation; source?: ExplainSource }
  | { ok: false; input: string; error: string };
export interface ExplainResult {
  results: ExplainLineResult[];
  /** lines past MAX_EXPLAIN_LINES were not read */
  truncated?: number;
}
export const MAX_EXPLAIN_LINES = 2000;
export const ExplainRequest = new RequestType<ExplainParams, ExplainResult, DatapathErrorData | void>(
  'cilium/explain',
);
export const ExplainRequestMethod = ExplainRequest.method;

/**
 * cilium/locateSource: a source location as `cilium monitor` prints it (`bpf_lxc.c`, `lib/icmp6.h`,
 * line 1998) → that line of a checkout of the window (the terminal link provider opens it).
 */
export interface LocateSourceParams {
  file: string;
  line: number;
  scopeUri?: string;
}
export type LocateSourceResult = { uri: string; line: number; function?: string } | null;
export const LocateSourceRequest = new RequestType<LocateSourceParams, LocateSourceResult, void>(
  'cilium/locateSource',
);
export const LocateSourceRequestMethod = LocateSourceRequest.method;

/** Argument object of the "▶ Simulate from here" lens command. */
export interface SimulateFromHereArgs {
  hook: HookName;
  mode: DatapathMode;
  uri: string;
  line: number;
}
export const SIMULATE_COMMAND = 'ciliumDatapath.simulateFromHere';
/** the Debug twin of Simulate from Here: a `cilium-datapath` debug session from that hook (same arguments) */
export const STEP_THROUGH_COMMAND = 'ciliumDatapath.stepThrough';
export const RESOLVE_COMMAND = 'ciliumDatapath.resolveHook';
/**
 * The only commands hover markdown may link to. The client trusts hover markdown for exactly these
 * (vscode-languageclient `markdown.isTrusted.enabledCommands`); any other command: link is inert.
 */
export const HOVER_COMMANDS = [SIMULATE_COMMAND, RESOLVE_COMMAND] as const;
export type HoverCommand = (typeof HOVER_COMMANDS)[number];
export type { ProgramRef };

/**
 * Bench only: registered when the server runs with CDX_BENCH_CPU=1. The server process's CPU time
 * so far (process.cpuUsage(), all threads, µs), so that a bench can put CPU time beside each wall
 * time it measures: CPU time does not grow with the machine's load, wall time does.
 */
export interface BenchCpuResult {
  userMicros: number;
  systemMicros: number;
}
export const BenchCpuRequest = new RequestType<null, BenchCpuResult, void>('cilium/benchCpu');
