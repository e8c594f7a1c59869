/**
 * A plan is the ordered list of places a packet passes: kernel segments (veth pair, routing, wire,
 * tunnel driver, stack) and program segments (an entry program on a device hook, or a tail program).
 * The planner builds it from the model tables without verdicts; the interpreter renders it and stops
 * at the first verdict that ends the packet. "Simulate from here" is a slice of the plan.
 */
import type { HookName } from '../model/model-types';
import type { Action, ProgramId } from '../model/table/table-types';
import type { HookKind, PacketHeaders, ProgramRef, Step } from '../trace/trace-types';

interface SegmentBase {
  node: string;
  device: string;
  hook: HookKind;
  namespace: string;
  /** headers as the packet arrives at this segment */
  headers: PacketHeaders;
  headerChanges?: string[];
  note?: string;
}

export interface KernelSegment extends SegmentBase {
  kind: 'kernel';
  steps: Step[];
  /** a BPF program that runs outside tc (the socket LB's cgroup program) */
  program?: ProgramRef;
  /** ends the packet's path when reached: delivered to a pod or handed to a host stack */
  final?: 'delivered' | 'forwarded-to-stack';
}

/** A policy or conntrack action the interpreter decides when it renders the plan. */
export interface PendingVerdict {
  type: 'pending';
  action: Extract<Action, { do: 'policy' } | { do: 'ct' }>;
  /** whose policy: the endpoint id and its pod name */
  subject: { pod: string; endpointId: number };
  /** the peer as the program sees it */
  peer: { name: string; ip: string; identity: number };
  /** the release's program that drops on deny (the tail or entry that calls send_drop_notify) */
  dropIn: string;
}

export interface ProgramSegment extends SegmentBase {
  kind: 'program';
  id: ProgramId;
  hookName?: HookName;
  program: ProgramRef;
  /** how the entry program is attached (absent for tail calls) */
  attach?: 'tc' | 'tcx' | 'netkit-peer' | 'netkit-primary';
  steps: Array<Step | PendingVerdict>;
}

export type Segment = KernelSegment | ProgramSegment;

export interface Plan {
  segments: Segment[];
  /** set when the planner stopped at a drop that does not depend on a verdict */
  final: 'delivered' | 'forwarded-to-stack' | 'dropped';
  /** what the release decided on the way (e.g. an agent fallback), for the trace's assumptions */
  notes?: string[];
}
