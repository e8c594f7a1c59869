/** What the cursor is on: a declaration's section or name, a tail-call site, a slot or map identifier. */
import type { Declaration, FileIndex, TailCallSite, TextRange } from '../core';

export type Target =
  | { kind: 'declaration'; declaration: Declaration; range: TextRange }
  | { kind: 'site'; site: TailCallSite; range: TextRange }
  | { kind: 'identifier'; name: string; range: TextRange };

const inRange = (r: TextRange | undefined, line: number, character: number): boolean =>
  !!r && r.line === line && character >= r.character && character <= r.character + r.length;

/** `line` is 1-based, `character` 0-based, like the index. */
export function whatIsAt(
  entry: FileIndex,
  lineText: string,
  line: number,
  character: number,
): Target | undefined {
  for (const d of entry.declarations) {
    if (inRange(d.sectionRange, line, character))
      return { kind: 'declaration', declaration: d, range: d.sectionRange! };
    if (inRange(d.nameRange, line, character))
      return { kind: 'declaration', declaration: d, range: d.nameRange };
  }
  for (const s of entry.sites) {
    const macro = { line: s.line, character: s.character, length: s.macro.length };
    if (inRange(macro, line, character) || inRange(s.slotRange, line, character))
      return { kind: 'site', site: s, range: inRange(macro, line, character) ? macro : s.slotRange };
  }
  for (const d of entry.declarations) {
    const annotation = { line: d.line, character: d.character, length: d.annotation.length };
    if (inRange(annotation, line, character))
      return { kind: 'declaration', declaration: d, range: annotation };
  }
  // an identifier: CILIUM_CALL_*, CILIUM_MAP_*, map names
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (character >= m.index && character <= m.index + m[0].length) {
      return { kind: 'identifier', name: m[0], range: { line, character: m.index, length: m[0].length } };
    }
    if (m.index > character) break;
  }
  return undefined;
}
