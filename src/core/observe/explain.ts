/**
 * explainLine(): one monitor or Hubble line → the explain contract (observation-types.ts). Parsing is
 * per format (monitor-line.ts, hubble-text.ts, hubble-json.ts); what a release means by a code, a file
 * id or a printed form comes from the model; `file:line` is found in the checkout (locate.ts); the
 * trace is the tracer's, cut where the event was observed.
 */
import { DatapathError, type DatapathMode } from '../model/model-types';
import { isDatapathMode } from '../model/resolve-hook';
import {
  DROP_REASONS,
  dropReasonByCode,
  dropReasonByText,
  type DropReason,
} from '../model/table/drop-reasons';
import { hubbleDropCode } from '../model/table/hubble-drop-reasons';
import {
  dropFormat,
  formPrintedBy,
  formReleases,
  type DropLocationForm,
} from '../model/table/monitor-formats';
import { NUMERIC_FILE_ID_RELEASE, sourceFileById } from '../model/table/source-file-ids';
import { DEFAULT_CILIUM_VERSION, parseCiliumVersion, type CiliumVersion } from '../model/versions';
import type { PolicySet } from '../policy/policy-types';
import { listPods } from '../topology/parse-topology';
import type { Topology } from '../topology/topology-types';
import { trace } from '../trace/tracer';
import type { Hop, Trace } from '../trace/trace-types';
import { looksLikeJson, parseHubbleJson } from './hubble-json';
import { looksLikeHubbleText, parseHubbleText } from './hubble-text';
import { candidatePaths, locateDrop, type CheckoutView } from './locate';
import { looksLikeMonitorLine, monitorDropLocation, parseMonitorLine } from './monitor-line';
import type { Observation, ObservationError, ParsedLine, ParsedObservation } from './observation-types';

export interface ExplainOptions {
  /** the release the user named (--cilium-version); wins over everything */
  ciliumVersion?: string;
  /** the checkout's VERSION text, when a checkout is open */
  checkoutVersion?: string;
  checkout?: CheckoutView;
  /** pods to place the endpoints in; no trace without it */
  topology?: Topology;
  mode?: string;
  policies?: PolicySet;
}

export type ExplainResult = { ok: true; observation: Observation } | ({ ok: false } & ObservationError);

/** The longest line read: a Hubble JSON flow is a few KB. */
export const MAX_LINE_CHARS = 64 * 1024;
/** The longest monitor or hubble text line read (real ones are a few hundred characters). */
export const MAX_TEXT_LINE_CHARS = 4096;

/** Which parser a line is for. */
export function parseObservationLine(line: string): ParsedLine {
  const text = line.trim();
  if (!text) return { ok: false, error: 'empty line' };
  if (text.length > MAX_LINE_CHARS)
    return { ok: false, error: `line of ${text.length} characters is over the ${MAX_LINE_CHARS} limit` };
  if (looksLikeJson(text)) return parseHubbleJson(text);
  if (text.length > MAX_TEXT_LINE_CHARS)
    return {
      ok: false,
      error: `line of ${text.length} characters is longer than any monitor or hubble text line (${MAX_TEXT_LINE_CHARS})`,
    };
  if (looksLikeMonitorLine(text)) return parseMonitorLine(text);
  if (looksLikeHubbleText(text)) return parseHubbleText(text);
  return {
    ok: false,
    error:
      'not a cilium monitor event (xx drop …, -> endpoint …, Policy verdict log: …, CPU NN: MARK … DEBUG: …) nor a hubble observe flow (text or JSON)',
  };
}

/** The drop form a monitor line printed, when it is a monitor drop summary. */
function formOf(parsed: ParsedObservation): DropLocationForm | undefined {
  return parsed.kind === 'drop' && parsed.format === 'monitor'
    ? monitorDropLocation(parsed.input)?.form
    : undefined;
}

/**
 * No release given and the default does not know the printed reason text: the latest release whose
 * monitor prints both that text and the line's form.
 */
function releaseOfText(parsed: ParsedObservation): CiliumVersion | undefined {
  const text = parsed.reasonText;
  if (text === undefined || parsed.format === 'hubble-json') return undefined;
  const form = formOf(parsed);
  let best: CiliumVersion | undefined;
  for (const r of DROP_REASONS) {
    if (r.text !== text && r.text !== text.replace(/, [^,]*$/, '')) continue;
    for (let minor = r.until ?? 99; minor >= r.since; minor = minor === 99 ? 19 : minor - 1) {
      const v = parseCiliumVersion(minor === 99 ? 'main' : `v1.${minor}`);
      if (form && !formPrintedBy(form, v)) continue;
      if (!best || v.minor > best.minor) best = v;
      break;
    }
  }
  return best;
}

function versionFor(parsed: ParsedObservation, options: ExplainOptions, warnings: string[]): CiliumVersion {
  const form = formOf(parsed);
  if (options.ciliumVersion) {
    const v = parseCiliumVersion(options.ciliumVersion);
    if (form && !formPrintedBy(form, v))
      warnings.push(
        `this drop line's form (${dropFormat(form).example.replace(/^xx drop \(Policy denied\) flow 0x… to endpoint 0, /, '')}) was printed by ${formReleases(form)}, not ${v.label} (${dropFormat(form).cite}); decoded as ${v.label} as asked`,
      );
    return v;
  }
  if (options.checkoutVersion) {
    const v = parseCiliumVersion(options.checkoutVersion);
    if (form && !formPrintedBy(form, v))
      warnings.push(
        `this drop line's form was printed by ${formReleases(form)}, but the checkout is ${v.label}: the line belongs to another release?`,
      );
    return v;
  }
  if (form && form !== 'none') {
    const f = dropFormat(form);
    const v = parseCiliumVersion(`v1.${f.since}`);
    if (f.until !== f.since)
      warnings.push(
        `no release given: decoded as ${v.label}, the first release that prints this form (${formReleases(form)}); give --cilium-version`,
      );
    return v;
  }
  const fallback = parseCiliumVersion(DEFAULT_CILIUM_VERSION);
  const byText =
    parsed.reasonText !== undefined &&
    !dropReasonByText(parsed.reasonText.replace(/, [^,]*$/, ''), fallback).length
      ? releaseOfText(parsed)
      : undefined;
  if (byText) {
    warnings.push(
      `no release given: decoded as ${byText.label}, the latest release whose monitor prints "${parsed.reasonText}"${form ? ' in this form' : ''}; give --cilium-version`,
    );
    return byText;
  }
  warnings.push(`no release given: decoded as ${fallback.label}; give --cilium-version or open a checkout`);
  return fallback;
}

/** Where else a text or code means something: "DROP_X in v1.4–v1.6". */
function elsewhere(match: (r: DropReason) => boolean): string {
  const rows = DROP_REASONS.filter(match);
  return rows
    .map(
      (r) =>
        `${r.name} (${r.code}) in v1.${r.since}${r.until === undefined ? ' … main' : r.until === r.since ? '' : ` … v1.${r.until}`}`,
    )
    .join('; ');
}

function decodeReason(parsed: ParsedObservation, version: CiliumVersion, warnings: string[]): DropReason[] {
  let code = parsed.reasonCode;
  if (code === undefined && parsed.format === 'hubble-json' && parsed.reasonText) {
    const c = hubbleDropCode(parsed.reasonText);
    if (c) code = -c;
  }
  if (code !== undefined) {
    const rows = dropReasonByCode(code, version);
    if (!rows.length) {
      const other = elsewhere((r) => r.code === (code > 0 ? -code : code));
      warnings.push(`${version.label} defines no drop reason ${code}${other ? `; it is ${other}` : ''}`);
    }
    return rows;
  }
  const text = parsed.reasonText;
  if (text === undefined) return [];
  // DropReasonExt prints "text, extended error" (v1.12+); an unknown code prints the bare number
  const candidates = [text, text.replace(/, [^,]*$/, '')];
  for (const c of candidates) {
    const rows = dropReasonByText(c, version);
    if (rows.length) return rows;
  }
  const numeric = /^(\d+)(?:, -?\d+)?$/.exec(text);
  if (numeric) {
    const rows = dropReasonByCode(-Number(numeric[1]), version);
    if (rows.length) return rows;
  }
  const other = elsewhere((r) => candidates.includes(r.text));
  warnings.push(
    `${version.label}'s monitor prints no drop reason "${text}"${other ? `; that text is ${other}: the line belongs to another release?` : ''}`,
  );
  return [];
}

function findPod(
  topology: Topology,
  mode: DatapathMode,
  ip: string | null,
  pod: string | undefined,
): string | undefined {
  const pods = listPods(topology, mode);
  if (pod && pods.some((p) => p.name === pod)) return pod;
  return ip ? pods.find((p) => p.ip === ip)?.name : undefined;
}

/** The last hop where the observation happened (or the drop's program ran); undefined when none fits. */
function observedAt(hops: readonly Hop[], obs: Observation): number | undefined {
  const last = (pred: (h: Hop) => boolean): number | undefined => {
    for (let i = hops.length - 1; i >= 0; i--) if (pred(hops[i]!)) return i;
    return undefined;
  };
  const first = (pred: (h: Hop) => boolean): number | undefined => {
    const i = hops.findIndex(pred);
    return i >= 0 ? i : undefined;
  };
  const hook = (name: string) => (h: Hop) => h.program?.hook === name;
  const step = (type: string) => (h: Hop) => h.steps.some((s) => s.type === type);
  const path = obs.path ?? (obs.file !== undefined ? candidatePaths(obs.file)[0] : undefined);
  if (path) return last((h) => h.program?.file === path);
  switch (obs.observationPoint) {
    case 'from-endpoint':
      return first(hook('from-container'));
    case 'to-endpoint':
      return last(step('deliver')) ?? last(hook('to-container')) ?? last(hook('policy'));
    case 'to-overlay':
      return first(step('encap')) ?? first(hook('to-overlay'));
    case 'from-overlay':
      return first(hook('from-overlay'));
    case 'from-network':
      return first(hook('from-netdev'));
    case 'to-network':
      return last(hook('to-netdev'));
    case 'to-stack':
      return first(step('pass-to-stack'));
    case 'from-host':
      return first(hook('from-host'));
    case 'to-host':
      return first(hook('to-host'));
    default:
      return undefined;
  }
}

function traceFor(obs: Observation, options: ExplainOptions, version: CiliumVersion): Trace | undefined {
  const topology = options.topology;
  if (!topology) return undefined;
  const modeText = options.mode ?? topology.mode ?? 'vxlan';
  if (!isDatapathMode(modeText)) {
    obs.warnings.push(`no trace: unknown mode "${modeText}"`);
    return undefined;
  }
  const from = findPod(topology, modeText, obs.source.ip, obs.source.pod);
  const toPod = findPod(topology, modeText, obs.destination.ip, obs.destination.pod);
  const to = toPod ?? obs.destination.ip ?? undefined;
  if (!from || !to) {
    const who = !from ? `the source ${obs.source.pod ?? obs.source.ip ?? '(no address)'}` : 'the destination';
    obs.warnings.push(`no trace: ${who} is not a pod of the topology "${topology.name ?? ''}"`);
    return undefined;
  }
  const protocol = obs.protocol === 'icmpv6' ? 'icmp' : obs.protocol;
  try {
    const t = trace(
      {
        mode: modeText,
        from,
        to,
        ciliumVersion: version.label,
        ...(protocol === 'tcp' || protocol === 'udp' || protocol === 'icmp' || protocol === 'sctp'
          ? { protocol }
          : {}),
        ...(obs.destination.port ? { port: obs.destination.port } : {}),
        ct: obs.state === 'reply' || obs.state === 'established' ? 'established' : 'new',
        ...(options.policies ? { policies: options.policies } : {}),
      },
      topology,
    );
    if ((obs.kind === 'drop' || obs.verdict === 'DROPPED') && t.disposition !== 'dropped')
      obs.warnings.push(
        `the model's trace ${from} → ${to} is ${t.disposition}, not dropped: give the policies that deny it (--policy) to reproduce the drop`,
      );
    const at = observedAt(t.hops, obs);
    if (at === undefined) {
      obs.warnings.push(
        `the model's path ${from} → ${to} (${modeText}) does not pass ${obs.path ?? obs.file ?? obs.observationPoint ?? 'the observed point'}: the whole trace is shown`,
      );
      return t;
    }
    if (at === t.hops.length - 1) return t;
    return {
      ...t,
      hops: t.hops.slice(0, at + 1),
      summary: `${t.summary}; shown up to hop ${at + 1}, where the event was observed (${obs.path ?? obs.file ?? obs.observationPoint})`,
    };
  } catch (e) {
    if (e instanceof DatapathError) {
      obs.warnings.push(`no trace: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

export function explainParsed(parsed: ParsedObservation, options: ExplainOptions = {}): Observation {
  const warnings = [...(parsed.warnings ?? [])];
  const version = versionFor(parsed, options, warnings);
  const obs: Observation = { ...parsed, ciliumVersion: version.label, warnings };
  if (obs.kind === 'drop' || obs.verdict === 'DROPPED' || obs.reasonCode !== undefined) {
    const reasons = decodeReason(parsed, version, warnings);
    if (reasons.length) {
      obs.reason = reasons.map((r) => r.name).join(' / ');
      obs.reasonCode = reasons[0]!.code;
      if (obs.format === 'hubble-json' || obs.reasonText === undefined) obs.reasonText ??= reasons[0]!.text;
    }
  }
  if (obs.fileId !== undefined && obs.file === undefined) {
    const idVersion =
      obs.format === 'monitor' && !options.ciliumVersion && !options.checkoutVersion
        ? parseCiliumVersion(NUMERIC_FILE_ID_RELEASE)
        : version;
    const name = sourceFileById(obs.fileId, idVersion);
    if (name) obs.file = name;
    else warnings.push(`${idVersion.label} has no source file id ${obs.fileId}`);
  }
  if (obs.file !== undefined && obs.line !== undefined && options.checkout) {
    const loc = locateDrop(obs.file, obs.line, obs.reason ? obs.reason.split(' / ') : [], options.checkout);
    if (loc.path) obs.path = loc.path;
    if (loc.function) obs.function = loc.function;
    warnings.push(...loc.warnings);
  }
  const t = traceFor(obs, options, version);
  if (t) obs.trace = t;
  return obs;
}

export function explainLine(line: string, options: ExplainOptions = {}): ExplainResult {
  const parsed = parseObservationLine(line);
  if (!parsed.ok) return { ok: false, input: line.trim().slice(0, 200), error: parsed.error };
  try {
    return { ok: true, observation: explainParsed(parsed.observation, options) };
  } catch (e) {
    if (e instanceof DatapathError) return { ok: false, input: line.trim().slice(0, 200), error: e.message };
    throw e;
  }
}

/** Splits pasted text into lines worth reading (blank lines, `Listening for events…` banners and `level=` logs are skipped). */
export function observationLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(
      (l) =>
        l.length > 0 &&
        !/^(Listening for events on|Press Ctrl-C to quit|level=|-{10,}|Defaulted container)/.test(l),
    );
}
