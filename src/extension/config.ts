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
/**
 * In a window holding several checkouts (multi-root, or sibling checkouts in one folder), a choice
 * made with a checkout's file active is that checkout's: checkout root URI → mode. A window-wide
 * choice (one checkout, or none active) replaces them.
 */
const CHECKOUT_MODES_KEY = 'ciliumDatapath.chosenModeByCheckout';
let store: vscode.Memento | undefined;
/** `checkoutRoot`: the checkout the choice is for (its root URI), or undefined for the whole window */
export interface ModeChange {
  mode: DatapathMode;
  checkoutRoot?: string;
}
const modeChanged = new vscode.EventEmitter<ModeChange>();
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

/** The per-checkout choices stored for this window (checkout root URI → mode). */
export function checkoutModes(): Array<[string, DatapathMode]> {
  const raw = store?.get<unknown>(CHECKOUT_MODES_KEY);
  if (typeof raw !== 'object' || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>).filter((e): e is [string, DatapathMode] =>
    isMode(e[1]),
  );
}

/**
 * Stores the choice in workspace state (for one checkout, or for the window) and tells the listeners
 * (server, status bar, panel).
 */
export async function setMode(mode: DatapathMode, checkoutRoot?: string): Promise<void> {
  if (checkoutRoot) {
    await store?.update(CHECKOUT_MODES_KEY, Object.fromEntries([...checkoutModes(), [checkoutRoot, mode]]));
  } else {
    await store?.update(MODE_KEY, mode);
    await store?.update(CHECKOUT_MODES_KEY, undefined);
  }
  modeChanged.fire(checkoutRoot ? { mode, checkoutRoot } : { mode });
}

/** The user edited the `ciliumDatapath.mode` setting: it wins over every earlier choice. */
export async function clearChosenMode(): Promise<void> {
  if (store?.get(MODE_KEY) === undefined && !checkoutModes().length) return;
  await store?.update(MODE_KEY, undefined);
  await store?.update(CHECKOUT_MODES_KEY, undefined);
  modeChanged.fire({ mode: readConfig().mode });
}

/** The ciliumDatapath.config setting as cilium-config keys (values kept as strings, as a ConfigMap holds them). */
function configKeys(raw: unknown): Record<string, string> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>))
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') out[k] = String(v);
  return out;
}
