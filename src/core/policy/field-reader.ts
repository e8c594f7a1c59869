/**
 * Checked reads of plain YAML data with the field path of every value, so that a bad field is
 * reported as "spec.ingress[0].toPorts[0].ports[0].port: …". The loader adds file and document.
 */

/** A bad field; the loader turns it into one DatapathError that names file, document and path. */
export class FieldError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'FieldError';
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return 'an object';
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw new FieldError(path, `expected an object, found ${describeValue(value)}`);
  return value;
}

/** A missing or null list reads as undefined; anything else must be a list. */
export function optionalList(value: unknown, path: string): Json[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new FieldError(path, `expected a list, found ${describeValue(value)}`);
  return value as Json[];
}

export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new FieldError(path, `expected a string, found ${describeValue(value)}`);
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new FieldError(path, `expected true or false, found ${describeValue(value)}`);
  return value;
}

export function stringList(value: unknown, path: string): string[] {
  const list = optionalList(value, path) ?? [];
  return list.map((item, i) => {
    if (typeof item !== 'string') {
      throw new FieldError(joinPath(path, i), `expected a string, found ${describeValue(item)}`);
    }
    return item;
  });
}

/** Unknown fields are errors, as `kubectl apply` (strict field validation) makes them. */
export function checkKeys(obj: JsonObject, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new FieldError(joinPath(path, key), `unknown field; expected one of ${allowed.join(', ')}`);
    }
  }
}
