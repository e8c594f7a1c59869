import { parseArgs, UsageError, type Io } from '../args';
import { findCheckoutSync, indexCheckoutSync } from '../../node-io/read-checkout';

export const INDEX_USAGE =
  'cilium-datapath index <dir> [--json]   (<dir>: a Cilium checkout root or its bpf/ folder)';

export function indexCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, [], ['json']);
  const dir = args.positional[0];
  if (!dir || args.positional.length > 1)
    throw new UsageError(`index needs exactly one directory. Usage: ${INDEX_USAGE}`);
  const checkout = findCheckoutSync(dir);
  if (!checkout)
    throw new UsageError(`${dir} is not a Cilium checkout: no bpf/ folder and no bpf_*.c files in it.`);
  if (!checkout.files.length && checkout.problems.length)
    throw new UsageError(
      `nothing to index in ${dir}: ${checkout.problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}.`,
    );
  const entries = indexCheckoutSync(checkout, { declarationsOnly: true });
  const prefix =
    checkout.bpfDir === dir || checkout.bpfDir.replace(/\/$/, '') === dir.replace(/\/$/, '') ? 'bpf/' : '';
  const rows: Array<Record<string, string | number>> = [];
  const problems: string[] = checkout.problems.map((p) => `${p.path}: ${p.reason}`);
  for (const entry of entries) {
    const file = prefix && entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path;
    if (entry.error) problems.push(`${file}: ${entry.error}`);
    for (const d of entry.declarations) {
      rows.push({
        file,
        kind: d.kind,
        function: d.function,
        line: d.line,
        ...(d.section !== undefined ? { section: d.section } : {}),
        ...(d.kind === 'tail' ? { callId: d.callId ?? '', map: d.map ?? '' } : {}),
      });
    }
  }
  if (args.flags.has('json')) {
    io.out(JSON.stringify(rows, null, 2));
    return;
  }
  for (const r of rows) {
    const what =
      r.kind === 'entry'
        ? r.section !== undefined
          ? `section "${r.section}"`
          : '__section_entry'
        : `tail ${r.map}[${r.callId}]`;
    io.out(`${r.file}:${r.line}\t${r.kind}\t${r.function}\t${what}`);
  }
  io.out(
    `${rows.length} declarations in ${entries.length} files${problems.length ? `; ${problems.length} skipped:\n  ${problems.join('\n  ')}` : ''}`,
  );
}
