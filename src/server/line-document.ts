/**
 * An open document kept as lines, so that a keystroke costs the server the edited line, not the file.
 *
 * vscode-languageserver-textdocument keeps one string: each incremental change builds a new string
 * of the whole file (and V8 copies it out of the concatenation at the next character read), so a
 * keystroke in a 0.29 MB file cost ~3–4 ms of CPU in allocation and garbage collection (profile of
 * bench/edit-latency.mjs, issue 15). Here a change within a line replaces that line's string and
 * shifts the line offsets (integers); the whole text is joined only when something asks for it (the
 * re-index when typing pauses), and kept until the next change.
 *
 * Same answers as vscode-languageserver-textdocument's TextDocument for every method the server uses
 * (line breaks \n, \r\n and a lone \r; positions past a line's end clamped before its line break),
 * checked against it by test/fuzz/line-document-fuzz.test.ts.
 */
import type {
  Position,
  Range,
  TextDocument,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-textdocument';

const LINE_BREAK = /\r\n|\r|\n/g;

/** Splits text into lines that keep their line break; the last line has none (possibly empty). */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
    lines.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  lines.push(text.slice(start));
  return lines;
}

const isEol = (c: number): boolean => c === 10 || c === 13;

export class LineDocument implements TextDocument {
  private lines: string[];
  /** offsets[i]: where line i starts; offsets[lines.length]: the text's length */
  private offsets: number[] = [];
  private joined: string | undefined;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.lines = splitLines(text);
    this.joined = text;
    this.recount(0);
  }

  static create(uri: string, languageId: string, version: number, content: string): LineDocument {
    return new LineDocument(uri, languageId, version, content);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** The text of one line with its line break ('' past the end): no whole-text string is built. */
  lineWithBreak(line: number): string {
    return this.lines[line] ?? '';
  }

  getText(range?: Range): string {
    if (!range) return (this.joined ??= this.lines.join(''));
    // as String.prototype.substring: a reversed range gives the same text
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    const start = Math.min(a, b);
    const end = Math.max(a, b);
    if (end === start) return '';
    if (this.joined !== undefined) return this.joined.substring(start, end);
    const first = this.lineOf(start);
    const last = this.lineOf(Math.max(start, end - 1));
    if (first === last)
      return this.lines[first]!.slice(start - this.offsets[first]!, end - this.offsets[first]!);
    const parts = [this.lines[first]!.slice(start - this.offsets[first]!)];
    for (let i = first + 1; i < last; i++) parts.push(this.lines[i]!);
    parts.push(this.lines[last]!.slice(0, end - this.offsets[last]!));
    return parts.join('');
  }

  offsetAt(position: Position): number {
    const n = this.lines.length;
    if (position.line >= n) return this.offsets[n]!;
    if (position.line < 0) return 0;
    const lineOffset = this.offsets[position.line]!;
    if (position.character <= 0) return lineOffset;
    const next = this.offsets[position.line + 1]!;
    return this.beforeEol(Math.min(lineOffset + position.character, next), position.line);
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.offsets[this.lines.length]!), 0);
    const line = this.lineOf(offset);
    offset = this.beforeEol(offset, line);
    return { line, character: offset - this.offsets[line]! };
  }

  getLineRange(line: number): Range {
    const n = this.lines.length;
    if (line >= n) {
      const last = n - 1;
      return {
        start: { line: last, character: 0 },
        end: { line: last, character: this.offsets[n]! - this.offsets[last]! },
      };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const end = this.beforeEol(this.offsets[line + 1]!, line);
    return { start: { line, character: 0 }, end: { line, character: end - this.offsets[line]! } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const text = this.lines[line]!;
    return text.slice(this.beforeEol(this.offsets[line + 1]!, line) - this.offsets[line]!);
  }

  /** Applies incremental or full changes, in order (what TextDocument.update does). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) {
        let { start, end } = change.range;
        if (start.line > end.line || (start.line === end.line && start.character > end.character))
          [start, end] = [end, start];
        this.replace(this.offsetAt(start), this.offsetAt(end), change.text);
      } else {
        this.lines = splitLines(change.text);
        this.joined = change.text;
        this.recount(0);
      }
    }
    this.version = version;
  }

  private replace(from: number, to: number, text: string): void {
    const first = this.lineOf(from);
    const last = this.lineOf(to);
    const merged =
      this.lines[first]!.slice(0, from - this.offsets[first]!) +
      text +
      this.lines[last]!.slice(to - this.offsets[last]!);
    const previous = first > 0 ? this.lines[first - 1]! : '';
    const following = last + 1 < this.lines.length ? this.lines[last + 1]! : undefined;
    // a lone \r before the change meeting a \n, or a \r at the end meeting the next line's \n: the
    // line breaks themselves change; split the whole text again (rare: VS Code normalises line breaks)
    if (
      (merged.charCodeAt(0) === 10 && previous.endsWith('\r')) ||
      (following !== undefined && following.charCodeAt(0) === 10 && merged.endsWith('\r'))
    ) {
      const whole = this.getText();
      this.lines = splitLines(whole.slice(0, from) + text + whole.slice(to));
      this.joined = undefined;
      this.recount(0);
      return;
    }
    const pieces = splitLines(merged);
    // the merged text ends with the last line's break when a line follows: no empty piece after it
    if (following !== undefined && pieces.length > 1 && pieces[pieces.length - 1] === '') pieces.pop();
    if (pieces.length === 1 && first === last) this.lines[first] = pieces[0]!;
    else if (pieces.length < 1000) this.lines.splice(first, last - first + 1, ...pieces);
    else this.lines = this.lines.slice(0, first).concat(pieces, this.lines.slice(last + 1));
    this.joined = undefined;
    this.recount(first);
  }

  /** Line offsets from `line` on (integers only: the lines' strings are not touched). */
  private recount(line: number): void {
    const n = this.lines.length;
    if (line === 0) this.offsets[0] = 0;
    for (let i = Math.max(line, 0); i < n; i++)
      this.offsets[i + 1] = this.offsets[i]! + this.lines[i]!.length;
    this.offsets.length = n + 1;
  }

  /** The line holding `offset` (a line break belongs to its line; the text's end to the last line). */
  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private beforeEol(offset: number, line: number): number {
    const start = this.offsets[line]!;
    const text = this.lines[line]!;
    while (offset > start && isEol(text.charCodeAt(offset - start - 1))) offset--;
    return offset;
  }
}
