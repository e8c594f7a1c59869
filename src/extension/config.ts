import * as vscode from 'vscode';
import { DATAPATH_MODES, type DatapathMode } from '../core';
import { SETTINGS_SECTION, type ServerSettings } from '../protocol/lsp-protocol';

export function readConfig(): ServerSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const mode = c.get<string>('mode', 'vxlan');
  return {
    mode: (DATAPATH_MODES as readonly string[]).includes(mode) ? (mode as DatapathMode) : 'vxlan',
    ciliumVersion: c.get<string>('ciliumVersion', 'auto'),
    topologyFile: c.get<string>('topologyFile', ''),
    policyFiles: c.get<string[]>('policyFiles', []),
    codeLens: { enabled: c.get<boolean>('codeLens.enabled', true) },
    trace: { detail: c.get<'full' | 'summary'>('trace.detail', 'full') },
  };
}

export async function setMode(mode: DatapathMode): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update('mode', mode, target);
}
