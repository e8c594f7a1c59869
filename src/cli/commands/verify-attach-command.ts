/**
 * `cilium-datapath verify-attach FILE`: a `bpftool net show` listing (text or -j JSON) against what
 * the model attaches for the configuration and release: agree, missing, unexpected, not modelled.
 */
import { DATAPATH_MODES, parseTopology, versionOrDefault, type DatapathMode } from '../../core';
import { describeConfig, resolveCiliumConfig } from '../../core/model/cilium-config';
import {
  parseBpftoolNet,
  verifyAttachments,
  type AttachmentFinding,
  type VerifyResult,
} from '../../core/attach';
import { modeFromCiliumConfig } from '../../core/model/cluster-hints';
import { parseCiliumConfigData } from '../../core/cluster';
import { FileReadError } from '../../node-io/read-regular-file';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';

export const VERIFY_ATTACH_USAGE =
  'cilium-datapath verify-attach <bpftool-net-show.txt|.json> [--config cilium-config.yaml] [--topology t.json] [--mode vxlan|geneve|native|ipvlan] [--cilium-version vX.Y] [--format text|json]';

function readText(io: Io, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    if (e instanceof FileReadError) throw e;
    throw new UsageError(
      `Cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
}

const LABEL: Record<AttachmentFinding['status'], string> = {
  agree: 'agree',
  missing: 'MISSING',
  unexpected: 'UNEXPECTED',
  'not-modelled': 'not modelled',
};

export function formatVerifyText(r: VerifyResult, sources: readonly string[]): string {
  const lines = [
    `Cilium ${r.ciliumVersion}, ${r.config.podLink} pods, ${r.config.transport} transport, ${r.config.hostRouting} host routing (${sources.join('; ')})`,
    `${r.counts.agree} agree, ${r.counts.missing} missing, ${r.counts.unexpected} unexpected, ${r.counts['not-modelled']} not modelled`,
    '',
  ];
  for (const f of r.findings) {
    const where = `${f.device}${f.ifindex !== undefined ? `(${f.ifindex})` : ''} ${f.hook}`;
    const what = f.attached?.name
      ? `${f.attached.name}${f.attached.progId !== undefined ? ` id ${f.attached.progId}` : ''}`
      : '';
    const program = f.program ?? f.expected;
    const source = program ? `${program.file}:${program.function}()` : '';
    lines.push(
      `${LABEL[f.status].padEnd(12)} ${where}${what ? `  ${what}` : ''}${source ? `  → ${source}` : ''}`,
    );
    lines.push(`             ${f.note}${f.cite ? ` [${f.cite}]` : ''}`);
  }
  return lines.join('\n');
}

export function verifyAttachCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, ['config', 'topology', 'mode', 'cilium-version', 'format']);
  const file = args.positional[0];
  if (!file || args.positional.length > 1)
    throw new UsageError(`verify-attach needs exactly one bpftool listing. Usage: ${VERIFY_ATTACH_USAGE}`);
  const format = oneOf(flag(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const sources: string[] = [];
  const topologyPath = flag(args, 'topology');
  const topology = topologyPath
    ? parseTopology(readText(io, topologyPath, 'topology file'), `Topology file ${topologyPath}`)
    : undefined;
  const configPath = flag(args, 'config');
  const configData = configPath
    ? parseCiliumConfigData(readText(io, configPath, 'cilium-config'), configPath)
    : topology && Object.keys(topology.config).length
      ? topology.config
      : undefined;
  let mode: DatapathMode | undefined = flag(args, 'mode') as DatapathMode | undefined;
  if (mode !== undefined) {
    oneOf(mode, DATAPATH_MODES, 'mode', 'vxlan');
    sources.push(`mode ${mode} from --mode`);
  } else if (configPath && configData) {
    const hint = modeFromCiliumConfig(configData);
    if (!hint.mode) throw new UsageError(`${configPath}: no mode can be derived: ${hint.reason}.`);
    mode = hint.mode;
    sources.push(`mode ${mode} from ${configPath}: ${hint.reason}`);
  } else if (topology?.mode) {
    mode = topology.mode;
    sources.push(`mode ${mode} from ${topologyPath}`);
  } else if (configData) {
    const hint = modeFromCiliumConfig(configData);
    mode = hint.mode ?? 'vxlan';
    sources.push(`mode ${mode} from ${topologyPath}'s config: ${hint.reason}`);
  } else {
    mode = 'vxlan';
    sources.push('mode vxlan (default; give --config, --topology or --mode)');
  }
  const versionText = flag(args, 'cilium-version') ?? topology?.ciliumVersion;
  const version = versionOrDefault(versionText);
  sources.push(
    flag(args, 'cilium-version')
      ? `release from --cilium-version`
      : topology?.ciliumVersion
        ? `release from ${topologyPath}`
        : `release ${version.label} (default; give --cilium-version)`,
  );
  const listing = parseBpftoolNet(readText(io, file, 'bpftool listing'), file);
  // the whole ConfigMap over the mode's preset (BPF host routing, netkit, WireGuard, KPR… decide
  // which devices carry programs), not the preset alone
  const layers = configData
    ? [
        {
          origin: configPath ? ('user' as const) : ('topology' as const),
          label: configPath ?? `${topologyPath} config`,
          keys: configData,
          wholeConfigMap: true,
        },
      ]
    : [];
  const resolved = resolveCiliumConfig(mode, version, layers);
  if (configData)
    sources.push(
      `configuration ${resolved.preset === 'custom' ? 'custom' : resolved.preset}: ${describeConfig(resolved.config)}`,
    );
  const result = verifyAttachments(listing, resolved.config, version);
  if (format === 'json') {
    io.out(
      JSON.stringify(
        { ...result, file, sources, skippedLines: listing.skipped, skippedCount: listing.skippedCount },
        null,
        2,
      ),
    );
    return;
  }
  io.out(formatVerifyText(result, sources));
  for (const s of listing.skipped)
    io.out(`note: ${file} line ${s.line} is not a bpftool entry: ${JSON.stringify(s.text)}`);
  if (listing.skippedCount > listing.skipped.length)
    io.out(
      `note: ${listing.skippedCount - listing.skipped.length} more lines of ${file} are not bpftool entries`,
    );
}
