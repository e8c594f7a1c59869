/**
 * A trace as a debug session walks it: one stop per step (a hop without steps is one stop), the call
 * stack at each stop (a tail call pushes a frame, since it replaces the program without returning; a
 * device hook starts a new stack; the kernel between programs is a frame of its own), and where
 * Step Over / Step Into / Step Out / Continue go from a stop.
 */
import type { Hop, ProgramRef, Step, StepSource, Trace } from '../trace/trace-types';

export interface Frame {
  /** "from_overlay (bpf/bpf_overlay.c)", "kernel: cilium_vxlan driver" */
  name: string;
  program?: ProgramRef;
  /** the line this frame is at: the stop's line for the top frame, the tail-call site below it */
  source?: StepSource;
}

export interface Stop {
  index: number;
  hop: Hop;
  step?: Step;
  stepIndex: number;
  node: string;
  /** top first */
  frames: Frame[];
}

const programName = (p: ProgramRef): string => `${p.function} (${p.file})`;

export function buildStops(trace: Trace): Stop[] {
  const stops: Stop[] = [];
  // per node: the chain of programs since the last device hook, bottom first
  const chains = new Map<string, Frame[]>();
  for (const hop of trace.hops) {
    let frames: Frame[];
    if (hop.program) {
      const chain = hop.hook === 'tail-call' ? [...(chains.get(hop.node) ?? [])] : [];
      chain.push({ name: programName(hop.program), program: hop.program });
      chains.set(hop.node, chain);
      frames = chain;
    } else {
      chains.delete(hop.node);
      frames = [{ name: `kernel: ${hop.device} ${hop.hook}` }];
    }
    const steps: Array<Step | undefined> = hop.steps.length ? hop.steps : [undefined];
    steps.forEach((step, i) => {
      const top = frames[frames.length - 1]!;
      const current: Frame = { ...top, ...(step?.source ? { source: step.source } : {}) };
      if (!step?.source) delete current.source;
      if (step?.type === 'tail-call' && step.source) top.source = step.source; // where the frame above was entered
      stops.push({
        index: stops.length,
        hop,
        ...(step ? { step } : {}),
        stepIndex: i,
        node: hop.node,
        frames: [
          current,
          ...frames
            .slice(0, -1)
            .reverse()
            .map((f) => ({ ...f })),
        ],
      });
    });
  }
  return stops;
}

/** Step Over: the next step. */
export function nextStop(stops: readonly Stop[], at: number): number | undefined {
  return at + 1 < stops.length ? at + 1 : undefined;
}

/**
 * Step Into: on a tail call, redirect, xmit or encapsulation, the first step of the next program
 * (past the kernel between); elsewhere, and on a tail call compiled inline, the next step.
 */
export function stepInStop(stops: readonly Stop[], at: number): number | undefined {
  const here = stops[at];
  if (!here) return undefined;
  const t = here.step?.type;
  const inline = here.step?.type === 'tail-call' && here.step.inlined === true;
  if ((t === 'tail-call' && !inline) || t === 'redirect' || t === 'xmit' || t === 'encap') {
    for (let i = at + 1; i < stops.length; i++)
      if (stops[i]!.hop.index !== here.hop.index && stops[i]!.hop.program) return i;
    return undefined;
  }
  return nextStop(stops, at);
}

/** Step Out: the current program (hop) finishes; the first step after it. */
export function stepOutStop(stops: readonly Stop[], at: number): number | undefined {
  const here = stops[at];
  if (!here) return undefined;
  for (let i = at + 1; i < stops.length; i++) if (stops[i]!.hop.index !== here.hop.index) return i;
  return undefined;
}
