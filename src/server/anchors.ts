/**
 * Anchors on the server: traces it answers carry `source` for each step (found in this checkout's
 * index, with the editor's text for open documents), and the steps of the checkout's seed trace that
 * have no site here become one information-level diagnostic each on the program's function
 * ("the model expects a tail call to CILIUM_CALL_IPV4_CT_EGRESS in tail_handle_ipv4; this checkout has
 * none — a different release or a patched tree?").
 */
import { join } from 'node:path';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver/node';
import { anchorTrace, FunctionLocator, MAX_INDEXED_BYTES, trace, type AnchorMiss, type Trace } from '../core';
import { readRegularFileSync } from '../node-io/read-regular-file';
import type { WorkspaceState } from './workspace-state';

interface Cached {
  generation: number;
  mode: string;
  version: string;
  locator: FunctionLocator;
  texts: Map<string, string | undefined>;
  misses?: Array<{ file: string; line: number; message: string }>;
}

export class Anchors {
  private readonly cache = new WeakMap<WorkspaceState, Cached>();

  /** `openText(uri)`: the editor's text of an open document */
  constructor(private readonly openText: (uri: string) => string | undefined) {}

  private cached(state: WorkspaceState): Cached {
    const c = this.cache.get(state);
    const mode = state.settings.mode;
    const version = state.version();
    if (c && c.generation === state.generation && c.mode === mode && c.version === version) return c;
    const fresh: Cached = {
      generation: state.generation,
      mode,
      version,
      locator: FunctionLocator.for(state.index),
      texts: new Map(),
    };
    this.cache.set(state, fresh);
    return fresh;
  }

  private text(state: WorkspaceState, c: Cached, rel: string): string | undefined {
    if (!c.texts.has(rel)) {
      let text = this.openText(state.uriOf(rel));
      if (text === undefined && state.root && state.index.get(rel)) {
        try {
          text = readRegularFileSync(join(state.root, rel), MAX_INDEXED_BYTES, rel).toString('utf8');
        } catch {
          text = undefined;
        }
      }
      c.texts.set(rel, text);
    }
    return c.texts.get(rel);
  }

  /** The trace with each step anchored in this checkout (no checkout: unchanged). */
  anchor(state: WorkspaceState, t: Trace): { trace: Trace; misses: AnchorMiss[] } {
    if (!state.root || state.index.size === 0) return { trace: t, misses: [] };
    const c = this.cached(state);
    return anchorTrace(t, state.index, { locator: c.locator, text: (f) => this.text(state, c, f) });
  }

  /**
   * The diagnostics of `rel`: the seed trace of the current mode (the first pod to the last pod of
   * another node, pod0 → pod3 on the seed topology), each step without a site reported once, on the line
   * of the function the model expected it in.
   */
  diagnostics(state: WorkspaceState, rel: string): Diagnostic[] {
    if (!state.root || state.index.size === 0) return [];
    const c = this.cached(state);
    c.misses ??= this.seedMisses(state, c);
    return c.misses
      .filter((m) => m.file === rel)
      .map((m) =>
        Diagnostic.create(
          Range.create(m.line - 1, 0, m.line - 1, 0),
          m.message,
          DiagnosticSeverity.Information,
          'anchor-missing',
          'cilium-datapath',
        ),
      );
  }

  private seedMisses(
    state: WorkspaceState,
    c: Cached,
  ): Array<{ file: string; line: number; message: string }> {
    const pods = state.topology.pods;
    const from = pods[0];
    const to = [...pods].reverse().find((p) => p.node !== from?.node) ?? pods[pods.length - 1];
    if (!from || !to || from === to) return [];
    let seed: Trace;
    try {
      seed = trace({ mode: c.mode, from: from.name, to: to.name, ciliumVersion: c.version }, state.topology);
    } catch {
      return []; // a mode the release lacks: the trace request reports it
    }
    const { misses } = this.anchor(state, seed);
    const out: Array<{ file: string; line: number; message: string }> = [];
    const seen = new Set<string>();
    for (const miss of misses) {
      const message = `${miss.note} — a different release or a patched tree?`;
      if (seen.has(message)) continue;
      seen.add(message);
      const prefer = miss.program ? [miss.program.file] : [];
      const fn =
        c.locator.find(miss.function, prefer) ??
        (miss.program && c.locator.find(miss.program.function, prefer));
      if (!fn) continue;
      // on the function's name where a declaration names it, else where its body opens
      const declared = state.index.get(fn.file)?.declarations.find((d) => d.function === fn.name);
      out.push({
        file: fn.file,
        line: declared?.nameRange.line ?? fn.span?.line ?? fn.declarationLine ?? 1,
        message,
      });
    }
    return out;
  }
}
