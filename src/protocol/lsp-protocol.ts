/**
 * Custom LSP methods between the extension host (vscode-languageclient) and the language server.
 * Pure: method names and payload types only, so both sides (and any other LSP client) share them.
 */
import type { DatapathMode, HookName, HookResolution, ProgramRef, Trace } from '../core';

/** Settings the server reads: initializationOptions.settings and workspace/didChangeConfiguration { settings: { ciliumDatapath } }. */
export interface ServerSettings {
  mode: DatapathMode;
  /** "auto" reads the checkout's VERSION file */
  ciliumVersion: string;
  /** absolute or workspace-relative; "" = the bundled default topology */
  topologyFile: string;
  /** policy manifests (YAML) applied to traces, absolute or workspace-relative, besides the topology's policyFiles */
  policyFiles: string[];
  codeLens: { enabled: boolean };
  trace: { detail: 'full' | 'summary' };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  mode: 'vxlan',
  ciliumVersion: 'auto',
  topologyFile: '',
  policyFiles: [],
  codeLens: { enabled: true },
  trace: { detail: 'full' },
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
}
export const TraceRequestMethod = 'cilium/trace';
export type TraceResult = Trace;

export interface ResolveHookParams {
  hook: HookName;
  mode?: DatapathMode;
  scopeUri?: string;
}
export const ResolveHookRequestMethod = 'cilium/resolveHook';
export type ResolveHookResult = HookResolution;

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
export const LocateProgramRequestMethod = 'cilium/locateProgram';
export type LocateProgramResult = { uri: string; range: LspRange } | null;

/** Which checkout a status or pod list is about (a document in it); default: the first. */
export interface ScopeParams {
  scopeUri?: string;
}
export type StatusParams = ScopeParams;
export type ListPodsParams = ScopeParams;

export const StatusRequestMethod = 'cilium/status';
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

export const ListPodsRequestMethod = 'cilium/listPods';
export interface ListPodsResult {
  pods: Array<{ name: string; node: string; ip: string; endpointId: number }>;
  nodes: string[];
  modes: DatapathMode[];
  current: { mode: DatapathMode };
}

/**
 * Client → server: the datapath mode the user chose (kept in the editor's workspace state, never
 * written into the checkout). With `scopeUri`, for the checkout holding it only.
 */
export const SetModeNotificationMethod = 'cilium/setMode';
export interface SetModeParams {
  mode: DatapathMode;
  scopeUri?: string;
}

/** Server → client notification after each (re-)index. */
export const IndexChangedNotificationMethod = 'cilium/indexChanged';
export interface IndexChangedParams {
  indexedFiles: number;
  declarations: number;
}

/** Argument object of the "▶ Simulate from here" lens command. */
export interface SimulateFromHereArgs {
  hook: HookName;
  mode: DatapathMode;
  uri: string;
  line: number;
}
export const SIMULATE_COMMAND = 'ciliumDatapath.simulateFromHere';
export const RESOLVE_COMMAND = 'ciliumDatapath.resolveHook';
/**
 * The only commands hover markdown may link to. The client trusts hover markdown for exactly these
 * (vscode-languageclient `markdown.isTrusted.enabledCommands`); any other command: link is inert.
 */
export const HOVER_COMMANDS = [SIMULATE_COMMAND, RESOLVE_COMMAND] as const;
export type HoverCommand = (typeof HOVER_COMMANDS)[number];
export type { ProgramRef };
