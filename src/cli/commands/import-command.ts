/**
 * `cilium-datapath import`: kubectl dumps (or a cilium-sysdump zip) → a topology file that validates
 * and traces pod to pod by the pods' real names.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { agentVersionOfDaemonSet, formatWarning, importSnapshot, type InputFile } from '../../core/cluster';
import { parseCiliumVersion } from '../../core';
import { FileReadError } from '../../node-io/read-regular-file';
import { readSysdump } from '../../node-io/read-sysdump';
import { flag, parseArgs, UsageError, type Io } from '../args';

export const IMPORT_USAGE =
  'cilium-datapath import [--config cilium-config.yaml] [--nodes ciliumnodes.json …] [--endpoints ciliumendpoints.json …] [--manifest services-and-policies.yaml …] [--sysdump cilium-sysdump.zip] [--cilium-version vX.Y] [--name text] -o topology.json';

function read(io: Io, path: string, what: string): InputFile {
  try {
    return { file: path, text: io.readFile(path) };
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`Cannot read ${what} ${path}: ${err.code ?? err.message}.`);
  }
}

/** Relative path from the topology's folder, with forward slashes (the topology format's paths). */
function relativeTo(outDir: string, file: string): string {
  return relative(outDir, resolve(file)).split('\\').join('/');
}

export async function importCommand(argv: readonly string[], io: Io): Promise<void> {
  const args = parseArgs(
    argv.map((a) => (a === '-o' ? '--output' : a)),
    ['config', 'sysdump', 'output', 'cilium-version', 'name'],
    [],
    ['nodes', 'endpoints', 'manifest'],
  );
  if (args.positional.length)
    throw new UsageError(`Unexpected argument "${args.positional[0]!.slice(0, 40)}". Usage: ${IMPORT_USAGE}`);
  const output = flag(args, 'output');
  if (!output) throw new UsageError(`import needs -o topology.json. Usage: ${IMPORT_USAGE}`);
  const version = flag(args, 'cilium-version');
  if (version !== undefined) parseCiliumVersion(version); // a clear error before any file is read
  const outDir = dirname(resolve(output));

  const configPath = flag(args, 'config');
  let config = configPath ? read(io, configPath, 'cilium-config') : undefined;
  const nodes = (args.lists.get('nodes') ?? []).map((p) => read(io, p, 'CiliumNode file'));
  const endpoints = (args.lists.get('endpoints') ?? []).map((p) => read(io, p, 'CiliumEndpoint file'));
  const manifests = (args.lists.get('manifest') ?? []).map((p) => ({
    ...read(io, p, 'manifest'),
    path: relativeTo(outDir, p),
  }));
  const pendingWrites: Array<{ path: string; text: string }> = [];
  let detectedVersion: { version: string; source: string } | undefined;
  const sysdump = flag(args, 'sysdump');
  if (sysdump) {
    const files = await readSysdump(sysdump);
    const of = (role: string) => files.filter((f) => f.role === role);
    if (!of('nodes').length && !of('endpoints').length && !of('config').length)
      throw new UsageError(
        `${sysdump} holds none of cilium-configmap-<ts>.yaml, ciliumnodes-<ts>.yaml, ciliumendpoints-<ts>.yaml: is it a cilium-sysdump zip?`,
      );
    if (!config && of('config')[0]) config = of('config')[0];
    if (!nodes.length) nodes.push(...of('nodes'));
    if (!endpoints.length) endpoints.push(...of('endpoints'));
    const folder = `${basename(output).replace(/\.json$/i, '')}-manifests`;
    for (const m of of('manifest')) {
      const name = basename(m.entry);
      const path = `${folder}/${name}`;
      manifests.push({ file: m.file, text: m.text, path });
      pendingWrites.push({ path: resolve(outDir, path), text: m.text });
    }
    for (const d of of('daemonset')) {
      const v = agentVersionOfDaemonSet(d.text, d.file);
      if (v) detectedVersion = { version: v, source: d.file };
    }
  }
  if (!nodes.length || !endpoints.length)
    throw new UsageError(
      `import needs CiliumNodes and CiliumEndpoints: give --nodes and --endpoints (kubectl get ciliumnodes / ciliumendpoints -A -o yaml) or --sysdump. Usage: ${IMPORT_USAGE}`,
    );
  const name = flag(args, 'name');
  const result = importSnapshot({
    ...(config ? { config } : {}),
    nodes,
    endpoints,
    manifests,
    ...(version ? { ciliumVersion: version } : {}),
    ...(detectedVersion ? { detectedVersion } : {}),
    ...(name ? { name } : {}),
  });
  // the topology's folder must exist; a sysdump's manifests go to one new folder inside it (no
  // recursive mkdir: on /proc it never returns)
  const write = (path: string, text: string, makeFolder: boolean): void => {
    try {
      if (makeFolder && !existsSync(dirname(path))) mkdirSync(dirname(path));
      writeFileSync(path, text);
    } catch (e) {
      throw new UsageError(
        `Cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      );
    }
  };
  write(output, JSON.stringify(result.topology, null, 2) + '\n', false);
  for (const w of pendingWrites) write(w.path, w.text, true);
  const t = result.topology as {
    nodes: unknown[];
    pods: Array<{ name: string }>;
    mode?: string;
    ciliumVersion?: string;
  };
  io.out(
    `Wrote ${output}: ${t.nodes.length} node(s), ${t.pods.length} pod(s)${t.mode ? `, mode ${t.mode}` : ''}${t.ciliumVersion ? `, Cilium ${t.ciliumVersion}` : ''}${manifests.length ? `, ${manifests.length} manifest file(s)` : ''}.`,
  );
  for (const w of result.warnings) io.out(`note: ${formatWarning(w)}`);
  const [a, b] = t.pods;
  if (a && b) io.out(`Try: cilium-datapath trace --topology ${output} --from ${a.name} --to ${b.name}`);
}
