import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import {
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  type CodeLens,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { ROOT, startServer, type Session } from './lsp-client';

describe('language server over stdio: v1.10 checkout (section names)', () => {
  let s: Session;
  before(async () => {
    s = await startServer(join(ROOT, 'sample', 'cilium-v1.10'));
    await s.open('bpf/bpf_lxc.c');
  });
  after(async () => s.close());

  const lenses = (rel: string): Promise<CodeLens[]> => s.lenses(rel);

  test('CodeLens on from-container: attach points per mode and ▶ Simulate from here', async () => {
    const all = await lenses('bpf/bpf_lxc.c');
    const onEntry = all.filter((l) => l.range.start.line === 7);
    assert.deepEqual(
      onEntry.map((l) => l.command?.title),
      [
        'VXLAN (active): lxc veth tc ingress · IPVLAN: pod eth0 tc egress via cilium_lxc_ipve[0]',
        '▶ Simulate from here',
        '⏯ Step through',
      ],
    );
    const simulate = onEntry[1]!.command!;
    assert.equal(simulate.command, 'ciliumDatapath.simulateFromHere');
    assert.deepEqual(simulate.arguments, [
      { hook: 'from-container', mode: 'vxlan', uri: s.uri('bpf/bpf_lxc.c'), line: 7 },
    ]);
    // its Debug twin: the same arguments, a cilium-datapath debug session
    const step = onEntry[2]!.command!;
    assert.equal(step.command, 'ciliumDatapath.stepThrough');
    assert.deepEqual(step.arguments, simulate.arguments);
  });

  test('CodeLens on handle_policy: reached only through cilium_call_policy; on tail targets: slot and caller', async () => {
    const all = await lenses('bpf/bpf_lxc.c');
    assert.match(
      all.find((l) => l.range.start.line === 51)!.command!.title,
      /No device hook: reached by tail call through cilium_call_policy\[endpoint id\]/,
    );
    assert.equal(
      all.find((l) => l.range.start.line === 28)!.command!.title,
      'tail call target · slot CILIUM_CALL_IPV4_FROM_LXC = 7 · called from handle_xgress (bpf_lxc.c:18)',
    );
  });

  test('hover on "from-container" shows attach points per mode and the dispatch chain', async () => {
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 7, character: 14 },
    });
    const md = (h!.contents as MarkupContent).value;
    assert.match(md, /\*\*from-container\*\* — `bpf\/bpf_lxc\.c` `handle_xgress\(\)`/);
    assert.match(md, /\| VXLAN \(active\) \| lxc veth tc ingress/);
    assert.match(md, /\| IPVLAN \| pod eth0 tc egress via `cilium_lxc_ipve_<endpoint id>\[0\]`/);
    assert.match(md, /`cilium_call_policy\[destination endpoint id/);
    assert.match(md, /command:ciliumDatapath\.simulateFromHere/);
    assert.doesNotMatch(md, /command:(?!ciliumDatapath\.)/, 'command links only to our own commands');
  });

  test('hover on a CILIUM_CALL_ identifier gives its value and the target per object', async () => {
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 19, character: 8 },
    });
    const md = (h!.contents as MarkupContent).value;
    assert.match(md, /CILIUM_CALL_IPV4_FROM_LXC/);
    assert.match(md, /Lands on:[\s\S]*tail_handle_ipv4\(\)` in `bpf\/bpf_lxc\.c:29`/);
  });

  test('definition: ep_tail_call site → target in the same object', async () => {
    const locs = (await s.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 17, character: 4 },
    })) as Location[];
    assert.deepEqual(
      locs.map((l) => [l.uri.split('/').slice(-2).join('/'), l.range.start.line]),
      [['bpf/bpf_lxc.c', 30]],
    );
  });

  test('definition: policy-map call in a header → handle_policy', async () => {
    await s.open('bpf/lib/l3.h');
    const locs = (await s.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: s.uri('bpf/lib/l3.h') },
      position: { line: 9, character: 2 },
    })) as Location[];
    assert.deepEqual(
      locs.map((l) => [l.uri.split('/').pop(), l.range.start.line]),
      [['bpf_lxc.c', 52]],
    );
  });

  test('references: a tail target → its call sites', async () => {
    const refs = (await s.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 30, character: 6 },
      context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(
      refs.map((l) => l.range.start.line),
      [17],
    );
  });

  test('document and workspace symbols', async () => {
    const syms = (await s.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    })) as DocumentSymbol[];
    assert.deepEqual(
      syms.map((x) => `${x.name} ${x.detail}`),
      [
        'handle_xgress section "from-container"',
        'tail_handle_ipv4 CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_FROM_LXC]',
        'tail_handle_arp CILIUM_MAP_CALLS[CILIUM_CALL_ARP]',
        'tail_ipv4_policy CILIUM_MAP_CALLS[CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY]',
        'handle_policy CILIUM_MAP_POLICY[TEMPLATE_LXC_ID]',
        'handle_to_container section "to-container"',
      ],
    );
    const ws = await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'overlay' });
    assert.deepEqual((ws as Array<{ name: string }>).map((x) => x.name).sort(), [
      'from_overlay',
      'to_overlay',
    ]);
  });

  test('diagnostics: a slot with no declared target in that object', async () => {
    await s.open('bpf/bpf_host.c');
    const d = await s.waitFor('diagnostics for bpf_host.c', () => s.diagnostics.get(s.uri('bpf/bpf_host.c')));
    assert.deepEqual(
      d.diagnostics.map((x) => [x.range.start.line, x.code]),
      [[22, 'missing-tail-call-target']],
    );
    assert.match(
      d.diagnostics[0]!.message as string,
      /No tail-call target is declared for CILIUM_CALL_IPV4_TO_ENDPOINT \(13\) in bpf_host\.c's object/,
    );
  });

  const poll = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  test('didChange re-indexes the edited file only', async () => {
    const uri = s.uri('bpf/bpf_overlay.c');
    await s.open('bpf/bpf_overlay.c');
    // from-overlay has ⏯ Step through beside ▶ Simulate from here (4 lenses before issue 13)
    assert.equal((await lenses('bpf/bpf_overlay.c')).length, 5);
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          text: '\n\n__section("from-overlay")\nint from_overlay(struct __ctx_buff *ctx)\n{\n\treturn 0;\n}\n',
        },
      ],
    });
    const after = await poll('lenses after the edit', async () => {
      const l = await lenses('bpf/bpf_overlay.c');
      return l.length === 3 ? l : undefined;
    });
    assert.deepEqual(
      after.map((l) => l.range.start.line),
      [2, 2, 2],
    );
    assert.equal((await lenses('bpf/bpf_lxc.c')).length, 10, 'other files keep their index');
  });

  test('mode switch changes the lens; custom requests answer', async () => {
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { ciliumDatapath: { mode: 'ipvlan' } },
    });
    const title = await poll('IPVLAN lens', async () => {
      const t = (await lenses('bpf/bpf_lxc.c')).find((l) => l.range.start.line === 7)?.command?.title ?? '';
      return t.includes('IPVLAN (active)') ? t : undefined;
    });
    assert.equal(
      title,
      'VXLAN: lxc veth tc ingress · IPVLAN (active): pod eth0 tc egress via cilium_lxc_ipve[0]',
    );
    const trace = (await s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod3' })) as {
      mode: string;
      hops: unknown[];
    };
    assert.equal(trace.mode, 'ipvlan');
    const status = (await s.connection.sendRequest('cilium/status')) as {
      detectedVersion: string;
      indexedFiles: number;
      declarations: number;
    };
    assert.equal(status.detectedVersion, 'v1.10');
    assert.equal(status.indexedFiles, 6);
    const loc = (await s.connection.sendRequest('cilium/locateProgram', {
      file: 'bpf/bpf_overlay.c',
      section: 'from-overlay',
    })) as { uri: string; range: { start: { line: number } } };
    assert.ok(loc.uri.endsWith('bpf/bpf_overlay.c'));
    const pods = (await s.connection.sendRequest('cilium/listPods')) as { pods: Array<{ name: string }> };
    assert.deepEqual(
      pods.pods.map((p) => p.name),
      ['pod0', 'pod1', 'pod2', 'pod3'],
    );
    await assert.rejects(
      s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod9' }),
      /Unknown destination pod "pod9"/,
    );
  });
});
