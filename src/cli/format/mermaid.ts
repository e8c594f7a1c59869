/** The trace as a Mermaid sequence diagram: one participant per node/device. */
import type { Trace } from '../../core';
import { describeStep } from '../../core';

const id = (text: string): string => text.replace(/[^A-Za-z0-9_]/g, '_');
const esc = (text: string): string => text.replace(/[;#]/g, ' ').replace(/"/g, "'");

export function formatTraceMermaid(trace: Trace): string {
  const lines = ['sequenceDiagram', `  title ${esc(trace.summary)}`];
  const seen = new Set<string>();
  const participants: string[] = [];
  for (const hop of trace.hops) {
    const key = id(`${hop.node}_${hop.device}_${hop.namespace}`);
    if (!seen.has(key)) {
      seen.add(key);
      participants.push(key);
      const label =
        hop.hook === 'wire'
          ? 'wire'
          : `${hop.node} ${hop.device}${hop.namespace.startsWith('pod:') ? ` (${hop.namespace.slice(4)})` : ''}`;
      lines.push(`  participant ${key} as ${esc(label)}`);
    }
  }
  let previous: string | undefined;
  for (const hop of trace.hops) {
    const key = id(`${hop.node}_${hop.device}_${hop.namespace}`);
    const what = hop.program ? `${hop.hook} ${hop.program.section} ${hop.program.function}()` : hop.hook;
    if (previous && previous !== key) lines.push(`  ${previous}->>${key}: ${esc(what)}`);
    else lines.push(`  Note over ${key}: ${esc(what)}`);
    for (const step of hop.steps) lines.push(`  Note right of ${key}: ${esc(describeStep(step))}`);
    previous = key;
  }
  lines.push(`  Note over ${participants[participants.length - 1] ?? 'x'}: ${trace.disposition}`);
  return lines.join('\n');
}
