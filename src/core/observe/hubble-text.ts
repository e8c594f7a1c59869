/**
 * One line of `hubble observe` in its default (compact) text form, e.g.
 * `Jun 10 12:50:15.556: 10.8.14.163:43006 <> default/deployment-85c67465d6-tfgcp:8087 Policy denied DROPPED (TCP Flags: SYN)`
 * `Jan 16 04:32:27.737: default/client-7dccb64ff6-t5gc7:56462 (ID:5152) -> default/echo-service:8080 (world) to-proxy FORWARDED (TCP Flags: SYN)`
 * (hubble's compact printer: time, source, arrow, destination, event — observation point, drop reason or
 * policy-verdict match — verdict, summary).
 */
import { identityValue, parseAddress, portValue } from './connection-summary';
import { OBSERVATION_POINTS } from './monitor-line';
import type { ObservedEndpoint, ParsedLine } from './observation-types';

const VERDICTS = 'FORWARDED|DROPPED|AUDIT|REDIRECTED|ERROR|TRACED|TRANSLATED|ALLOWED|DENIED|AUDITED';
const LINE = new RegExp(
  `^(?:(\\w{3}\\s+\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?):? )?(\\S+)(?: \\(([^)]*)\\))? (->|<-|<>|<->) (\\S+)(?: \\(([^)]*)\\))? (.+?) (${VERDICTS})(?: \\((.*)\\))?$`,
);

function endpoint(text: string, annotation: string | undefined): ObservedEndpoint | undefined {
  const identity =
    annotation === undefined
      ? null
      : /^ID:(\d+)$/.test(annotation)
        ? Number(annotation.slice(3))
        : identityValue(annotation);
  const address = parseAddress(text);
  if (address) return { ...address, identity };
  const pod = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)(?::(\d{1,5}))?$/.exec(text);
  if (pod)
    return {
      ip: null,
      port: portValue(pod[5]),
      identity,
      namespace: pod[1]!,
      pod: pod[3]!,
    };
  return undefined;
}

export function looksLikeHubbleText(line: string): boolean {
  return LINE.test(line.trim());
}

export function parseHubbleText(raw: string): ParsedLine {
  const m = LINE.exec(raw.trim());
  if (!m) return { ok: false, error: 'not a hubble observe line' };
  const left = endpoint(m[2]!, m[3]);
  const right = endpoint(m[5]!, m[6]);
  if (!left || !right) return { ok: false, error: `cannot read the endpoints "${m[2]}" and "${m[5]}"` };
  // "<-" is a reply: the packet goes from the right-hand endpoint to the left-hand one
  const [source, destination] = m[4] === '<-' ? [right, left] : [left, right];
  const event = m[7]!;
  const verdict = m[8]!;
  const summary = m[9];
  const protocol = summary ? /^(TCP|UDP|SCTP|ICMPv4|ICMPv6)\b/.exec(summary)?.[1]?.toLowerCase() : undefined;
  const base = {
    format: 'hubble-text' as const,
    input: raw.trim(),
    verdict,
    source,
    destination,
    ...(summary !== undefined ? { summary } : {}),
    ...(protocol ? { protocol: protocol === 'icmpv4' ? 'icmp' : protocol } : {}),
  };
  const pv = /^policy-verdict:(\S+)(?: (INGRESS|EGRESS))?$/.exec(event);
  if (pv)
    return {
      ok: true,
      observation: {
        ...base,
        kind: 'policy-verdict',
        match: pv[1]!,
        ...(pv[2] ? { direction: pv[2].toLowerCase() } : {}),
      },
    };
  if (OBSERVATION_POINTS.includes(event))
    return { ok: true, observation: { ...base, kind: 'flow', observationPoint: event } };
  if (verdict === 'DROPPED') return { ok: true, observation: { ...base, kind: 'flow', reasonText: event } };
  return { ok: true, observation: { ...base, kind: 'flow', message: event } };
}
