/**
 * The interpreter: renders a plan into hops and decides the verdicts (conntrack state, policy). It
 * stops at the first verdict that ends the packet: a policy deny drops at the program the release
 * drops in, with that release's drop reason.
 */
import type { CiliumVersion } from '../model/versions';
import { dropReason } from '../model/table/drop-reasons';
import { forFamily, mapNames } from '../model/table/map-names';
import type { CtStep, Disposition, DropStep, Hop, PolicyStep, Step } from '../trace/trace-types';
import type { PendingVerdict, Plan, Segment } from './plan-types';

export interface PolicyQuery {
  direction: 'ingress' | 'egress';
  /** the pod whose policy applies */
  subject: string;
  /** the peer as the datapath identifies it */
  peer: { name: string; ip: string; identity: number };
}

export interface PolicyAnswer {
  verdict: 'allow' | 'deny';
  /** false when no policy selects the subject in this direction */
  enforced: boolean;
  rule?: { policy: string; namespace?: string; index: number; kind?: string; section?: string };
  /** true when a deny rule (ingressDeny / egressDeny) decided */
  byDenyRule?: boolean;
  explanation: string;
}

export type PolicyOracle = (query: PolicyQuery) => PolicyAnswer;

/** No policy selects anything: every endpoint allows everything (Cilium's default enforcement). */
export const NO_POLICIES: PolicyOracle = () => ({
  verdict: 'allow',
  enforced: false,
  explanation: 'no policy selects this endpoint in this direction: allowed (default enforcement mode)',
});

export interface InterpretOptions {
  version: CiliumVersion;
  policies: PolicyOracle;
  ct: 'new' | 'established' | 'reply';
  protocol: string;
  /** the packet's IP family (default 4): names the conntrack map */
  family?: 4 | 6;
}

export interface Interpreted {
  hops: Hop[];
  disposition: Disposition;
}

export function interpret(plan: Plan, segments: readonly Segment[], options: InterpretOptions): Interpreted {
  const hops: Hop[] = [];
  /** conntrack entries this packet created on its way (direction and subject): a later lookup finds them */
  const created = new Map<string, string>();
  for (const segment of segments) {
    const steps: Step[] = [];
    let dropped = false;
    for (const step of segment.steps) {
      if (step.type !== 'pending') {
        steps.push(step);
        continue;
      }
      // a reply (CT_REPLY) is not subject to policy: the programs skip enforcement for it
      if (options.ct === 'reply' && step.action.do === 'policy') continue;
      const rendered = renderVerdict(step, options, created);
      steps.push(...rendered);
      if (rendered.some((s) => s.type === 'drop')) {
        dropped = true;
        break;
      }
    }
    hops.push({
      index: hops.length,
      node: segment.node,
      device: segment.device,
      hook: segment.hook,
      namespace: segment.namespace,
      ...(segment.program ? { program: segment.program } : {}),
      ...(segment.kind === 'program' && segment.attach ? { attach: segment.attach } : {}),
      steps,
      headers: segment.headers,
      ...(segment.headerChanges && !dropped ? { headerChanges: segment.headerChanges } : {}),
      ...(segment.note ? { note: segment.note } : {}),
    });
    if (dropped) return { hops, disposition: 'dropped' };
  }
  return { hops, disposition: plan.final === 'dropped' ? 'dropped' : plan.final };
}

function renderVerdict(
  pending: PendingVerdict,
  options: InterpretOptions,
  created: Map<string, string>,
): Step[] {
  const maps = forFamily(mapNames(options.version), options.version, options.family ?? 4);
  const action = pending.action;
  if (action.do === 'ct') {
    // a second lookup of the same direction for the same endpoint on this path (endpoint routes:
    // handle_policy, then to-container) finds the entry the first one created
    const key = `${action.direction}:${pending.subject.pod}`;
    const earlier = options.ct === 'new' ? created.get(key) : undefined;
    if (options.ct === 'new' && !earlier) created.set(key, pending.dropIn);
    if (earlier)
      return [
        {
          type: 'ct',
          direction: action.direction,
          result: 'established',
          map: maps.ct(options.protocol),
          cite: action.cite,
          function: pending.dropIn,
          note: `${action.fn} (${action.direction === 'egress' ? 'CT_EGRESS' : 'CT_INGRESS'}): finds the entry ${earlier} created for this packet earlier on its path; policy is still checked for packets that are not replies.`,
        },
      ];
    const step: CtStep = {
      type: 'ct',
      direction: action.direction,
      result: options.ct,
      map: maps.ct(options.protocol),
      cite: action.cite,
      function: pending.dropIn,
      note:
        options.ct === 'reply'
          ? `${action.fn} (${action.direction === 'egress' ? 'CT_EGRESS' : 'CT_INGRESS'}): CT_REPLY — the packet answers a connection the other side opened; policy is not enforced for replies.`
          : options.ct === 'new'
            ? `${action.fn} (${action.direction === 'egress' ? 'CT_EGRESS' : 'CT_INGRESS'}): no entry yet — a new connection, so policy decides and an entry is created.`
            : `${action.fn} (${action.direction === 'egress' ? 'CT_EGRESS' : 'CT_INGRESS'}): an established connection; policy is still checked for packets that are not replies.`,
    };
    return [step];
  }
  const answer = options.policies({
    direction: action.direction,
    subject: pending.subject.pod,
    peer: pending.peer,
  });
  const policy: PolicyStep = {
    type: 'policy',
    direction: action.direction,
    verdict: answer.verdict,
    endpointId: pending.subject.endpointId,
    identity: pending.peer.identity,
    map: maps.endpointPolicy(pending.subject.endpointId),
    enforced: answer.enforced,
    ...(answer.rule ? { rule: answer.rule } : {}),
    cite: action.cite,
    function: pending.dropIn,
    note: `${action.fn}: ${pending.subject.pod}'s ${action.direction} policy, peer ${pending.peer.name} (identity ${pending.peer.identity}): ${answer.explanation}.`,
  };
  if (answer.verdict === 'allow') return [policy];
  const reasonName =
    answer.byDenyRule && dropReason('DROP_POLICY_DENY', options.version) ? 'DROP_POLICY_DENY' : 'DROP_POLICY';
  const reason = dropReason(reasonName, options.version)!;
  const drop: DropStep = {
    type: 'drop',
    reason: reason.name,
    text: reason.text,
    code: reason.code,
    cite: action.dropCite,
    function: pending.dropIn,
    note: `${pending.dropIn} drops the packet: ${reason.name} (${reason.code}, "${reason.text}"), reported by send_drop_notify as ${action.direction === 'egress' ? 'egress' : 'ingress'} from ${pending.subject.pod}'s endpoint ${pending.subject.endpointId}.`,
  };
  return [policy, drop];
}
