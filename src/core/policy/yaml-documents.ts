/**
 * Multi-document YAML → plain data, with limits: the file's size, each document's size, nesting
 * depth and alias expansion (yaml's maxAliasCount). Composing very deep YAML (`[[[[…` or
 * `- - - - …`) exhausts the stack or the heap inside the yaml package, so the text is first parsed
 * to yaml's concrete syntax tree (an iterative parser), the depth of every document is measured
 * there without recursion, and only then are the documents composed — what parseAllDocuments does,
 * with the depth check in between.
 */
import { Composer, LineCounter, Parser, type CST } from 'yaml';
import { DatapathError } from '../model/model-types';

export const MAX_FILE_CHARS = 4 * 1024 * 1024;
export const MAX_DOCUMENT_CHARS = 1024 * 1024;
/** Kubernetes policies nest about 8 levels deep (spec.ingress[0].toPorts[0].ports[0].port). */
export const MAX_NESTING_DEPTH = 64;
export const MAX_ALIAS_COUNT = 100;

export interface YamlDocument {
  /** 1-based position in the file */
  index: number;
  /** undefined for an empty document (only comments, or a stray `---`) */
  value: unknown;
}

export function invalidManifest(message: string): DatapathError {
  return new DatapathError(message, 'invalid-manifest');
}

/** Nesting depth of a CST document, walked with an explicit stack; stops early past `limit`. */
function cstDepth(doc: CST.Document, limit: number): number {
  let max = 0;
  const stack: Array<[CST.Token, number]> = doc.value ? [[doc.value, 1]] : [];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > limit) return max;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return max;
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? text;
}

/**
 * The key path that a YAML line sits under, read from indentation ("spec.ingress[0].fromEndpoints"),
 * so that a syntax error names the field as well as the line. Best effort: block style only.
 */
export function fieldAt(text: string, lineNumber: number): string | undefined {
  const lines = text.split('\n');
  const path: Array<{ indent: number; key: string }> = [];
  const end = Math.min(lineNumber, lines.length);
  let start = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (/^(---|\.\.\.)\s*$/.test(lines[i]!)) {
      start = i + 1;
      break;
    }
  }
  for (let i = start; i < end; i++) {
    const raw = lines[i]!;
    const m = /^(\s*)(- +)?([A-Za-z0-9_.\/-]+)\s*:(\s|$)/.exec(raw);
    if (!m) continue;
    const indent = m[1]!.length + (m[2]?.length ?? 0);
    while (path.length && path[path.length - 1]!.indent >= indent) path.pop();
    path.push({ indent, key: m[2] ? `[].${m[3]}` : m[3]! });
  }
  const text_ = path
    .map((p) => p.key)
    .join('.')
    .replace(/\.\[\]\./g, '[].');
  return text_ || undefined;
}

export function readYamlDocuments(text: string, fileName: string): YamlDocument[] {
  if (text.length > MAX_FILE_CHARS) {
    throw invalidManifest(
      `${fileName}: the file has ${text.length} characters; manifests over ${MAX_FILE_CHARS} are refused`,
    );
  }
  const lines = new LineCounter();
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  let index = 0;
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    index++;
    if (cstDepth(token, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH) {
      const { line } = lines.linePos(token.value?.offset ?? token.offset);
      throw invalidManifest(
        `${fileName}, document ${index} (from line ${line}): nesting deeper than ${MAX_NESTING_DEPTH} levels is refused`,
      );
    }
  }

  // `merge`: Kubernetes reads YAML with `<<` merge keys (YAML 1.1); yaml needs it switched on.
  const composer = new Composer({ merge: true, uniqueKeys: true, prettyErrors: false });
  const docs = [...composer.compose(tokens)];
  return docs.map((doc, i) => {
    const where = `${fileName}, document ${i + 1}`;
    const error = doc.errors[0];
    if (error) {
      const { line, col } = lines.linePos(error.pos[0]);
      const field = fieldAt(text, line);
      throw invalidManifest(
        `${where}: ${field ? `${field}: ` : ''}line ${line}, column ${col}: ${firstLine(error.message)}`,
      );
    }
    const [start, , end] = doc.range;
    if (end - start > MAX_DOCUMENT_CHARS) {
      throw invalidManifest(
        `${where}: the document has ${end - start} characters; documents over ${MAX_DOCUMENT_CHARS} are refused`,
      );
    }
    if (doc.contents === null) return { index: i + 1, value: undefined };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      if (e instanceof ReferenceError) {
        throw invalidManifest(
          `${where}: aliases expand to too many nodes (over ${MAX_ALIAS_COUNT}); a YAML alias bomb is refused`,
        );
      }
      throw invalidManifest(`${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { index: i + 1, value: value ?? undefined };
  });
}
