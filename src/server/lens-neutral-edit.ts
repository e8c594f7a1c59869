/**
 * Whether an edit can change a document's lens ranges (its declarations: which lines, which kind,
 * which name). Most keystrokes cannot: typing inside a function body, a comment or a call's arguments
 * moves no declaration. For those the server answers CodeLens from the index it has (the re-index
 * waits until typing pauses) instead of re-indexing a whole file first; titles that depend on call
 * sites are filled in at codeLens/resolve, after the re-index.
 *
 * Neutral, by construction (anything else is "may move" and pays the re-index):
 * - one incremental change within one line: no line break inserted or removed, so no line moves;
 * - neither the removed nor the inserted text holds a character that changes the lexical state
 *   (comment, string, character, directive, continuation, body braces) or an argument list's
 *   shape: / * " ' \ # { } ( ) [ ] ; ,;
 * - the characters either side of the edit do not form or break a comment token or an escape;
 * - the line is not a directive, not continued from the line before, and contains no declaring
 *   annotation before or after the edit (a keyword cannot appear or vanish);
 * - the line is not between a declaration's annotation and the line after its name (the name, the
 *   kind and the section stay as indexed).
 */
import { DECLARING_NEEDLES, type FileIndex } from '../core';

export interface LineEdit {
  /** 0-based line of the change */
  line: number;
  /** the line's text before and after the change (without its line break) */
  before: string;
  after: string;
  /** the removed and the inserted text; the characters either side of the change ('' at an end) */
  removed: string;
  inserted: string;
  prev: string;
  next: string;
  /** the previous line's text before the change ('' on the first line) */
  previousLine: string;
}

/**
 * Characters that change the lexical state, or the shape of an argument list (a declaring macro's
 * arguments may run past its name's line: TAIL_CT_LOOKUP4(…) over three lines in v1.16)
 */
const LEXICAL = /[/*"'\\#{}()[\];,\r\n]/;

export function isLensNeutral(entry: FileIndex | undefined, edit: LineEdit): boolean {
  if (!entry || entry.error) return false;
  if (LEXICAL.test(edit.removed) || LEXICAL.test(edit.inserted)) return false;
  const joined = (edit.removed ? '' : edit.prev + edit.next) + (edit.inserted ? '' : edit.prev + edit.next);
  if (/\/\*|\*\/|\/\//.test(joined)) return false;
  if (edit.prev === '\\') return false;
  if (/^\s*#/.test(edit.before) || /\\\s*$/.test(edit.previousLine) || /\\\s*$/.test(edit.before))
    return false;
  for (const needle of DECLARING_NEEDLES)
    if (edit.before.includes(needle) || edit.after.includes(needle)) return false;
  const line = edit.line + 1; // the index's lines are 1-based
  for (const d of entry.declarations) if (line >= d.line && line <= d.nameRange.line + 1) return false;
  return true;
}
