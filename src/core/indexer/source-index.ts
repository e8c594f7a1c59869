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

export class SourceIndex {
  private readonly files = new Map<string, FileIndex>();
  private macroCache: Map<string, string> | undefined;
  private includeCache = new Map<string, Set<string>>();
  /** the VERSION file's content, when known */
  versionText: string | undefined;

  update(path: string, text: string): FileIndex {
    const entry = indexFile(path, text);
    this.files.set(path, entry);
    this.invalidate();
    return entry;
  }

  set(entry: FileIndex): void {
    this.files.set(entry.path, entry);
    this.invalidate();
  }

  remove(path: string): boolean {
    const had = this.files.delete(path);
    if (had) this.invalidate();
    return had;
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

  private invalidate(): void {
    this.macroCache = undefined;
    this.includeCache = new Map();
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
    const objects: string[] = [];
    for (const f of this.files.keys()) if (f.endsWith('.c') && this.includesOf(f).has(path)) objects.push(f);
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

  /** Where a tail-call site lands, per object. Empty when no target is declared for the slot. */
  targetsOf(path: string, site: TailCallSite): ResolvedTarget[] {
    const results: ResolvedTarget[] = [];
    const seen = new Set<string>();
    const add = (t: ResolvedTarget): void => {
      const key = `${t.file}:${t.declaration.line}`;
      if (!seen.has(key)) {
        seen.add(key);
        results.push(t);
      }
    };
    const kind = siteKind(site);
    if (kind !== 'calls') {
      const names = kind === 'policy' ? POLICY_FUNCTIONS : EGRESS_POLICY_FUNCTIONS;
      for (const f of this.files.values()) {
        for (const d of f.declarations)
          if (names.includes(d.function) && f.path.endsWith('bpf_lxc.c'))
            add({ file: f.path, declaration: d });
      }
      return results;
    }
    const wanted = this.slotValues(site.slot);
    if (!wanted.length) return results;
    for (const object of this.objectsOf(path)) {
      for (const t of this.declarationsOf(object)) {
        const d = t.declaration;
        if (d.kind !== 'tail' || !d.callId || (d.map && !/CALLS/.test(d.map))) continue;
        const v = this.slotValue(d.callId);
        if (v !== undefined && wanted.includes(v)) add(t);
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

  /** Call sites that land on a declaration. */
  callersOf(file: string, declaration: Declaration): Array<{ file: string; site: TailCallSite }> {
    const out: Array<{ file: string; site: TailCallSite }> = [];
    for (const f of this.files.values()) {
      for (const site of f.sites) {
        if (
          this.targetsOf(f.path, site).some((t) => t.file === file && t.declaration.line === declaration.line)
        )
          out.push({ file: f.path, site });
      }
    }
    return out;
  }
}

export function siteKind(site: TailCallSite): 'calls' | 'policy' | 'egress-policy' {
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
