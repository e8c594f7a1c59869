/**
 * A checkout on disk as the explainer reads it (src/core/observe/locate.ts): its index, and single
 * lines of its files, read on demand through the one file reader (regular files, size-limited).
 */
import { join } from 'node:path';
import { MAX_INDEXED_BYTES, type FileIndex } from '../core';
import type { CheckoutView } from '../core/observe';
import { readRegularFileSync } from './read-regular-file';

export function diskCheckoutView(root: string, index: (path: string) => FileIndex | undefined): CheckoutView {
  const lines = new Map<string, string[] | null>();
  const linesOf = (path: string): string[] | null => {
    if (!lines.has(path)) {
      try {
        lines.set(
          path,
          readRegularFileSync(join(root, path), MAX_INDEXED_BYTES, path).toString('utf8').split(/\r?\n/),
        );
      } catch {
        lines.set(path, null);
      }
    }
    return lines.get(path)!;
  };
  return {
    fileIndex: index,
    lineText: (path, line) => {
      if (!index(path)) return undefined;
      const all = linesOf(path);
      return all && line >= 1 && line <= all.length ? all[line - 1] : undefined;
    },
  };
}
