/**
 * Indexes one BPF C file: entry programs, tail-call targets, tail-call sites and CILIUM_CALL_* macros.
 * A single keyword regex finds candidates; each candidate in a comment, literal or #define body is
 * dropped; arguments are read with a small parenthesis-aware reader.
 */
import type { CallSite, Declaration, FileIndex, SiteMacro, TailCallSite, TextRange } from './index-types';
import { emptyFileIndex, MAX_INDEXED_BYTES, overLimitError } from './index-types';
import { conditionCursor, isMasked, lexicalScan, lineAndCharacter, type LexicalScan } from './lexical-scan';

/**
 * Calls a trace step may be anchored on (see CallSite): exits (redirects, encapsulation, delivery
 * helpers), lookups, conntrack, policy checks, drop notifications, and the helpers that inline them
 * into a program. `CTX_ACT_OK` / `TC_ACT_OK` are recorded only after `return`.
 */
export const ANCHOR_CALLS: readonly string[] = [
  'ctx_redirect',
  'redirect_ep',
  'redirect_peer',
  'ctx_redirect_peer',
  'redirect',
  'bpf_redirect_neigh',
  'redirect_direct_v4',
  'fib_redirect_v4',
  'redirect_direct_v6',
  'fib_redirect_v6',
  'fib_lookup',
  'encap_and_redirect',
  'encap_and_redirect_lxc',
  'encap_and_redirect_with_nodeid',
  'encap_and_redirect_with_nodeid_from_lxc',
  '__encap_and_redirect_with_nodeid',
  'encap_and_redirect_netdev',
  '__encap_with_nodeid',
  'ipv4_local_delivery',
  'l3_local_delivery',
  'ipv6_local_delivery',
  '__per_packet_lb_svc_xlate_4',
  'lb4_lookup_service',
  'lb4_local',
  'lb4_xlate',
  'lb4_rev_nat',
  '__sock4_xlate_fwd',
  'snat_v4_nat',
  'snat_v4_rev_nat',
  'nodeport_nat_ipv4_fwd',
  'handle_nat_fwd_ipv4',
  'handle_nat_fwd',
  'nodeport_lb4',
  'lookup_ip4_endpoint',
  '__lookup_ip4_endpoint',
  'lookup_ip4_remote_endpoint',
  'ipcache_lookup4',
  'resolve_srcid_ipv4',
  'lb6_lookup_service',
  'lookup_ip6_endpoint',
  '__lookup_ip6_endpoint',
  'lookup_ip6_remote_endpoint',
  'ipcache_lookup6',
  'resolve_srcid_ipv6',
  'icmp6_handle',
  'is_icmp6_ndp',
  'ctx_get_tunnel_key',
  'skb_get_tunnel_key',
  'get_tunnel_key',
  'map_lookup_elem',
  'ct_lookup4',
  'ct_lazy_lookup4',
  'ct_create4',
  'ct_lookup6',
  'ct_lazy_lookup6',
  'ct_create6',
  'policy_can_egress6',
  'policy_can_ingress6',
  'policy_can_egress4',
  'policy_can_ingress4',
  'policy_can_access_ingress',
  'policy_can_access',
  'policy_can_egress',
  'send_drop_notify',
  'send_drop_notify_error',
  'send_drop_notify_ext',
  'send_drop_notify_error_ext',
  'send_drop_notify_flags',
  'send_drop_notify_error_with_exitcode_ext',
  'CTX_ACT_OK',
  'TC_ACT_OK',
];
const ANCHOR_CALL_SET: ReadonlySet<string> = new Set(ANCHOR_CALLS);

const SITE_AND_DECLARATION_WORDS = [
  '__section_entry',
  '__section_tail',
  '__section',
  'declare_tailcall_if',
  '__declare_tail',
  'TAIL_CT_LOOKUP4',
  'TAIL_CT_LOOKUP6',
  'ep_tail_call',
  'tail_call_internal',
  'invoke_traced_tailcall_if',
  'invoke_tailcall_if',
  'tail_call_static',
  'tail_call_dynamic',
  'tail_call_policy',
  'tail_call_egress_policy',
  'tail_call',
];

/**
 * One alternation as a trie (`tail_call(?:_static|_dynamic|…)?`): the regex engine then tries one
 * branch per character instead of every word at every word boundary (a flat list of ~60 words
 * indexed real files about 1.5× slower).
 */
function trieSource(words: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const w of words) {
    let n = root;
    for (const ch of w) {
      let c = n.next.get(ch);
      if (!c) n.next.set(ch, (c = { end: false, next: new Map() }));
      n = c;
    }
    n.end = true;
  }
  const emit = (n: Node): string => {
    const branches = [...n.next].map(([ch, c]) => ch + emit(c));
    if (!branches.length) return '';
    const body = branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
    if (!n.end) return body;
    return branches.length === 1 && branches[0]!.length === 1 ? `${body}?` : `(?:${body})?`;
  };
  return emit(root);
}

/** every word indexFile records something for (declarations, tail-call sites, anchorable calls) */
export const INDEXED_WORDS_SOURCE = trieSource([...SITE_AND_DECLARATION_WORDS, ...ANCHOR_CALLS]);
const KEYWORDS = new RegExp(`\\b${INDEXED_WORDS_SOURCE}\\b`, 'g');

/**
 * Substrings of every declaring annotation ("declare_tail" covers declare_tailcall_if and
 * __declare_tail): a text or a file's bytes without any of them cannot declare a program.
 */
export const DECLARING_NEEDLES: readonly string[] = ['__section', 'declare_tail', 'TAIL_CT_LOOKUP'];

/**
 * False when `text` cannot hold a declaration (no annotation keyword at all): a native prefilter.
 * Substring searches run about twice as fast as one alternation regex; a few false positives only
 * cost a full scan.
 */
export function mayDeclare(text: string): boolean {
  return DECLARING_NEEDLES.some((needle) => text.indexOf(needle) >= 0);
}

interface Arg {
  text: string;
  start: number;
}

const isSpaceCode = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * Reads "( a, b(c, d), "x" )" from `open` (the index of "("). Returns undefined when unbalanced.
 * With collect = false only the closing parenthesis is wanted (skipping an attribute): no argument
 * text is built.
 */
export function readArgs(
  text: string,
  open: number,
  limit: number,
  collect = true,
): { args: Arg[]; close: number } | undefined {
  const args: Arg[] = [];
  let depth = 0;
  let argStart = open + 1;
  const end = Math.min(text.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) {
      for (i++; i < end && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return undefined;
      i = close + 1;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      depth--;
      if (depth === 0) {
        if (collect) pushArg(args, text, argStart, i);
        return { args, close: i };
      }
      if (depth < 0) return undefined;
    } else if (c === 44 && depth === 1) {
      if (collect) pushArg(args, text, argStart, i);
      argStart = i + 1;
    } else if (c === 59 && depth > 0) {
      return undefined; // a ";" inside the argument list: this was not a call
    }
  }
  return undefined;
}

function pushArg(args: Arg[], text: string, from: number, to: number): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  args.push({
    text: raw
      .replace(/\/\*[\s\S]*?\*\//g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    start: from + lead,
  });
}

export function skipSpace(text: string, i: number): number {
  for (;;) {
    while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
    if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 2;
    } else if (text.startsWith('//', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else return i;
  }
}

/** The function an annotation applies to: the identifier right before the next "(" (past qualifiers). */
function followingFunction(
  text: string,
  from: number,
  scan: LexicalScan,
): { name: string; pos: number } | undefined {
  const limit = Math.min(text.length, from + 600);
  let i = from;
  while (i < limit) {
    i = skipSpace(text, i);
    const c = text.charCodeAt(i);
    if (c === 40) {
      // identifier before "("
      let j = i - 1;
      while (j >= from && isSpaceCode(text.charCodeAt(j))) j--;
      const end = j + 1;
      while (j >= from && isWordCode(text.charCodeAt(j))) j--;
      const name = text.slice(j + 1, end);
      if (!name || (name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57)) return undefined;
      // another annotation before any function: this one declares nothing (real checkouts never
      // stack them; scanning past them made runs of bare annotations quadratic)
      if (name === '__section' || name === '__declare_tail' || name === '__section_tail') return undefined;
      if (name === '__attribute__') {
        const skip = readArgs(text, i, 400, false);
        if (!skip) return undefined;
        i = skip.close + 1;
        continue;
      }
      return { name, pos: j + 1 };
    }
    if (c === 59 || c === 123 || c === 125 || c === 61 || Number.isNaN(c)) return undefined; // ; { } = : not a function
    if (c === 35 && isMasked(scan.masked, i)) {
      // a #define between annotation and function is not expected; stop
      return undefined;
    }
    i++;
  }
  return undefined;
}

const SITE_SHAPES: Record<SiteMacro, { slotArg: number; mapArg?: number; map?: string }> = {
  ep_tail_call: { slotArg: 1, map: 'CALLS_MAP' },
  tail_call_internal: { slotArg: 1, map: 'CALLS_MAP' },
  invoke_tailcall_if: { slotArg: 1, map: 'CALLS_MAP' },
  invoke_traced_tailcall_if: { slotArg: 1, map: 'CALLS_MAP' },
  tail_call: { slotArg: 2, mapArg: 1 },
  tail_call_static: { slotArg: 2, mapArg: 1 },
  tail_call_dynamic: { slotArg: 2, mapArg: 1 },
  tail_call_policy: { slotArg: 1, map: 'POLICY_CALL_MAP' },
  tail_call_egress_policy: { slotArg: 1, map: 'POLICY_EGRESSCALL_MAP' },
  TAIL_CT_LOOKUP4: { slotArg: 4, map: 'CALLS_MAP' },
  TAIL_CT_LOOKUP6: { slotArg: 4, map: 'CALLS_MAP' },
};

/** Top-level function bodies are sorted and disjoint: binary search for the one around `pos`. */
function enclosingFunction(functions: LexicalScan['functions'], pos: number): string | undefined {
  let lo = 0;
  let hi = functions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = functions[mid]!;
    if (pos < f.start) hi = mid - 1;
    else if (pos >= f.end) lo = mid + 1;
    else return f.name;
  }
  return undefined;
}

/** Only the declaring annotations: what `indexFile(…, { declarationsOnly: true })` looks for. */
export const DECLARATION_KEYWORDS =
  /\b(?:__section_entry|__section_tail|__section|declare_tailcall_if|__declare_tail|TAIL_CT_LOOKUP[46])\b/g;

export interface IndexOptions {
  /** skip tail-call sites (the CLI's `index` prints declarations only) */
  declarationsOnly?: boolean;
}

export function indexFile(path: string, text: string, options: IndexOptions = {}): FileIndex {
  if (text.length > MAX_INDEXED_BYTES) return emptyFileIndex(path, text.length, overLimitError(text.length));
  if (text.indexOf('\0') >= 0) return emptyFileIndex(path, text.length, 'binary file (contains NUL bytes)');
  const scan = lexicalScan(text, { functions: !options.declarationsOnly });
  const declarations: Declaration[] = [];
  const sites: TailCallSite[] = [];
  const calls: CallSite[] = [];
  const range = (pos: number, length: number): TextRange => {
    const at = lineAndCharacter(scan.lineStarts, pos);
    return { line: at.line, character: at.character, length };
  };

  // keyword positions only grow: the cursor answers "which #if conditions hold here" incrementally
  const conditionAt = conditionCursor(scan.conditions);
  const keywords = options.declarationsOnly ? DECLARATION_KEYWORDS : KEYWORDS;
  keywords.lastIndex = 0;
  for (let m = keywords.exec(text); m; m = keywords.exec(text)) {
    const pos = m.index;
    if (isMasked(scan.masked, pos)) continue;
    const word = m[0];
    const afterWord = pos + word.length;
    const at = lineAndCharacter(scan.lineStarts, pos);
    const condition = conditionAt(pos);
    const withCond = condition ? { condition } : {};
    if (word === '__section_entry') {
      const fn = followingFunction(text, afterWord, scan);
      if (fn)
        declarations.push({
          kind: 'entry',
          annotation: '__section_entry',
          function: fn.name,
          ...at,
          nameRange: range(fn.pos, fn.name.length),
          ...withCond,
        });
      continue;
    }
    if (ANCHOR_CALL_SET.has(word)) {
      if (!options.declarationsOnly) pushCall(word, pos, afterWord, condition);
      continue;
    }
    const open = skipSpace(text, afterWord);
    if (text.charCodeAt(open) !== 40) continue;
    const call = readArgs(text, open, 4000);
    if (!call) continue;
    const { args } = call;
    switch (word) {
      case '__section': {
        const first = args[0];
        if (!first || !/^"[^"]*"$/.test(first.text)) break; // __section(NAME) with a macro argument is a definition helper
        const fn = followingFunction(text, call.close + 1, scan);
        if (!fn) break;
        declarations.push({
          kind: 'entry',
          annotation: '__section',
          function: fn.name,
          ...at,
          nameRange: range(fn.pos, fn.name.length),
          section: first.text.slice(1, -1),
          sectionRange: range(first.start + 1, first.text.length - 2),
          ...withCond,
        });
        break;
      }
      case '__section_tail':
      case 'declare_tailcall_if':
      case '__declare_tail': {
        const idArg = word === '__declare_tail' ? args[0] : args[1];
        if (!idArg) break;
        const fn = followingFunction(text, call.close + 1, scan);
        if (!fn) break;
        declarations.push({
          kind: 'tail',
          annotation: word,
          function: fn.name,
          ...at,
          nameRange: range(fn.pos, fn.name.length),
          callId: idArg.text,
          callIdRange: range(idArg.start, idArg.text.length),
          map: word === '__section_tail' ? args[0]!.text : 'CILIUM_MAP_CALLS',
          ...(word === 'declare_tailcall_if' ? { tailCondition: args[0]!.text } : {}),
          ...withCond,
        });
        break;
      }
      case 'TAIL_CT_LOOKUP4':
      case 'TAIL_CT_LOOKUP6': {
        const [id, name] = args;
        if (!id || !name || !/^\w+$/.test(name.text)) break;
        declarations.push({
          kind: 'tail',
          annotation: word,
          function: name.text,
          ...at,
          nameRange: range(name.start, name.text.length),
          callId: id.text,
          callIdRange: range(id.start, id.text.length),
          map: 'CILIUM_MAP_CALLS',
          ...withCond,
        });
        pushSite(word, args, call.close, pos, name.text);
        break;
      }
      default:
        pushSite(word as SiteMacro, args, call.close, pos, undefined);
    }
  }

  function pushCall(word: string, pos: number, afterWord: number, condition: string | undefined): void {
    const fn = enclosingFunction(scan.functions, pos);
    if (!fn) return;
    let name = word;
    let args: string | undefined;
    if (word === 'CTX_ACT_OK' || word === 'TC_ACT_OK') {
      // only "return CTX_ACT_OK": the program passes the packet on
      let j = pos - 1;
      while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
      if (j < 5 || text.slice(j - 5, j + 1) !== 'return' || isWordCode(text.charCodeAt(j - 6))) return;
      name = `return ${word}`;
    } else {
      const open = skipSpace(text, afterWord);
      if (text.charCodeAt(open) !== 40) return;
      if (word.startsWith('send_drop_notify')) {
        const call = readArgs(text, open, 1000);
        if (!call) return;
        args = call.args.map((a) => a.text).join(', ');
      }
    }
    const at = lineAndCharacter(scan.lineStarts, pos);
    calls.push({
      name,
      ...at,
      function: fn,
      ...(args !== undefined ? { args } : {}),
      ...(condition ? { condition } : {}),
    });
  }

  function pushSite(
    macro: SiteMacro,
    args: Arg[],
    close: number,
    pos: number,
    enclosing: string | undefined,
  ): void {
    if (options.declarationsOnly) return;
    // "name(...) {" is the helper's own definition, not a call
    if (text.charCodeAt(skipSpace(text, close + 1)) === 123) return;
    const shape = SITE_SHAPES[macro];
    const slot = args[shape.slotArg];
    if (!slot || !slot.text) return;
    const mapText =
      shape.mapArg !== undefined ? (args[shape.mapArg]?.text ?? '').replace(/^&\s*/, '') : shape.map!;
    if (!mapText) return;
    const fn = enclosing ?? enclosingFunction(scan.functions, pos);
    const at = lineAndCharacter(scan.lineStarts, pos);
    const endOfFirstLine = text.indexOf('\n', pos);
    const condition = conditionAt(pos);
    sites.push({
      macro,
      ...at,
      macroRange: {
        ...at,
        length: Math.min(close + 1, endOfFirstLine < 0 ? text.length : endOfFirstLine) - pos,
      },
      slot: slot.text,
      slotRange: range(slot.start, slot.text.length),
      map: mapText,
      ...(fn ? { enclosingFunction: fn } : {}),
      ...(condition ? { condition } : {}),
    });
  }

  return {
    path,
    declarations,
    sites,
    calls,
    defines: scan.defines,
    includes: scan.includes,
    functions: scan.functions.map(({ name, line, endLine, start, end }) => {
      const ret = options.declarationsOnly ? -1 : lastReturn(text, start, end, scan.masked);
      return ret < 0
        ? { name, line, endLine }
        : { name, line, endLine, lastReturnLine: lineAndCharacter(scan.lineStarts, ret).line };
    }),
    bytes: text.length,
  };
}

/** The position of the last `return` statement keyword in a body [start, end), or -1 (reads only the body). */
function lastReturn(text: string, start: number, end: number, masked: readonly number[]): number {
  let last = -1;
  for (let i = text.indexOf('return', start); i >= 0 && i < end; i = text.indexOf('return', i + 6)) {
    if (!isWordCode(text.charCodeAt(i - 1)) && !isWordCode(text.charCodeAt(i + 6)) && !isMasked(masked, i))
      last = i;
  }
  return last;
}
