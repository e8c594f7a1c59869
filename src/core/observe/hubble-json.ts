/**
 * One Hubble flow as JSON: a line of `hubble observe -o json` / `-o jsonpb` (a GetFlowsResponse,
 * `{"flow": {…}, "node_name": …, "time": …}`), of a Hubble flow-log export (the same shape), or a bare
 * flow object. Fields follow api/v1/flow/flow.proto's JSON names (`IP`, `l4`, `source`, `destination`,
 * `verdict`, `drop_reason`, `drop_reason_desc`, `trace_observation_point`, `file`, `interface`).
 */
import { portValue } from './connection-summary';
import type { ObservedEndpoint, ParsedLine } from './observation-types';

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length <= 1000 ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The flow inside a line: `{"flow": …}` or the flow itself. */
export function flowOf(value: unknown): Json | undefined {
  const top = obj(value);
  if (!top) return undefined;
  const inner = obj(top['flow']);
  if (inner) return inner;
  return 'verdict' in top || 'IP' in top || 'l4' in top ? top : undefined;
}

function endpointOf(
  ep: Json | undefined,
  ip: string | undefined,
  port: number | undefined,
): ObservedEndpoint {
  const identity = num(ep?.['identity']);
  const id = num(ep?.['ID']);
  const pod = str(ep?.['pod_name']);
  const namespace = str(ep?.['namespace']);
  return {
    ip: ip ?? null,
    port: portValue(port),
    identity: identity ?? null,
    ...(id ? { endpointId: id } : {}),
    ...(pod ? { pod } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

const L4_NAMES: Readonly<Record<string, string>> = {
  TCP: 'tcp',
  UDP: 'udp',
  SCTP: 'sctp',
  ICMPv4: 'icmp',
  ICMPv6: 'icmpv6',
};

export function looksLikeJson(line: string): boolean {
  return line.trim().startsWith('{');
}

export function parseHubbleJson(raw: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${(e as Error).message.slice(0, 80)})` };
  }
  return parseHubbleFlow(value, raw.trim());
}

/** A parsed JSON value (one flow, or a GetFlowsResponse holding one). */
export function parseHubbleFlow(value: unknown, input: string): ParsedLine {
  const flow = flowOf(value);
  if (!flow)
    return {
      ok: false,
      error: 'JSON, but not a Hubble flow: no "flow" object and no verdict, IP or l4 field',
    };
  const ip = obj(flow['IP']);
  const l4 = obj(flow['l4']);
  let protocol: string | undefined;
  let sport: number | undefined;
  let dport: number | undefined;
  let summary = str(flow['Summary']) ?? str(flow['summary']);
  for (const [key, name] of Object.entries(L4_NAMES)) {
    const layer = obj(l4?.[key]);
    if (!layer) continue;
    protocol = name;
    sport = num(layer['source_port']);
    dport = num(layer['destination_port']);
    const flags = obj(layer['flags']);
    if (flags && !summary)
      summary = `TCP Flags: ${Object.keys(flags)
        .filter((f) => flags[f] === true)
        .join(', ')}`;
  }
  const point = str(flow['trace_observation_point']);
  const verdict = str(flow['verdict']);
  const reasonRaw = num(flow['drop_reason']);
  const reasonNumber =
    reasonRaw !== undefined && Number.isInteger(reasonRaw) && reasonRaw > 0 && reasonRaw < 256
      ? reasonRaw
      : undefined;
  const reasonDesc = str(flow['drop_reason_desc']);
  const file = obj(flow['file']);
  const iface = obj(flow['interface']);
  const eventType = num(obj(flow['event_type'])?.['type']);
  const policyMatch = num(flow['policy_match_type']);
  const direction = str(flow['traffic_direction']);
  return {
    ok: true,
    observation: {
      kind: 'flow',
      format: 'hubble-json',
      input: input.length > 4000 ? input.slice(0, 4000) + '…' : input,
      ...(verdict ? { verdict } : {}),
      ...(reasonDesc ? { reasonText: reasonDesc } : {}),
      ...(reasonNumber ? { reasonCode: -reasonNumber } : {}),
      ...(str(file?.['name']) ? { file: str(file?.['name'])! } : {}),
      ...(num(file?.['line']) ? { line: num(file?.['line'])! } : {}),
      ...(point && point !== 'UNKNOWN_POINT'
        ? { observationPoint: point.toLowerCase().replace(/_/g, '-') }
        : {}),
      ...(protocol ? { protocol } : {}),
      ...(summary ? { summary } : {}),
      ...(num(iface?.['index']) !== undefined
        ? { ifindex: str(iface?.['name']) ?? num(iface?.['index'])! }
        : {}),
      ...(direction && direction !== 'TRAFFIC_DIRECTION_UNKNOWN'
        ? { direction: direction.toLowerCase() }
        : {}),
      ...(eventType === 5 && policyMatch !== undefined ? { match: String(policyMatch) } : {}),
      source: endpointOf(obj(flow['source']), str(ip?.['source']), sport),
      destination: endpointOf(obj(flow['destination']), str(ip?.['destination']), dport),
    },
  };
}
