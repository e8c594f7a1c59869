/**
 * The launch configuration's `policies`, `topology`, `config` (cilium-config keys) and `ciliumVersion`
 * over stdio (dist/debug-adapter.js), and every launch.json snippet of package.json launched as a user
 * would fill it in. The inline adapter passes the same attributes to the language server's
 * cilium/trace (test/lsp/trace-launch-inputs.test.ts).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DEFAULT_TOPOLOGY } from '../../src/core';

const ROOT = join(__dirname, '..', '..', '..');
const ADAPTER = join(ROOT, 'dist', 'debug-adapter.js');
const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const FIXTURES = join(ROOT, 'test', 'fixtures');

describe('launch attributes over stdio: policies, topology, config, ciliumVersion', () => {
  let dc: DebugClient;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-dap-launch-'));
    copyFileSync(join(FIXTURES, 'services', 'backend.yaml'), join(dir, 'backend.yaml'));
    copyFileSync(join(FIXTURES, 'policies', 'default-deny-ingress.yaml'), join(dir, 'deny.yaml'));
    // the seed topology with pod3 renamed: only this file knows "web-3"
    writeFileSync(join(dir, 'topology.json'), JSON.stringify(DEFAULT_TOPOLOGY).replace(/"pod3"/g, '"web-3"'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
    await dc.start();
  });
  afterEach(async () => {
    await dc.stop();
  });

  const launchStopped = async (args: Record<string, unknown>) => {
    const [stopped] = await Promise.all([
      dc.waitForEvent('stopped'),
      dc.configurationSequence(),
      dc.launch({ checkout: SAMPLE, stopOnEntry: true, ...args }),
    ]);
    return stopped as DebugProtocol.StoppedEvent;
  };
  const scope = async (threadId: number, name: string) => {
    const frames = (await dc.stackTraceRequest({ threadId })).body.stackFrames;
    const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
    const ref = scopes.find((s) => s.name === name)!.variablesReference;
    return (await dc.variablesRequest({ variablesReference: ref })).body.variables;
  };
  /** every stop's top frame name, to the end */
  const walk = async (threadId: number): Promise<string[]> => {
    const names: string[] = [];
    for (let i = 0; i < 80; i++) {
      const threads = (await dc.threadsRequest()).body.threads;
      const t = threads.find((x) => x.id === threadId) ?? threads[0]!;
      names.push((await dc.stackTraceRequest({ threadId: t.id })).body.stackFrames[0]!.name);
      const next = await Promise.race([
        dc.waitForEvent('stopped').then((e) => e as DebugProtocol.StoppedEvent),
        dc.waitForEvent('terminated').then(() => undefined),
        dc.nextRequest({ threadId: t.id }).then(() => new Promise<never>(() => undefined)),
      ]);
      if (!next) return names;
      threadId = next.body.threadId!;
    }
    return names;
  };

  test('ciliumVersion: the trace is that release’s (its cb[] layout, v1.16.0 bpf/lib/common.h:813)', async () => {
    const e = await launchStopped({ from: 'pod0', to: 'pod3', ciliumVersion: 'v1.16' });
    const cb = (await scope(e.body.threadId!, 'skb')).find((v) => v.name === 'cb[]')!;
    assert.match(cb.value, /v1\.16\.0 bpf\/lib\/common\.h:813/);
  });

  test('config: cilium-config keys — the socket LB translates the Service at connect() (sock4_connect)', async () => {
    const base = { from: 'pod0', to: 'default/backend', port: 80, policies: [join(dir, 'backend.yaml')] };
    const plain = await walk((await launchStopped(base)).body.threadId!);
    assert.ok(!plain.some((n) => /sock4_connect/.test(n)), plain.join('\n'));
    await dc.stop();
    dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
    await dc.start();
    const sock = await walk(
      // v1.10 reads enable-host-reachable-services (bpf-lb-sock from v1.12)
      (await launchStopped({ ...base, config: { 'enable-host-reachable-services': 'true' } })).body.threadId!,
    );
    // v1.10.0 bpf/bpf_sock.c:446-447 __section("connect4") int sock4_connect
    assert.ok(
      sock.some((n) => /sock4_connect/.test(n)),
      sock.join('\n'),
    );
  });

  test('policies: a default-deny manifest drops the packet at pod3’s ingress policy', async () => {
    const e = await launchStopped({ from: 'pod0', to: 'pod3', policies: [join(dir, 'deny.yaml')] });
    const names = await walk(e.body.threadId!);
    assert.ok(
      names.some((n) => /· drop/.test(n)),
      names.join('\n'),
    );
  });

  test('topology: pods of the file (web-3 exists only there)', async () => {
    const e = await launchStopped({ from: 'pod0', to: 'web-3', topology: join(dir, 'topology.json') });
    assert.equal(e.body.reason, 'entry');
    await assert.rejects(dc.launch({ checkout: SAMPLE, from: 'pod0', to: 'web-3' }), /web-3/);
  });

  test('bad attributes: an error naming the file or the key', async () => {
    await assert.rejects(
      dc.launch({ checkout: SAMPLE, from: 'pod0', to: 'pod3', policies: [join(dir, 'missing.yaml')] }),
      /missing\.yaml/,
    );
    await assert.rejects(
      dc.launch({
        checkout: SAMPLE,
        from: 'pod0',
        to: 'pod3',
        config: { 'enable-host-reachable-services': 'maybe' },
      }),
      /launch configuration's "config" enable-host-reachable-services/,
    );
    await assert.rejects(
      dc.launch({ checkout: SAMPLE, from: 'pod0', to: 'pod3', config: { 'bpf-lb-sock': true } }),
      /"config" must map cilium-config keys to text values/,
    );
    await assert.rejects(
      dc.launch({ checkout: SAMPLE, from: 'pod0', to: 'pod3', ciliumVersion: 'v0.9' }),
      /v0\.9/,
    );
  });

  test('every launch.json snippet of package.json, filled in with its defaults, launches and stops', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      contributes: { debuggers: Array<{ configurationSnippets: Array<{ label: string; body: unknown }> }> };
    };
    const snippets = pkg.contributes.debuggers[0]!.configurationSnippets;
    assert.ok(snippets.length >= 4);
    // the snippet engine: \${workspaceFolder} is the variable, ${n:default} its default
    const fill = (v: unknown): unknown =>
      typeof v === 'string'
        ? v.replace(/\\\$\{workspaceFolder\}/g, dir).replace(/\$\{\d+:([^}]*)\}/g, '$1')
        : Array.isArray(v)
          ? v.map(fill)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]))
            : v;
    // the topology snippet's default file name
    copyFileSync(join(dir, 'topology.json'), join(dir, 'topology.json.bak'));
    writeFileSync(join(dir, 'topology.json'), JSON.stringify(DEFAULT_TOPOLOGY));
    try {
      for (const s of snippets) {
        const body = fill(s.body) as Record<string, unknown>;
        assert.equal(body.type, 'cilium-datapath', s.label);
        const e = await launchStopped(body);
        assert.equal(e.body.reason, 'entry', s.label);
        await dc.stop();
        dc = new DebugClient('node', ADAPTER, 'cilium-datapath');
        await dc.start();
      }
    } finally {
      copyFileSync(join(dir, 'topology.json.bak'), join(dir, 'topology.json'));
    }
  });
});
