/** What the source indexer extracts from one BPF C file. Lines are 1-based, characters 0-based. */

export interface TextRange {
  line: number;
  character: number;
  length: number;
}

export type DeclarationAnnotation =
  | '__section'
  | '__section_entry'
  | '__section_tail'
  | 'declare_tailcall_if'
  | '__declare_tail'
  | 'TAIL_CT_LOOKUP4'
  | 'TAIL_CT_LOOKUP6';

export interface Declaration {
  kind: 'entry' | 'tail';
  annotation: DeclarationAnnotation;
  function: string;
  /** line of the declaring annotation */
  line: number;
  character: number;
  /** where the function's name is */
  nameRange: TextRange;
  /** __section("name"): the name, and where the string is */
  section?: string;
  sectionRange?: TextRange;
  /** tails: the slot expression (CILIUM_CALL_…, TEMPLATE_LXC_ID) and the map (CILIUM_MAP_CALLS, CILIUM_MAP_POLICY) */
  callId?: string;
  callIdRange?: TextRange;
  map?: string;
  /** declare_tailcall_if's condition */
  tailCondition?: string;
  /** enclosing #if/#ifdef conditions, joined with && */
  condition?: string;
}

export type SiteMacro =
  | 'ep_tail_call'
  | 'tail_call_internal'
  | 'invoke_tailcall_if'
  | 'invoke_traced_tailcall_if'
  | 'tail_call'
  | 'tail_call_static'
  | 'tail_call_dynamic'
  | 'tail_call_policy'
  | 'tail_call_egress_policy'
  | 'TAIL_CT_LOOKUP4'
  | 'TAIL_CT_LOOKUP6';

export interface TailCallSite {
  macro: SiteMacro;
  line: number;
  character: number;
  /** the whole call, from the macro name to the closing parenthesis (on the first line only) */
  macroRange: TextRange;
  /** the slot / key expression as written */
  slot: string;
  slotRange: TextRange;
  /** CALLS_MAP for the object's own calls map, POLICY_CALL_MAP, … */
  map: string;
  enclosingFunction?: string;
  condition?: string;
}

export interface MacroDefinition {
  name: string;
  value: string;
  line: number;
}

export interface FunctionSpan {
  name: string;
  line: number;
  endLine: number;
  /** the line of the body's last `return` (the program's final exit), when it has one */
  lastReturnLine?: number;
}

/**
 * A call (or `return CTX_ACT_OK`) inside a function body that a trace step may be anchored on: a
 * redirect or xmit exit, an encapsulation, a lookup, conntrack, a policy check, a drop notification,
 * or a helper that does one of these. Only the names in `ANCHOR_CALLS` (index-file.ts) are recorded.
 */
export interface CallSite {
  /** the callee, or "return CTX_ACT_OK" / "return TC_ACT_OK" */
  name: string;
  line: number;
  character: number;
  /** the enclosing function */
  function: string;
  /** the argument list as written (comments and runs of space collapsed), for drop notifications only */
  args?: string;
  /** enclosing #if/#ifdef conditions, joined with && */
  condition?: string;
}

export interface FileIndex {
  /** path relative to the checkout root, with forward slashes, e.g. "bpf/bpf_lxc.c" */
  path: string;
  declarations: Declaration[];
  sites: TailCallSite[];
  /** anchorable calls inside function bodies (empty when indexed for declarations only) */
  calls: CallSite[];
  defines: MacroDefinition[];
  /** raw include targets: "lib/common.h", "bpf/ctx/skb.h" */
  includes: string[];
  functions: FunctionSpan[];
  /** set when the file could not be indexed (binary, too large); everything else is empty then */
  error?: string;
  bytes: number;
}

export const MAX_INDEXED_BYTES = 5 * 1024 * 1024;

/** Why a file of `bytes` is not indexed, when it is over MAX_INDEXED_BYTES. */
export function overLimitError(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB is over the ${MAX_INDEXED_BYTES / 1048576} MB limit for indexed files`;
}

/** The entry of a file with nothing indexed in it (no annotation keyword, or `error`). */
export function emptyFileIndex(path: string, bytes: number, error?: string): FileIndex {
  return {
    path,
    declarations: [],
    sites: [],
    calls: [],
    defines: [],
    includes: [],
    functions: [],
    bytes,
    ...(error !== undefined ? { error } : {}),
  };
}
