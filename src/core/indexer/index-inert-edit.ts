/**
 * Whether an edit leaves a file's index exactly as it is (all but `bytes`), so that the server need
 * not re-index the file at all: the cost of such a keystroke is proportional to the edit and to the
 * function it is in, not to the file or to the number of targets (issue 15, item 3).
 *
 * Preconditions (the caller checks them first: src/server/lens-neutral-edit.ts): the edit is within
 * one line, its removed and inserted texts hold no lexical or argument-list character
 * (/ * " ' \ # { } ( ) [ ] ; ,), the line is no directive, no continuation, holds no declaring
 * annotation and is not between a declaration's annotation and its name. Then the edit leaves the
 * index unchanged when, in addition:
 * - the line lies strictly inside a function body (between the line of its `{` and the line of its
 *   `}`): no function's name, span or declaration can change;
 * - from the start of the word the edit touches to the end of the line, neither the old nor the new
 *   text holds a word the indexer records (a tail-call macro, an anchorable call, `return`): no
 *   site or call appears, vanishes or shifts, and the body's last `return` stays on its line;
 * - every recorded word earlier in the body that opens an argument list closes it (and reaches the
 *   next token after it) before the edit: no slot, argument text or "definition, not a call" test
 *   reads the edited text; no declaring annotation comes earlier in the body.
 * `test/fuzz/index-inert-fuzz.test.ts` checks it: whenever this says inert, a fresh index of the
 * edited text equals the old one.
 */
import { DECLARATION_KEYWORDS, INDEXED_WORDS_SOURCE, readArgs, skipSpace } from './index-file';
import type { FileIndex } from './index-types';

const INDEXED_OR_RETURN = new RegExp(`\\b(?:${INDEXED_WORDS_SOURCE}|return)\\b`);
const INDEXED_WORDS = new RegExp(`\\b${INDEXED_WORDS_SOURCE}\\b`, 'g');
const DECLARING = new RegExp(DECLARATION_KEYWORDS.source);
/** the longest argument list indexFile reads (tail-call sites) */
const ARGS_LIMIT = 4000;

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

export interface InertEditQuery {
  /** a line of the text the index entry was made from (before the edit), with its line break; 0-based */
  lineText: (line: number) => string;
  /** 0-based line of the edit */
  line: number;
  /** the edit within the line: characters [from, to) replaced by `inserted` */
  from: number;
  to: number;
  inserted: string;
}

/**
 * Reads only the lines of the enclosing function up to the edited line: the cost is proportional to
 * the function, not to the file.
 */
export function editLeavesIndex(entry: FileIndex | undefined, q: InertEditQuery): boolean {
  if (!entry || entry.error) return false;
  const L = q.line + 1; // the index's lines are 1-based
  const fn = functionAround(entry, L);
  if (!fn) return false;
  // the text from the line of the body's `{` to the edited line (both included)
  const parts: string[] = [];
  for (let l = fn.line - 1; l < q.line; l++) parts.push(q.lineText(l));
  const lineStart = parts.reduce((n, p) => n + p.length, 0);
  const edited = q.lineText(q.line);
  const text = parts.join('') + edited;
  const before = edited.replace(/\r?\n$|\r$/, '');
  if (q.from < 0 || q.to < q.from || q.to > before.length) return false;
  // the start of the word the edit touches (the prefix before it is the same in both texts)
  let wordStart = q.from;
  while (wordStart > 0 && isWordCode(before.charCodeAt(wordStart - 1))) wordStart--;
  const after = before.slice(0, q.from) + q.inserted + before.slice(q.to);
  if (INDEXED_OR_RETURN.test(before.slice(wordStart)) || INDEXED_OR_RETURN.test(after.slice(wordStart)))
    return false;
  // earlier in the body: every recorded word's argument list (and the token after it) ends before
  // the edit (the text ends with the edited line: a list that runs on past it is unbalanced here)
  const editAt = lineStart + wordStart;
  const region = text.slice(0, editAt);
  if (DECLARING.test(region)) return false;
  INDEXED_WORDS.lastIndex = 0;
  for (let m = INDEXED_WORDS.exec(region); m; m = INDEXED_WORDS.exec(region)) {
    const open = skipSpace(text, m.index + m[0].length);
    if (open >= editAt) return false;
    if (text.charCodeAt(open) !== 40) continue; // no argument list (CTX_ACT_OK, a name)
    const call = readArgs(text, open, ARGS_LIMIT, false);
    if (!call) {
      if (open + ARGS_LIMIT > editAt) return false; // its window reaches the edit
      continue;
    }
    if (call.close >= editAt || skipSpace(text, call.close + 1) >= editAt) return false;
  }
  return true;
}

/** The function whose body strictly contains line L (1-based), by binary search (spans are sorted). */
function functionAround(entry: FileIndex, L: number): FileIndex['functions'][number] | undefined {
  const fns = entry.functions;
  let lo = 0;
  let hi = fns.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = fns[mid]!;
    if (L <= f.line) hi = mid - 1;
    else if (L >= f.endLine) lo = mid + 1;
    else return f;
  }
  return undefined;
}
