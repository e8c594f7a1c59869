import * as vscode from 'vscode';
import { DATAPATH_MODES, type DatapathMode } from '../core';
import { SETTINGS_SECTION, type ServerSettings } from '../protocol/lsp-protocol';

/**
 * The datapath mode chosen with Select Datapath Mode (status bar, palette, walkthrough) lives in the
 * editor's workspace state, never in the checkout's .vscode/settings.json: switching modes must not
 * write into a user's Cilium clone. The `ciliumDatapath.mode` setting is the default; changing it
 * explicitly clears the stored choice.
 */
const MODE_KEY = 'ciliumDatapath.chosenMode';
let store: vscode.Memento | undefined;
const modeChanged = new vscode.EventEmitter<DatapathMode>();
export const onDidChangeMode = modeChanged.event;

export function initModeStore(workspaceState: vscode.Memento): vscode.Disposable {
  store = workspaceState;
  return modeChanged;
}

const isMode = (m: unknown): m is DatapathMode =>
  typeof m === 'string' && (DATAPATH_MODES as readonly string[]).includes(m);

export function readConfig(): ServerSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const configured = c.get<string>('mode', 'vxlan');
  const chosen = store?.get<string>(MODE_KEY);
  return {
    mode: isMode(chosen) ? chosen : isMode(configured) ? configured : 'vxlan',
    ciliumVersion: c.get<string>('ciliumVersion', 'auto'),
    topologyFile: c.get<string>('topologyFile', ''),
    policyFiles: c.get<string[]>('policyFiles', []),
    config: configKeys(c.get<unknown>('config', {})),
    codeLens: { enabled: c.get<boolean>('codeLens.enabled', true) },
  };
}

/** Stores the choice in workspace state and tells the listeners (server, status bar, panel). */
export async function setMode(mode: DatapathMode): Promise<void> {
  await store?.update(MODE_KEY, mode);
  modeChanged.fire(mode);
}

/** The user edited the `ciliumDatapath.mode` setting: it wins over an earlier choice. */
export async function clearChosenMode(): Promise<void> {
  if (store?.get(MODE_KEY) === undefined) return;
  await store.update(MODE_KEY, undefined);
  modeChanged.fire(readConfig().mode);
}

/** The ciliumDatapath.config setting as cilium-config keys (values kept as strings, as a ConfigMap holds them). */
function configKeys(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>))
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') out[k] = String(v);
  return out;
}
