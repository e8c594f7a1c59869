import * as vscode from 'vscode';
import { MODES } from '../core';
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

export function updateModeStatusBar(item: vscode.StatusBarItem): void {
  const mode = readConfig().mode;
  item.text = `$(circuit-board) ${MODES[mode].label}`;
  item.tooltip = `Cilium datapath mode: ${MODES[mode].summary} Click to change.`;
}
