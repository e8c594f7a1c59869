/**
 * Tail-call steps: the site in the step's function that uses the step's slot (ep_tail_call,
 * invoke_tailcall_if, tail_call_internal, tail_call_static/dynamic, tail_call_policy, TAIL_CT_LOOKUP4 …,
 * as the indexer records them), or the call of a helper whose body holds such a site.
 */
import type { TailCallSite } from '../indexer/index-types';
import { siteKind, type SourceIndex } from '../indexer/source-index';
import type { TailCallStep } from '../trace/trace-types';

/** Does `site` make the tail call of `step`? */
export function siteMatches(index: SourceIndex, site: TailCallSite, step: TailCallStep): boolean {
  const kind = siteKind(site);
  if (/call_policy/.test(step.map)) return kind === 'policy';
  if (/egresscall/.test(step.map)) return kind === 'egress-policy';
  if (kind !== 'calls') return false;
  const name = step.keyName;
  if (name && /^\w+$/.test(name) && new RegExp(`\\b${name}\\b`).test(site.slot)) return true;
  if (/^\w+$/.test(site.slot)) return index.slotValue(site.slot) === step.key;
  // a computed slot (`from_host ? CILIUM_CALL_IPV4_FROM_HOST : CILIUM_CALL_IPV4_FROM_NETDEV`)
  return (site.slot.match(/\bCILIUM_CALL_\w+/g) ?? []).some((w) => index.slotValue(w) === step.key);
}

/** What was looked for, in words, for `sourceNote`. */
export function tailCallWanted(step: TailCallStep): string {
  if (/call_policy/.test(step.map)) return 'a tail call into the policy prog array';
  return `a tail call to ${step.keyName && /^\w+$/.test(step.keyName) ? step.keyName : `${step.map}[${step.key}]`}`;
}
