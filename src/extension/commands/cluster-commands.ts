/**
 * Import Cluster Snapshot… (kubectl dumps, a folder of them, or a cilium-sysdump zip → a topology
 * file) and Verify Attachments… (a `bpftool net show` listing against the model, each program a link
 * to its source). Both read files through node-io (regular files, size limits).
 */
import * as vscode from 'vscode';
import { configFor, DATAPATH_MODES, parseTopology, versionOrDefault, type DatapathMode } from '../../core';
import {
  parseBpftoolNet,
  verifyAttachments,
  type AttachmentFinding,
  type VerifyResult,
} from '../../core/attach';
import {
  agentVersionOfDaemonSet,
  classifyInput,
  formatWarning,
  importSnapshot,
  type InputFile,
  type SnapshotResult,
} from '../../core/cluster';
import { MAX_TOPOLOGY_BYTES, readRegularFileSync } from '../../node-io/read-regular-file';
import { readSysdump } from '../../node-io/read-sysdump';
import { readConfig } from '../config';

const readText = (uri: vscode.Uri): string =>
  readRegularFileSync(uri.fsPath, MAX_TOPOLOGY_BYTES).toString('utf8');

/** A folder's files (one level), or the files themselves. */
async function expand(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      for (const [name, type] of await vscode.workspace.fs.readDirectory(uri))
        if (type & vscode.FileType.File && /\.(ya?ml|json|zip)$/i.test(name))
          out.push(vscode.Uri.joinPath(uri, name));
    } else out.push(uri);
  }
  return out.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

function relativePath(from: vscode.Uri, to: vscode.Uri): string {
  const a = from.path.split('/').filter(Boolean);
  const b = to.path.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export interface ImportArgs {
  files?: vscode.Uri[];
  output?: vscode.Uri;
  ciliumVersion?: string;
  /** set ciliumDatapath.topologyFile to the new file without asking */
  use?: boolean;
}

export async function importClusterSnapshot(
  log: vscode.LogOutputChannel,
  args: ImportArgs = {},
): Promise<SnapshotResult | undefined> {
  const picked =
    args.files ??
    (await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      openLabel: 'Import',
      title:
        'Import Cluster Snapshot: kubectl dumps of cilium-config, CiliumNodes, CiliumEndpoints (and manifests), a folder of them, or a cilium-sysdump zip',
      filters: { 'Kubernetes dumps and sysdumps': ['yaml', 'yml', 'json', 'zip'] },
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
    let config: InputFile | undefined;
    const nodes: InputFile[] = [];
    const endpoints: InputFile[] = [];
    const manifests: Array<InputFile & { path: string }> = [];
    const writes: Array<{ uri: vscode.Uri; text: string }> = [];
    let detectedVersion: { version: string; source: string } | undefined;
    for (const uri of await expand(picked)) {
      if (/\.zip$/i.test(uri.fsPath)) {
        const manifestDir = `${output.path
          .split('/')
          .pop()!
          .replace(/\.json$/i, '')}-manifests`;
        for (const f of await readSysdump(uri.fsPath)) {
          if (f.role === 'config') config ??= f;
          else if (f.role === 'nodes') nodes.push(f);
          else if (f.role === 'endpoints') endpoints.push(f);
          else if (f.role === 'daemonset') {
            const v = agentVersionOfDaemonSet(f.text, f.file);
            if (v) detectedVersion = { version: v, source: f.file };
          } else {
            const path = `${manifestDir}/${f.entry.split('/').pop()!}`;
            manifests.push({ file: f.file, text: f.text, path });
            writes.push({ uri: vscode.Uri.joinPath(outDir, path), text: f.text });
          }
        }
        continue;
      }
      const file = { file: uri.fsPath, text: readText(uri) };
      const kind = classifyInput(file.text, file.file);
      if ('skip' in kind) {
        log.info(`Import: ${uri.fsPath} skipped: ${kind.skip}`);
        continue;
      }
      if (kind.role === 'config') config ??= file;
      else if (kind.role === 'nodes') nodes.push(file);
      else if (kind.role === 'endpoints') endpoints.push(file);
      else manifests.push({ ...file, path: relativePath(outDir, uri) });
    }
    if (!nodes.length || !endpoints.length)
      throw new Error(
        'the snapshot needs CiliumNodes and CiliumEndpoints (kubectl get ciliumnodes -o yaml; kubectl get ciliumendpoints -A -o yaml), or a cilium-sysdump zip',
      );
    const result = importSnapshot({
      ...(config ? { config } : {}),
      nodes,
      endpoints,
      manifests,
      ...(args.ciliumVersion ? { ciliumVersion: args.ciliumVersion } : {}),
      ...(detectedVersion ? { detectedVersion } : {}),
    });
    for (const w of writes) await vscode.workspace.fs.writeFile(w.uri, new TextEncoder().encode(w.text));
    await vscode.workspace.fs.writeFile(
      output,
      new TextEncoder().encode(JSON.stringify(result.topology, null, 2) + '\n'),
    );
    for (const w of result.warnings) log.info(`Import: ${formatWarning(w)}`);
    const t = result.topology as { nodes: unknown[]; pods: unknown[] };
    const summary = `Imported ${t.nodes.length} node(s) and ${t.pods.length} pod(s) into ${output.fsPath} (${result.warnings.length} note(s) in the output).`;
    const target =
      folder && output.path.startsWith(folder.path + '/')
        ? output.path.slice(folder.path.length + 1)
        : output.fsPath;
    const use =
      args.use ??
      (await vscode.window.showInformationMessage(summary, 'Use as Topology', 'Show Notes')) ===
        'Use as Topology';
    if (use)
      await vscode.workspace
        .getConfiguration('ciliumDatapath')
        .update('topologyFile', target, vscode.ConfigurationTarget.Workspace);
    return result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Cilium Datapath: import failed: ${(e as Error).message}`);
    log.error(`Import failed: ${(e as Error).message}`);
    return undefined;
  }
}

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
  /** show the findings (a quick pick); tests pass false */
  show?: boolean;
}

export async function verifyAttachmentsCommand(args: VerifyArgs = {}): Promise<VerifyResult | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  let text: string | undefined;
  let name: string;
  if (args.file) {
    text = readText(args.file);
    name = args.file.fsPath;
  } else if (active && /^\s*(xdp:|tc:|\[\s*\{\s*"xdp")/m.test(active.getText().slice(0, 4096))) {
    text = active.getText();
    name = active.uri.fsPath || active.uri.toString();
  } else {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Verify',
      title: 'Verify Attachments: a `bpftool net show` listing (text or -j JSON)',
    });
    if (!picked?.[0]) return undefined;
    text = readText(picked[0]);
    name = picked[0].fsPath;
  }
  try {
    const settings = readConfig();
    let mode = args.mode ?? settings.mode;
    let versionText =
      args.ciliumVersion ?? (settings.ciliumVersion === 'auto' ? undefined : settings.ciliumVersion);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (settings.topologyFile && folder && !args.mode) {
      const uri = settings.topologyFile.startsWith('/')
        ? vscode.Uri.file(settings.topologyFile)
        : vscode.Uri.joinPath(folder, settings.topologyFile);
      try {
        const topology = parseTopology(readText(uri), uri.fsPath);
        if (topology.mode && (DATAPATH_MODES as readonly string[]).includes(topology.mode))
          mode = topology.mode;
        versionText ??= topology.ciliumVersion;
      } catch {
        // the trace commands report a broken topology; verification falls back to the settings
      }
    }
    const version = versionOrDefault(versionText);
    const result = verifyAttachments(parseBpftoolNet(text, name), configFor(mode, version), version);
    if (args.show === false) return result;
    const items = result.findings.map((f) => ({
      label: `${ICON[f.status]} ${f.status}: ${f.device} ${f.hook}`,
      description: f.program
        ? `${f.program.file} ${f.program.function}()`
        : f.expected
          ? `${f.expected.file} ${f.expected.function}()`
          : (f.attached?.name ?? ''),
      detail: `${f.note}${f.cite ? ` [${f.cite}]` : ''}`,
      finding: f,
    }));
    const pick = await vscode.window.showQuickPick(items, {
      title: `Attachments vs Cilium ${result.ciliumVersion} ${mode}: ${result.counts.agree} agree, ${result.counts.missing} missing, ${result.counts.unexpected} unexpected, ${result.counts['not-modelled']} not modelled`,
      matchOnDetail: true,
    });
    const program = pick?.finding.program ?? pick?.finding.expected;
    if (program) await vscode.commands.executeCommand('ciliumDatapath.openProgramSource', program);
    return result;
  } catch (e) {
    void vscode.window.showErrorMessage(`Cilium Datapath: ${(e as Error).message}`);
    return undefined;
  }
}
