/**
 * Packet-trace webview. Renders a Trace (diagram, hop list, header view), lets the user step through
 * it and pick mode/source/destination, and asks the host to open a program's source.
 * UI controls: @vscode-elements/elements (successor of the deprecated @vscode/webview-ui-toolkit).
 */
import { describeConfig } from '../src/core/model/cilium-config';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { DatapathMode } from '../src/core/model/model-types';
import { MODES } from '../src/core/model/modes';
import type { Trace } from '../src/core/trace/trace-types';
import { parseHostToWebviewMessage, type TraceContextInfo } from '../src/protocol/webview-protocol';
import { h } from './dom';
import { renderDiagram } from './render-diagram';
import { renderHeaders } from './render-headers';
import { renderHops } from './render-hops';
import { loadState, post, saveState, type PersistedState } from './vscode-api';

/** Mode labels come from the model's presets. */
const MODE_LABELS = (mode: DatapathMode): string => MODES[mode].label;

const state: PersistedState = loadState();
let context: TraceContextInfo | undefined;
let notice = '';

const app = document.getElementById('app')!;
const live = h('div', { class: 'sr-only', 'aria-live': 'polite', id: 'live' });
document.body.append(live);

function select(label: string, id: string, options: Array<[string, string]>, value: string): HTMLElement {
  const sel = document.createElement('vscode-single-select') as HTMLElement & { value: string };
  sel.id = id;
  sel.setAttribute('aria-label', label);
  for (const [v, text] of options) {
    const o = document.createElement('vscode-option') as HTMLElement & { value: string };
    o.setAttribute('value', v);
    if (v === value) o.setAttribute('selected', '');
    o.textContent = text;
    sel.append(o);
  }
  sel.addEventListener('change', requestTrace);
  return h('label', { class: 'control' }, h('span', {}, label), sel);
}

function requestTrace(): void {
  const read = (id: string): string => {
    const el: (HTMLElement & { value?: string }) | null = document.getElementById(id);
    return el?.value ?? '';
  };
  const mode = read('mode') as DatapathMode;
  const from = read('from');
  const to = read('to');
  const family = read('family') === '6' ? { family: 6 as const } : {};
  if (mode && from && to && from !== to) post({ type: 'requestTrace', mode, from, to, ...family });
}

function selectHop(index: number): void {
  const t = state.trace;
  if (!t) return;
  state.selectedHop = Math.max(0, Math.min(t.hops.length - 1, index));
  saveState(state);
  post({ type: 'selectHop', index: state.selectedHop });
  render();
  document.querySelector<HTMLElement>('.hop.current')?.scrollIntoView({ block: 'nearest' });
}

function controls(t: Trace | undefined): HTMLElement {
  const bar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Trace controls' });
  const ctx = context;
  if (ctx) {
    const pods = ctx.pods.map((p): [string, string] => [
      p.name,
      `${p.name} (${p.node}, ${p.ip}${p.ipv6 ? `, ${p.ipv6}` : ''})`,
    ]);
    const cur = t ? { mode: t.mode, from: t.source.name, to: t.destination.name } : ctx.current;
    bar.append(
      select(
        'Mode',
        'mode',
        ctx.modes.map((m): [string, string] => [m, MODE_LABELS(m)]),
        cur.mode,
      ),
      select('From', 'from', pods, cur.from),
      select('To', 'to', pods, cur.to),
    );
    // dual-stack topologies: the packet's family (an IPv6 trace's source address has a colon)
    if (ctx.pods.some((p) => p.ipv6))
      bar.append(
        select(
          'Family',
          'family',
          [
            ['4', 'IPv4'],
            ['6', 'IPv6'],
          ],
          t?.source.ip.includes(':') ? '6' : '4',
        ),
      );
  }
  const prev = h(
    'vscode-button',
    {
      id: 'prev',
      secondary: true,
      icon: 'arrow-left',
      'aria-label': 'Previous hop (Left arrow)',
      title: 'Previous hop (←)',
    },
    'Back',
  );
  const next = h(
    'vscode-button',
    { id: 'next', icon: 'arrow-right', 'aria-label': 'Next hop (Right arrow)', title: 'Next hop (→)' },
    'Next',
  );
  prev.addEventListener('click', () => selectHop(state.selectedHop - 1));
  next.addEventListener('click', () => selectHop(state.selectedHop + 1));
  if (!t || state.selectedHop <= 0) prev.setAttribute('disabled', '');
  if (!t || state.selectedHop >= t.hops.length - 1) next.setAttribute('disabled', '');
  bar.append(
    h(
      'div',
      { class: 'stepper' },
      prev,
      h(
        'span',
        { class: 'position', id: 'position' },
        t ? `hop ${state.selectedHop + 1} / ${t.hops.length}` : '',
      ),
      next,
    ),
  );
  return bar;
}

/** What the trace ran with: the configuration axes and every assumption, folded by default. */
function renderAssumptions(t: Trace): HTMLElement {
  const details = h(
    'details',
    { class: 'assumptions', id: 'assumptions' },
    h(
      'summary',
      {},
      `Configuration (${t.preset === undefined || t.preset === 'custom' ? 'custom' : `preset ${t.preset}`}): ${describeConfig(t.config)} · ${t.assumptions.length} assumptions`,
    ),
  );
  const list = h('ul', {});
  for (const a of t.assumptions) list.append(h('li', {}, a));
  details.append(list);
  return details;
}

/** The scenario of the source documents a trace reproduces, said in words. */
function referenceText(reference: string): string {
  return `✓ matches ${reference}`;
}

function render(): void {
  const t = state.trace;
  app.replaceChildren();
  app.append(controls(t));
  if (notice)
    app.append(
      h(
        'div',
        { class: 'notice', role: 'status', id: 'notice' },
        h('span', { class: 'codicon codicon-info' }),
        ` ${notice}`,
      ),
    );
  if (!t) {
    app.append(
      h(
        'p',
        { class: 'empty' },
        'No trace yet. Run “Cilium Datapath: Trace Packet…” or ▶ Simulate from here.',
      ),
    );
    return;
  }
  const hop = t.hops[state.selectedHop] ?? t.hops[0]!;
  app.append(
    h(
      'header',
      { class: 'summary' },
      h('h1', { id: 'title' }, t.summary),
      t.reference ? h('span', { class: 'reference', title: t.reference }, referenceText(t.reference)) : null,
      h('span', { class: `disposition disposition-${t.disposition}` }, t.disposition),
    ),
    renderAssumptions(t),
    renderDiagram(t, hop.index, selectHop),
    h(
      'div',
      { class: 'columns' },
      renderHops(
        t,
        hop.index,
        selectHop,
        (program) => post({ type: 'openSource', program }),
        (source) => post({ type: 'openStepSource', source }),
      ),
      renderHeaders(hop),
    ),
  );
  live.textContent = `Hop ${hop.index + 1} of ${t.hops.length}: ${hop.node} ${hop.device} ${hop.hook}${hop.program ? `, ${hop.program.function}` : ''}`;
  post({ type: 'rendered', mode: t.mode, hops: t.hops.length, selectedHop: hop.index, title: t.summary });
}

window.addEventListener('message', (event: MessageEvent) => {
  const msg = parseHostToWebviewMessage(event.data);
  if (!msg) return; // malformed: ignore
  switch (msg.type) {
    case 'trace':
      state.trace = msg.trace;
      state.selectedHop = msg.selectedHop ?? 0;
      notice = '';
      saveState(state);
      render();
      break;
    case 'context':
      context = msg.context;
      render();
      break;
    case 'sourceResult':
      notice = msg.ok ? '' : (msg.message ?? 'The source could not be opened.');
      render();
      break;
    case 'error':
      notice = msg.message;
      render();
      break;
  }
});

document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (target && target.closest('vscode-single-select')) return;
  if (e.key === 'ArrowRight') selectHop(state.selectedHop + 1);
  else if (e.key === 'ArrowLeft') selectHop(state.selectedHop - 1);
  else if (e.key === 'Home') selectHop(0);
  else if (e.key === 'End') selectHop(Number.MAX_SAFE_INTEGER);
  else return;
  e.preventDefault();
});

render();
post({ type: 'ready' });
