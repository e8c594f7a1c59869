/**
 * The index of a whole checkout: one FileIndex per file, updated one file at a time (an edit never
 * rescans the tree), plus the cross-file answers the language server needs: which object (.c file)
 * a header belongs to, what a CILIUM_CALL_* slot is worth, which target a tail-call site lands on.
 */
import type { Declaration, FileIndex, TailCallSite } from './index-types';
import { indexFile } from './index-file';

export interface ResolvedTarget {
  file: string;
  declaration: Declaration;
}

const POLICY_FUNCTIONS = ['handle_policy', 'cil_lxc_policy'];
const EGRESS_POLICY_FUNCTIONS = ['handle_policy_egress', 'cil_lxc_policy_egress'];

export interface Caller {
  file: string;
  site: TailCallSite;
}

/**
 * Every answer is linear in what it returns: slot values, include closures, per-object slot tables
 * (slot value → targets) and the callers map are cached, and an edit drops only what it can change.
 * A keystroke inside a function body keeps the macros and includes; it drops the slot table of the
 * edited file's objects and the callers contributed by the files of those objects.
 */
export class SourceIndex {
  private readonly files = new Map<string, FileIndex>();
  private macroCache: Map<string, string> | undefined;
  private readonly slotCache = new Map<string, number | undefined>();
  private readonly includeCache = new Map<string, Set<string>>();
  private readonly objectsCache = new Map<string, string[]>();
  /** per object (.c file): slot value → the tail targets its calls map may hold */
  private readonly slotTables = new Map<string, Map<number, ResolvedTarget[]>>();
  private readonly policyCache = new Map<string, ResolvedTarget[]>();
  /**
   * Per file, per object it belongs to (or POLICY for its policy-map sites): the callers its sites
   * contribute, as ["file:line" of a target, caller]. An edit drops only the (file, object) pairs of
   * the edited file's objects.
   */
  private readonly contributions = new Map<string, Map<string, Array<[string, Caller]>>>();
  /** per file: its contributions over all its objects, without duplicates (dropped with any of them) */
  private readonly merged = new Map<string, Array<[string, Caller]>>();
  private callersCache: Map<string, Caller[]> | undefined;
  /** the VERSION file's content, when known */
  versionText: string | undefined;
  /** counts changes (set, remove): caches built on the index (the anchor finder's) compare it */
  generation = 0;

  update(path: string, text: string): FileIndex {
    const entry = indexFile(path, text);
    this.set(entry);
    return entry;
  }

  set(entry: FileIndex): void {
    this.generation++;
    const old = this.files.get(entry.path);
    this.files.set(entry.path, entry);
    this.changed(entry.path, old, entry);
  }

  remove(path: string): boolean {
    const old = this.files.get(path);
    if (!old) return false;
    this.generation++;
    this.changed(path, old, undefined);
    this.files.delete(path);
    this.dropAll();
    return true;
  }

  get(path: string): FileIndex | undefined {
    return this.files.get(path);
  }

  all(): IterableIterator<FileIndex> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** What an edit of `path` can change; everything when macros or includes changed (or a file came or went). */
  private changed(path: string, old: FileIndex | undefined, now: FileIndex | undefined): void {
    if (!old || !now || !sameDefines(old, now) || !sameList(old.includes, now.includes)) {
      this.dropAll();
      return;
    }
    // same macros, includes, declarations and sites (an edit elsewhere in a body, a comment…): every
    // cached answer still holds; the cached objects equal the new entry's
    if (samePlain(old.declarations, now.declarations) && samePlain(old.sites, now.sites)) return;
    // same macros and includes: only declarations, sites and line numbers moved
    this.contributions.delete(path); // its own sites moved
    this.merged.delete(path);
    for (const object of this.objectsOf(path)) {
      this.slotTables.delete(object);
      for (const f of this.includesOf(object)) {
        if (this.contributions.get(f)?.delete(object)) this.merged.delete(f);
      }
    }
    if (path.endsWith('bpf_lxc.c')) {
      // policy sites anywhere land on bpf_lxc.c's policy programs
      this.policyCache.clear();
      for (const [f, perObject] of this.contributions) if (perObject.delete(POLICY)) this.merged.delete(f);
    }
    this.callersCache = undefined;
  }

  private dropAll(): void {
    this.macroCache = undefined;
    this.slotCache.clear();
    this.includeCache.clear();
    this.objectsCache.clear();
    this.slotTables.clear();
    this.policyCache.clear();
    this.contributions.clear();
    this.merged.clear();
    this.callersCache = undefined;
  }

  /** Object-like macros of the whole tree (first definition wins; aliases resolved lazily). */
  private macros(): Map<string, string> {
    if (!this.macroCache) {
      const map = new Map<string, string>();
      for (const f of this.files.values())
        for (const d of f.defines) if (!map.has(d.name)) map.set(d.name, d.value);
      this.macroCache = map;
    }
    return this.macroCache;
  }

  /** Numeric value of a slot expression such as CILIUM_CALL_IPV4_FROM_NETDEV (an alias) or 7. */
  slotValue(expression: string): number | undefined {
    if (this.slotCache.has(expression)) return this.slotCache.get(expression);
    const value = this.computeSlotValue(expression);
    this.slotCache.set(expression, value);
    return value;
  }

  private computeSlotValue(expression: string): number | undefined {
    const macros = this.macros();
    let current = expression.trim();
    for (let hops = 0; hops < 16; hops++) {
      const stripped = current.replace(/^\((.*)\)$/, '$1').trim();
      if (/^(0x[0-9a-f]+|\d+)$/i.test(stripped)) return Number(stripped);
      const next = macros.get(stripped);
      if (next === undefined) return undefined;
      current = next;
    }
    return undefined;
  }

  macroDefinition(name: string): { file: string; line: number; value: string } | undefined {
    for (const f of this.files.values()) {
      const d = f.defines.find((x) => x.name === name);
      if (d) return { file: f.path, line: d.line, value: d.value };
    }
    return undefined;
  }

  /** Files an object (.c) includes, transitively, resolved against bpf/ and the including file's folder. */
  includesOf(path: string): Set<string> {
    const cached = this.includeCache.get(path);
    if (cached) return cached;
    const seen = new Set<string>([path]);
    const queue = [path];
    while (queue.length) {
      const current = queue.pop()!;
      const entry = this.files.get(current);
      if (!entry) continue;
      const dir = current.slice(0, current.lastIndexOf('/') + 1);
      const root = current.slice(0, current.indexOf('bpf/') + 4);
      for (const inc of entry.includes) {
        for (const candidate of [
          normalize(dir + inc),
          normalize(root + inc),
          normalize(root + 'include/' + inc),
        ]) {
          if (this.files.has(candidate) && !seen.has(candidate)) {
            seen.add(candidate);
            queue.push(candidate);
            break;
          }
        }
      }
    }
    this.includeCache.set(path, seen);
    return seen;
  }

  /** The objects (.c files) a file belongs to: itself for a .c file, every includer for a header. */
  objectsOf(path: string): string[] {
    if (path.endsWith('.c')) return [path];
    const cached = this.objectsCache.get(path);
    if (cached) return cached;
    const objects: string[] = [];
    for (const f of this.files.keys()) if (f.endsWith('.c') && this.includesOf(f).has(path)) objects.push(f);
    this.objectsCache.set(path, objects);
    return objects;
  }

  /** Declarations visible to an object: its own and its headers'. */
  declarationsOf(object: string): ResolvedTarget[] {
    const out: ResolvedTarget[] = [];
    for (const file of this.includesOf(object)) {
      const entry = this.files.get(file);
      if (entry) for (const d of entry.declarations) out.push({ file, declaration: d });
    }
    return out;
  }

  /** An object's calls-map targets by slot value (built once per object and edit). */
  private slotTable(object: string): Map<number, ResolvedTarget[]> {
    let table = this.slotTables.get(object);
    if (table) return table;
    table = new Map();
    for (const t of this.declarationsOf(object)) {
      const d = t.declaration;
      if (d.kind !== 'tail' || !d.callId || (d.map && !/CALLS/.test(d.map))) continue;
      const v = this.slotValue(d.callId);
      if (v === undefined) continue;
      const list = table.get(v);
      if (list) list.push(t);
      else table.set(v, [t]);
    }
    this.slotTables.set(object, table);
    return table;
  }

  private policyTargets(kind: 'policy' | 'egress-policy'): ResolvedTarget[] {
    let list = this.policyCache.get(kind);
    if (list) return list;
    const names = kind === 'policy' ? POLICY_FUNCTIONS : EGRESS_POLICY_FUNCTIONS;
    list = [];
    for (const f of this.files.values()) {
      if (!f.path.endsWith('bpf_lxc.c')) continue;
      for (const d of f.declarations)
        if (names.includes(d.function)) list.push({ file: f.path, declaration: d });
    }
    this.policyCache.set(kind, list);
    return list;
  }

  /** Where a tail-call site lands, per object. Empty when no target is declared for the slot. */
  targetsOf(path: string, site: TailCallSite): ResolvedTarget[] {
    const kind = siteKind(site);
    if (kind === 'custom') return [];
    if (kind !== 'calls') return this.policyTargets(kind);
    const wanted = this.slotValues(site.slot);
    if (!wanted.length) return [];
    const results: ResolvedTarget[] = [];
    const seen = new Set<string>();
    for (const object of this.objectsOf(path)) {
      const table = this.slotTable(object);
      for (const v of wanted) {
        for (const t of table.get(v) ?? []) {
          const key = `${t.file}:${t.declaration.line}`;
          if (!seen.has(key)) {
            seen.add(key);
            results.push(t);
          }
        }
      }
    }
    return results;
  }

  /** A slot expression may be a ternary naming two slots ("from_host ? A : B"): all values. */
  slotValues(expression: string): number[] {
    const direct = this.slotValue(expression);
    if (direct !== undefined) return [direct];
    const out: number[] = [];
    for (const id of expression.match(/\bCILIUM_CALL_\w+/g) ?? []) {
      const v = this.slotValue(id);
      if (v !== undefined && !out.includes(v)) out.push(v);
    }
    return out;
  }

  /** Call sites that land on a declaration (the callers map, rebuilt from cached contributions). */
  callersOf(file: string, declaration: Declaration): Caller[] {
    if (!this.callersCache) {
      const map = new Map<string, Caller[]>();
      for (const f of this.files.values()) {
        if (!f.sites.length) continue;
        for (const [key, caller] of this.mergedOf(f)) {
          const list = map.get(key);
          if (list) list.push(caller);
          else map.set(key, [caller]);
        }
      }
      this.callersCache = map;
    }
    return this.callersCache.get(`${file}:${declaration.line}`) ?? [];
  }

  /** One file's callers over its objects and POLICY; a site reaching a target through two objects once. */
  private mergedOf(f: FileIndex): Array<[string, Caller]> {
    const cached = this.merged.get(f.path);
    if (cached) return cached;
    let perObject = this.contributions.get(f.path);
    if (!perObject) this.contributions.set(f.path, (perObject = new Map<string, Array<[string, Caller]>>()));
    const objects = [...this.objectsOf(f.path), POLICY];
    const out: Array<[string, Caller]> = [];
    // by the site's position, not its object: an object's contribution may predate an edit that kept
    // the file's sites as they were (equal sites, other objects)
    const seen = new Map<string, Set<number>>();
    for (const object of objects) {
      let contribution = perObject.get(object);
      if (!contribution) perObject.set(object, (contribution = this.contribution(f, object)));
      for (const entry of contribution) {
        if (objects.length > 2) {
          // a header in several objects: the same site may reach one target through each
          const sites = seen.get(entry[0]) ?? new Set<number>();
          const at = entry[1].site.line * 1e7 + entry[1].site.character; // files are under 5 MB
          if (sites.has(at)) continue;
          sites.add(at);
          seen.set(entry[0], sites);
        }
        out.push(entry);
      }
    }
    this.merged.set(f.path, out);
    return out;
  }

  /** The callers one file's sites contribute within one object (calls map) or POLICY (policy maps). */
  private contribution(f: FileIndex, object: string): Array<[string, Caller]> {
    const out: Array<[string, Caller]> = [];
    for (const site of f.sites) {
      const kind = siteKind(site);
      let targets: ResolvedTarget[];
      if (object === POLICY) {
        if (kind !== 'policy' && kind !== 'egress-policy') continue;
        targets = this.policyTargets(kind);
      } else {
        if (kind !== 'calls') continue;
        const table = this.slotTable(object);
        targets = this.slotValues(site.slot).flatMap((v) => table.get(v) ?? []);
      }
      for (const t of targets) out.push([`${t.file}:${t.declaration.line}`, { file: f.path, site }]);
    }
    return out;
  }
}

/** The contributions key of policy-map sites (they land on bpf_lxc.c's programs, whatever the object). */
const POLICY = '\0policy';

function sameDefines(a: FileIndex, b: FileIndex): boolean {
  if (a.defines.length !== b.defines.length) return false;
  for (let i = 0; i < a.defines.length; i++)
    if (a.defines[i]!.name !== b.defines[i]!.name || a.defines[i]!.value !== b.defines[i]!.value)
      return false;
  return true;
}

/** Deep equality of the index's plain data (arrays, objects, strings, numbers). */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * What a site's map is: the object's own calls map, a policy map, or the custom-hook map
 * (CUSTOM_CALLS_MAP, or cilium_calls_custom from v1.18, whose programs the user loads at run time: never declared in the checkout).
 */
export function siteKind(site: TailCallSite): 'calls' | 'policy' | 'egress-policy' | 'custom' {
  if (/CUSTOM_CALLS|calls_custom/i.test(site.map)) return 'custom';
  if (/EGRESSCALL|egresscall/.test(site.map)) return 'egress-policy';
  if (/POLICY|policy/.test(site.map)) return 'policy';
  return 'calls';
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}
