/**
 * A file of Hubble flows: `hubble observe -o json` / `-o jsonpb` (one JSON object per line) or a JSON
 * array of flows → one line per flow for the explainer; explained flows → the table's rows.
 */
import type { Observation, ObservedEndpoint } from './observation-types';

/** One JSON text per flow. A JSON array is split into its elements; anything else is read line by line. */
export function flowFileLines(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.map((x) => JSON.stringify(x));
    } catch {
      /* not one JSON array: read it line by line */
    }
  }
  return t.split(/\r?\n/).filter((l) => l.trim().length > 0);
}

const cut = (s: string, n = 120): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);

function endpointText(e: ObservedEndpoint): string {
  const name = e.pod ? `${e.namespace ? `${e.namespace}/` : ''}${e.pod}` : (e.ip ?? '?');
  return cut(`${name}${e.port !== null ? `:${e.port}` : ''}${e.identity !== null ? ` (${e.identity})` : ''}`);
}

/** The time a flow line carries, if any (`"time":"2023-08-21T12:12:18.510175415Z"`). */
function timeOf(input: string): string {
  const m = /"time"\s*:\s*"([0-9T:.\-Z+]{10,40})"/.exec(input);
  return m ? m[1]!.replace(/\.\d+/, '') : '';
}

export interface FlowRowData {
  index: number;
  time: string;
  source: string;
  destination: string;
  protocol: string;
  verdict: string;
  event: string;
  traceable: boolean;
}

export function flowRow(index: number, o: Observation): FlowRowData {
  const event = o.reason
    ? `${o.reason}${o.file !== undefined ? ` @ ${o.file}:${o.line ?? '?'}` : ''}`
    : (o.observationPoint ?? o.reasonText ?? o.match ?? o.message ?? '');
  return {
    index,
    time: timeOf(o.input),
    source: endpointText(o.source),
    destination: endpointText(o.destination),
    protocol: cut(o.protocol ?? '', 20),
    verdict: cut(o.verdict ?? o.kind, 40),
    event: cut(event),
    traceable: o.trace !== undefined,
  };
}
