/**
 * Is a call compiled and run by the traced build? Two kinds of branch decide it:
 *   - the `#if` / `#ifdef` branches around it (the indexer's `condition`, e.g. `defined(ENABLE_ROUTING)`);
 *   - the C branches Cilium writes on build macros, `if (is_defined(ENABLE_HOST_FIREWALL) && …)`
 *     (v1.10.0 bpf/bpf_lxc.c:851, its redirect at :854) and their `else`: the compiler drops the branch the macro rules out.
 * Both are judged three-valued on the ENABLE_* macros the model says the configuration defines
 * (buildDefines); any other term (`*dstID == HOST_ID`, ENCAP_IFINDEX, loader defines) is unknown, and
 * an unknown branch counts as taken.
 */

/** true / false, or undefined when the expression depends on something other than ENABLE_* macros. */
export function evaluateCondition(expr: string, defines: ReadonlySet<string>): boolean | undefined {
  let e = expr.trim();
  while (e.startsWith('(') && closingParen(e, 0) === e.length - 1) e = e.slice(1, -1).trim();
  const or = splitTop(e, '||');
  if (or.length > 1) {
    const v = or.map((p) => evaluateCondition(p, defines));
    return v.includes(true) ? true : v.every((x) => x === false) ? false : undefined;
  }
  const and = splitTop(e, '&&');
  if (and.length > 1) {
    const v = and.map((p) => evaluateCondition(p, defines));
    return v.includes(false) ? false : v.every((x) => x === true) ? true : undefined;
  }
  if (e.startsWith('!') && !e.startsWith('!=')) {
    const v = evaluateCondition(e.slice(1), defines);
    return v === undefined ? undefined : !v;
  }
  const m = /^(?:(?:defined|is_defined)\s*\(\s*(\w+)\s*\)|defined\s+(\w+)|(\w+))$/.exec(e);
  const name = m && (m[1] ?? m[2] ?? m[3]);
  if (name && /^ENABLE_\w+$/.test(name)) return defines.has(name);
  return undefined;
}

function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitTop(s: string, op: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && s.startsWith(op, i)) {
      out.push(s.slice(from, i));
      from = i + op.length;
      i += op.length - 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/** False when the `#if` conditions around a call (the indexer's `condition`) rule it out. */
export function preprocessorAllows(condition: string | undefined, defines: ReadonlySet<string>): boolean {
  return !condition || evaluateCondition(condition, defines) !== false;
}

interface Guard {
  cond: string;
  neg: boolean;
  /** braced: the block's depth; a single statement: its end offset */
  depth?: number;
  end?: number;
}

/**
 * The C `if` conditions (and `else`s) enclosing offset `at` of `body` (a function's text, comments,
 * literals and preprocessor lines blanked): braced blocks and single statements. A forward scan.
 */
function enclosingGuards(body: string, at: number): Guard[] {
  const guards: Guard[] = [];
  let depth = 0;
  let pendingBlock: Guard | undefined;
  let last: string | undefined; // the condition of the `if` whose branch just ended, for an `else`
  const statementEnd = (from: number): number => {
    let d = 0;
    for (let j = from; j < body.length; j++) {
      const c = body[j];
      if (c === '(' || c === '{') d++;
      else if (c === ')' || c === '}') d--;
      else if (c === ';' && d === 0) return j;
    }
    return body.length;
  };
  for (let i = 0; i < at; i++) {
    const c = body[i]!;
    if (c === '{') {
      depth++;
      if (pendingBlock) guards.push({ ...pendingBlock, depth });
      pendingBlock = undefined;
      continue;
    }
    if (c === '}') {
      for (let g = guards.length - 1; g >= 0; g--)
        if (guards[g]!.depth === depth) {
          last = guards[g]!.neg ? undefined : guards[g]!.cond;
          guards.splice(g, 1);
        }
      depth--;
      continue;
    }
    if (c !== 'i' && c !== 'e') continue;
    if (/\w/.test(body[i - 1] ?? ' ')) continue;
    const word = /^(if|else)\b/.exec(body.slice(i, i + 5));
    if (!word) continue;
    let j = i + word[1]!.length;
    while (/\s/.test(body[j] ?? '')) j++;
    let guard: Guard;
    if (word[1] === 'if') {
      if (body[j] !== '(') continue;
      const close = closingParen(body, j);
      if (close < 0) break;
      guard = { cond: body.slice(j + 1, close), neg: false };
      j = close + 1;
    } else {
      if (body.startsWith('if', j)) {
        i = j - 1;
        continue;
      }
      if (last === undefined) continue;
      guard = { cond: last, neg: true };
    }
    while (/\s/.test(body[j] ?? '')) j++;
    if (body[j] === '{') pendingBlock = guard;
    else {
      const end = statementEnd(j);
      guards.push({ ...guard, end });
      if (end < at) last = guard.neg ? undefined : guard.cond;
    }
    i = j - 1;
  }
  return guards.filter((g) => g.end === undefined || g.end >= at);
}

/** Comments, literals and preprocessor lines as spaces (newlines kept, so offsets and lines hold). */
export function blankNonCode(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'/g, (c) =>
      c.replace(/[^\n]/g, ' '),
    )
    .replace(/^[ \t]*#[^\n]*(?:\\\n[^\n]*)*/gm, (c) => c.replace(/[^\n]/g, ' '));
}

/**
 * The C branch holding line `line` (1-based, its first non-blank character) of a function whose body
 * spans `from`..`line` in `lines` that the build never takes: an `if (…)` false on the defines, or the
 * `else` of one always true. Undefined when every enclosing branch may run.
 */
export function excludedBranch(
  lines: readonly string[],
  from: number,
  line: number,
  defines: ReadonlySet<string>,
): string | undefined {
  if (line < from || line > lines.length) return undefined;
  const body = blankNonCode(lines.slice(from - 1, line).join('\n'));
  const lastLine = lines[line - 1]!;
  const at = body.length - lastLine.length + Math.max(0, lastLine.search(/\S/));
  for (const g of enclosingGuards(body, at)) {
    const v = evaluateCondition(g.cond, defines);
    if (v === (g.neg ? true : false))
      return `${g.neg ? 'the else of ' : ''}if (${g.cond.replace(/\s+/g, ' ').trim()})`;
  }
  return undefined;
}
