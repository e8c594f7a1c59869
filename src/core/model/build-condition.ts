/**
 * Evaluates the build conditions Cilium writes at conditional tail calls, as the release writes them:
 * `__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))`, `__or3(…)`, `is_defined(X)`, `1`, `0`.
 * (bpf/include/bpf/compiler.h / bpf/lib/utils.h define `__and`, `__or`, `__or3`, `__or4`, `__not`.)
 */
import { DatapathError } from './model-types';

export function evalBuildCondition(text: string, defines: ReadonlySet<string>): boolean {
  let pos = 0;
  const src = text.replace(/\s+/g, '');
  const fail = (): never => {
    throw new DatapathError(`Cannot read the build condition "${text}" at ${pos}.`, 'model-error');
  };
  const ident = (): string => {
    const m = /^[A-Za-z_0-9]+/.exec(src.slice(pos));
    if (!m) fail();
    pos += m![0].length;
    return m![0];
  };
  const expect = (ch: string): void => {
    if (src[pos] !== ch) fail();
    pos++;
  };
  const expr = (): boolean => {
    const name = ident();
    if (name === '1') return true;
    if (name === '0') return false;
    expect('(');
    if (name === 'is_defined') {
      const macro = ident();
      expect(')');
      return defines.has(macro);
    }
    const args = [expr()];
    while (src[pos] === ',') {
      pos++;
      args.push(expr());
    }
    expect(')');
    switch (name) {
      case '__and':
        return args.every(Boolean);
      case '__or':
      case '__or3':
      case '__or4':
        return args.some(Boolean);
      case '__not':
        return !args[0];
      default:
        return fail();
    }
  };
  const value = expr();
  if (pos !== src.length) fail();
  return value;
}
