/**
 * Inlined helpers: a program's work is often in a `static __always_inline` helper it calls
 * (`tail_handle_ipv4` → `handle_ipv4_from_lxc` → `ipv4_local_delivery`). The index records only the
 * calls a step can be anchored on; the calls of a function's body to other functions of the checkout
 * are read from its text when a step needs them (a few bodies per trace, not the whole tree).
 */
import type { FunctionLocator, FunctionSites } from './function-sites';

export type TextOf = (file: string) => string | undefined;

export interface BodyCall {
  name: string;
  line: number;
}

const NOT_CALLS = new Set([
  'if',
  'while',
  'for',
  'switch',
  'return',
  'sizeof',
  'defined',
  '__builtin_expect',
]);
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;

/** Calls in `sites`' body of functions the locator knows, in source order (comments skipped). */
export function bodyCalls(sites: FunctionSites, text: string, locator: FunctionLocator): BodyCall[] {
  const key = `${sites.file}\0${sites.name}`;
  const cached = locator.bodyCallCache.get(key);
  if (cached) return cached;
  const out = readBodyCalls(sites, text, locator);
  locator.bodyCallCache.set(key, out);
  return out;
}

function readBodyCalls(sites: FunctionSites, text: string, locator: FunctionLocator): BodyCall[] {
  const span = sites.span;
  if (!span) return [];
  let start = 0;
  for (let l = 1; l < span.line && start >= 0; l++) start = text.indexOf('\n', start) + 1;
  let end = start;
  for (let l = span.line; l <= span.endLine && end >= 0; l++) end = text.indexOf('\n', end + 1);
  const body = text
    .slice(start, end < 0 ? text.length : end)
    // comments become spaces, keeping the newlines that count lines
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
  const out: BodyCall[] = [];
  let line = span.line;
  let at = 0;
  CALL.lastIndex = 0;
  for (let m = CALL.exec(body); m; m = CALL.exec(body)) {
    const name = m[1]!;
    for (let j = body.indexOf('\n', at); j >= 0 && j < m.index; j = body.indexOf('\n', j + 1)) line++;
    at = m.index;
    if (name === sites.name || NOT_CALLS.has(name) || !locator.has(name)) continue;
    out.push({ name, line });
  }
  return out;
}
