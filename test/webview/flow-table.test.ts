/**
 * The Hubble flow table webview in headless Chromium under the real CSP: rows from the host's
 * validated message, text never parsed as HTML, a Trace click posts the flow's index, malformed
 * messages are ignored. Rows come from the explainer on the public sample flows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY } from '../../src/core';
import { explainLine, flowFileLines, flowRow, type Observation } from '../../src/core/observe';
import { startWebview, type WebviewHarness } from './webview-page';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'observations');

function rows(): ReturnType<typeof flowRow>[] {
  const text = ['hubble-flows.jsonl', 'hubble-flows-sample-topology.jsonl']
    .map((f) => readFileSync(join(FIXTURES, f), 'utf8'))
    .join('\n');
  const observations: Observation[] = [];
  for (const line of flowFileLines(text)) {
    const r = explainLine(line, { ciliumVersion: 'v1.10', topology: DEFAULT_TOPOLOGY, mode: 'vxlan' });
    if (r.ok) observations.push(r.observation);
  }
  return observations.map((o, i) => flowRow(i, o));
}

describe('Hubble flow table webview (real CSP, fake acquireVsCodeApi)', () => {
  let w: WebviewHarness;
  before(async () => {
    w = await startWebview({ page: 'flows', style: 'webview.css', title: 'Hubble Flows' });
    await w.open();
  });
  after(async () => {
    await w.close();
    assert.deepEqual(w.violations, [], 'no CSP violations');
    assert.deepEqual(w.errors, [], 'no console errors');
  });

  test('one row per flow with verdict, event and a Trace button; the rendered handshake', async () => {
    const data = rows();
    assert.equal(data.length, 4);
    await w.send({ type: 'flows', title: 'flows.jsonl', rows: data, unread: 1 });
    await w.page.waitForSelector('table.flows tbody tr');
    const cells = await w.page.$$eval('table.flows tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
    assert.equal(cells.length, 4);
    assert.deepEqual(cells[1]!.slice(2, 7), [
      'default/xwing:44916',
      'default/deathstar-7848d6c4d5-th9v2:80',
      'tcp',
      'DROPPED',
      'DROP_POLICY',
    ]);
    assert.equal(cells[2]![6], 'to-endpoint');
    assert.equal(cells[3]![6], 'DROP_POLICY @ bpf_lxc.c:1998');
    assert.match((await w.page.textContent('.summary')) ?? '', /4 flows, 1 lines not read/);
    const posted = await w.posted();
    assert.deepEqual(posted.filter((m) => m.type === 'flowsRendered').pop(), {
      type: 'flowsRendered',
      rows: 4,
    });
  });

  test('Trace posts the flow index', async () => {
    await w.page.click('vscode-button[data-index="2"]');
    await w.page.waitForFunction(() =>
      (window as unknown as { __posted: Array<{ type: string }> }).__posted.some(
        (m) => m.type === 'traceFlow',
      ),
    );
    const posted = await w.posted();
    assert.deepEqual(
      posted.filter((m) => m.type === 'traceFlow'),
      [{ type: 'traceFlow', index: 2 }],
    );
  });

  test('markup in a flow is text; malformed messages change nothing', async () => {
    const evil = { ...rows()[0]!, source: '<img src=x onerror=alert(1)>' };
    await w.send({ type: 'flows', title: '<b>t</b>', rows: [evil], unread: 0 });
    await w.page.waitForFunction(() => document.querySelectorAll('table.flows tbody tr').length === 1);
    assert.equal(await w.page.$$eval('img', (x) => x.length), 0);
    assert.equal(await w.page.textContent('h1'), '<b>t</b>');
    for (const bad of [
      { type: 'flows', title: 'x', rows: [{ ...evil, index: -1 }], unread: 0 },
      { type: 'flows', title: 'x', rows: 'nope', unread: 0 },
      { type: 'trace', trace: {} },
    ])
      await w.send(bad);
    assert.equal(await w.page.$$eval('table.flows tbody tr', (x) => x.length), 1);
  });
});
