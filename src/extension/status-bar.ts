import * as vscode from 'vscode';
import { MODES, type DatapathMode } from '../core';
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
 * active editor as the server applies it, named when the window holds several checkouts.
 */
export function updateModeStatusBar(
  item: vscode.StatusBarItem,
  scope?: { mode: DatapathMode; checkout?: string },
): void {
  const mode = scope?.mode ?? readConfig().mode;
  const where = scope?.checkout ? ` (${scope.checkout})` : '';
  item.text = `$(circuit-board) ${MODES[mode].label}${where}`;
  item.tooltip = `Cilium datapath mode${where ? ` of the checkout ${scope!.checkout}` : ''}: ${MODES[mode].summary} Click to change.`;
}
