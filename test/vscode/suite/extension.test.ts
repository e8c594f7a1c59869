/**
 * The extension in a real VS Code, through the public API only (the same file runs under desktop
 * VS Code with @vscode/test-electron).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { trace } from '../../../src/core';
import type { ExtensionTestApi } from '../../../src/extension/main';
import { activateOn, hovers, hoverText, lensTitles, poll, workspaceFile } from './helpers';

suite('Cilium Datapath Explorer in a real VS Code', () => {
  let api: ExtensionTestApi;
  const lxc = (): vscode.Uri => workspaceFile('bpf/bpf_lxc.c');

  suiteSetup(async () => {
    api = await activateOn(lxc());
  });

  test('runs in the VS Code this layer is for', () => {
    console.log(`VS Code ${vscode.version}`);
    const expected = process.env.CDX_EXPECT_VSCODE;
    if (expected)
      assert.ok(vscode.version.startsWith(expected), `VS Code ${vscode.version}, expected ${expected}*`);
  });

  test('the language server indexed the checkout (VERSION 1.10.4)', async () => {
    const status = await poll('status', () => api.getServerStatus());
    assert.equal(status.detectedVersion, 'v1.10');
    assert.equal(status.indexedFiles, 6);
    assert.ok(status.declarations >= 14);
  });

  test('CodeLens above from-container: attach points per mode and ▶ Simulate from here', async () => {
    const titles = await poll('lenses', async () => {
      const t = await lensTitles(lxc(), 7);
      return t.length === 3 ? t : undefined;
    });
    assert.deepEqual(titles, [
      'VXLAN (active): lxc veth tc ingress · IPVLAN: pod eth0 tc egress via cilium_lxc_ipve[0]',
      '▶ Simulate from here',
      '⏯ Step through',
    ]);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      lxc(),
    );
    const simulate = lenses.find((l) => l.command?.title === '▶ Simulate from here');
    assert.equal(simulate?.command?.command, 'ciliumDatapath.simulateFromHere');
  });

  test('hover on "from-container"', async () => {
    const found = await hovers(lxc(), new vscode.Position(7, 14));
    const text = hoverText(found);
    assert.match(text, /\*\*from-container\*\*/);
    assert.match(text, /pod eth0 tc egress via `cilium_lxc_ipve_<endpoint id>\[0\]`/);
    // the command links work, and only for the extension's own two commands
    const linked = found
      .flatMap((h) => h.contents)
      .find((c): c is vscode.MarkdownString => typeof c !== 'string' && /\(command:/.test(c.value));
    assert.ok(linked, 'the hover links to commands');
    assert.deepEqual(linked.isTrusted, {
      enabledCommands: ['ciliumDatapath.simulateFromHere', 'ciliumDatapath.resolveHook'],
    });
    assert.equal(linked.supportHtml, false);
  });

  test('go to definition from an ep_tail_call site to its tail-call target', async () => {
    const locs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      lxc(),
      new vscode.Position(17, 4),
    );
    const targets = locs.map((l) =>
      'targetUri' in l
        ? { uri: l.targetUri, line: l.targetRange.start.line }
        : { uri: l.uri, line: l.range.start.line },
    );
    assert.deepEqual(
      targets.map((t) => [t.uri.path.split('/').pop(), t.line]),
      [['bpf_lxc.c', 30]],
    );
  });

  test('document symbols come from the language server', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      lxc(),
    );
    assert.deepEqual(
      symbols.map((s) => s.name),
      [
        'handle_xgress',
        'tail_handle_ipv4',
        'tail_handle_arp',
        'tail_ipv4_policy',
        'handle_policy',
        'handle_to_container',
      ],
    );
  });

  test('Trace Packet renders the seed VXLAN trace in the webview', async () => {
    await vscode.commands.executeCommand('ciliumDatapath.tracePacket', {
      mode: 'vxlan',
      from: 'pod0',
      to: 'pod3',
    });
    const rendered = await api.waitForRender((m) => m.mode === 'vxlan' && /pod0 → pod3/.test(m.title));
    // the panel shows every hop of the engine's trace (the v1.10 sample checkout)
    assert.equal(
      rendered.hops,
      trace({ mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.10' }).hops.length,
    );
    const tab = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview);
    assert.equal(tab?.label, 'Packet Trace: pod0 → pod3 (VXLAN)');
  });

  test('Simulate from Here on from-overlay starts the trace on cilium_vxlan', async () => {
    await vscode.commands.executeCommand('ciliumDatapath.simulateFromHere', {
      hook: 'from-overlay',
      mode: 'vxlan',
      uri: workspaceFile('bpf/bpf_overlay.c').toString(),
      line: 12,
    });
    const rendered = await api.waitForRender((m) => /from from-overlay/.test(m.title));
    assert.equal(rendered.hops, 4);
  });

  test('malformed and hostile messages into the trace panel host handler are refused, logged and not acted on', async () => {
    const editorsBefore = vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()).sort();
    const tabBefore = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview)?.label;
    const ignoredBefore = api.ignoredWebviewMessages();
    const hostile: unknown[] = [
      null,
      42,
      'openSource',
      [],
      { type: 'openSource', program: { file: '/etc/passwd', section: '', function: 'f' } },
      { type: 'openSource', program: { file: '../../../etc/passwd', section: '', function: 'f' } },
      { type: 'openSource', program: { file: 'bpf/bpf_lxc.c', section: '', function: 'x; rm -rf /' } },
      { type: 'requestTrace', mode: 'vxlan', from: 'pod0', to: '$(reboot)' },
      { type: 'requestTrace', mode: 'warp', from: 'pod0', to: 'pod3' },
      { type: 'selectHop', index: -1 },
      { type: 'rendered', mode: 'vxlan', hops: 1e9, selectedHop: 0, title: 'x' },
      { type: 'constructor' },
      { type: '__proto__' },
    ];
    let x = 7;
    for (let i = 0; i < 300; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      hostile.push({
        type: ['openSource', 'requestTrace', 'ready2', 'selectHop'][x % 4],
        program: x,
        mode: x % 3,
        index: `${x}`,
      });
    }
    for (const m of hostile) await api.sendToTracePanelHost(m);
    assert.equal(api.ignoredWebviewMessages() - ignoredBefore, hostile.length);
    assert.deepEqual(
      vscode.window.visibleTextEditors.map((e) => e.document.uri.toString()).sort(),
      editorsBefore,
    );
    assert.equal(
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview)?.label,
      tabBefore,
    );
  });

  test('Select Datapath Mode switches the lens and the open trace, and writes nothing into the checkout', async () => {
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'ipvlan');
    // the choice lives in workspace state: no .vscode/settings.json appears in the user's clone
    const inspected = vscode.workspace.getConfiguration('ciliumDatapath').inspect('mode');
    assert.equal(inspected?.workspaceValue, undefined);
    assert.equal(inspected?.workspaceFolderValue, undefined);
    await assert.rejects(
      Promise.resolve(vscode.workspace.fs.stat(workspaceFile('.vscode/settings.json'))),
      'the mode switch wrote .vscode/settings.json',
    );
    assert.equal((await poll('status', () => api.getServerStatus())).mode, 'ipvlan');
    const titles = await poll('IPVLAN lens', async () => {
      const t = await lensTitles(lxc(), 7);
      return t[0]?.includes('IPVLAN (active)') ? t : undefined;
    });
    assert.equal(
      titles[0],
      'VXLAN: lxc veth tc ingress · IPVLAN (active): pod eth0 tc egress via cilium_lxc_ipve[0]',
    );
    await vscode.commands.executeCommand('ciliumDatapath.tracePacket', {
      mode: 'ipvlan',
      from: 'pod0',
      to: 'pod3',
    });
    const rendered = await api.waitForRender((m) => m.mode === 'ipvlan');
    assert.equal(
      rendered.hops,
      trace({ mode: 'ipvlan', from: 'pod0', to: 'pod3', ciliumVersion: 'v1.10' }).hops.length,
    );
    await vscode.commands.executeCommand('ciliumDatapath.selectMode', 'vxlan');
  });

  test('the language server is restarted after it is killed, and lenses come back', async () => {
    const before = await poll('status', () => api.getServerStatus());
    process.kill(before.pid, 'SIGKILL');
    const after = await poll(
      'restarted server',
      async () => {
        const s = api.isLanguageClientRunning() ? await api.getServerStatus() : undefined;
        return s && s.pid !== before.pid ? s : undefined;
      },
      45000,
    );
    assert.notEqual(after.pid, before.pid);
    const titles = await poll('lenses again', async () => {
      const t = await lensTitles(lxc(), 7);
      return t.length === 3 ? t : undefined;
    });
    assert.equal(titles[1], '▶ Simulate from here');
  });
});
