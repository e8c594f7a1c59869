/**
 * Kubernetes objects as `kubectl get … -o json|yaml` prints them: one object, a `List` (kubectl's
 * `apiVersion: v1, kind: List, items: […]`, or a typed list such as `CiliumNodeList`), or several YAML
 * documents. Every object keeps where it came from, so an error or warning can name the file, the
 * object (kind/namespace/name) and the field.
 */
import { DatapathError } from '../model/model-types';
import { readYamlDocuments } from '../policy/yaml-documents';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One object of an input file. */
export interface K8sObject {
  file: string;
  kind: string;
  name: string;
  namespace?: string;
  /** "CiliumNode kind-worker", "CiliumEndpoint default/backend-6c9d…" */
  ref: string;
  value: JsonObject;
}

/** A problem that does not stop the import: the object or field is skipped or a default is used. */
export interface ImportWarning {
  file: string;
  /** "CiliumEndpoint default/frontend" (absent for file-level warnings) */
  object?: string;
  field?: string;
  message: string;
}

export function formatWarning(w: ImportWarning): string {
  return `${w.file}${w.object ? `: ${w.object}` : ''}${w.field ? `: ${w.field}` : ''}: ${w.message}`;
}

/** A problem that stops the import; the message names file, object and field. */
export class ClusterInputError extends DatapathError {
  constructor(file: string, object: string | undefined, field: string | undefined, problem: string) {
    super(
      formatWarning({ file, ...(object ? { object } : {}), ...(field ? { field } : {}), message: problem }),
      'invalid-cluster-input',
    );
    this.name = 'ClusterInputError';
  }
}

const short = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
export const describe = short;

function objectOf(value: JsonObject, file: string, where: string): K8sObject {
  const kind = value.kind;
  if (typeof kind !== 'string' || !kind)
    throw new ClusterInputError(file, where, 'kind', `is missing: is this \`kubectl get … -o yaml\` output?`);
  const meta = value.metadata;
  if (!isObject(meta)) throw new ClusterInputError(file, `${kind} ${where}`, 'metadata', 'is missing');
  const name = meta.name;
  if (typeof name !== 'string' || !name)
    throw new ClusterInputError(
      file,
      `${kind} ${where}`,
      'metadata.name',
      `must be a string, got ${short(name)}`,
    );
  const namespace = typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : undefined;
  return {
    file,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    ref: `${kind} ${namespace ? `${namespace}/` : ''}${name}`,
    value,
  };
}

/** Every object of a file: documents, `List`s and typed lists flattened, in order. */
export function readK8sObjects(text: string, file: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of readYamlDocuments(text, file)) {
    if (doc.value === undefined || doc.value === null) continue;
    const where = `document ${doc.index}`;
    if (!isObject(doc.value))
      throw new ClusterInputError(
        file,
        where,
        undefined,
        'is not a Kubernetes object (expected a mapping with kind and metadata)',
      );
    const kind = doc.value.kind;
    if (typeof kind === 'string' && (kind === 'List' || kind.endsWith('List'))) {
      const items = doc.value.items;
      if (!Array.isArray(items))
        throw new ClusterInputError(file, `${kind} (${where})`, 'items', 'must be a list');
      items.forEach((item, i) => {
        if (!isObject(item))
          throw new ClusterInputError(file, `${kind} (${where})`, `items[${i}]`, 'is not an object');
        out.push(objectOf(item, file, `items[${i}]`));
      });
    } else {
      out.push(objectOf(doc.value, file, where));
    }
  }
  return out;
}

/** Reads a field by a dotted path ("status.networking.node"); undefined when any step is missing. */
export function field(obj: JsonObject, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Checked readers: a wrong type is an error naming file, object and field. */
export function optionalString(o: K8sObject, path: string): string | undefined {
  const v = field(o.value, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string')
    throw new ClusterInputError(o.file, o.ref, path, `must be a string, got ${short(v)}`);
  return v;
}

export function optionalList(o: K8sObject, path: string): unknown[] | undefined {
  const v = field(o.value, path);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new ClusterInputError(o.file, o.ref, path, `must be a list, got ${short(v)}`);
  return v as unknown[];
}

export function optionalInt(o: K8sObject, path: string): number | undefined {
  const v = field(o.value, path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new ClusterInputError(o.file, o.ref, path, `must be an integer, got ${short(v)}`);
  return v;
}

/** Objects of the expected kind; other kinds are warnings naming them (a wrong file is an error). */
export function ofKind(
  objects: readonly K8sObject[],
  kind: string,
  file: string,
  warnings: ImportWarning[],
): K8sObject[] {
  const wanted = objects.filter((o) => o.kind === kind);
  const others = objects.filter((o) => o.kind !== kind);
  if (!wanted.length && others.length)
    throw new ClusterInputError(
      file,
      others[0]!.ref,
      'kind',
      `is ${others[0]!.kind}, expected ${kind} (\`kubectl get ${kind.toLowerCase()}s -o yaml\`)`,
    );
  for (const o of others)
    warnings.push({ file, object: o.ref, field: 'kind', message: `is not a ${kind}: skipped` });
  return wanted;
}
