/**
 * cilium/explain and cilium/locateSource: monitor and Hubble lines against a checkout of the window.
 * Lines of open documents are read from the editor's text (unsaved edits included), others from disk.
 */
import { isDatapathMode } from '../core';
import { candidatePaths, explainLine, observationLines, type CheckoutView } from '../core/observe';
import { diskCheckoutView } from '../node-io/checkout-view';
import {
  MAX_EXPLAIN_LINES,
  type ExplainLineResult,
  type ExplainParams,
  type ExplainResult,
  type LocateSourceParams,
  type LocateSourceResult,
} from '../protocol/lsp-protocol';
import type { WorkspaceState } from './workspace-state';

/** The text of an open document of that uri, if the editor has it open. */
export type OpenText = (uri: string) => string | undefined;

function viewOf(state: WorkspaceState, openText: OpenText): CheckoutView {
  const disk = diskCheckoutView(state.root ?? '/', (p) => state.index.get(p));
  return {
    fileIndex: (p) => state.index.get(p),
    lineText: (p, line) => {
      if (!state.root || !state.index.get(p)) return undefined;
      const open = openText(state.uriOf(p));
      if (open === undefined) return disk.lineText(p, line);
      const lines = open.split(/\r?\n/);
      return line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
    },
  };
}

export function explainText(state: WorkspaceState, p: ExplainParams, openText: OpenText): ExplainResult {
  const lines = observationLines(typeof p.text === 'string' ? p.text : '');
  const read = lines.slice(0, MAX_EXPLAIN_LINES);
  const setting = state.settings.ciliumVersion !== 'auto' ? state.settings.ciliumVersion : undefined;
  const ciliumVersion = typeof p.ciliumVersion === 'string' ? p.ciliumVersion : setting;
  const checkoutVersion = state.root ? state.detectedVersion() : undefined;
  const mode = typeof p.mode === 'string' && isDatapathMode(p.mode) ? p.mode : state.settings.mode;
  const checkout = state.root ? viewOf(state, openText) : undefined;
  const results: ExplainLineResult[] = read.map((line) => {
    const r = explainLine(line, {
      ...(ciliumVersion ? { ciliumVersion } : {}),
      ...(checkoutVersion ? { checkoutVersion } : {}),
      ...(checkout ? { checkout } : {}),
      topology: state.topology,
      mode,
      ...(state.policies ? { policies: state.policies } : {}),
    });
    if (!r.ok) return { ok: false, input: r.input, error: r.error };
    const o = r.observation;
    return {
      ok: true,
      observation: o,
      ...(o.path && o.line !== undefined ? { source: { uri: state.uriOf(o.path), line: o.line - 1 } } : {}),
    };
  });
  return { results, ...(lines.length > read.length ? { truncated: lines.length - read.length } : {}) };
}

/** The first checkout (the scoped one first) holding the file; the line must exist in it. */
export function locateSource(
  states: readonly WorkspaceState[],
  p: LocateSourceParams,
  openText: OpenText,
): LocateSourceResult {
  if (typeof p.file !== 'string' || !Number.isInteger(p.line) || p.line < 1 || p.file.length > 200)
    return null;
  for (const state of states) {
    if (!state.root) continue;
    const path = candidatePaths(p.file).find((c) => state.index.get(c));
    if (!path) continue;
    const view = viewOf(state, openText);
    const line = view.lineText(path, p.line) !== undefined ? p.line : 1;
    const fn = state.index.get(path)!.functions.find((f) => f.line <= p.line && p.line <= f.endLine);
    return { uri: state.uriOf(path), line: line - 1, ...(fn ? { function: fn.name } : {}) };
  }
  return null;
}
