/** LSP features computed from the workspace state: CodeLens, hover, navigation, symbols, diagnostics. */
import {
  type CodeLens,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  Location,
  MarkupKind,
  Position,
  Range,
  SymbolInformation,
  SymbolKind,
  type Hover,
} from 'vscode-languageserver/node';
import type { ConfigLayer } from '../core/model/cilium-config';
import {
  attachmentSummary,
  resolveHook,
  MODES,
  versionOrDefault,
  type DatapathMode,
  type HookName,
  siteKind,
  type Declaration,
  type FileIndex,
  type FunctionSpan,
  type TailCallSite,
  type TextRange,
  translationDoc,
} from '../core';
import { SIMULATE_COMMAND, RESOLVE_COMMAND, STEP_THROUGH_COMMAND } from '../protocol/lsp-protocol';
import { hookOf, mapMarkdown, programMarkdown, slotMarkdown } from './program-docs';
import { code, plain } from './markdown';
import { whatIsAt } from './what-is-at';
import type { WorkspaceState } from './workspace-state';

const SIMULATABLE = new Set(['from-container', 'from-overlay', 'from-netdev', 'policy']);

export function toRange(r: TextRange): Range {
  return Range.create(r.line - 1, r.character, r.line - 1, r.character + r.length);
}

function lineRange(line: number): Range {
  return Range.create(line - 1, 0, line - 1, 0);
}

/**
 * A document's lenses, linear in its declarations and independent of the rest of the tree: ranges
 * and the titles that need only the model (attach points, entry programs) at once; a tail-call
 * target's title (its callers, across the tree) is filled in by `resolveTailLens` when the editor
 * shows that lens (codeLens/resolve). `data` is the document's id (see `lensData`).
 */
export function codeLenses(state: WorkspaceState, uri: string, data: number): CodeLens[] {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!rel || !entry || !state.settings.codeLens.enabled) return [];
  const version = state.version();
  const mode = state.settings.mode;
  const layers = state.configLayers();
  // the same index entry (no edit since, or only edits that move no lens), release, mode and
  // cilium-config keys: the same lenses
  const key = `${uri}\0${version}\0${mode}\0${data}\0${JSON.stringify(layers.map((l) => l.keys))}`;
  const cached = lensCache.get(entry);
  if (cached?.key === key) return cached.lenses;
  // re-indexed, but the same declarations where the lenses look (line, kind, name, section, map):
  // the lenses answered for the entry before (an edit costs no lens rebuild)
  const previous = lastLenses.get(uri);
  if (previous?.key === key && sameLensShape(previous.entry.declarations, entry.declarations)) {
    lensCache.set(entry, { key, lenses: previous.lenses });
    lastLenses.set(uri, { ...previous, entry });
    return previous.lenses;
  }
  const lenses: CodeLens[] = [];
  lensCache.set(entry, { key, lenses });
  lastLenses.set(uri, { entry, key, lenses });
  for (const d of entry.declarations) {
    const range = lineRange(d.line);
    const hook = hookOf(rel, d);
    if (hook) {
      const custom = layers.length ? customSummary(hook, version, mode, layers) : undefined;
      const preset = hookTitle(hook, version, mode);
      lenses.push({
        range,
        command: {
          title: custom ? `${attachmentSummary(hook, version)} · ${custom}` : preset,
          command: RESOLVE_COMMAND,
          arguments: [{ hook, mode }],
        },
      });
      if (SIMULATABLE.has(hook) && simulatable(hook, mode)) {
        lenses.push({
          range,
          command: {
            title: '▶ Simulate from here',
            command: SIMULATE_COMMAND,
            arguments: [{ hook, mode, uri, line: d.line - 1 }],
          },
        });
        lenses.push({
          range,
          command: {
            title: '⏯ Step through',
            command: STEP_THROUGH_COMMAND,
            arguments: [{ hook, mode, uri, line: d.line - 1 }],
          },
        });
      }
    } else if (d.kind === 'tail') lenses.push({ range, data });
    else
      lenses.push({
        range,
        command: {
          title: `entry program "${d.section ?? d.function}" (not in the datapath model)`,
          command: '',
        },
      });
  }
  return lenses;
}

/**
 * "custom (active): lxc veth tc egress (tcx)" when the cilium-config keys make the active configuration
 * differ from the mode's preset; undefined when it is the preset (or the keys are invalid: the trace says why).
 */
function customSummary(
  hook: HookName,
  version: string,
  mode: DatapathMode,
  layers: readonly ConfigLayer[],
): string | undefined {
  try {
    const r = resolveHook(hook, mode, version, layers);
    if (r.preset !== 'custom') return undefined;
    const where = r.attachments
      .filter((a) => !a.condition.startsWith('not in this configuration'))
      .map((a) => `${a.device} ${a.attach && a.attach !== 'tc' ? a.attach : 'tc'} ${a.direction}`);
    return `custom (active): ${where.length ? [...new Set(where)].join(', ') : r.reachedThrough ? `via ${r.reachedThrough}` : 'not attached'}`;
  } catch (e) {
    return `custom (active): ${(e as Error).message.slice(0, 120)}`;
  }
}

/** per index entry (replaced on re-index): the last lenses answered for it */
const lensCache = new WeakMap<object, { key: string; lenses: CodeLens[] }>();
/** per document: the entry its lenses were last built from (to carry them over a re-index) */
const lastLenses = new Map<string, { entry: FileIndex; key: string; lenses: CodeLens[] }>();

/** Everything codeLenses reads from a declaration (hookOf: map, section, function, kind; the line). */
function sameLensShape(a: readonly Declaration[], b: readonly Declaration[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.line !== y.line ||
      x.kind !== y.kind ||
      x.function !== y.function ||
      x.section !== y.section ||
      x.map !== y.map
    )
      return false;
  }
  return true;
}

/** The title of a tail-call target's lens on `line` (0-based): its slot, value and callers. */
export function resolveTailLens(state: WorkspaceState, uri: string, line: number): string {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  const d = entry?.declarations.find((x) => x.line - 1 === line && x.kind === 'tail');
  if (!rel || !d) return 'tail call target';
  const value = d.callId ? state.index.slotValue(d.callId) : undefined;
  const callers = state.callersOf(rel, d);
  const from = callers.length
    ? `called from ${[...new Set(callers.map((c) => `${c.site.enclosingFunction ?? '?'} (${c.file.split('/').pop()}:${c.site.line})`))].slice(0, 3).join(', ')}${callers.length > 3 ? ` +${callers.length - 3}` : ''}`
    : state.scanned
      ? 'no call site found'
      : 'call sites: indexing the tree…';
  return `tail call target · slot ${d.callId}${value !== undefined ? ` = ${value}` : ''} · ${from}`;
}

/** A hook's lens title for a release and mode (the model's answer, cached: it never changes). */
const hookTitles = new Map<string, string>();
function hookTitle(hook: HookName, version: string, mode: DatapathMode): string {
  const key = `${hook}\0${version}\0${mode}`;
  let title = hookTitles.get(key);
  if (title !== undefined) return title;
  title = attachmentSummary(hook, version);
  const label = MODES[mode].label;
  if (title.includes(`${label}:`)) title = title.replace(`${label}:`, `${label} (active):`);
  else if (!hook.includes('policy'))
    title = `${title}${title ? ' · ' : ''}${label} (active): ${activeOnly(hook, version, mode, label)}`;
  hookTitles.set(key, title);
  return title;
}

/** Where the hook attaches in the active mode alone, or why it does not (never an empty string). */
function activeOnly(hook: HookName, version: string, mode: DatapathMode, label: string): string {
  const where = attachmentSummary(hook, version, [mode]).replace(`${label}: `, '');
  if (where) return where;
  if (mode === 'ipvlan' && versionOrDefault(version).minor > 12)
    return `not in Cilium ${version} (IPVLAN mode existed in v1.4–v1.12)`;
  return 'not attached in this mode';
}

function simulatable(hook: string, mode: string): boolean {
  const tunnel = mode === 'vxlan' || mode === 'geneve';
  if (hook === 'from-overlay') return tunnel;
  if (hook === 'from-netdev') return !tunnel;
  return true;
}

export function hover(
  state: WorkspaceState,
  uri: string,
  lineText: string,
  line: number,
  character: number,
): Hover | null {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!rel || !entry) return null;
  const at = whatIsAt(entry, lineText, line + 1, character);
  if (!at) return null;
  let value: string | undefined;
  switch (at.kind) {
    case 'declaration': {
      const hook = hookOf(rel, at.declaration);
      if (hook) value = programMarkdown(state, rel, at.declaration, hook, uri);
      else if (at.declaration.kind === 'tail') value = tailMarkdown(state, rel, at.declaration);
      else
        value = `${code(at.declaration.section ?? at.declaration.function)} — an entry program the datapath model does not describe.`;
      break;
    }
    case 'site':
      value = siteMarkdown(state, rel, at.site);
      break;
    case 'identifier':
      value =
        slotMarkdown(state, at.name) ??
        mapMarkdown(state, at.name) ??
        translationDoc(at.name, versionOrDefault(state.version()));
      break;
  }
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range: toRange(at.range) } : null;
}

function tailMarkdown(state: WorkspaceState, rel: string, d: Declaration): string {
  const value = d.callId ? state.index.slotValue(d.callId) : undefined;
  const callers = state.callersOf(rel, d);
  const lines = [
    `**${plain(d.function)}()** — tail call target in ${code(d.map ?? '')} slot ${code(d.callId ?? '')}${value !== undefined ? ` = ${value}` : ''}`,
  ];
  if (d.tailCondition)
    lines.push(
      '',
      `A real tail call only when ${code(d.tailCondition)} holds; otherwise the function is inlined.`,
    );
  if (d.condition) lines.push('', `Declared under ${code(`#if ${d.condition}`)}.`);
  lines.push('', callers.length ? '**Called from:**' : 'No call site lands here in this checkout.');
  for (const c of callers.slice(0, 8))
    lines.push(
      `- ${code(c.site.enclosingFunction ?? '?')} (${code(`${c.file}:${c.site.line}`)}, ${code(c.site.macro)})`,
    );
  return lines.join('\n');
}

function siteMarkdown(state: WorkspaceState, rel: string, site: TailCallSite): string {
  const kind = siteKind(site);
  const targets = state.index.targetsOf(rel, site);
  const values = state.index.slotValues(site.slot);
  const lines = [
    `**${plain(site.macro)}** — tail call through ${code(site.map)} key ${code(site.slot)}${values.length ? ` = ${values.join(' or ')}` : ''}`,
  ];
  if (kind === 'custom') {
    lines.push(
      '',
      'A call into the **custom-hook map**: its programs are loaded at run time by the user (Cilium’s custom calls, `bpf/custom/`), so no target is declared in the checkout. With the slot empty the call falls through and the datapath continues.',
    );
    if (site.condition) lines.push('', `Under ${code(`#if ${site.condition}`)}.`);
    return lines.join('\n');
  }
  if (kind !== 'calls') lines.push('', mapMarkdown(state, site.map) ?? '');
  lines.push(
    '',
    targets.length
      ? '**Lands on:**'
      : '**No target is declared for this slot in this object** — the tail call would miss (DROP_MISSED_TAIL_CALL).',
  );
  for (const t of targets)
    lines.push(`- ${code(`${t.declaration.function}()`)} in ${code(`${t.file}:${t.declaration.line}`)}`);
  if (site.condition) lines.push('', `Under ${code(`#if ${site.condition}`)}.`);
  return lines.join('\n');
}

export function definition(
  state: WorkspaceState,
  uri: string,
  lineText: string,
  line: number,
  character: number,
): Location[] {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!rel || !entry) return [];
  const at = whatIsAt(entry, lineText, line + 1, character);
  if (!at) return [];
  if (at.kind === 'site')
    return state.index
      .targetsOf(rel, at.site)
      .map((t) => Location.create(state.uriOf(t.file), toRange(t.declaration.nameRange)));
  if (at.kind === 'identifier') {
    const def = state.index.macroDefinition(at.name);
    if (def) return [Location.create(state.uriOf(def.file), Range.create(def.line - 1, 0, def.line - 1, 0))];
  }
  return [];
}

export function references(
  state: WorkspaceState,
  uri: string,
  lineText: string,
  line: number,
  character: number,
): Location[] {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!rel || !entry) return [];
  const at = whatIsAt(entry, lineText, line + 1, character);
  if (!at || at.kind !== 'declaration') return [];
  return state
    .callersOf(rel, at.declaration)
    .map((c) => Location.create(state.uriOf(c.file), toRange(c.site.macroRange)));
}

function symbolDetail(d: Declaration): string {
  return d.kind === 'entry'
    ? d.section !== undefined
      ? `section "${d.section}"`
      : '__section_entry'
    : `${d.map}[${d.callId}]`;
}

/**
 * A document's symbols in linear time. The full range runs from the annotation to the end of the
 * function body, and always contains the name (the selection range): a program declared by a macro
 * (`TAIL_CT_LOOKUP4(ID, NAME, …)`) has no body of its own, and a one-line function ends on its name's
 * line; VS Code rejects the whole answer if any selection range falls outside its full range.
 */
export function documentSymbols(state: WorkspaceState, uri: string): DocumentSymbol[] {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!entry) return [];
  const byName = new Map<string, FunctionSpan[]>();
  for (const f of entry.functions) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  return entry.declarations.map((d) => {
    const fn = byName.get(d.function)?.find((f) => f.line >= d.line);
    const selection = toRange(d.nameRange);
    const start = Position.create(d.line - 1, 0);
    const bodyEnd = Position.create(Math.max((fn?.endLine ?? d.line) - 1, d.line - 1), 1);
    const end = after(selection.end, bodyEnd) ? selection.end : bodyEnd;
    return DocumentSymbol.create(
      d.function,
      symbolDetail(d),
      d.kind === 'entry' ? SymbolKind.Event : SymbolKind.Function,
      Range.create(before(selection.start, start) ? selection.start : start, end),
      selection,
    );
  });
}

const after = (a: Position, b: Position): boolean =>
  a.line > b.line || (a.line === b.line && a.character > b.character);
const before = (a: Position, b: Position): boolean => after(b, a);

export function workspaceSymbols(state: WorkspaceState, query: string, max = 500): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  for (const entry of state.index.all()) {
    for (const d of entry.declarations) {
      if (q && !d.function.toLowerCase().includes(q) && !(d.section ?? '').toLowerCase().includes(q))
        continue;
      out.push(
        SymbolInformation.create(
          d.function,
          d.kind === 'entry' ? SymbolKind.Event : SymbolKind.Function,
          toRange(d.nameRange),
          state.uriOf(entry.path),
          symbolDetail(d),
        ),
      );
      if (out.length >= max) return out;
    }
  }
  return out;
}

/** per index entry: its diagnostics at an index generation (an inert edit changes neither) */
const diagnosticsCache = new WeakMap<FileIndex, { generation: number; diagnostics: Diagnostic[] }>();

export function diagnostics(state: WorkspaceState, uri: string): Diagnostic[] {
  const rel = state.relPath(uri);
  const entry = rel ? state.index.get(rel) : undefined;
  if (!rel || !entry) return [];
  const cached = diagnosticsCache.get(entry);
  if (cached?.generation === state.index.generation) return cached.diagnostics;
  const out = indexDiagnostics(state, rel, entry);
  diagnosticsCache.set(entry, { generation: state.index.generation, diagnostics: out });
  return out;
}

function indexDiagnostics(state: WorkspaceState, rel: string, entry: FileIndex): Diagnostic[] {
  if (entry.error)
    return [
      Diagnostic.create(
        Range.create(0, 0, 0, 0),
        `Cilium Datapath Explorer did not index this file: ${entry.error}.`,
        DiagnosticSeverity.Information,
        undefined,
        'cilium-datapath',
      ),
    ];
  if (!rel.endsWith('.c')) return [];
  const out: Diagnostic[] = [];
  for (const site of entry.sites) {
    if (siteKind(site) !== 'calls') continue;
    const values = state.index.slotValues(site.slot);
    if (!values.length) continue;
    if (state.index.targetsOf(rel, site).length === 0) {
      out.push(
        Diagnostic.create(
          toRange(site.slotRange),
          `No tail-call target is declared for ${site.slot} (${values.join('/')}) in ${rel.split('/').pop()}'s object: this ${site.macro} would miss (DROP_MISSED_TAIL_CALL).`,
          DiagnosticSeverity.Warning,
          'missing-tail-call-target',
          'cilium-datapath',
        ),
      );
    }
  }
  return out;
}
