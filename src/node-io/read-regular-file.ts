/**
 * The one way this product reads a file it did not write: open without blocking (O_NONBLOCK: a FIFO
 * without a writer, a terminal or a device never parks the thread), fstat the open descriptor, refuse
 * anything that is not a regular file or is over the size limit, then read at most that many bytes.
 * A symlink to /dev/zero, a FIFO named VERSION or a directory named like a source file all end here
 * with a clear error naming the file, before a single byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a file was not read; `message` names the file. */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly kind: 'not-regular' | 'too-large' | 'unreadable',
  ) {
    super(message);
  }
}

export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0);

/** Opens `path` for reading without blocking and checks it is a regular file. The caller closes `fd`. */
export function openRegularFileSync(
  path: string,
  what = path,
): { fd: number; size: number; mtimeMs: number } {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new FileReadError(`${what}: ${err.code ?? err.message}`, path, 'unreadable');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      throw new FileReadError(`${what} is ${fileKind(st)}, not a regular file`, path, 'not-regular');
    return { fd, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

export function tooLargeMessage(what: string, bytes: number, limit: number): string {
  const mb = (n: number): string => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${n} bytes`);
  return `${what} is ${mb(bytes)}, over the ${mb(limit)} limit`;
}

/**
 * Reads a whole regular file of at most `limit` bytes. Throws FileReadError (not regular, too large,
 * unreadable); the message names `what` (default: the path).
 */
export function readRegularFileSync(path: string, limit: number, what = path): Buffer {
  const { fd, size } = openRegularFileSync(path, what);
  try {
    if (size > limit) throw new FileReadError(tooLargeMessage(what, size, limit), path, 'too-large');
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      let r: number;
      try {
        r = readSync(fd, buf, n, size - n, n);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        throw new FileReadError(`${what}: ${err.code ?? err.message}`, path, 'unreadable');
      }
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Size limits of the files read besides sources (sources: MAX_INDEXED_BYTES in the core). */
export const MAX_VERSION_BYTES = 4096;
export const MAX_TOPOLOGY_BYTES = 32 * 1024 * 1024;
