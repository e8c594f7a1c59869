import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { anchorTrace, trace } from '../../src/core';
import { loadCheckoutSync } from '../../src/node-io/checkout-index';
import { startWebview, type WebviewHarness } from './webview-page';

const ARTIFACTS = join(__dirname, '..', '..', '..', 'artifacts', 'screenshots');
const CONTEXT = {
  type: 'context',
  context: {
    modes: ['vxlan', 'geneve', 'native', 'ipvlan'],
    pods: [
      { name: 'pod0', node: 'node0', ip: '10.0.0.31' },
      { name: 'pod1', node: 'node0', ip: '10.0.0.47' },
      { name: 'pod2', node: 'node1', ip: '10.0.1.15' },
      { name: 'pod3', node: 'node1', ip: '10.0.1.72' },
    ],
    current: { mode: 'vxlan', from: 'pod0', to: 'pod3' },
  },
};

let vx: ReturnType<typeof trace>;

describe('trace webview in headless Chromium (real CSP, fake acquireVsCodeApi)', () => {
  let w: WebviewHarness;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    w = await startWebview();
    await w.open();
  });
  after(async () => {
    await w.close();
    assert.deepEqual(w.violations, [], 'no CSP violations');
    assert.deepEqual(w.errors, [], 'no console errors');
  });

  const lastRendered = async () => (await w.posted()).filter((m) => m.type === 'rendered').pop();

  test('renders the seed VXLAN trace: hop list, programs, steps, and the rendered handshake', async () => {
    vx = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3' });
    await w.send(CONTEXT);
    const started = Date.now();
    await w.send({ type: 'trace', trace: vx });
    await w.page.waitForSelector('.hop');
    const renderMs = Date.now() - started;
    assert.ok(renderMs < 1500, `render took ${renderMs} ms`);
    const text = await w.page.locator('.hops').innerText();
    for (const s of [
      'bpf/bpf_lxc.c',
      'from-container',
      'cilium_vxlan',
      'from-overlay',
      'cilium_call_policy',
      'handle_policy',
      'redirect → veth1',
      'encap VXLAN outer 172.26.50.101 → 172.26.50.102 UDP 8472',
    ]) {
      assert.ok(text.includes(s), `hop list lacks "${s}"`);
    }
    assert.equal(await w.page.locator('.hop').count(), vx.hops.length);
    assert.deepEqual(await lastRendered(), {
      type: 'rendered',
      mode: 'vxlan',
      hops: vx.hops.length,
      selectedHop: 0,
      title: vx.summary,
    });
    await w.page.locator('.hop').nth(3).click();
    await w.page.screenshot({ path: join(ARTIFACTS, 'webview-vxlan.png') });
  });

  test('stepping with buttons and arrow keys moves the current hop and the header view', async () => {
    await w.page.keyboard.press('Home');
    assert.equal(await w.page.locator('#position').innerText(), `hop 1 / ${vx.hops.length}`);
    await w.page.locator('#next').click();
    assert.equal(await w.page.locator('#position').innerText(), `hop 2 / ${vx.hops.length}`);
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowRight');
    assert.equal(await w.page.locator('#position').innerText(), `hop 4 / ${vx.hops.length}`);
    assert.match(
      await w.page.locator('.headers').innerText(),
      /outer \(VXLAN\)[\s\S]*172\.26\.50\.101 → 172\.26\.50\.102[\s\S]*VNI/i,
    );
    await w.page.keyboard.press('ArrowLeft');
    assert.equal(await w.page.locator('.hop.current .hop-index').innerText(), '3');
    await w.page.keyboard.press('End');
    const n = vx.hops.length;
    assert.match(await w.page.locator('.headers').innerText(), new RegExp(`Headers at hop ${n}\\b`));
    assert.equal((await lastRendered())?.selectedHop, n - 1);
    assert.match(await w.page.locator('#live').innerText(), new RegExp(`Hop ${n} of ${n}\\b`));
  });

  test('clicking a program asks the host to open its source; a failure is shown', async () => {
    await w.page.locator('.program').first().click();
    const open = (await w.posted()).filter((m) => m.type === 'openSource').pop();
    assert.deepEqual(open, {
      type: 'openSource',
      program: {
        file: 'bpf/bpf_lxc.c',
        section: 'from-container',
        function: 'handle_xgress',
        hook: 'from-container',
      },
    });
    await w.send({
      type: 'sourceResult',
      ok: false,
      message: 'No Cilium checkout is open: from-container is bpf/bpf_lxc.c handle_xgress().',
    });
    assert.match(await w.page.locator('#notice').innerText(), /No Cilium checkout is open/);
  });

  test('changing the mode asks for a new trace', async () => {
    await w.page.evaluate(() => {
      const sel = document.getElementById('mode') as HTMLElement & { value: string };
      sel.value = 'ipvlan';
      sel.dispatchEvent(new Event('change'));
    });
    const req = (await w.posted()).filter((m) => m.type === 'requestTrace').pop();
    assert.deepEqual(req, { type: 'requestTrace', mode: 'ipvlan', from: 'pod0', to: 'pod3' });
  });

  test('renders the seed IPVLAN trace', async () => {
    const ip = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3' });
    await w.send({ type: 'trace', trace: ip, selectedHop: 0 });
    await w.page.waitForFunction(() => document.querySelector('#title')?.textContent?.includes('IPVLAN'));
    const text = await w.page.locator('.hops').innerText();
    for (const s of [
      'cilium_lxc_ipve_01021',
      'xmit → eth0',
      'from-netdev',
      'bpf/bpf_host.c',
      'route 10.0.1.0/24 via 172.26.50.102 dev eth0',
    ])
      assert.ok(text.includes(s), `lacks ${s}`);
    await w.page.keyboard.press('ArrowRight');
    await w.page.screenshot({ path: join(ARTIFACTS, 'webview-ipvlan.png') });
  });

  test('malformed messages are ignored: no crash, DOM unchanged', async () => {
    const before = await w.page.locator('#app').innerHTML();
    for (const m of [
      null,
      42,
      'trace',
      { type: 'trace' },
      { type: 'trace', trace: { mode: 'vlan', hops: [] } },
      { type: 'context', context: { modes: ['x'] } },
      { type: 'nope' },
      { type: 'trace', trace: { mode: 'vxlan', hops: 'x' } },
    ]) {
      await w.send(m);
    }
    await w.send({ type: 'busy' });
    assert.equal(await w.page.locator('#app').innerHTML(), before);
  });

  test('accessible names and keyboard-reachable controls', async () => {
    assert.equal(await w.page.locator('[aria-label="Trace controls"]').count(), 1);
    assert.equal(await w.page.locator('#prev').getAttribute('aria-label'), 'Previous hop (Left arrow)');
    assert.equal(await w.page.locator('[aria-live="polite"]').count(), 1);
    assert.equal(await w.page.locator('.hop[aria-current="step"]').count(), 1);
  });

  test('state survives a reload (getState/setState)', async () => {
    await w.page.keyboard.press('End');
    await w.page.reload();
    await w.page.waitForSelector('.hop');
    assert.match(await w.page.locator('#title').innerText(), /IPVLAN/);
    const n = trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3' }).hops.length;
    assert.equal(await w.page.locator('#position').innerText(), `hop ${n} / ${n}`);
  });
  test('500 mutated trace messages: no page error; a valid trace still renders afterwards', async () => {
    const seed = 20261125;
    let x = seed;
    const rand = (n: number): number => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x % n;
    };
    const junk = [
      null,
      -1,
      1.5,
      '',
      'x'.repeat(5000),
      [],
      {},
      '<img src=x onerror="window.__pwned=1">',
      true,
    ];
    const base = trace({ mode: 'geneve', from: 'pod0', to: 'pod3' });
    const messages: unknown[] = [];
    for (let i = 0; i < 500; i++) {
      const copy = JSON.parse(JSON.stringify({ type: 'trace', trace: base })) as Record<string, unknown>;
      let node: Record<string, unknown> = copy;
      for (let d = 0; d < 8; d++) {
        const keys = Object.keys(node);
        const k = keys[rand(keys.length)]!;
        const child = node[k];
        if (child === null || typeof child !== 'object' || rand(4) === 0) {
          if (rand(3) === 0) delete node[k];
          else node[k] = junk[rand(junk.length)];
          break;
        }
        node = child as Record<string, unknown>;
      }
      messages.push(copy);
    }
    const before = (await w.posted()).length;
    await w.page.evaluate((ms) => ms.forEach((m) => window.postMessage(m, '*')), messages);
    await w.send({ type: 'trace', trace: trace({ mode: 'vxlan', from: 'pod1', to: 'pod2' }) });
    await w.page.waitForFunction(() => document.querySelector('#app')?.textContent?.includes('pod1 → pod2'));
    assert.deepEqual(w.errors, [], 'no page errors');
    assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    // every accepted mutation rendered (and said so); none of them broke the page
    const rendered = (await w.posted()).slice(before).filter((m) => m.type === 'rendered');
    assert.match(String(rendered.pop()?.title), /pod1 → pod2/);
  });
  test('a side-by-side column of 500 px: the diagram fits, nothing overlaps; no unexplained jargon', async () => {
    await w.page.setViewportSize({ width: 500, height: 820 });
    try {
      await w.send({
        type: 'trace',
        trace: trace({ mode: 'vxlan', from: 'pod0', to: 'pod3' }),
        selectedHop: 0,
      });
      await w.page.waitForFunction(() => document.querySelector('#title')?.textContent?.includes('VXLAN'));
      const layout = await w.page.evaluate(() => {
        const d = document.querySelector<HTMLElement>('.diagram')!;
        const box = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
        return {
          scroll: d.scrollWidth,
          client: d.clientWidth,
          width: document.documentElement.clientWidth,
          nodes: Array.from(d.querySelectorAll('.node')).map(box),
          wire: box(d.querySelector('.wire')!),
          text: document.body.innerText,
        };
      });
      assert.ok(layout.scroll <= layout.client, `the diagram overflows: ${layout.scroll} > ${layout.client}`);
      for (const n of layout.nodes) assert.ok(n.left >= 0 && n.right <= layout.width, `a node is clipped`);
      const [a, b] = layout.nodes as [DOMRect, DOMRect];
      assert.ok(
        layout.wire.left >= a.right - 0.5 && layout.wire.right <= b.left + 0.5,
        'the wire label overlaps a node',
      );
      assert.doesNotMatch(layout.text, /reproduces seed|seed 00\d/);
      assert.match(layout.text, /matches the VXLAN walkthrough of the source documents/);
      await w.page.screenshot({ path: join(ARTIFACTS, 'webview-500px.png') });
    } finally {
      await w.page.setViewportSize({ width: 1100, height: 820 });
    }
  });

  test('an ELF section like 1/0xffff is explained where it is shown', async () => {
    await w.send({
      type: 'trace',
      trace: trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.10' }),
    });
    await w.page.waitForSelector('.hop');
    const text = await w.page.locator('.hops').innerText();
    assert.ok(text.includes('1/0xffff'), 'the section is shown as declared');
    assert.match(text, /1\/0xffff \(tail-call section: map 1, key 0xffff = the endpoint id\)/);
  });

  test('a custom configuration (netkit, WireGuard): the panel shows it next to the trace, with attachments and the WireGuard outer header', async () => {
    const nk = trace({
      mode: 'native',
      from: 'pod0',
      to: 'pod3',
      ciliumVersion: 'v1.16',
      ciliumConfig: { 'datapath-mode': 'netkit', 'enable-wireguard': 'true' },
    });
    await w.send({ type: 'trace', trace: nk, selectedHop: 0 });
    await w.page.waitForFunction(() =>
      document.querySelector('#assumptions summary')?.textContent?.includes('Configuration (custom)'),
    );
    const summary = await w.page.locator('#assumptions summary').innerText();
    assert.match(
      summary,
      /Configuration \(custom\): netkit pods, native routing, legacy host routing, tcx, WireGuard/,
    );
    const text = await w.page.locator('.hops').innerText();
    for (const s of [
      'tc-egress (netkit-peer)',
      'cilium_wg0',
      'encrypt WireGuard outer 172.26.50.101 → 172.26.50.102 UDP 51871',
    ])
      assert.ok(text.includes(s), `lacks ${s}`);
    const wire = nk.hops.findIndex((h) => h.hook === 'wire');
    await w.send({ type: 'trace', trace: nk, selectedHop: wire });
    await w.page.waitForFunction(() => document.body.textContent?.includes('encrypted inner packet'));
  });

  test('each anchored step opens its line; a step without a site says what was looked for', async () => {
    // the sample checkout (sample/cilium-v1.10) anchors every BPF step; one is made missing here
    const checkout = loadCheckoutSync(join(__dirname, '..', '..', '..', 'sample', 'cilium-v1.10'));
    const t = trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.10' });
    const anchored = anchorTrace(t, checkout.index, { text: (f) => checkout.text(f) }).trace;
    const hop = anchored.hops.find((h) => h.program?.function === 'from_overlay')!;
    const note =
      'the model expects a tail call to CILIUM_CALL_IPV4_FROM_LXC in from_overlay; this checkout has none';
    hop.steps[0] = { ...hop.steps[0]!, source: null, sourceNote: note };
    await w.send({ type: 'trace', trace: anchored, selectedHop: 0 });
    await w.page.waitForSelector('button.step-source');
    const links = await w.page.locator('button.step-source').allInnerTexts();
    assert.equal(links.length, anchored.hops.flatMap((h) => h.steps).filter((s) => s.source).length);
    assert.ok(links.some((l) => l.includes('bpf/lib/l3.h:42') && l.includes('ipv4_policy()')));
    await w.page.locator('button.step-source', { hasText: 'bpf/lib/l3.h:42' }).click();
    const open = (await w.posted()).filter((m) => m.type === 'openStepSource').pop();
    assert.deepEqual(open, {
      type: 'openStepSource',
      source: { file: 'bpf/lib/l3.h', line: 42, function: 'ipv4_policy' },
    });
    assert.match(
      await w.page.locator('.step-source.missing').innerText(),
      /CILIUM_CALL_IPV4_FROM_LXC in from_overlay/,
    );
  });

  test('a NAT hop shows its header diff, before and after, highlighted', async () => {
    const masq = trace({ mode: 'vxlan', from: 'pod0', to: '8.8.8.8', ciliumVersion: 'v1.16' });
    const natHop = masq.hops.findIndex((h) => h.steps.some((s) => s.type === 'nat'));
    assert.ok(natHop >= 0);
    await w.send({ type: 'trace', trace: masq, selectedHop: natHop });
    await w.page.waitForSelector('.hop');
    await w.page.locator('.hop').nth(natHop).click();
    await w.page.waitForSelector('.nat-diff');
    const diff = w.page.locator('.nat-diff');
    assert.match(
      await diff.innerText(),
      /SNAT \(iptables\)[\s\S]*source[\s\S]*10\.0\.0\.31[\s\S]*172\.26\.50\.101/i,
    );
    assert.equal(await diff.locator('.nat-before').innerText(), '10.0.0.31');
    assert.equal(await diff.locator('.nat-after').innerText(), '172.26.50.101');
    const after = await diff.locator('.nat-after').evaluate((el) => getComputedStyle(el).fontWeight);
    assert.ok(Number(after) >= 600, `the new value is highlighted (font-weight ${after})`);
    assert.match(
      await w.page.locator('.hop.current .step-nat').innerText(),
      /SNAT 10\.0\.0\.31 → 172\.26\.50\.101/,
    );
  });
});
