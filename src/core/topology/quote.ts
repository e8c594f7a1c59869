/**
 * Bounded, terminal-safe quoting of user values and JSON paths in topology messages (#14, #15): a
 * message never carries a control character, a line break or a bidi override from the document, and
 * never more than a few dozen characters of any one value, however large the value.
 */

/** C0 controls, DEL, C1 controls (CSI 0x9b…), U+2028/2029 and the bidi embedding/override/isolate marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The longest run of one value quoted in a message. */
export const MAX_QUOTED = 60;

const escapeUnsafe = (text: string): string =>
  text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `"10.0.0.1"`, `5`, `null`, `an object`; long strings are cut and say how long they were. */
export function quote(value: unknown, max = MAX_QUOTED): string {
  if (typeof value === 'string') {
    if (value.length <= max) return escapeUnsafe(JSON.stringify(value));
    return `${escapeUnsafe(JSON.stringify(value.slice(0, max - 3)))}… (${value.length} characters)`;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

const SIMPLE_KEY = /^[A-Za-z0-9_$-]{1,63}$/;

/** `$.pods[2].ip`; a key that is not a plain word is quoted (and bounded): `$.pods[0].labels["app.kubernetes.io/name"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      out += SIMPLE_KEY.test(key) ? `.${key}` : `[${quote(key, 40)}]`;
    }
  }
  return out;
}
