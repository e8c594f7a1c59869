/**
 * cilium-datapath explain: `cilium monitor` / `cilium-dbg monitor` and `hubble observe` lines → drop
 * reason by release, the source line and its function in a checkout, and the model's trace.
 */
import { DATAPATH_MODES, DEFAULT_TOPOLOGY, SourceIndex, type Topology } from '../../core';
import { explainLine, observationLines, type Observation } from '../../core/observe';
import { diskCheckoutView } from '../../node-io/checkout-view';
import { findCheckoutSync, indexCheckoutSync } from '../../node-io/read-checkout';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';
import { formatTraceText } from '../format/text';
import { loadTopology } from './trace-command';
import { loadPolicyFiles } from '../../core/policy';

export const EXPLAIN_USAGE =
  "cilium-datapath explain ['<monitor or hubble line>' …] [--checkout DIR] [--cilium-version vX.Y] [--topology file.json] [--mode m] [--policy file.yaml …] [--format text|json]   (no line: one event per line on stdin)";

/** Control characters (terminal escapes) never reach the terminal from a pasted line. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function endpointText(e: Observation['source']): string {
  const where = e.pod ? `${e.namespace ? e.namespace + '/' : ''}${e.pod}` : (e.ip ?? '?');
  const port = e.port !== null ? `:${e.port}` : '';
  const extra = [
    e.pod && e.ip ? e.ip : undefined,
    e.identity !== null ? `identity ${e.identity}` : undefined,
    e.endpointId !== undefined ? `endpoint ${e.endpointId}` : undefined,
  ].filter(Boolean);
  return `${where}${port}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

export function formatObservationText(o: Observation): string {
  const lines: string[] = [];
  const head =
    o.kind === 'drop' || o.reason || o.verdict === 'DROPPED'
      ? `${o.kind} ${o.reason ? `${o.reason} (${o.reasonCode})` : 'reason unknown'}${o.reasonText ? ` "${o.reasonText}"` : ''}`
      : o.kind === 'policy-verdict'
        ? `policy-verdict ${o.verdict ?? ''} ${o.direction ?? ''} match ${o.match ?? '?'}`
        : `${o.kind}${o.verdict ? ` ${o.verdict}` : ''}${o.observationPoint ? ` at ${o.observationPoint}` : ''}`;
  lines.push(`${clean(head)}   [Cilium ${o.ciliumVersion}, ${o.format}]`);
  lines.push(
    `  ${clean(endpointText(o.source))} → ${clean(endpointText(o.destination))}${o.protocol ? `  ${o.protocol}` : ''}${o.summary ? ` ${clean(o.summary)}` : ''}`,
  );
  if (o.file !== undefined)
    lines.push(
      `  source: ${o.path ? `${o.path}:${o.line}` : `${clean(o.file)}:${o.line ?? '?'}`}${o.function ? ` in ${o.function}()` : ''}${o.fileId !== undefined ? ` (file id ${o.fileId})` : ''}`,
    );
  const where = [
    o.observationPoint ? `observed at ${o.observationPoint}` : undefined,
    o.ifindex !== undefined ? `ifindex ${clean(String(o.ifindex))}` : undefined,
    o.state ? `state ${clean(o.state)}` : undefined,
  ].filter(Boolean);
  if (where.length) lines.push(`  ${where.join(', ')}`);
  if (o.message) lines.push(`  ${clean(o.message)}`);
  for (const w of o.warnings) lines.push(`  warning: ${clean(w)}`);
  if (o.trace)
    lines.push(
      '',
      ...formatTraceText(o.trace, 'summary')
        .split('\n')
        .map((l) => `  ${l}`),
    );
  return lines.join('\n');
}

export function explainCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, ['checkout', 'cilium-version', 'format', 'topology', 'mode'], [], ['policy']);
  const format = oneOf(flag(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  let inputs: string[];
  if (args.positional.length) inputs = args.positional.flatMap((p) => observationLines(p));
  else {
    if (!io.readStdin) throw new UsageError(`explain needs a line. Usage: ${EXPLAIN_USAGE}`);
    inputs = observationLines(io.readStdin());
  }
  if (!inputs.length)
    throw new UsageError(`explain needs at least one monitor or hubble line. Usage: ${EXPLAIN_USAGE}`);

  const checkoutDir = flag(args, 'checkout');
  let checkout: ReturnType<typeof diskCheckoutView> | undefined;
  let checkoutVersion: string | undefined;
  if (checkoutDir !== undefined) {
    const files = findCheckoutSync(checkoutDir);
    if (!files)
      throw new UsageError(
        `--checkout ${checkoutDir} is not a Cilium checkout: no bpf/ folder and no bpf_*.c files in it.`,
      );
    const index = new SourceIndex();
    for (const entry of indexCheckoutSync(files)) index.set(entry);
    checkout = diskCheckoutView(files.root, (p) => index.get(p));
    checkoutVersion = files.versionText?.trim() || undefined;
  }
  const topologyPath = flag(args, 'topology');
  const topology: Topology = topologyPath ? loadTopology(io, topologyPath) : DEFAULT_TOPOLOGY;
  const policyFiles = args.lists.get('policy') ?? [];
  const policies = policyFiles.length
    ? loadPolicyFiles(policyFiles.map((name) => ({ name, text: io.readFile(name) })))
    : undefined;
  const modeFlag = flag(args, 'mode');
  const mode = modeFlag !== undefined ? oneOf(modeFlag, DATAPATH_MODES, 'mode', 'vxlan') : undefined;
  const version = flag(args, 'cilium-version');

  const results: unknown[] = [];
  const text: string[] = [];
  let parsed = 0;
  inputs.forEach((line, i) => {
    const r = explainLine(line, {
      ...(version !== undefined ? { ciliumVersion: version } : {}),
      ...(checkoutVersion !== undefined ? { checkoutVersion } : {}),
      ...(checkout ? { checkout } : {}),
      topology,
      ...(mode !== undefined ? { mode } : {}),
      ...(policies ? { policies } : {}),
    });
    if (r.ok) {
      parsed++;
      results.push(r.observation);
      text.push(formatObservationText(r.observation));
    } else {
      const where = inputs.length > 1 ? `line ${i + 1}: ` : '';
      io.err?.(`cilium-datapath explain: ${where}${r.error}: ${clean(r.input.slice(0, 120))}`);
      results.push({ error: r.error, input: r.input });
    }
  });
  if (!parsed)
    throw new UsageError(
      inputs.length === 1
        ? 'the line could not be read (see above).'
        : `none of the ${inputs.length} lines could be read (see above).`,
    );
  io.out(
    format === 'json'
      ? JSON.stringify(inputs.length === 1 ? results[0] : results, null, 2)
      : text.join('\n\n'),
  );
}
