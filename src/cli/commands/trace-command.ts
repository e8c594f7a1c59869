import {
  DATAPATH_MODES,
  HOOK_NAMES,
  DEFAULT_TOPOLOGY,
  parseTopology,
  trace,
  type Topology,
} from '../../core';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';
import { formatTraceMermaid } from '../format/mermaid';
import { formatTraceText } from '../format/text';

export const TRACE_USAGE =
  'cilium-datapath trace --mode <vxlan|geneve|native|ipvlan> --from <pod> --to <pod|ip> [--topology file.json] [--cilium-version vX.Y] [--start-at <hook>] [--format text|json|mermaid] [--detail full|summary]';

export function loadTopology(io: Io, path: string | undefined): Topology {
  if (!path) return DEFAULT_TOPOLOGY;
  let text: string;
  try {
    text = io.readFile(path);
  } catch (e) {
    throw new UsageError(
      `Cannot read topology file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
  return parseTopology(text, `Topology file ${path}`);
}

export function traceCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, [
    'mode',
    'from',
    'to',
    'topology',
    'cilium-version',
    'start-at',
    'format',
    'detail',
  ]);
  if (args.positional.length)
    throw new UsageError(`Unexpected argument "${args.positional[0]}". Usage: ${TRACE_USAGE}`);
  const topology = loadTopology(io, flag(args, 'topology'));
  const mode = oneOf(flag(args, 'mode') ?? topology.mode, DATAPATH_MODES, 'mode', 'vxlan');
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  if (!from || !to) throw new UsageError(`trace needs --from and --to. Usage: ${TRACE_USAGE}`);
  const startAt = flag(args, 'start-at');
  if (startAt !== undefined) oneOf(startAt, HOOK_NAMES, 'hook', 'from-container');
  const format = oneOf(flag(args, 'format'), ['text', 'json', 'mermaid'] as const, 'format', 'text');
  const detail = oneOf(flag(args, 'detail'), ['full', 'summary'] as const, 'detail', 'full');
  const result = trace({ mode, from, to, ciliumVersion: flag(args, 'cilium-version'), startAt }, topology);
  switch (format) {
    case 'json':
      io.out(JSON.stringify(result, null, 2));
      break;
    case 'mermaid':
      io.out(formatTraceMermaid(result));
      break;
    case 'text':
      io.out(formatTraceText(result, detail));
      break;
  }
}
