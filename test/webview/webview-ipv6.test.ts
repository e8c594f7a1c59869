/**
 * The trace panel with a dual-stack topology (issue 12): the pod picker shows each pod's IPv6
 * address, a Family control appears, choosing IPv6 asks the host for an IPv6 trace, and an IPv6 trace
 * renders its addresses and CILIUM_CALL_IPV6_* slots. Headless Chromium, the real CSP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { trace } from '../../src/core';
import { startWebview, type WebviewHarness } from './webview-page';

const DUAL_CONTEXT = {
  type: 'context',
  context: {
    modes: ['vxlan', 'geneve', 'native', 'ipvlan'],
    pods: [
      { name: 'pod0', node: 'node0', ip: '10.0.0.31', ipv6: 'fd00:10::1f' },
      { name: 'pod1', node: 'node0', ip: '10.0.0.47', ipv6: 'fd00:10::2f' },
      { name: 'pod3', node: 'node1', ip: '10.0.1.72', ipv6: 'fd00:10:0:1::48' },
    ],
    current: { mode: 'vxlan', from: 'pod0', to: 'pod3' },
  },
};

describe('trace webview: IPv6 and dual-stack', () => {
  let w: WebviewHarness;
  before(async () => {
    w = await startWebview();
    await w.open();
  });
  after(async () => {
    await w.close();
    assert.deepEqual(w.violations, [], 'no CSP violations');
    assert.deepEqual(w.errors, [], 'no console errors');
  });

  test('an IPv6 trace renders its addresses and IPv6 slots; the Family control shows IPv6', async () => {
    const t6 = trace({
      mode: 'vxlan',
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: 'v1.16',
      family: 6,
      ciliumConfig: { 'enable-ipv6': 'true' },
    });
    await w.send(DUAL_CONTEXT);
    await w.send({ type: 'trace', trace: t6 });
    await w.page.waitForSelector('.hop');
    const text = await w.page.locator('.hops').innerText();
    // v1.16.0 bpf/bpf_lxc.c:1464 tail_call_internal(ctx, CILIUM_CALL_IPV6_FROM_LXC
    for (const s of ['CILIUM_CALL_IPV6_FROM_LXC', 'tail_handle_ipv6', 'cilium_ct6_global', 'fd00:10:0:1::48'])
      assert.ok(text.includes(s), `hop list lacks "${s}"`);
    const family = await w.page.evaluate(
      () => (document.getElementById('family') as (HTMLElement & { value?: string }) | null)?.value,
    );
    assert.equal(family, '6');
    const options = await w.page.evaluate(() =>
      Array.from(document.querySelectorAll('#from vscode-option'), (o) => o.textContent ?? ''),
    );
    assert.ok(options.includes('pod0 (node0, 10.0.0.31, fd00:10::1f)'), options.join(' | '));
  });

  test('choosing IPv4 asks for an IPv4 trace; IPv6 for an IPv6 one', async () => {
    const choose = (value: string) =>
      w.page.evaluate((v) => {
        const sel = document.getElementById('family') as HTMLElement & { value: string };
        sel.value = v;
        sel.dispatchEvent(new Event('change'));
      }, value);
    await choose('4');
    let req = (await w.posted()).filter((m) => m.type === 'requestTrace').pop();
    assert.deepEqual(req, { type: 'requestTrace', mode: 'vxlan', from: 'pod0', to: 'pod3' });
    await choose('6');
    req = (await w.posted()).filter((m) => m.type === 'requestTrace').pop();
    assert.deepEqual(req, { type: 'requestTrace', mode: 'vxlan', from: 'pod0', to: 'pod3', family: 6 });
  });
});
