/** Standard input, read synchronously up to a limit (the CLI's `explain` reads pasted lines from it). */
import { readSync } from 'node:fs';
import { FileReadError } from './read-regular-file';

export function readStdinSync(limit: number, fd = 0): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new FileReadError(
        `cannot read standard input: ${code ?? (e as Error).message}`,
        '-',
        'unreadable',
      );
    }
    if (n === 0) break;
    total += n;
    if (total > limit)
      throw new FileReadError(`standard input is over the ${limit / 1048576} MB limit`, '-', 'too-large');
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
