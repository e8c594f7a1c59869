/** Resolve Hook…, Select Datapath Mode, Open Topology File, Create Sample Workspace. */
import * as vscode from 'vscode';
import {
  DATAPATH_MODES,
  DEFAULT_TOPOLOGY,
  HOOK_NAMES,
  isHookName,
  MODES,
  type DatapathMode,
  type HookResolution,
} from '../../core';
import { readConfig, setMode } from '../config';
import type { Engine } from '../engine';
import { SAMPLE_CHECKOUT } from '../sample-checkout';

function resolutionMarkdown(r: HookResolution): string {
  const lines = [
    `# ${r.hook} — ${MODES[r.mode].label}, Cilium ${r.ciliumVersion}`,
    '',
    `\`${r.program.file}\` section \`${r.program.section}\`, function \`${r.program.function}()\``,
    '',
    r.program.description,
    '',
    '## Attached',
  ];
  if (!r.attachments.length)
    lines.push(
      `No device hook${r.reachedThrough ? `: reached by tail call through \`${r.reachedThrough}\`` : ''}.`,
    );
  for (const a of r.attachments)
    lines.push(`- **${a.device}** tc ${a.direction}${a.via ? ` via \`${a.via}\`` : ''} — ${a.condition}`);
  if (r.dispatch.length)
    lines.push(
      '',
      '## Dispatches to',
      ...r.dispatch.map(
        (d) =>
          `- \`${d.map}[${d.key}]\` → \`${d.target.file}\` \`${d.target.function}()\`${d.condition ? ` — ${d.condition}` : ''}`,
      ),
    );
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `> ${n}`));
  return lines.join('\n');
}

export async function resolveHookCommand(
  engine: Engine,
  arg?: { hook?: string; mode?: DatapathMode },
): Promise<void> {
  let hook = arg?.hook && isHookName(arg.hook) ? arg.hook : undefined;
  if (!hook) {
    const pick = await vscode.window.showQuickPick(
      HOOK_NAMES.map((h) => ({ label: h })),
      { title: 'Resolve Hook: which program?' },
    );
    if (!pick) return;
    hook = pick.label;
  }
  try {
    const r = await engine.resolve(hook, arg?.mode ?? readConfig().mode);
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: resolutionMarkdown(r),
    });
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  } catch (e) {
    void vscode.window.showErrorMessage(`Cilium Datapath: ${(e as Error).message}`);
  }
}

/**
 * Select Datapath Mode. `activeCheckout` names the checkout of the active editor when the window
 * holds several (its root URI and current mode): the choice is then that checkout's alone.
 */
export async function selectMode(
  arg: DatapathMode | undefined,
  activeCheckout: () => Promise<{ root: string; name: string; mode: DatapathMode } | undefined>,
): Promise<void> {
  let mode = arg && (DATAPATH_MODES as readonly string[]).includes(arg) ? arg : undefined;
  const checkout = await activeCheckout();
  if (!mode) {
    const current = checkout?.mode ?? readConfig().mode;
    const pick = await vscode.window.showQuickPick<vscode.QuickPickItem & { mode?: DatapathMode }>(
      [
        ...DATAPATH_MODES.map((m) => ({
          label: MODES[m].label,
          description: m === current ? '(current)' : '',
          detail: MODES[m].summary,
          mode: m,
        })),
        {
          label: 'Edit configuration…',
          detail:
            'cilium-config keys over the preset (ciliumDatapath.config): kube-proxy-replacement, enable-endpoint-routes, enable-ipv6, …',
        },
      ],
      { title: checkout ? `Select Datapath Mode for ${checkout.name}` : 'Select Datapath Mode' },
    );
    if (!pick) return;
    if (!pick.mode) {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', {
        revealSetting: { key: 'ciliumDatapath.config', edit: true },
      });
      return;
    }
    mode = pick.mode;
  }
  await setMode(mode, checkout?.root);
}

export async function openTopologyFile(): Promise<void> {
  const configured = readConfig().topologyFile;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (configured) {
    const uri =
      configured.startsWith('/') || !folder
        ? vscode.Uri.file(configured)
        : vscode.Uri.joinPath(folder.uri, configured);
    try {
      await vscode.window.showTextDocument(uri);
      return;
    } catch {
      void vscode.window.showWarningMessage(
        `The topology file ${uri.fsPath} does not exist; creating it from the bundled default.`,
      );
    }
  }
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify(DEFAULT_TOPOLOGY, null, 2),
    });
    await vscode.window.showTextDocument(doc);
    return;
  }
  const rel = configured || '.vscode/cilium-topology.json';
  const uri = vscode.Uri.joinPath(folder.uri, rel);
  await vscode.workspace.fs.writeFile(
    uri,
    new TextEncoder().encode(JSON.stringify(DEFAULT_TOPOLOGY, null, 2) + '\n'),
  );
  if (!configured)
    await vscode.workspace
      .getConfiguration('ciliumDatapath')
      .update('topologyFile', rel, vscode.ConfigurationTarget.Workspace);
  await vscode.window.showTextDocument(uri);
}

export async function createSampleWorkspace(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let folder = target;
  if (!folder) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Create the sample here',
      title: 'Choose an empty folder for the sample Cilium checkout',
    });
    folder = picked?.[0];
  }
  if (!folder) return undefined;
  const root = vscode.Uri.joinPath(folder, 'cilium-sample');
  for (const file of SAMPLE_CHECKOUT)
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(root, file.path),
      new TextEncoder().encode(file.content),
    );
  if (!target) await vscode.commands.executeCommand('vscode.openFolder', root, { forceNewWindow: false });
  return root;
}
