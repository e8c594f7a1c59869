/** Finds and reads a checkout's BPF sources from disk (used by the server and the CLI). */
import {
  closeSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  type Dirent,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import { join, relative, sep } from 'node:path';
import {
  DECLARING_NEEDLES,
  emptyFileIndex,
  indexFile,
  MAX_INDEXED_BYTES,
  overLimitError,
  type FileIndex,
} from '../core';

export interface CheckoutFiles {
  /** the directory paths are relative to (the checkout root) */
  root: string;
  /** the bpf/ directory */
  bpfDir: string;
  files: string[];
  versionText?: string;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `dir` is a checkout root (with bpf/) or a bpf/ folder itself. Returns undefined when neither.
 * Synchronous: a walk of a few hundred entries finishes before the thread pool would have answered.
 */
export function findCheckoutSync(dir: string): CheckoutFiles | undefined {
  let root = dir;
  let bpfDir = join(dir, 'bpf');
  if (!isDir(bpfDir)) {
    if (!isDir(dir)) return undefined;
    if (!readdirSync(dir).some((e) => /^bpf_\w+\.c$/.test(e))) return undefined;
    bpfDir = dir;
    root = join(dir, '..');
  }
  const files: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 8) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return; // unreadable folder: skip it, index the rest
    }
    for (const entry of entries) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, depth + 1);
      } else if (entry.isFile() && /\.(c|h)$/.test(entry.name)) files.push(full);
    }
  };
  walk(bpfDir, 0);
  files.sort();
  let versionText: string | undefined;
  try {
    versionText = readFileSync(join(root, 'VERSION'), 'utf8');
  } catch {
    versionText = undefined;
  }
  return { root, bpfDir, files, ...(versionText !== undefined ? { versionText } : {}) };
}

export function relativePath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/**
 * Reads and indexes a whole checkout synchronously: the fastest way to index a tree once (start-up
 * scan, CLI). Async reads of ~150 small files spent more time in the thread pool and the promise
 * machinery than in indexing. With `declarationsOnly`, files that cannot declare a program are read
 * but not indexed (the CLI's `index` prints declarations only).
 */
export function indexCheckoutSync(
  checkout: CheckoutFiles,
  options: { declarationsOnly?: boolean } = {},
): FileIndex[] {
  return checkout.files.map((file) => indexDiskFileSync(checkout.root, file, options));
}

/** `mayDeclare`'s needles as bytes: a file without any cannot declare a program. */
const DECLARING_BYTES = DECLARING_NEEDLES.map((s) => Buffer.from(s));

/** One read buffer reused for every file: no per-file allocation, nothing for the GC to copy. */
let scratch = Buffer.allocUnsafe(1 << 18);

function readInto(fd: number, size: number): Buffer {
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, scratch.length * 2));
  let n = 0;
  while (n < size) {
    const r = readSync(fd, scratch, n, size - n, n);
    if (r === 0) break;
    n += r;
  }
  return scratch.subarray(0, n);
}

/**
 * One file, synchronously (see indexCheckoutSync). Never throws: problems become `error`.
 * The bytes are searched before they are decoded: with `declarationsOnly`, a file without any
 * annotation keyword is never turned into a string (most of a tree; profiling the cold CLI showed
 * UTF-8 decoding and the scavenges it caused as its largest costs after Node's own start-up).
 */
export function indexDiskFileSync(
  root: string,
  file: string,
  options: { declarationsOnly?: boolean } = {},
): FileIndex {
  const path = relativePath(root, file);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_INDEXED_BYTES) return emptyFileIndex(path, size, overLimitError(size));
    const bytes = readInto(fd, size);
    if (
      options.declarationsOnly &&
      bytes.indexOf(0) < 0 &&
      !DECLARING_BYTES.some((needle) => bytes.indexOf(needle) >= 0)
    )
      return emptyFileIndex(path, bytes.length);
    // pure ASCII (nearly every BPF file) decodes byte for byte; otherwise invalid UTF-8 becomes
    // U+FFFD; NUL bytes survive so the indexer can call the file binary
    return indexFile(path, bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'), options);
  } catch (e) {
    return emptyFileIndex(path, 0, `unreadable: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
