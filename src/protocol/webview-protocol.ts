/**
 * Messages between the extension host and the trace webview: discriminated unions on `type`.
 * Both sides validate what they receive with the parsers below; anything else is ignored and logged.
 */
import { DATAPATH_MODES, type DatapathMode, type ProgramRef, type StepSource, type Trace } from '../core';
import { isValidTrace } from './validate-trace';

export interface PodChoice {
  name: string;
  node: string;
  ip: string;
  /** the pod's IPv6 address (dual-stack topologies) */
  ipv6?: string;
}

export interface TraceContextInfo {
  modes: DatapathMode[];
  pods: PodChoice[];
  current: { mode: DatapathMode; from: string; to: string };
}

export type HostToWebviewMessage =
  | { type: 'trace'; trace: Trace; selectedHop?: number }
  | { type: 'context'; context: TraceContextInfo }
  | { type: 'sourceResult'; ok: boolean; message?: string }
  | { type: 'error'; message: string };

export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'rendered'; mode: DatapathMode; hops: number; selectedHop: number; title: string }
  | { type: 'requestTrace'; mode: DatapathMode; from: string; to: string; family?: 4 | 6 }
  | { type: 'openSource'; program: ProgramRef }
  /** a step's anchored line in the checkout (click-to-source per step) */
  | { type: 'openStepSource'; source: StepSource }
  | { type: 'selectHop'; index: number };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
const isIndex = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10000;
const isMode = (v: unknown): v is DatapathMode =>
  typeof v === 'string' && (DATAPATH_MODES as readonly string[]).includes(v);
const NAME = /^[A-Za-z0-9._:/-]+$/;

function isProgram(v: unknown): v is ProgramRef {
  return (
    isObj(v) &&
    isStr(v.file) &&
    /^[\w.-]+(\/[\w.-]+)*$/.test(v.file) && // relative to the checkout: no leading "/", no "//"
    !v.file.split('/').includes('..') &&
    isStr(v.function) &&
    /^\w+$/.test(v.function) &&
    typeof v.section === 'string' &&
    v.section.length <= 100
  );
}

const isRelFile = (v: unknown): v is string =>
  isStr(v) && /^[\w.-]+(\/[\w.-]+)*$/.test(v) && !v.split('/').includes('..');

function isStepSource(v: unknown): v is StepSource {
  return (
    isObj(v) &&
    isRelFile(v.file) &&
    typeof v.line === 'number' &&
    Number.isInteger(v.line) &&
    v.line >= 1 &&
    v.line <= 10_000_000 &&
    isStr(v.function) &&
    /^\w+$/.test(v.function)
  );
}

/** Validates a message from the webview. Returns undefined for anything malformed. */
export function parseWebviewToHostMessage(v: unknown): WebviewToHostMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      return isMode(v.mode) &&
        isIndex(v.hops) &&
        isIndex(v.selectedHop) &&
        typeof v.title === 'string' &&
        v.title.length <= 300
        ? { type: 'rendered', mode: v.mode, hops: v.hops, selectedHop: v.selectedHop, title: v.title }
        : undefined;
    case 'requestTrace':
      return isMode(v.mode) &&
        isStr(v.from, 100) &&
        NAME.test(v.from) &&
        isStr(v.to, 100) &&
        NAME.test(v.to) &&
        (v.family === undefined || v.family === 4 || v.family === 6)
        ? {
            type: 'requestTrace',
            mode: v.mode,
            from: v.from,
            to: v.to,
            ...(v.family === 6 ? { family: 6 as const } : {}),
          }
        : undefined;
    case 'openSource':
      return isProgram(v.program)
        ? {
            type: 'openSource',
            program: { file: v.program.file, section: v.program.section, function: v.program.function },
          }
        : undefined;
    case 'openStepSource':
      return isStepSource(v.source)
        ? {
            type: 'openStepSource',
            source: { file: v.source.file, line: v.source.line, function: v.source.function },
          }
        : undefined;
    case 'selectHop':
      return isIndex(v.index) ? { type: 'selectHop', index: v.index } : undefined;
    default:
      return undefined;
  }
}

/** Validates a message from the host (the webview ignores anything else). */
export function parseHostToWebviewMessage(v: unknown): HostToWebviewMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'trace':
      return isValidTrace(v.trace)
        ? { type: 'trace', trace: v.trace, ...(isIndex(v.selectedHop) ? { selectedHop: v.selectedHop } : {}) }
        : undefined;
    case 'context': {
      const c = v.context;
      if (
        !isObj(c) ||
        !Array.isArray(c.modes) ||
        !c.modes.every(isMode) ||
        !Array.isArray(c.pods) ||
        !isObj(c.current)
      )
        return undefined;
      if (
        !c.pods.every(
          (p) =>
            isObj(p) &&
            isStr(p.name) &&
            typeof p.node === 'string' &&
            typeof p.ip === 'string' &&
            (p.ipv6 === undefined || isStr(p.ipv6, 64)),
        )
      )
        return undefined;
      if (!isMode(c.current.mode) || typeof c.current.from !== 'string' || typeof c.current.to !== 'string')
        return undefined;
      return { type: 'context', context: c as unknown as TraceContextInfo };
    }
    case 'sourceResult':
      return typeof v.ok === 'boolean'
        ? { type: 'sourceResult', ok: v.ok, ...(typeof v.message === 'string' ? { message: v.message } : {}) }
        : undefined;
    case 'error':
      return typeof v.message === 'string' ? { type: 'error', message: v.message } : undefined;
    default:
      return undefined;
  }
}

/**
 * The Hubble flow table (a custom editor on a file of `hubble observe -o json` flows): the host sends
 * the rows, the webview asks for the trace of one. Same rules: both sides validate.
 */
export interface FlowRow {
  /** the flow's position in the file (0-based, among the lines that read) */
  index: number;
  time: string;
  source: string;
  destination: string;
  protocol: string;
  verdict: string;
  /** observation point, drop reason or policy match */
  event: string;
  /** the model can trace it (both ends placed in the topology) */
  traceable: boolean;
}

export type FlowTableHostMessage = { type: 'flows'; title: string; rows: FlowRow[]; unread: number };

export type FlowTableWebviewMessage =
  { type: 'flowsReady' } | { type: 'flowsRendered'; rows: number } | { type: 'traceFlow'; index: number };

export const MAX_FLOW_ROWS = 2000;

function isFlowRow(v: unknown): v is FlowRow {
  return (
    isObj(v) &&
    isIndex(v.index) &&
    typeof v.traceable === 'boolean' &&
    (['time', 'source', 'destination', 'protocol', 'verdict', 'event'] as const).every(
      (k) => typeof v[k] === 'string' && v[k].length <= 300,
    )
  );
}

export function parseFlowTableHostMessage(v: unknown): FlowTableHostMessage | undefined {
  if (!isObj(v) || v.type !== 'flows') return undefined;
  if (typeof v.title !== 'string' || v.title.length > 300 || !isIndex(v.unread)) return undefined;
  if (!Array.isArray(v.rows) || v.rows.length > MAX_FLOW_ROWS || !v.rows.every(isFlowRow)) return undefined;
  return { type: 'flows', title: v.title, rows: v.rows, unread: v.unread };
}

export function parseFlowTableWebviewMessage(v: unknown): FlowTableWebviewMessage | undefined {
  if (!isObj(v) || typeof v.type !== 'string') return undefined;
  switch (v.type) {
    case 'flowsReady':
      return { type: 'flowsReady' };
    case 'flowsRendered':
      return isIndex(v.rows) ? { type: 'flowsRendered', rows: v.rows } : undefined;
    case 'traceFlow':
      return isIndex(v.index) && v.index < MAX_FLOW_ROWS ? { type: 'traceFlow', index: v.index } : undefined;
    default:
      return undefined;
  }
}
