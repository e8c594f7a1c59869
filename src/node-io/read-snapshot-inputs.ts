/**
 * The files of a cluster snapshot as the editor's Import Cluster Snapshot… gets them: any mix of
 * kubectl dumps, folders of them (one level, *.yaml|yml|json|zip) and cilium-sysdump zips. Each file
 * is read as a regular file under the size limit and sorted by the kinds it holds; manifests a zip
 * holds are returned for the caller to write beside the topology (the server never writes).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { agentVersionOfDaemonSet, classifyInput, type InputFile, type SnapshotInput } from '../core/cluster';
import { MAX_TOPOLOGY_BYTES, readRegularFileSync } from './read-regular-file';
import { readSysdump } from './read-sysdump';

export interface SnapshotFiles {
  input: SnapshotInput;
  /** manifests taken out of a zip: `path` relative to the topology's folder */
  writes: Array<{ path: string; text: string }>;
  /** files left out, and why */
  skipped: string[];
}

function expand(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // a missing file is reported when it is read
    }
    if (isDir)
      for (const name of readdirSync(p).sort())
        if (/\.(ya?ml|json|zip)$/i.test(name) && statSync(join(p, name)).isFile()) out.push(join(p, name));
    if (!isDir) out.push(p);
  }
  return out;
}

/** `outputDir` is where the topology will be written; `outputName` its file name. */
export async function readSnapshotFiles(
  paths: readonly string[],
  outputDir: string,
  outputName: string,
): Promise<SnapshotFiles> {
  let config: InputFile | undefined;
  const nodes: InputFile[] = [];
  const endpoints: InputFile[] = [];
  const manifests: Array<InputFile & { path: string }> = [];
  const writes: SnapshotFiles['writes'] = [];
  const skipped: string[] = [];
  let detectedVersion: SnapshotInput['detectedVersion'];
  const manifestDir = `${outputName.replace(/\.json$/i, '')}-manifests`;
  for (const path of expand(paths)) {
    if (/\.zip$/i.test(path)) {
      for (const f of await readSysdump(path)) {
        if (f.role === 'config') config ??= f;
        else if (f.role === 'nodes') nodes.push(f);
        else if (f.role === 'endpoints') endpoints.push(f);
        else if (f.role === 'daemonset') {
          const version = agentVersionOfDaemonSet(f.text, f.file);
          if (version) detectedVersion = { version, source: f.file };
        } else {
          const rel = `${manifestDir}/${f.entry.split('/').pop()!}`;
          manifests.push({ file: f.file, text: f.text, path: rel });
          writes.push({ path: rel, text: f.text });
        }
      }
      continue;
    }
    const file = { file: path, text: readRegularFileSync(path, MAX_TOPOLOGY_BYTES).toString('utf8') };
    const kind = classifyInput(file.text, path);
    if ('skip' in kind) {
      skipped.push(`${path}: ${kind.skip}`);
      continue;
    }
    if (kind.role === 'config') {
      if (config) skipped.push(`${path}: a second ConfigMap (${config.file} is used)`);
      else config = file;
    } else if (kind.role === 'nodes') nodes.push(file);
    else if (kind.role === 'endpoints') endpoints.push(file);
    else manifests.push({ ...file, path: relative(outputDir, resolve(path)).split('\\').join('/') });
  }
  return {
    input: {
      ...(config ? { config } : {}),
      nodes,
      endpoints,
      manifests,
      ...(detectedVersion ? { detectedVersion } : {}),
    },
    writes,
    skipped,
  };
}
