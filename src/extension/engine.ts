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
  isDatapathErrorData,
  ListPodsRequest,
  LocateProgramRequest,
  ResolveHookRequest,
  TraceRequest,
  type ListPodsResult,
} from '../protocol/lsp-protocol';
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

  async trace(req: { mode: DatapathMode; from: string; to: string; startAt?: HookName }): Promise<Trace> {
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
    const keys = readConfig().config;
    return trace(
      Object.keys(keys).length
        ? { ...req, ciliumConfig: keys, ciliumConfigLabel: 'ciliumDatapath.config' }
        : req,
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
      pods: p.pods.map(({ name, node, ip }) => ({ name, node, ip })),
      current: { mode: readConfig().mode, ...this.lastPods },
    };
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
}
