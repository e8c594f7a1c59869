/** Finds and reads a checkout's BPF sources from disk (used by the server and the CLI). */
import { closeSync, lstatSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { isAscii } from 'node:buffer';
import { isAbsolute, join, relative, sep } from 'node:path';
import {
  DECLARING_NEEDLES,
  emptyFileIndex,
  indexFile,
  MAX_INDEXED_BYTES,
  overLimitError,
  type FileIndex,
} from '../core';
import {
  FileReadError,
  MAX_VERSION_BYTES,
  openRegularFileSync,
  readRegularFileSync,
} from './read-regular-file';

export interface CheckoutFiles {
  /** the directory paths are relative to (the checkout root) */
  root: string;
  /** the bpf/ directory */
  bpfDir: string;
  /** the bpf/ directory with every symlink resolved (files read later must stay inside it) */
  bpfReal: string;
  files: string[];
  versionText?: string;
  /** what could not be read (checkout-relative path → reason): VERSION, folders, a bpf/ leading outside */
  problems: Array<{ path: string; reason: string }>;
}

/** At most this many source files per checkout: a tree larger than this is not a Cilium bpf/ tree. */
export const MAX_CHECKOUT_FILES = 20_000;

/** True when `path` is `dir` or inside it (both absolute, symlinks already resolved). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
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
 * Nothing outside `boundary` (default: `dir`; the server passes the workspace folder) is followed: a
 * `bpf` symlink leading out of it gives a checkout with no files and a problem saying so; symlinks
 * inside the tree are never followed; VERSION is read only if it is a small regular file inside it.
 * Synchronous: a walk of a few hundred entries finishes before the thread pool would have answered.
 * Throws FileReadError when `dir` itself cannot be listed.
 */
export function findCheckoutSync(dir: string, boundary: string = dir): CheckoutFiles | undefined {
  let root = dir;
  let bpfDir = join(dir, 'bpf');
  if (!isDir(bpfDir)) {
    if (!isDir(dir)) return undefined;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      throw new FileReadError(
        `cannot list ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        dir,
        'unreadable',
      );
    }
    if (!names.some((e) => /^bpf_\w+\.c$/.test(e))) return undefined;
    bpfDir = dir;
    root = join(dir, '..');
  }
  const boundaryReal = realpathOrSelf(boundary);
  const bpfReal = realpathOrSelf(bpfDir);
  const problems: CheckoutFiles['problems'] = [];
  const files: string[] = [];
  const rel = (p: string): string => relativePath(root, p) || '.';
  if (!isInside(boundaryReal, bpfReal)) {
    problems.push({
      path: rel(bpfDir),
      reason: `leads outside the workspace (to ${bpfReal}); symbolic links out of the workspace are not followed`,
    });
    return { root, bpfDir, bpfReal, files, problems };
  }
  const walk = (d: string, depth: number): void => {
    if (depth > 8) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      // unreadable folder: say so once, index the rest
      problems.push({
        path: rel(d),
        reason: `folder not readable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      });
      return;
    }
    for (const entry of entries) {
      if (files.length >= MAX_CHECKOUT_FILES) return;
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(full, depth + 1);
      } else if (entry.isFile() && /\.(c|h)$/.test(entry.name)) files.push(full);
    }
  };
  walk(bpfDir, 0);
  if (files.length >= MAX_CHECKOUT_FILES)
    problems.push({
      path: rel(bpfDir),
      reason: `more than ${MAX_CHECKOUT_FILES} source files; only the first ${MAX_CHECKOUT_FILES} are indexed`,
    });
  files.sort();
  let versionText: string | undefined;
  const versionPath = join(root, 'VERSION');
  try {
    lstatSync(versionPath);
    const real = realpathOrSelf(versionPath);
    if (!isInside(realpathOrSelf(root), real) && !isInside(boundaryReal, real))
      throw new FileReadError(
        `VERSION is a link outside the workspace (to ${real}), not followed`,
        versionPath,
        'not-regular',
      );
    versionText = readRegularFileSync(versionPath, MAX_VERSION_BYTES, 'VERSION').toString('utf8');
  } catch (e) {
    if (e instanceof FileReadError)
      problems.push({ path: 'VERSION', reason: e.message.replace(/^VERSION (is )?/, '') });
    versionText = undefined; // no VERSION (ENOENT from lstat): the default version
  }
  return { root, bpfDir, bpfReal, files, problems, ...(versionText !== undefined ? { versionText } : {}) };
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
  options: { declarationsOnly?: boolean; onRead?: (stamp: string) => void } = {},
): FileIndex {
  const path = relativePath(root, file);
  let fd: number | undefined;
  try {
    let size: number;
    let mtimeMs: number;
    ({ fd, size, mtimeMs } = openRegularFileSync(file, path));
    options.onRead?.(diskStamp(size, mtimeMs));
    if (size > MAX_INDEXED_BYTES) return emptyFileIndex(path, size, overLimitError(size));
    const bytes = readInto(fd, size);
    if (
      options.declarationsOnly &&
      bytes.indexOf(0) < 0 &&
      !DECLARING_BYTES.some((needle) => bytes.indexOf(needle) >= 0)
    )
      return emptyFileIndex(path, bytes.length);
    return indexFile(path, decodeSource(bytes), options);
  } catch (e) {
    if (e instanceof FileReadError && e.kind === 'not-regular')
      return emptyFileIndex(path, 0, e.message.replace(`${path} is `, ''));
    if (e instanceof FileReadError)
      return emptyFileIndex(path, 0, `unreadable: ${e.message.replace(`${path}: `, '')}`);
    return emptyFileIndex(path, 0, `unreadable: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * A source file's bytes as the indexer reads them: pure ASCII (nearly every BPF file) decodes byte
 * for byte; otherwise invalid UTF-8 becomes U+FFFD; NUL bytes survive so the indexer can call the
 * file binary.
 */
function decodeSource(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** What identifies one version of a file on disk: its size and modification time (ns precision on Linux). */
function diskStamp(size: number, mtimeMs: number): string {
  return `${size}:${mtimeMs}`;
}

/**
 * Whether the file still is the version indexDiskFileSync read (`stamp`, from its `onRead`) and
 * `text` is that file decoded the same way: a document just opened in the editor usually is, and its
 * entry indexed from disk then stands as it is. Never throws; anything unreadable, special, changed
 * since, or over the limit is "not the same".
 */
export function diskTextEquals(file: string, text: string, stamp: string): boolean {
  let fd: number | undefined;
  try {
    let size: number;
    let mtimeMs: number;
    ({ fd, size, mtimeMs } = openRegularFileSync(file, file));
    if (diskStamp(size, mtimeMs) !== stamp || size > MAX_INDEXED_BYTES || size < text.length) return false;
    const bytes = readInto(fd, size);
    return decodeSource(bytes) === text;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
