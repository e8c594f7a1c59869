/**
 * Puts the model's skb->mark writes (src/core/model/skb-mark.ts) on the steps that perform them. A
 * step that already carries one (the planner's WireGuard MARK_MAGIC_ENCRYPT) keeps it.
 */
import { isTunnelDevice } from '../model/skb-cb';
import { markValue, markWriteAt, marksModelled } from '../model/skb-mark';
import type { CiliumVersion } from '../model/versions';
import type { Hop, Step } from './trace-types';

export interface MarkContext {
  version: CiliumVersion;
  encryption: string;
  family: 4 | 6;
  /** the trace starts in a node's own stack (a packet the host sends) */
  fromNode: boolean;
  /** the source's identity (what bpf_lxc's SECLABEL is) */
  sourceIdentity?: number;
}

export function putMarks(hops: readonly Hop[], ctx: MarkContext): void {
  if (!marksModelled(ctx.version, ctx.encryption)) return;
  // the mark so far: a packet that enters another node or namespace (the wire, a veth or IPVLAN
  // crossing: skb_scrub_packet) starts with 0
  let current = 0;
  hops.forEach((hop, h) => {
    const before = hops[h - 1];
    if (before && (before.node !== hop.node || before.namespace !== hop.namespace)) current = 0;
    hop.steps.forEach((step, i) => {
      if (step.mark) {
        current = parseMark(step.mark.value, current);
        return;
      }
      const row = markWriteAt(ctx.version, {
        ...(hop.program ? { file: hop.program.file, programFunction: hop.program.function } : {}),
        stepType: step.type,
        ...(step.function ? { stepFunction: step.function } : {}),
        firstOfHop: i === 0,
        hostOutput: ctx.fromNode && h === 0 && hop.hook === 'stack' && hop.namespace === 'host',
        tunnelEncap: step.type === 'encap' && isTunnelDevice(step.device),
        family: ctx.family,
      });
      if (!row) return;
      const identity =
        row.carries === 'source-identity'
          ? ctx.sourceIdentity
          : row.carries === 'tunnel-id'
            ? tunnelIdAfter(hops, h)
            : undefined;
      const value = markValue(row, identity, current);
      current = parseMark(value, current);
      step.mark = {
        magic: row.magic,
        value,
        ...(identity !== undefined ? { identity } : {}),
        meaning: row.meaning,
        cite: row.cite,
      };
    });
  });
}

/** The tunnel key's id the encapsulation after hop `h` writes (the VNI of the next encap step). */
function tunnelIdAfter(hops: readonly Hop[], h: number): number | undefined {
  for (let i = h; i < hops.length && hops[i]!.node === hops[h]!.node; i++) {
    const encap = hops[i]!.steps.find((s): s is Extract<Step, { type: 'encap' }> => s.type === 'encap');
    if (encap) return encap.outer.vni;
  }
  return undefined;
}

function parseMark(value: string, current: number): number {
  return /^0x[0-9a-f]{8}$/.test(value) ? Number.parseInt(value, 16) : current;
}
