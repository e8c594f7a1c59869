/**
 * `file:line` of a drop notification → the checkout's file and enclosing function, and whether that
 * line holds a drop site at all (the datapath passes `__LINE__` of its `send_drop_notify*` call,
 * bpf/lib/drop.h). A line that holds none most likely comes from another release than the checkout.
 */
import type { FileIndex } from '../indexer/index-types';

/** What the explainer may read of a checkout. */
export interface CheckoutView {
  /** the index entry of a checkout-relative path ("bpf/bpf_lxc.c"), if indexed */
  fileIndex(path: string): FileIndex | undefined;
  /** the text of a 1-based line of that file, or undefined when it cannot be read */
  lineText(path: string, line: number): string | undefined;
}

export interface Location {
  path?: string;
  function?: string;
  warnings: string[];
}

/** `bpf_lxc.c` → bpf/bpf_lxc.c; `lib/icmp6.h` and `nodeport.h` (v1.13+ header ids) → bpf/lib/… */
export function candidatePaths(file: string): string[] {
  const clean = file.replace(/^\.?\/+/, '').replace(/^bpf\//, '');
  const out = [`bpf/${clean}`];
  if (!clean.includes('/')) out.push(`bpf/lib/${clean}`);
  return out;
}

const DROP_SITE = /\b(?:_?send_drop_notify\w*|drop_for_direction|ctx_drop_ext)\s*\(/;
const DROP_CONST = /\bDROP_[A-Z0-9_]+\b/g;

export function locateDrop(
  file: string,
  line: number,
  reasons: readonly string[],
  view: CheckoutView,
): Location {
  const warnings: string[] = [];
  const path = candidatePaths(file).find((p) => view.fileIndex(p) !== undefined);
  if (!path) {
    warnings.push(
      `${file} is not a file of this checkout's bpf/ (looked for ${candidatePaths(file).join(', ')})`,
    );
    return { warnings };
  }
  const index = view.fileIndex(path)!;
  const fn = index.functions.find((f) => f.line <= line && line <= f.endLine);
  if (!fn)
    warnings.push(
      `line ${line} of ${path} is outside every function in this checkout: does the line belong to another release?`,
    );
  // the call whose __LINE__ the notification carries: this line, or a call that starts up to two lines above
  const window: string[] = [];
  for (let l = Math.max(1, line - 2); l <= line; l++) {
    const text = view.lineText(path, l);
    if (text !== undefined) window.push(text);
  }
  const here = view.lineText(path, line);
  if (here === undefined)
    warnings.push(`${path} has no line ${line} in this checkout: the line belongs to another release?`);
  else if (!window.some((t) => DROP_SITE.test(t)))
    warnings.push(
      `line ${line} of ${path} holds no drop notification in this checkout (${here.trim() ? `\`${here.trim().slice(0, 80)}\`` : 'an empty line'}): the line belongs to another release?`,
    );
  else if (reasons.length) {
    const named = window.flatMap((t) => t.match(DROP_CONST) ?? []);
    if (named.length && !named.some((n) => reasons.includes(n)))
      warnings.push(
        `line ${line} of ${path} drops with ${[...new Set(named)].join(', ')}, not ${reasons.join(' / ')}: the line belongs to another release?`,
      );
  }
  return { path, ...(fn ? { function: fn.name } : {}), warnings };
}
