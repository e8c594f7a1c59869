/**
 * One linear pass over C text that finds what the indexer must ignore or know:
 * comments, string and char literals, preprocessor directives (#define bodies are ignored entirely),
 * the #if/#ifdef condition stack, top-level function bodies, line starts.
 * One native regex search jumps between the characters that matter; nothing backtracks.
 */
import type { FunctionSpan, MacroDefinition } from './index-types';

export interface ConditionSpan {
  start: number;
  end: number;
  condition: string;
}

export interface LexicalScan {
  lineStarts: number[];
  /** sorted, non-overlapping [start, end) ranges that are comments, literals or #define directives */
  masked: number[];
  conditions: ConditionSpan[];
  functions: Array<FunctionSpan & { start: number; end: number }>;
  defines: MacroDefinition[];
  includes: string[];
}

const NL = 10;
const SLASH = 47;
const STAR = 42;
const QUOTE = 34;
const APOS = 39;
const BACKSLASH = 92;
const HASH = 35;
const LBRACE = 123;
const RBRACE = 125;

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

interface OpenCondition {
  start: number;
  condition: string;
  guard: boolean;
}

export interface ScanOptions {
  /** track top-level function bodies (not needed for declarations only: no braces to visit) */
  functions?: boolean;
}

export function lexicalScan(text: string, options: ScanOptions = {}): LexicalScan {
  const trackFunctions = options.functions !== false;
  const n = text.length;
  const lineStarts = [0];
  const masked: number[] = [];
  const conditions: ConditionSpan[] = [];
  const functions: LexicalScan['functions'] = [];
  const defines: MacroDefinition[] = [];
  const includes: string[] = [];
  const stack: OpenCondition[] = [];
  let depth = 0;
  let bodyStart = -1;
  let bodyName = '';
  let i = 0;

  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  // Line starts first, with the native indexOf; then jump from one interesting character to the
  // next with a native regex search. A char-by-char loop in JavaScript ran at ~80 MB/s warm and far
  // slower before the JIT warmed up (the CLI indexes a tree once, cold).
  for (let j = text.indexOf('\n'); j >= 0; j = text.indexOf('\n', j + 1)) lineStarts.push(j + 1);
  // test(), not exec(): no match array is allocated per jump (that garbage cost the cold CLI ~10 ms)
  const jump = trackFunctions ? /[/"'#{}]/g : /[/"'#]/g;
  while (i < n) {
    jump.lastIndex = i;
    if (!jump.test(text)) break;
    i = jump.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === STAR) {
        const close = text.indexOf('*/', i + 2);
        const stop = close < 0 ? n : close + 2;
        masked.push(i, stop);
        i = stop;
      } else if (next === SLASH) {
        let close = text.indexOf('\n', i);
        if (close < 0) close = n;
        masked.push(i, close);
        i = close;
      } else i++;
      continue;
    }
    if (c === QUOTE || c === APOS) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === c || d === NL) break;
        else j++;
      }
      // keep the quotes visible, mask the contents
      masked.push(i + 1, Math.min(j, n));
      i = j < n && text.charCodeAt(j) === c ? j + 1 : j;
      continue;
    }
    if (c === HASH) {
      if (!atLineStartAt(text, i)) {
        i++;
        continue;
      }
      // a directive runs to the end of the line, continued by backslash-newline
      let end = i;
      for (;;) {
        const nl = text.indexOf('\n', end);
        if (nl < 0) {
          end = n;
          break;
        }
        let k = nl - 1;
        if (k >= 0 && text.charCodeAt(k) === 13) k--;
        if (k >= 0 && text.charCodeAt(k) === BACKSLASH) {
          end = nl + 1;
          continue;
        }
        end = nl;
        break;
      }
      handleDirective(text.slice(i + 1, end), i, end);
      i = end;
      continue;
    }
    if (c === LBRACE) {
      if (depth === 0) {
        bodyStart = i;
        bodyName = functionNameBefore(text, i);
      }
      depth++;
    } else if (c === RBRACE) {
      if (depth > 0) depth--;
      if (depth === 0 && bodyStart >= 0) {
        if (bodyName)
          functions.push({
            name: bodyName,
            start: bodyStart,
            end: i + 1,
            line: lineOf(bodyStart),
            endLine: lineOf(i),
          });
        bodyStart = -1;
      }
    }
    i++;
  }
  if (depth > 0 && bodyStart >= 0 && bodyName) {
    functions.push({
      name: bodyName,
      start: bodyStart,
      end: n,
      line: lineOf(bodyStart),
      endLine: lineStarts.length,
    });
  }
  while (stack.length) {
    const open = stack.pop()!;
    if (!open.guard) conditions.push({ start: open.start, end: n, condition: open.condition });
  }
  return { lineStarts, masked, conditions, functions, defines, includes };

  function handleDirective(raw: string, start: number, end: number): void {
    // most directives have no continuation and no comment: skip the three replaces for them
    const directive =
      raw.indexOf('\\') < 0 && raw.indexOf('/*') < 0 && raw.indexOf('//') < 0
        ? raw.trim()
        : raw
            .replace(/\\\r?\n/g, ' ')
            .replace(/\/\*.*?\*\//g, ' ')
            .replace(/\/\/.*$/, '')
            .trim();
    // the keyword, read by character code (a regex per directive was a cold CLI's third cost)
    let k = 0;
    while (k < directive.length && isIdent(directive.charCodeAt(k))) k++;
    if (k === 0) return;
    const keyword = directive.slice(0, k);
    const rest = (): string => directive.slice(k).trim();
    switch (keyword) {
      case 'define': {
        masked.push(start, end);
        const d = /^([A-Za-z_]\w*)(\(?)\s*(.*)$/s.exec(rest());
        if (d && d[2] === '') {
          const top = stack[stack.length - 1];
          if (top && top.guard && top.condition === `!defined(${d[1]})`) return;
          defines.push({ name: d[1]!, value: d[3]!.trim(), line: lineOf(start) });
        }
        return;
      }
      case 'include': {
        const inc = /^["<]([^">]+)[">]/.exec(rest());
        if (inc) includes.push(inc[1]!);
        return;
      }
      case 'if':
        stack.push({ start: end, condition: rest(), guard: false });
        return;
      case 'ifdef':
        stack.push({ start: end, condition: `defined(${rest()})`, guard: false });
        return;
      case 'ifndef': {
        const name = rest();
        stack.push({ start: end, condition: `!defined(${name})`, guard: /_H_*$/.test(name) });
        return;
      }
      case 'elif':
      case 'else': {
        const open = stack.pop();
        if (!open) return;
        if (!open.guard) conditions.push({ start: open.start, end: start, condition: open.condition });
        const negated = `!(${open.condition})`;
        stack.push({
          start: end,
          condition: keyword === 'elif' ? `${negated} && (${rest()})` : negated,
          guard: open.guard,
        });
        return;
      }
      case 'endif': {
        const open = stack.pop();
        if (open && !open.guard)
          conditions.push({ start: open.start, end: start, condition: open.condition });
        return;
      }
      default:
        return;
    }
  }
}

/** Only blanks between the previous newline (or the start) and `pos`. */
function atLineStartAt(text: string, pos: number): boolean {
  for (let k = pos - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === NL) return true;
    if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** For a top-level "{": the function name if what precedes is "name(...)" plus qualifiers. */
function functionNameBefore(text: string, brace: number): string {
  let j = brace - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  // allow attributes between ")" and "{", e.g. __attribute__((...)) is rare in cilium; keep it simple
  if (text.charCodeAt(j) !== 41) return '';
  let depth = 0;
  for (; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 41) depth++;
    else if (c === 40 && --depth === 0) break;
  }
  j--;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  const end = j + 1;
  while (j >= 0 && isIdent(text.charCodeAt(j))) j--;
  const name = text.slice(j + 1, end);
  return /^[A-Za-z_]\w*$/.test(name) && !/^(if|while|for|switch|sizeof)$/.test(name) ? name : '';
}

/** Is position `pos` inside a masked range? Binary search over the flat [start, end, start, end …] list. */
export function isMasked(masked: readonly number[], pos: number): boolean {
  let lo = 0;
  let hi = masked.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = masked[mid * 2]!;
    const e = masked[mid * 2 + 1]!;
    if (pos < s) hi = mid - 1;
    else if (pos >= e) lo = mid + 1;
    else return true;
  }
  return false;
}

export function lineAndCharacter(
  lineStarts: readonly number[],
  pos: number,
): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, character: pos - lineStarts[lo]! };
}

export function conditionAt(conditions: readonly ConditionSpan[], pos: number): string | undefined {
  const parts: string[] = [];
  for (const c of conditions) if (c.start <= pos && pos < c.end) parts.push(c.condition);
  if (parts.length <= 1) return parts[0];
  return parts.map(conjunct).join(' && ');
}

/** A condition as one operand of `&&`: an alternative (`A || B`) in parentheses, so the join keeps its meaning. */
function conjunct(condition: string): string {
  return condition.includes('||') ? `(${condition})` : condition;
}

/**
 * conditionAt for positions visited in non-decreasing order (the indexer's keyword loop): spans are
 * taken in order of their start and dropped once passed, so each query looks at the few spans open
 * there (the nesting depth), not at every span of the file. Same result as conditionAt.
 */
export function conditionCursor(conditions: readonly ConditionSpan[]): (pos: number) => string | undefined {
  if (conditions.length === 0) return () => undefined;
  const order = conditions.map((_, i) => i).sort((a, b) => conditions[a]!.start - conditions[b]!.start);
  let next = 0;
  const open: number[] = []; // indexes into `conditions`, kept in array order like conditionAt
  return (pos) => {
    let changed = false;
    while (next < order.length && conditions[order[next]!]!.start <= pos) {
      open.push(order[next++]!);
      changed = true;
    }
    let kept = 0;
    for (const i of open) if (conditions[i]!.end > pos) open[kept++] = i;
    if (kept !== open.length) open.length = kept;
    if (open.length === 0) return undefined;
    if (changed) open.sort((a, b) => a - b);
    if (open.length === 1) return conditions[open[0]!]!.condition;
    let out = conjunct(conditions[open[0]!]!.condition);
    for (let k = 1; k < open.length; k++) out += ' && ' + conjunct(conditions[open[k]!]!.condition);
    return out;
  };
}
