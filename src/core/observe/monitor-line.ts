/**
 * One line of `cilium monitor` / `cilium-dbg monitor` (pkg/monitor/datapath_*.go, DumpInfo and
 * DumpVerbose): drop, trace, policy-verdict and debug events in every form the releases printed.
 * Which release printed which drop form lives in the model (table/monitor-formats.ts).
 */
import type { DropLocationForm } from '../model/table/monitor-formats';
import { identityValue, parseConnectionSummary, portValue } from './connection-summary';
import type { ObservedEndpoint, ParsedLine, ParsedObservation } from './observation-types';

/** `[2018-09-17 14:47:26] ` (CI monitor logs) and `CPU 01: ` prefixes are not part of the event. */
function stripPrefixes(line: string): string {
  return line.replace(/^\[\d{4}-\d\d-\d\d[ T][\d:.]+Z?\]\s+/, '').trim();
}

/** trace summaries → observation points (pkg/monitor/datapath_trace.go traceSummary, api.TraceObservationPoints) */
const TRACE_SUMMARIES: ReadonlyArray<[RegExp, string]> = [
  [/^-> endpoint (\d+)$/, 'to-endpoint'],
  [/^-> proxy(?: port (\d+))?$/, 'to-proxy'],
  [/^-> host from$/, 'to-host'],
  [/^-> stack$/, 'to-stack'],
  [/^-> overlay$/, 'to-overlay'],
  [/^-> network$/, 'to-network'],
  [/^-> crypto$/, 'to-crypto'],
  [/^<- endpoint (\d+)$/, 'from-endpoint'],
  [/^<- proxy$/, 'from-proxy'],
  [/^<- host$/, 'from-host'],
  [/^<- stack$/, 'from-stack'],
  [/^<- overlay$/, 'from-overlay'],
  [/^<- network$/, 'from-network'],
  [/^<- crypto$/, 'from-crypto'],
];

export const OBSERVATION_POINTS: readonly string[] = TRACE_SUMMARIES.map(([, p]) => p);

function endpoints(
  summaryText: string,
  srcIdentity: string | undefined,
  dstIdentity: string | undefined,
): { source: ObservedEndpoint; destination: ObservedEndpoint; protocol?: string; summary?: string } | string {
  const conn = parseConnectionSummary(summaryText);
  if (!conn) return `cannot read the addresses "${summaryText.slice(0, 80)}"`;
  return {
    source: { ...conn.source, identity: srcIdentity !== undefined ? identityValue(srcIdentity) : null },
    destination: {
      ...conn.destination,
      identity: dstIdentity !== undefined ? identityValue(dstIdentity) : null,
    },
    ...(conn.protocol ? { protocol: conn.protocol } : {}),
    ...(conn.summary ? { summary: conn.summary } : {}),
  };
}

/** The drop's location as printed, and which form that is. */
export interface DropLocation {
  form: DropLocationForm;
  file?: string;
  fileId?: number;
  line?: number;
}

function dropLocation(
  fileText: string | undefined,
  lineText: string | undefined,
  words: boolean,
): DropLocation {
  if (fileText === undefined) return { form: 'none' };
  const line = Number(lineText);
  if (/^\d+$/.test(fileText)) return { form: 'file-id', fileId: Number(fileText), line };
  const unknown = /^(?:unknown\((\d+)\)|<unknown-id-(\d+)>)$/.exec(fileText);
  if (unknown) return { form: 'file-name', fileId: Number(unknown[1] ?? unknown[2]), line };
  return { form: words ? 'file-line-words' : 'file-name', file: fileText, line };
}

const DROP =
  /^xx drop \((.+?)\)(?= (?:flow|to endpoint) )(?: flow (0x[0-9a-f]+|0x…))? to endpoint (\d+), (?:ifindex (\d+), )?(?:file (\S+?)(?:( line )|:)(\d+), )?(?:\s*\[ ip-trace-id = \d+ \])?(?:, )?identity ([^\s>]+?)->([^\s>]+): (.*)$/i;
const TRACE =
  /^((?:->|<-) [a-z]+(?: from| (?:port )?\d+)?)(?: \(([^)]*)\))? flow (0x[0-9a-f]+) ,? ?identity ([^\s>]+?)->([^\s>]+) state (\S+) ifindex (\S+)(?: orig-ip (\S+))?: (.*)$/i;
const VERDICT =
  /^Policy verdict log: flow (0x[0-9a-f]+) local EP ID (\d+), remote ID (\S+), (?:dst port (\d+), )?proto (\d+), (?:(ingress|egress)|ingress (true|false)), action (\S+), (?:auth: (\S+), )?match (\S+), (.*)$/;
const DEBUG = /^(?:CPU (\d+): )?MARK (0x[0-9a-f]+) FROM (\d+) DEBUG: (.*)$/;
const VERBOSE_DROP =
  /^(?:CPU (\d+): )?MARK (0x[0-9a-f]+) FROM (\d+) DROP: (\d+) bytes, reason (.+?)(?:, identity ([^\s>]+?)->([^\s>]+))?(?:, to endpoint (\d+))?$/;
const VERBOSE_TRACE =
  /^(?:CPU (\d+): )?MARK (0x[0-9a-f]+) FROM (\d+) ([a-z-]+): (\d+) bytes(?: \(\d+ captured\))?, state ([^,]+)(?:, interface (\S+))?(?:, identity ([^\s>]+?)->([^\s>]+))?(?:, orig-ip (\S+))?(?:, to (?:endpoint|proxy-port) (\d+))?$/;

function traceObservationPoint(summary: string): { point: string; id?: number } | undefined {
  for (const [re, point] of TRACE_SUMMARIES) {
    const m = re.exec(summary.trim());
    if (m) return { point, ...(m[1] !== undefined ? { id: Number(m[1]) } : {}) };
  }
  return undefined;
}

/** The drop location parsed from a monitor drop line (for the model to check the release against). */
export function monitorDropLocation(line: string): DropLocation | undefined {
  const m = DROP.exec(stripPrefixes(line));
  return m ? dropLocation(m[5], m[7], m[6] !== undefined) : undefined;
}

export function looksLikeMonitorLine(line: string): boolean {
  const t = stripPrefixes(line);
  return /^(xx drop |Policy verdict log:|(CPU \d+: )?MARK 0x|(->|<-) [a-z]+( from| (port )?\d+)? (\([^)]*\) )?flow )/.test(
    t,
  );
}

export function parseMonitorLine(raw: string): ParsedLine {
  const line = stripPrefixes(raw);
  const drop = DROP.exec(line);
  if (drop) {
    const ends = endpoints(drop[10]!, drop[8], drop[9]);
    if (typeof ends === 'string') return { ok: false, error: `a drop event, but ${ends}` };
    const location = dropLocation(drop[5], drop[7], drop[6] !== undefined);
    const dstEp = Number(drop[3]);
    return {
      ok: true,
      observation: {
        kind: 'drop',
        format: 'monitor',
        input: raw.trim(),
        reasonText: drop[1]!,
        ...(drop[2] ? { flow: drop[2] } : {}),
        ...(drop[4] !== undefined ? { ifindex: Number(drop[4]) } : {}),
        ...(location.file !== undefined ? { file: location.file } : {}),
        ...(location.fileId !== undefined ? { fileId: location.fileId } : {}),
        ...(location.line !== undefined ? { line: location.line } : {}),
        ...ends,
        destination: { ...ends.destination, ...(dstEp ? { endpointId: dstEp } : {}) },
      },
    };
  }
  const verdict = VERDICT.exec(line);
  if (verdict) {
    const direction = verdict[6] ?? (verdict[7] === 'true' ? 'ingress' : 'egress');
    const ends = endpoints(verdict[11]!, undefined, undefined);
    if (typeof ends === 'string') return { ok: false, error: `a policy verdict, but ${ends}` };
    const local = Number(verdict[2]);
    const remote = identityValue(verdict[3]!);
    // the local endpoint is the destination on ingress, the source on egress
    const source =
      direction === 'ingress' ? { ...ends.source, identity: remote } : { ...ends.source, endpointId: local };
    const destination =
      direction === 'ingress'
        ? { ...ends.destination, endpointId: local }
        : { ...ends.destination, identity: remote };
    return {
      ok: true,
      observation: {
        kind: 'policy-verdict',
        format: 'monitor',
        input: raw.trim(),
        flow: verdict[1]!,
        verdict: verdict[8]!,
        direction,
        match: verdict[10]!,
        ...(ends.protocol ? { protocol: ends.protocol } : {}),
        ...(ends.summary ? { summary: ends.summary } : {}),
        source,
        destination,
      },
    };
  }
  const trace = TRACE.exec(line);
  if (trace) {
    const point = traceObservationPoint(trace[1]!);
    if (!point) return { ok: false, error: `unknown trace summary "${trace[1]}"` };
    const ends = endpoints(trace[9]!, trace[4], trace[5]);
    if (typeof ends === 'string') return { ok: false, error: `a trace event, but ${ends}` };
    const ifindex = trace[7]!;
    return {
      ok: true,
      observation: {
        kind: 'trace',
        format: 'monitor',
        input: raw.trim(),
        observationPoint: point.point,
        flow: trace[3]!,
        state: trace[6]!,
        ...(ifindex !== '0' ? { ifindex: /^\d+$/.test(ifindex) ? Number(ifindex) : ifindex } : {}),
        ...ends,
        ...(point.point === 'to-endpoint' && point.id
          ? { destination: { ...ends.destination, endpointId: point.id } }
          : {}),
        ...(point.point === 'from-endpoint' && point.id
          ? { source: { ...ends.source, endpointId: point.id } }
          : {}),
      },
    };
  }
  const debug = DEBUG.exec(line);
  if (debug) return { ok: true, observation: debugObservation(raw, debug[4]!, Number(debug[3])) };
  const vdrop = VERBOSE_DROP.exec(line);
  if (vdrop) {
    const ep = vdrop[8] !== undefined ? Number(vdrop[8]) : 0;
    return {
      ok: true,
      observation: {
        kind: 'drop',
        format: 'monitor-verbose',
        input: raw.trim(),
        flow: vdrop[2]!,
        reasonText: vdrop[5]!,
        source: {
          ip: null,
          port: null,
          identity: vdrop[6] !== undefined ? identityValue(vdrop[6]) : null,
          ...(Number(vdrop[3]) ? { endpointId: Number(vdrop[3]) } : {}),
        },
        destination: {
          ip: null,
          port: null,
          identity: vdrop[7] !== undefined ? identityValue(vdrop[7]) : null,
          ...(ep ? { endpointId: ep } : {}),
        },
        warnings: [
          'the verbose form carries no addresses: they are in the dissected packet lines that follow it',
        ],
      },
    };
  }
  const vtrace = VERBOSE_TRACE.exec(line);
  if (vtrace && OBSERVATION_POINTS.includes(vtrace[4]!)) {
    return {
      ok: true,
      observation: {
        kind: 'trace',
        format: 'monitor-verbose',
        input: raw.trim(),
        observationPoint: vtrace[4]!,
        flow: vtrace[2]!,
        state: vtrace[6]!.trim(),
        ...(vtrace[7] !== undefined ? { ifindex: vtrace[7] } : {}),
        source: {
          ip: null,
          port: null,
          identity: vtrace[8] !== undefined ? identityValue(vtrace[8]) : null,
          ...(Number(vtrace[3]) ? { endpointId: Number(vtrace[3]) } : {}),
        },
        destination: {
          ip: null,
          port: null,
          identity: vtrace[9] !== undefined ? identityValue(vtrace[9]) : null,
          ...(vtrace[11] !== undefined ? { endpointId: Number(vtrace[11]) } : {}),
        },
        warnings: [
          'the verbose form carries no addresses: they are in the dissected packet lines that follow it',
        ],
      },
    };
  }
  return { ok: false, error: 'not a monitor drop, trace, policy-verdict or debug event' };
}

/** Debug messages (pkg/monitor/datapath_debug.go) name addresses as `src=ip:port`, `saddr=`, `daddr=`, `identity=`. */
function debugObservation(raw: string, message: string, from: number): ParsedObservation {
  const pick = (key: string): string | undefined => new RegExp(`\\b${key}=(\\S+)`).exec(message)?.[1];
  const split = (text: string | undefined): { ip: string | null; port: number | null } => {
    if (!text) return { ip: null, port: null };
    const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(text);
    return m ? { ip: m[1]!, port: portValue(m[2]) } : { ip: text, port: null };
  };
  const src = split(pick('src') ?? pick('saddr'));
  const dst = split(pick('dst') ?? pick('daddr'));
  const sport = pick('sport');
  const dport = pick('dport');
  return {
    kind: 'debug',
    format: 'monitor',
    input: raw.trim(),
    message,
    source: {
      ...src,
      ...(sport !== undefined ? { port: portValue(sport) } : {}),
      identity: null,
      ...(from ? { endpointId: from } : {}),
    },
    destination: { ...dst, ...(dport !== undefined ? { port: portValue(dport) } : {}), identity: null },
  };
}
