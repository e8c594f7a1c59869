import * as vscode from 'vscode';
import { MODES, versionOrDefault, type DatapathMode } from '../core';
import { describeConfig, resolveCiliumConfig } from '../core/model/cilium-config';
import type { ServerSettings } from '../protocol/lsp-protocol';
import { readConfig } from './config';

/** "$(circuit-board) VXLAN" in the status bar; click to switch modes. */
export function createModeStatusBar(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('ciliumDatapath.mode', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Cilium Datapath Mode';
  item.command = 'ciliumDatapath.selectMode';
  updateModeStatusBar(item);
  item.show();
  return item;
}

/**
 * Shows a mode: the window's (settings and choice), or, with `scope`, the mode of the checkout of the
 * active editor as the server applies it, named when the window holds several checkouts; "custom"
 * when the ciliumDatapath.config keys make the configuration differ from the mode's preset.
 */
export function updateModeStatusBar(
  item: vscode.StatusBarItem,
  scope?: { mode: DatapathMode; checkout?: string },
): void {
  const settings = readConfig();
  const mode = scope?.mode ?? settings.mode;
  const where = scope?.checkout ? ` (${scope.checkout})` : '';
  const active = activePreset({ ...settings, mode });
  item.text = `$(circuit-board) ${active.preset === 'custom' ? 'custom' : MODES[active.preset].label}${where}`;
  item.tooltip =
    active.preset === 'custom'
      ? `Cilium datapath configuration${where ? ` of the checkout ${scope!.checkout}` : ''} (custom, over the ${MODES[mode].label} preset): ${active.text} Click to change.`
      : `Cilium datapath mode${where ? ` of the checkout ${scope!.checkout}` : ''}: ${MODES[active.preset].summary} Click to change.`;
}

/** The preset the mode and the ciliumDatapath.config keys amount to, or "custom". */
function activePreset(settings: ServerSettings): { preset: DatapathMode | 'custom'; text: string } {
  if (!Object.keys(settings.config).length) return { preset: settings.mode, text: '' };
  // "auto" is the checkout's VERSION, which the server reads: try the newest and the default release
  const versions = settings.ciliumVersion === 'auto' ? ['main', 'v1.10'] : [settings.ciliumVersion];
  let error = '';
  for (const text of versions) {
    try {
      const r = resolveCiliumConfig(settings.mode, versionOrDefault(text), [
        { origin: 'user', label: 'ciliumDatapath.config', keys: settings.config },
      ]);
      return { preset: r.preset, text: `${describeConfig(r.config)}.` };
    } catch (e) {
      error ||= (e as Error).message;
    }
  }
  return { preset: 'custom', text: error };
}
