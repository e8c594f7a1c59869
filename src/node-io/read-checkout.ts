/** Finds and reads a checkout's BPF sources from disk (used by the server and the CLI). */
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { indexFile, MAX_INDEXED_BYTES, type FileIndex } from '../core';

export interface CheckoutFiles {
  /** the directory paths are relative to (the checkout root) */
  root: string;
  /** the bpf/ directory */
  bpfDir: string;
  files: string[];
  versionText?: string;
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** `dir` is a checkout root (with bpf/) or a bpf/ folder itself. Returns undefined when neither. */
export async function findCheckout(dir: string): Promise<CheckoutFiles | undefined> {
  let root = dir;
  let bpfDir = join(dir, 'bpf');
  if (!(await isDir(bpfDir))) {
    if (!(await isDir(dir))) return undefined;
    const entries = await fs.readdir(dir);
    if (!entries.some((e) => /^bpf_\w+\.c$/.test(e))) return undefined;
    bpfDir = dir;
    root = join(dir, '..');
  }
  const files: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full, depth + 1);
      } else if (entry.isFile() && /\.(c|h)$/.test(entry.name)) files.push(full);
    }
  };
  await walk(bpfDir, 0);
  files.sort();
  let versionText: string | undefined;
  try {
    versionText = await fs.readFile(join(root, 'VERSION'), 'utf8');
  } catch {
    versionText = undefined;
  }
  return { root, bpfDir, files, ...(versionText !== undefined ? { versionText } : {}) };
}

export function relativePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/** Reads and indexes one file; over-large files are not read whole. */
export async function indexDiskFile(root: string, file: string): Promise<FileIndex> {
  const path = relativePath(root, file);
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_INDEXED_BYTES) {
      return {
        path,
        declarations: [],
        sites: [],
        defines: [],
        includes: [],
        functions: [],
        bytes: stat.size,
        error: `${(stat.size / 1048576).toFixed(1)} MB is over the ${MAX_INDEXED_BYTES / 1048576} MB limit for indexed files`,
      };
    }
    const buffer = await fs.readFile(file);
    return indexFile(path, decodeUtf8(buffer));
  } catch (e) {
    return {
      path,
      declarations: [],
      sites: [],
      defines: [],
      includes: [],
      functions: [],
      bytes: 0,
      error: `unreadable: ${(e as Error).message}`,
    };
  }
}

/** Invalid UTF-8 becomes U+FFFD (never throws); NUL bytes survive so the indexer can call it binary. */
export function decodeUtf8(buffer: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(buffer);
}
