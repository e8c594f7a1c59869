/**
 * Reads the files a cluster import needs out of a `cilium-sysdump-<ts>.zip` (cilium-cli's
 * `cilium sysdump`), with yauzl: the zip is opened as a regular file (read-regular-file.ts), only the
 * entries whose names the core picks (cluster/sysdump-files.ts) are inflated, each under a size limit,
 * and entry sizes are checked against what was inflated (a zip bomb ends as an error naming the entry).
 */
import { closeSync } from 'node:fs';
import { fromFdPromise, type Entry, type ZipFile } from 'yauzl';
import { sysdumpRole, type SysdumpRole } from '../core/cluster';
import { FileReadError, openRegularFileSync, tooLargeMessage } from './read-regular-file';

export const MAX_SYSDUMP_ENTRY_BYTES = 32 * 1024 * 1024;
export const MAX_SYSDUMP_ENTRIES = 200_000;

export interface SysdumpFile {
  role: SysdumpRole;
  /** "cilium-sysdump-20240101-120000.zip:cilium-sysdump-20240101-120000/ciliumnodes-20240101-120000.yaml" */
  file: string;
  entry: string;
  text: string;
}

async function readEntry(
  open: (e: Entry) => Promise<NodeJS.ReadableStream>,
  entry: Entry,
  what: string,
  limit: number,
): Promise<string> {
  const stream = await open(entry);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      throw new FileReadError(tooLargeMessage(what, total, limit), what, 'too-large');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `entryBytes`: the most an entry may inflate to (tests lower it). */
export async function readSysdump(
  path: string,
  entryBytes = MAX_SYSDUMP_ENTRY_BYTES,
): Promise<SysdumpFile[]> {
  const { fd } = openRegularFileSync(path);
  let zip: ZipFile;
  try {
    zip = await fromFdPromise(fd, { autoClose: false, strictFileNames: false, validateEntrySizes: true });
  } catch (e) {
    closeSync(fd);
    throw new FileReadError(
      `${path} is not a zip file (${(e as Error).message.slice(0, 100)})`,
      path,
      'unreadable',
    );
  }
  try {
    return await readZip(zip, path, entryBytes);
  } finally {
    zip.close(); // yauzl closes the descriptor once its last reader is done
  }
}

async function readZip(zip: ZipFile, path: string, entryBytes: number): Promise<SysdumpFile[]> {
  try {
    if (zip.entryCount > MAX_SYSDUMP_ENTRIES)
      throw new FileReadError(
        `${path} has ${zip.entryCount} entries, over the ${MAX_SYSDUMP_ENTRIES} limit`,
        path,
        'too-large',
      );
    const out: SysdumpFile[] = [];
    for await (const entry of zip.eachEntry()) {
      const role = sysdumpRole(entry.fileName);
      if (!role || entry.fileName.endsWith('/')) continue;
      const what = `${path}:${entry.fileName}`;
      if (entry.isEncrypted()) throw new FileReadError(`${what} is encrypted`, path, 'unreadable');
      if (entry.uncompressedSize > entryBytes)
        throw new FileReadError(tooLargeMessage(what, entry.uncompressedSize, entryBytes), path, 'too-large');
      let text: string;
      try {
        text = await readEntry((e) => zip.openReadStreamPromise(e), entry, what, entryBytes);
      } catch (e) {
        if (e instanceof FileReadError) throw e;
        throw new FileReadError(`${what}: ${(e as Error).message.slice(0, 120)}`, path, 'unreadable');
      }
      out.push({ role, file: what, entry: entry.fileName, text });
    }
    return out;
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new FileReadError(`${path}: ${(e as Error).message.slice(0, 120)}`, path, 'unreadable');
  }
}
