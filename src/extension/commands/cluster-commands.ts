/**
 * Import Cluster Snapshot… (kubectl dumps, a folder of them, or a cilium-sysdump zip → a topology
 * file) and Verify Attachments… (a `bpftool net show` listing against the model, each program a link
 * to its source). The language server reads and checks the files (cilium/importSnapshot,
 * cilium/verifyAttachments); this side picks them, writes what the server returns and shows it.
 */
import * as vscode from 'vscode';
import type { AttachmentFinding } from '../../core/attach';
import type { DatapathMode } from '../../core';
import type { ImportSnapshotResult, VerifyAttachmentsResult } from '../../protocol/lsp-protocol';
import type { Engine } from '../engine';

export interface ImportArgs {
  files?: vscode.Uri[];
  output?: vscode.Uri;
  ciliumVersion?: string;
  /** set ciliumDatapath.topologyFile to the new file without asking (tests) */
  use?: boolean;
}

export async function importClusterSnapshot(
  engine: Engine,
  log: vscode.LogOutputChannel,
  args: ImportArgs = {},
): Promise<ImportSnapshotResult | undefined> {
  const picked =
    args.files ??
    (await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      openLabel: 'Import',
      title:
        'Import Cluster Snapshot: kubectl dumps of cilium-config, CiliumNodes, CiliumEndpoints (and manifests), a folder of them, or a cilium-sysdump zip',
    }));
  if (!picked?.length) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const output =
    args.output ??
    (await vscode.window.showSaveDialog({
      title: 'Save the imported topology',
      filters: { 'Topology JSON': ['json'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, '.vscode', 'cilium-topology.json') } : {}),
    }));
  if (!output) return undefined;
  const outDir = vscode.Uri.joinPath(output, '..');
  try {
    const result = await engine.importSnapshot({
      paths: picked.map((u) => u.fsPath),
      outputDir: outDir.fsPath,
      outputName: output.path.split('/').pop()!,
      ...(args.ciliumVersion ? { ciliumVersion: args.ciliumVersion } : {}),
    });
    const encode = (text: string) => new TextEncoder().encode(text);
    for (const w of result.writes)
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(outDir, w.path), encode(w.text));
    await vscode.workspace.fs.writeFile(output, encode(JSON.stringify(result.topology, null, 2) + '\n'));
    for (const n of result.notes) log.info(`Import: ${n}`);
    const t = result.topology as { nodes: unknown[]; pods: unknown[] };
    const summary = `Imported ${t.nodes.length} node(s) and ${t.pods.length} pod(s) into ${output.fsPath}; ${result.notes.length} note(s) in the output.`;
    const setting =
      folder && output.path.startsWith(folder.path + '/')
        ? output.path.slice(folder.path.length + 1)
        : output.fsPath;
    const use =
      args.use ??
      (await vscode.window.showInformationMessage(summary, 'Use as Topology')) === 'Use as Topology';
    if (use)
      await vscode.workspace
        .getConfiguration('ciliumDatapath')
        .update('topologyFile', setting, vscode.ConfigurationTarget.Workspace);
    return result;
  } catch (e) {
    log.error(`Import failed: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Cilium Datapath: import failed: ${(e as Error).message}`);
    return undefined;
  }
}

const MAX_LISTING_BYTES = 8 * 1024 * 1024;

const ICON: Record<AttachmentFinding['status'], string> = {
  agree: '$(pass)',
  missing: '$(error)',
  unexpected: '$(warning)',
  'not-modelled': '$(question)',
};

export interface VerifyArgs {
  file?: vscode.Uri;
  mode?: DatapathMode;
  ciliumVersion?: string;
  /** show the findings in a quick pick (tests pass false) */
  show?: boolean;
}

/** The active editor when it holds a bpftool listing, else a file the user picks. */
async function listing(args: VerifyArgs): Promise<{ text: string; name: string } | undefined> {
  const fromUri = async (uri: vscode.Uri) => {
    // a regular file under the limit only (a FIFO or a device is never read)
    const stat = await vscode.workspace.fs.stat(uri);
    if (!(stat.type & vscode.FileType.File) || stat.size > MAX_LISTING_BYTES)
      throw new Error(`${uri.fsPath} is not a regular file of at most 8 MB: not a bpftool listing`);
    return { text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), name: uri.fsPath };
  };
  if (args.file) return fromUri(args.file);
  const active = vscode.window.activeTextEditor?.document;
  if (active && /^\s*(xdp:|tc:|\[\s*\{\s*"(xdp|tc)")/m.test(active.getText().slice(0, 4096)))
    return { text: active.getText(), name: active.uri.fsPath || active.uri.toString() };
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Verify',
    title: 'Verify Attachments: a `bpftool net show` listing (text or -j JSON)',
  });
  return picked?.[0] ? fromUri(picked[0]) : undefined;
}

export async function verifyAttachmentsCommand(
  engine: Engine,
  args: VerifyArgs = {},
): Promise<VerifyAttachmentsResult | undefined> {
  try {
    const l = await listing(args);
    if (!l) return undefined;
    if (l.text.length > MAX_LISTING_BYTES) throw new Error(`${l.name} is over 8 MB: not a bpftool listing`);
    const result = await engine.verifyAttachments({
      ...l,
      ...(args.mode ? { mode: args.mode } : {}),
      ...(args.ciliumVersion ? { ciliumVersion: args.ciliumVersion } : {}),
    });
    if (args.show === false) return result;
    const items = result.findings.map((f) => {
      const program = f.program ?? f.expected;
      return {
        label: `${ICON[f.status]} ${f.status}: ${f.device} ${f.hook}`,
        description: program ? `${program.file} ${program.function}()` : (f.attached?.name ?? ''),
        detail: `${f.note}${f.cite ? ` [${f.cite}]` : ''}`,
        program,
      };
    });
    const pick = await vscode.window.showQuickPick(items, {
      title: `Attachments vs Cilium ${result.ciliumVersion} ${result.mode}: ${result.counts.agree} agree, ${result.counts.missing} missing, ${result.counts.unexpected} unexpected, ${result.counts['not-modelled']} not modelled — pick one to open its source`,
      matchOnDetail: true,
    });
    if (pick?.program) await vscode.commands.executeCommand('ciliumDatapath.openProgramSource', pick.program);
    return result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Cilium Datapath: ${(e as Error).message}`);
    return undefined;
  }
}
