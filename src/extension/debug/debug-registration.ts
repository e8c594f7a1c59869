/**
 * The `cilium-datapath` debugger inside the extension: the adapter runs inline (no process), a
 * launch configuration without `checkout` gets the open checkout, and "⏯ Step through" (the Debug twin
 * of "▶ Simulate from here") starts a session from that hook, stopped on its first step.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { DATAPATH_MODES, isHookName, type DatapathMode } from '../../core';
import { DatapathDebugSession } from '../../debug/datapath-session';
import type { TraceSource } from '../../debug/trace-source';
import type { SimulateFromHereArgs } from '../../protocol/lsp-protocol';
import { readConfig } from '../config';
import type { Engine } from '../engine';

export const DEBUG_TYPE = 'cilium-datapath';

/** The checkout a file belongs to: the nearest folder above it holding bpf/bpf_lxc.c. */
export function checkoutOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'bpf', 'bpf_lxc.c'))) return dir;
  return undefined;
}

function openCheckout(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') {
    const found = checkoutOf(active.fsPath);
    if (found) return found;
  }
  for (const f of vscode.workspace.workspaceFolders ?? [])
    if (f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, 'bpf', 'bpf_lxc.c'))) return f.uri.fsPath;
  return undefined;
}

/**
 * Inline, traces come from the language server (cilium/trace): anchored in the checkout it serves
 * (`checkout`, picked by a document of it), with the checkout's ciliumDatapath settings, which the
 * launch configuration's `topology`, `policies`, `config` (cilium-config keys over the setting's) and
 * `ciliumVersion` override for this session.
 */
function engineTraceSource(engine: Engine): TraceSource {
  return {
    async trace(args) {
      const scope = args.checkout
        ? vscode.Uri.file(join(args.checkout, 'bpf', 'bpf_lxc.c')).toString()
        : undefined;
      const trace = await engine.trace({
        mode: (args.mode ?? readConfig().mode) as DatapathMode,
        from: args.from,
        to: args.to,
        ...(args.startAt && isHookName(args.startAt) ? { startAt: args.startAt } : {}),
        ...(args.proto ? { protocol: args.proto } : {}),
        ...(args.port !== undefined ? { port: args.port } : {}),
        ...(scope ? { scopeUri: scope } : {}),
        ...(args.ciliumVersion ? { ciliumVersion: args.ciliumVersion } : {}),
        ...(args.topology ? { topologyFile: args.topology } : {}),
        ...(args.policies ? { policyFiles: args.policies } : {}),
        ...(args.config ? { config: args.config } : {}),
      });
      return { trace, ...(args.checkout ? { root: args.checkout } : {}) };
    },
  };
}

export function registerDebugger(engine: Engine): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () =>
        new vscode.DebugAdapterInlineImplementation(new DatapathDebugSession(engineTraceSource(engine))),
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      resolveDebugConfiguration(_folder, config) {
        // F5 without a launch.json: step through the last traced packet from pod0's program
        if (!config.type && !config.request && !config.name)
          Object.assign(config, {
            type: DEBUG_TYPE,
            request: 'launch',
            name: 'Step through the datapath',
            mode: readConfig().mode,
            from: engine.lastPods.from,
            to: engine.lastPods.to,
            stopOnEntry: true,
          });
        if (config.checkout === undefined) {
          const checkout = openCheckout();
          if (checkout) config.checkout = checkout;
        }
        return config;
      },
    }),
  ];
}

/** "⏯ Step through" from the CodeLens (or the palette: the active editor's first entry program). */
export async function stepThrough(engine: Engine, args: SimulateFromHereArgs | undefined): Promise<boolean> {
  const hook = args && typeof args.hook === 'string' && isHookName(args.hook) ? args.hook : 'from-container';
  const mode =
    args && (DATAPATH_MODES as readonly string[]).includes(args.mode) ? args.mode : readConfig().mode;
  const file = args?.uri ? vscode.Uri.parse(args.uri) : vscode.window.activeTextEditor?.document.uri;
  const checkout = file?.scheme === 'file' ? checkoutOf(file.fsPath) : openCheckout();
  const folder = file ? vscode.workspace.getWorkspaceFolder(file) : undefined;
  return vscode.debug.startDebugging(folder, {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Step through from ${hook}`,
    mode,
    from: engine.lastPods.from,
    to: engine.lastPods.to,
    ...(hook !== 'from-container' ? { startAt: hook } : {}),
    ...(checkout ? { checkout } : {}),
    stopOnEntry: true,
  });
}
