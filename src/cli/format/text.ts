/** A readable hop table for terminals. */
import { describeStep, type HookResolution, type NatStep, type Trace } from '../../core';
import { describeConfig } from '../../core/model/cilium-config';

export { describeStep };

export function formatTraceText(trace: Trace, detail: 'full' | 'summary' = 'full'): string {
  const lines: string[] = [trace.summary];
  if (trace.reference) lines.push(`reproduces ${trace.reference}`);
  lines.push(
    `configuration (${trace.preset === undefined || trace.preset === 'custom' ? 'custom' : `preset ${trace.preset}`}): ${describeConfig(trace.config)}`,
  );
  if (detail === 'full') {
    lines.push('assumed:');
    for (const a of trace.assumptions) lines.push(`  - ${a}`);
  }
  lines.push('');
  for (const hop of trace.hops) {
    const where =
      `${hop.node} ${hop.namespace.startsWith('pod:') ? `${hop.namespace.slice(4)}/` : ''}${hop.device}`.padEnd(
        28,
      );
    const program = hop.program
      ? `${hop.program.file} ${hop.program.section} (${hop.program.function})${hop.program.via ? ` via ${hop.program.via}` : ''}`
      : '';
    const attach = hop.attach && hop.attach !== 'tc' ? ` (${hop.attach})` : '';
    lines.push(
      `${String(hop.index + 1).padStart(2)}  ${where} ${hop.hook.padEnd(10)} ${program}${attach}`.trimEnd(),
    );
    for (const step of hop.steps) {
      const at =
        step.source === undefined
          ? ''
          : step.source === null
            ? '   (no site in the checkout)'
            : `   @ ${step.source.file}:${step.source.line} ${step.source.function}`;
      lines.push(`      · ${describeStep(step)}${at}`);
      if (step.source === null && step.sourceNote) lines.push(`        ${step.sourceNote}`);
      if (step.type === 'nat') lines.push(`        ${natDiff(step)}`);
      if (detail === 'full') lines.push(`        ${step.note}${step.cite ? ` [${step.cite}]` : ''}`);
      if (detail === 'full' && step.type === 'route' && step.table) {
        const rows = step.table.map((r) => [r.destination, r.gateway, r.genmask, r.flags, r.iface]);
        // route -n's 16 columns, wider where an IPv6 address needs it (one space between columns)
        const width = [0, 1, 2].map((i) => Math.max(16, ...rows.map((r) => r[i]!.length + 1)));
        const row = (c: string[]): string =>
          `        ${c[0]!.padEnd(width[0]!)}${c[1]!.padEnd(width[1]!)}${c[2]!.padEnd(width[2]!)}${c[3]!.padEnd(6)}${c[4]}`;
        lines.push(row(['Destination', 'Gateway', 'Genmask', 'Flags', 'Iface']));
        for (const r of rows) lines.push(row(r));
      }
    }
    if (detail === 'full') {
      const h = hop.headers;
      const layer = (o: NonNullable<typeof h.outer>): string =>
        `${o.ip.src} → ${o.ip.dst} ${o.esp ? `ESP SPI ${o.esp.spi} (encrypted)` : `UDP ${o.udp?.dstPort ?? '?'} ${o.tunnel.protocol === 'wireguard' ? 'WireGuard (encrypted)' : `${o.tunnel.protocol.toUpperCase()} VNI ${o.tunnel.vni}`}`} | `;
      const outer =
        (h.outer ? `outer ${layer(h.outer)}` : '') +
        (h.overlay ? `encrypted inside: ${layer(h.overlay)}` : '');
      const eth = h.ethernet?.dst ? `eth ${h.ethernet.src} → ${h.ethernet.dst} | ` : '';
      lines.push(`      headers: ${outer}${eth}IP ${h.ip.src} → ${h.ip.dst}`);
      for (const c of hop.headerChanges ?? []) lines.push(`      changed: ${c}`);
      if (hop.note) lines.push(`      ${hop.note}`);
    }
  }
  lines.push('', `disposition: ${trace.disposition}`);
  return lines.join('\n');
}

/** The header field a NAT rewrote, as a diff line: "- dst 10.96.0.10:80  + dst 10.0.1.72:8080". */
function natDiff(step: NatStep): string {
  const field = step.kind === 'snat' || step.kind === 'rev-dnat' ? 'src' : 'dst';
  const end = (e: { ip: string; port?: number }): string =>
    e.port === undefined ? e.ip : `${e.ip}:${e.port}`;
  return `- ${field} ${end(step.before)}   + ${field} ${end(step.after)}`;
}

export function formatResolutionText(r: HookResolution): string {
  const lines = [
    `${r.hook} — ${r.program.file} section "${r.program.section}" function ${r.program.function}() — ${r.preset === 'custom' ? 'custom configuration' : `${r.mode} mode`}, Cilium ${r.ciliumVersion}`,
    r.program.description,
    '',
    'attached:',
  ];
  if (r.attachments.length === 0)
    lines.push(`  (no device hook)${r.reachedThrough ? ` reached through ${r.reachedThrough}` : ''}`);
  for (const a of r.attachments)
    lines.push(
      `  ${a.device} ${a.attach && a.attach !== 'tc' ? a.attach : 'tc'} ${a.direction}${a.via ? ` via ${a.via}` : ''} — ${a.condition}`,
    );
  if (r.dispatch.length) {
    lines.push('', 'dispatches to:');
    for (const d of r.dispatch)
      lines.push(
        `  ${d.map}[${d.key}] → ${d.target.file} ${d.target.function}()${d.condition ? ` (${d.condition})` : ''}`,
      );
  }
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}
