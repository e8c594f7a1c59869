/**
 * The extension's view of the engine: asks the language server (custom cilium/* requests) and falls
 * back to the pure core in-process when the server is not running.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  DATAPATH_MODES,
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
  ListPodsRequestMethod,
  LocateProgramRequestMethod,
  ResolveHookRequestMethod,
  TraceRequestMethod,
  type ListPodsResult,
  type LocateProgramResult,
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

  async trace(req: { mode: DatapathMode; from: string; to: string; startAt?: HookName }): Promise<Trace> {
    this.lastPods = { from: req.from, to: req.to };
    const c = this.live();
    if (c) return c.sendRequest<Trace>(TraceRequestMethod, req);
    this.log.info(
      'Language server not running: tracing in-process with the bundled model and default topology.',
    );
    return trace(req);
  }

  async resolve(hook: HookName, mode: DatapathMode): Promise<HookResolution> {
    const c = this.live();
    return c
      ? c.sendRequest<HookResolution>(ResolveHookRequestMethod, { hook, mode })
      : resolveHook(hook, mode, readConfig().ciliumVersion);
  }

  async pods(): Promise<ListPodsResult> {
    const c = this.live();
    if (c) return c.sendRequest<ListPodsResult>(ListPodsRequestMethod);
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
    const r = await c.sendRequest<LocateProgramResult>(LocateProgramRequestMethod, {
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
