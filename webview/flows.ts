/**
 * Hubble flow table webview: one row per flow of a `hubble observe -o json` file, each with a Trace
 * button that asks the host for the model's trace of that flow. Text goes in as text, never HTML.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import {
  parseFlowTableHostMessage,
  type FlowRow,
  type FlowTableWebviewMessage,
} from '../src/protocol/webview-protocol';
import { h } from './dom';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const api = acquireVsCodeApi();
const post = (m: FlowTableWebviewMessage): void => api.postMessage(m);

const app = document.getElementById('app')!;

function row(r: FlowRow): HTMLElement {
  const button = h('vscode-button', {
    secondary: true,
    'data-index': r.index,
    title: r.traceable ? 'Trace this flow in the model' : 'The model cannot place both ends of this flow',
    'aria-label': `Trace flow ${r.index + 1}`,
  });
  button.textContent = 'Trace';
  button.addEventListener('click', () => post({ type: 'traceFlow', index: r.index }));
  const verdictClass = r.verdict === 'DROPPED' ? 'verdict dropped' : 'verdict';
  return h(
    'tr',
    { 'data-row': r.index },
    h('td', { class: 'num' }, String(r.index + 1)),
    h('td', {}, r.time),
    h('td', {}, r.source),
    h('td', {}, r.destination),
    h('td', {}, r.protocol),
    h('td', { class: verdictClass }, r.verdict),
    h('td', {}, r.event),
    h('td', {}, button),
  );
}

function render(title: string, rows: FlowRow[], unread: number): void {
  const table = h(
    'table',
    { class: 'flows', 'aria-label': 'Hubble flows' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['#', 'Time', 'Source', 'Destination', 'L4', 'Verdict', 'Event', ''].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h('tbody', {}, ...rows.map(row)),
  );
  app.replaceChildren(
    h('h1', {}, title),
    h('p', { class: 'summary' }, `${rows.length} flows${unread ? `, ${unread} lines not read` : ''}`),
    table,
  );
  post({ type: 'flowsRendered', rows: rows.length });
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = parseFlowTableHostMessage(e.data);
  if (m) render(m.title, m.rows, m.unread);
});
app.replaceChildren(h('p', {}, 'Reading flows…'));
post({ type: 'flowsReady' });
