/** The hop list: device, hook, program (click to open its source) and every step. */
import { describeStep } from '../src/core/trace/describe-step';
import type { Hop, ProgramRef, Step, StepSource, Trace } from '../src/core/trace/trace-types';
import { h } from './dom';

const STEP_ICONS: Record<Step['type'], string> = {
  'tail-call': 'codicon-debug-step-into',
  lookup: 'codicon-search',
  route: 'codicon-compass',
  redirect: 'codicon-arrow-swap',
  xmit: 'codicon-arrow-right',
  encap: 'codicon-package',
  decap: 'codicon-unfold',
  'pass-to-stack': 'codicon-layers',
  deliver: 'codicon-pass-filled',
  drop: 'codicon-error',
  policy: 'codicon-shield',
  ct: 'codicon-history',
  nat: 'codicon-replace',
  lb: 'codicon-split-horizontal',
};

type RouteRow = { destination: string; gateway: string; genmask: string; flags: string; iface: string };

/** The node's routing table, as `route -n` prints it, folded under the route step. */
function routeTable(rows: RouteRow[]): HTMLElement {
  const table = h('table', { class: 'route-table' });
  table.append(
    h('tr', {}, ...['Destination', 'Gateway', 'Genmask', 'Flags', 'Iface'].map((c) => h('th', {}, c))),
  );
  for (const r of rows)
    table.append(
      h('tr', {}, ...[r.destination, r.gateway, r.genmask, r.flags, r.iface].map((c) => h('td', {}, c))),
    );
  return h('details', { class: 'route-details' }, h('summary', {}, 'routing table (route -n)'), table);
}

/**
 * Old-style tail-call sections ("1/0xffff") name a prog-array map id and a key; 0xffff is the
 * template endpoint id the loader replaces with the pod's own. Shown with what they mean.
 */
function sectionNote(section: string): HTMLElement | null {
  const m = /^(\d+)\/(0x[0-9a-f]+|\d+)$/i.exec(section);
  if (!m) return null;
  const key = m[2]!.toLowerCase() === '0xffff' ? `${m[2]} = the endpoint id` : m[2]!;
  return h('span', { class: 'section-note' }, ` (tail-call section: map ${m[1]}, key ${key})`);
}

/** A step's line in the checkout (click opens it), or why it has none; nothing without a checkout. */
function stepSource(step: Step, onOpenStep: (s: StepSource) => void): HTMLElement | null {
  if (step.source === undefined) return null;
  if (step.source === null)
    return h(
      'div',
      { class: 'step-source missing', title: 'No site for this step in the open checkout' },
      h('span', { class: 'codicon codicon-warning', 'aria-hidden': 'true' }),
      ` ${step.sourceNote ?? 'no site in this checkout'}`,
    );
  const source = step.source;
  const link = h(
    'button',
    {
      class: 'step-source',
      type: 'button',
      title: `Open ${source.file} at line ${source.line} (${source.function})`,
    },
    h('span', { class: 'codicon codicon-go-to-file', 'aria-hidden': 'true' }),
    ` ${source.file}:${source.line} `,
    h('code', { class: 'fn' }, `${source.function}()`),
  );
  link.addEventListener('click', (e) => {
    e.stopPropagation();
    onOpenStep(source);
  });
  return link;
}

export function renderHops(
  trace: Trace,
  selected: number,
  onSelect: (i: number) => void,
  onOpen: (p: ProgramRef) => void,
  onOpenStep: (s: StepSource) => void = () => undefined,
): HTMLElement {
  const list = h('ol', { class: 'hops', 'aria-label': 'Hops' });
  for (const hop of trace.hops)
    list.append(renderHop(hop, hop.index === selected, onSelect, onOpen, onOpenStep));
  return list;
}

function renderHop(
  hop: Hop,
  current: boolean,
  onSelect: (i: number) => void,
  onOpen: (p: ProgramRef) => void,
  onOpenStep: (s: StepSource) => void,
): HTMLElement {
  const where = `${hop.node} · ${hop.namespace.startsWith('pod:') ? hop.namespace.slice(4) + '/' : ''}${hop.device}`;
  const head = h(
    'div',
    { class: 'hop-head' },
    h('span', { class: 'hop-index' }, String(hop.index + 1)),
    h('span', { class: 'hop-where' }, where),
    h(
      'span',
      { class: `hook hook-${hop.hook}` },
      hop.attach && hop.attach !== 'tc' ? `${hop.hook} (${hop.attach})` : hop.hook,
    ),
  );
  const item = h(
    'li',
    {
      class: `hop${current ? ' current' : ''}`,
      'data-index': hop.index,
      'aria-current': current ? 'step' : undefined,
      tabindex: -1,
    },
    head,
  );
  if (hop.program) {
    const program = hop.program;
    const link = h(
      'button',
      { class: 'program', type: 'button', title: `Open ${program.file} at ${program.function}()` },
      h('span', { class: 'codicon codicon-go-to-file' }),
      ` ${program.file} `,
      h('code', {}, program.section),
      sectionNote(program.section),
      ' ',
      h('code', { class: 'fn' }, `${program.function}()`),
      program.via ? h('span', { class: 'via' }, ` via ${program.via}`) : null,
    );
    link.addEventListener('click', (e) => {
      e.stopPropagation();
      onOpen(program);
    });
    item.append(link);
  }
  if (hop.note) item.append(h('div', { class: 'hop-note' }, hop.note));
  if (hop.steps.length) {
    const steps = h('ul', { class: 'steps' });
    for (const step of hop.steps) {
      steps.append(
        h(
          'li',
          {
            class: `step step-${step.type}${step.type === 'policy' ? ` verdict-${step.verdict}` : ''}${step.type === 'tail-call' && step.inlined ? ' inlined' : ''}`,
          },
          h('span', { class: `codicon ${STEP_ICONS[step.type]}`, 'aria-hidden': 'true' }),
          h('span', { class: 'step-kind' }, step.type),
          h('span', { class: 'step-text' }, describeStep(step)),
          h('div', { class: 'step-note' }, step.note),
          step.cite
            ? h('div', { class: 'step-cite', title: 'The source line the model follows' }, step.cite)
            : null,
          stepSource(step, onOpenStep),
          step.type === 'route' && step.table ? routeTable(step.table) : null,
        ),
      );
    }
    item.append(steps);
  }
  item.addEventListener('click', () => onSelect(hop.index));
  return item;
}
