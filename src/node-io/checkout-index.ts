/**
 * A checkout read from disk as the anchor finder needs it: its SourceIndex and, on demand, the text of
 * a file (read once through the regular-file reader, under the indexer's size limit). Shared by the
 * CLI's `trace --checkout` and the debug adapter.
 */
import { join } from 'node:path';
import { MAX_INDEXED_BYTES, SourceIndex, versionFromFile, type CiliumVersion } from '../core';
import { findCheckoutSync, indexCheckoutSync, type CheckoutFiles } from './read-checkout';
import { readRegularFileSync } from './read-regular-file';

export interface LoadedCheckout {
  root: string;
  files: CheckoutFiles;
  index: SourceIndex;
  /** the checkout's VERSION, when it names a release */
  version: CiliumVersion | undefined;
  /** the text of a checkout-relative file, or undefined when it cannot be read */
  text(file: string): string | undefined;
}

export class CheckoutError extends Error {}

export function loadCheckoutSync(dir: string): LoadedCheckout {
  const files = findCheckoutSync(dir);
  if (!files)
    throw new CheckoutError(`${dir} is not a Cilium checkout: no bpf/ folder and no bpf_*.c files in it.`);
  if (!files.files.length)
    throw new CheckoutError(
      `nothing to index in ${dir}${files.problems.length ? `: ${files.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}` : ''}.`,
    );
  const index = new SourceIndex();
  for (const entry of indexCheckoutSync(files)) index.set(entry);
  index.versionText = files.versionText;
  const texts = new Map<string, string | undefined>();
  const known = new Set<string>();
  for (const entry of index.all()) known.add(entry.path);
  return {
    root: files.root,
    files,
    index,
    version: versionFromFile(files.versionText),
    text(file) {
      if (!known.has(file)) return undefined;
      if (!texts.has(file)) {
        try {
          texts.set(
            file,
            readRegularFileSync(join(files.root, file), MAX_INDEXED_BYTES, file).toString('utf8'),
          );
        } catch {
          texts.set(file, undefined);
        }
      }
      return texts.get(file);
    },
  };
}
