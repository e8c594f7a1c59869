/**
 * The extension's view of the engine: asks the language server (custom cilium/* requests) and falls
 * back to the pure core in-process when the server is not running.
 */
import * as vscode from 'vscode';
import { ResponseError, type LanguageClient } from 'vscode-languageclient/node';
import {
  DATAPATH_MODES,
  DatapathError,
  DEFAULT_TOPOLOGY,
  listPods,
  resolveHook,
  trace,
  type DatapathMode,
  type HookName,
  type HookResolution,
  type ProgramRef,
  type Trace,
} from '../core';
import {
  CiliumErrorCodes,
  ImportSnapshotRequest,
  isDatapathErrorData,
  ListPodsRequest,
  ExplainRequest,
  LocateProgramRequest,
  LocateSourceRequest,
  MAX_EXPLAIN_LINES,
  ResolveHookRequest,
  TraceRequest,
  VerifyAttachmentsRequest,
  type ImportSnapshotParams,
  type ImportSnapshotResult,
  type ListPodsResult,
  type VerifyAttachmentsParams,
  type VerifyAttachmentsResult,
  type ExplainResult,
  type LocateSourceResult,
} from '../protocol/lsp-protocol';
import { explainLine, observationLines } from '../core/observe';
import type { TraceContextInfo } from '../protocol/webview-protocol';
import { readConfig } from './config';
import { isRunning } from './language-client';

export class Engine {
  lastPods = { from: 'pod0', to: 'pod3' };

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private live(): LanguageClient | undefined {
    const c = this.client();
    return isRunning(c) ? c : undefined;
  }

  /**
   * The server's domain errors (CiliumErrorCodes.DatapathError) become DatapathError: the caller shows
   * them as the user's input problem. Internal errors are logged; the caller may fall back.
   */
  private domainError(e: unknown): unknown {
    if (e instanceof ResponseError && e.code === CiliumErrorCodes.DatapathError)
      return new DatapathError(e.message, isDatapathErrorData(e.data) ? e.data.reason : 'unknown');
    if (e instanceof ResponseError && e.code === CiliumErrorCodes.InternalError)
      this.log.error(`language server: ${e.message}`);
    return e;
  }

  async trace(req: {
    mode: DatapathMode;
    from: string;
    to: string;
    startAt?: HookName;
    protocol?: 'tcp' | 'udp' | 'icmp' | 'sctp';
    port?: number;
    scopeUri?: string;
    family?: 4 | 6;
    ciliumVersion?: string;
    /** a launch configuration's files and cilium-config keys (read by the language server) */
    topologyFile?: string;
    policyFiles?: string[];
    config?: Record<string, string>;
  }): Promise<Trace> {
    this.lastPods = { from: req.from, to: req.to };
    const c = this.live();
    if (c) {
      try {
        return await c.sendRequest(TraceRequest, req);
      } catch (e) {
        const err = this.domainError(e);
        if (err instanceof DatapathError || !(e instanceof ResponseError)) throw err;
        // a bug in the server: the in-process engine still answers (bundled topology)
        this.log.warn(
          'Tracing in-process after the language server failed (bundled model and default topology).',
        );
      }
    } else
      this.log.info(
        'Language server not running: tracing in-process with the bundled model and default topology.',
      );
    const { topologyFile, policyFiles, config, ...plain } = req;
    if (topologyFile !== undefined || policyFiles !== undefined)
      throw new DatapathError(
        'The launch configuration\'s "topology" and "policies" are read by the language server, which is not running.',
        'server-unavailable',
      );
    const keys = { ...readConfig().config, ...config };
    return trace(
      Object.keys(keys).length
        ? {
            ...plain,
            ciliumConfig: keys,
            ciliumConfigLabel: config ? 'the launch configuration\'s "config"' : 'ciliumDatapath.config',
          }
        : plain,
    );
  }

  async resolve(hook: HookName, mode: DatapathMode): Promise<HookResolution> {
    const c = this.live();
    if (!c)
      return resolveHook(hook, mode, readConfig().ciliumVersion, [
        { origin: 'user', label: 'ciliumDatapath.config', keys: readConfig().config },
      ]);
    try {
      return await c.sendRequest(ResolveHookRequest, { hook, mode });
    } catch (e) {
      throw this.domainError(e);
    }
  }

  async pods(): Promise<ListPodsResult> {
    const c = this.live();
    if (c) return c.sendRequest(ListPodsRequest, {});
    const mode = readConfig().mode;
    return {
      pods: listPods(DEFAULT_TOPOLOGY, mode),
      nodes: DEFAULT_TOPOLOGY.nodes.map((n) => n.name),
      modes: [...DATAPATH_MODES],
      current: { mode },
    };
  }

  async context(): Promise<TraceContextInfo> {
    const p = await this.pods();
    return {
      modes: p.modes,
      pods: p.pods.map(({ name, node, ip, ipv6 }) => ({ name, node, ip, ...(ipv6 ? { ipv6 } : {}) })),
      current: { mode: readConfig().mode, ...this.lastPods },
    };
  }

  /**
   * Import and verification run in the language server (its bundle has the YAML, schema and zip
   * readers); without a running server they are refused with a clear message.
   */
  private server(what: string): LanguageClient {
    const c = this.live();
    if (!c)
      throw new DatapathError(
        `${what} needs the language server, which is not running (Restart Language Server).`,
        'no-server',
      );
    return c;
  }

  async importSnapshot(params: ImportSnapshotParams): Promise<ImportSnapshotResult> {
    try {
      return await this.server('Import Cluster Snapshot').sendRequest(ImportSnapshotRequest, params);
    } catch (e) {
      throw this.domainError(e);
    }
  }

  async verifyAttachments(params: VerifyAttachmentsParams): Promise<VerifyAttachmentsResult> {
    try {
      return await this.server('Verify Attachments').sendRequest(VerifyAttachmentsRequest, params);
    } catch (e) {
      throw this.domainError(e);
    }
  }

  async locate(program: ProgramRef): Promise<vscode.Location | undefined> {
    const c = this.live();
    if (!c) return undefined;
    const r = await c.sendRequest(LocateProgramRequest, {
      file: program.file,
      function: program.function,
      section: program.section,
      hook: program.hook,
    });
    if (!r) return undefined;
    return new vscode.Location(
      vscode.Uri.parse(r.uri),
      new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character),
    );
  }

  /**
   * Monitor or Hubble lines explained against the window's checkout (server); without the server, by
   * the in-process core with the bundled topology and no checkout (no function for file:line).
   */
  async explain(text: string, scopeUri?: string): Promise<ExplainResult & { inProcess?: true }> {
    const c = this.live();
    if (c) {
      try {
        return await c.sendRequest(ExplainRequest, { text, ...(scopeUri ? { scopeUri } : {}) });
      } catch (e) {
        const err = this.domainError(e);
        if (err instanceof DatapathError || !(e instanceof ResponseError)) throw err;
        this.log.warn(
          'Explaining in-process after the language server failed (no checkout, default topology).',
        );
      }
    }
    const { mode, ciliumVersion } = readConfig();
    const lines = observationLines(text);
    const results = lines.slice(0, MAX_EXPLAIN_LINES).map((line) => {
      const r = explainLine(line, {
        ...(ciliumVersion && ciliumVersion !== 'auto' ? { ciliumVersion } : {}),
        topology: DEFAULT_TOPOLOGY,
        mode,
      });
      return r.ok
        ? { ok: true as const, observation: r.observation }
        : { ok: false as const, input: r.input, error: r.error };
    });
    return { results, inProcess: true };
  }

  /** `bpf_lxc.c` line 1998 → that line of a checkout of the window, or undefined. */
  async locateSource(file: string, line: number): Promise<LocateSourceResult | undefined> {
    const c = this.live();
    if (!c) return undefined;
    return (await c.sendRequest(LocateSourceRequest, { file, line })) ?? undefined;
  }
}
