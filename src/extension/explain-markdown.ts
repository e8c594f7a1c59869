/** The explanation of monitor/Hubble lines as a Markdown document (shown beside the trace panel). */
import type { Observation, ObservedEndpoint } from '../core/observe';
import type { ExplainLineResult } from '../protocol/lsp-protocol';

/** Markdown-inert text: no links, emphasis, HTML or code fences from a pasted line. */
export function inert(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

function endpoint(e: ObservedEndpoint): string {
  const name = e.pod ? `${e.namespace ? `${e.namespace}/` : ''}${e.pod}` : (e.ip ?? '?');
  const parts = [
    e.pod && e.ip ? e.ip : undefined,
    e.identity !== null ? `identity ${e.identity}` : undefined,
    e.endpointId !== undefined ? `endpoint ${e.endpointId}` : undefined,
  ].filter(Boolean);
  return `${inert(name)}${e.port !== null ? `:${e.port}` : ''}${parts.length ? ` (${inert(parts.join(', '))})` : ''}`;
}

export function headline(o: Observation): string {
  if (o.reason) return `${o.kind} — ${o.reason} (${o.reasonCode})${o.reasonText ? ` “${o.reasonText}”` : ''}`;
  if (o.kind === 'policy-verdict')
    return `policy verdict — ${o.verdict ?? '?'} ${o.direction ?? ''}, match ${o.match ?? '?'}`;
  return `${o.kind}${o.verdict ? ` — ${o.verdict}` : ''}${o.observationPoint ? ` at ${o.observationPoint}` : ''}`;
}

function observationMarkdown(o: Observation, source: { uri: string; line: number } | undefined): string[] {
  const out = [`## ${inert(headline(o))}`, '', `\`${o.input.slice(0, 300).replace(/`/g, "'")}\``, ''];
  out.push(`- **Release** ${o.ciliumVersion} (${o.format})`);
  out.push(
    `- **Flow** ${endpoint(o.source)} → ${endpoint(o.destination)}${o.protocol ? ` ${o.protocol}` : ''}${o.summary ? ` ${inert(o.summary)}` : ''}`,
  );
  if (o.file !== undefined) {
    const where = `${o.path ?? inert(o.file)}:${o.line ?? '?'}`;
    // a file: link the editor opens at the line; only to the checkout the server named
    const link =
      source && /^file:/.test(source.uri) ? `[${where}](${source.uri}#L${source.line + 1})` : where;
    out.push(
      `- **Source** ${link}${o.function ? ` in \`${o.function}()\`` : ''}${o.fileId !== undefined ? ` (file id ${o.fileId})` : ''}`,
    );
  }
  if (o.observationPoint) out.push(`- **Observed at** ${o.observationPoint}`);
  if (o.ifindex !== undefined) out.push(`- **ifindex** ${inert(String(o.ifindex))}`);
  if (o.state) out.push(`- **Conntrack state** ${inert(o.state)}`);
  if (o.message) out.push(`- **Message** ${inert(o.message)}`);
  if (o.trace) {
    out.push('', `**Trace** — ${inert(o.trace.summary)}`, '');
    for (const h of o.trace.hops)
      out.push(
        `${h.index + 1}. ${inert(h.node)} ${inert(h.device)} ${h.hook}${h.program ? ` — \`${h.program.file}\` ${h.program.function}()` : ''}`,
      );
  }
  if (o.warnings.length) out.push('', ...o.warnings.map((w) => `> ⚠ ${inert(w)}`));
  return out;
}

export function explanationMarkdown(results: readonly ExplainLineResult[], note?: string): string {
  const out = ['# Cilium Datapath: explained lines', ''];
  if (note) out.push(`_${inert(note)}_`, '');
  for (const r of results) {
    if (r.ok) out.push(...observationMarkdown(r.observation, r.source), '');
    else
      out.push(
        `## Not read`,
        '',
        `\`${r.input.slice(0, 200).replace(/`/g, "'")}\``,
        '',
        `> ${inert(r.error)}`,
        '',
      );
  }
  return out.join('\n');
}
