/**
 * Conditional breakpoints: a small expression on the packet at a stop, e.g. `ip.dst == 10.0.1.72`,
 * `outer.dst != 172.26.50.102 && step == tail-call`. Fields: ip.src, ip.dst, ip.proto, outer.src,
 * outer.dst, vni, device, node, hook, step, program. Comparisons `==` / `!=`; `&&` binds before `||`.
 */
import type { Stop } from './stops';

export const CONDITION_FIELDS = [
  'ip.src',
  'ip.dst',
  'ip.proto',
  'outer.src',
  'outer.dst',
  'vni',
  'device',
  'node',
  'hook',
  'step',
  'program',
] as const;
type Field = (typeof CONDITION_FIELDS)[number];

export class ConditionError extends Error {}

function fieldValue(stop: Stop, field: Field): string | undefined {
  const h = stop.hop.headers;
  switch (field) {
    case 'ip.src':
      return h.ip.src;
    case 'ip.dst':
      return h.ip.dst;
    case 'ip.proto':
      return h.ip.protocol;
    case 'outer.src':
      return h.outer?.ip.src;
    case 'outer.dst':
      return h.outer?.ip.dst;
    case 'vni':
      return h.outer ? String(h.outer.tunnel.vni) : undefined;
    case 'device':
      return stop.hop.device;
    case 'node':
      return stop.node;
    case 'hook':
      return stop.hop.hook;
    case 'step':
      return stop.step?.type;
    case 'program':
      return stop.hop.program?.function;
  }
}

type Compiled = (stop: Stop) => boolean;

/** Compiles an expression; a ConditionError names what is wrong. */
export function compileCondition(text: string): Compiled {
  const src = text.trim();
  if (!src) throw new ConditionError('the condition is empty');
  if (src.length > 500) throw new ConditionError('the condition is longer than 500 characters');
  const ors = src.split('||').map((part) =>
    part.split('&&').map((cmp): Compiled => {
      const m = /^\s*([a-z.]+)\s*(==|!=)\s*("?)([^"\s]+)\3\s*$/.exec(cmp);
      if (!m)
        throw new ConditionError(
          `cannot read "${cmp.trim()}": write <field> == <value> or <field> != <value>, joined by && or ||`,
        );
      const field = m[1] as Field;
      if (!(CONDITION_FIELDS as readonly string[]).includes(field))
        throw new ConditionError(`unknown field "${m[1]}": use one of ${CONDITION_FIELDS.join(', ')}`);
      const want = m[4]!;
      const equal = m[2] === '==';
      return (stop) => (fieldValue(stop, field) === want) === equal;
    }),
  );
  return (stop) => ors.some((ands) => ands.every((c) => c(stop)));
}
