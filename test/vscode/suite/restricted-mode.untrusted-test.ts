/**
 * The extension in Restricted Mode: the same real VS Code with workspace trust on and the folder not
 * trusted (run-test.ts starts this suite alone, on a copy of the sample whose .vscode/settings.json
 * points `ciliumDatapath.topologyFile` at a file of the workspace). The manifest declares
 * `untrustedWorkspaces: limited` with that setting restricted: everything works, from the bundled
 * model, and the workspace's choice of topology file is not read.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../../src/extension/main';
import { activateOn, hovers, hoverText, lensTitles, poll, workspaceFile } from './helpers';

suite('Cilium Datapath Explorer in Restricted Mode (untrusted workspace)', () => {
  let api: ExtensionTestApi;
  const lxc = (): vscode.Uri => workspaceFile('bpf/bpf_lxc.c');

  suiteSetup(async () => {
    api = await activateOn(lxc());
  });

  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('the workspace names a topology file, and it is not read', async () => {
    const settings = await vscode.workspace.fs.readFile(workspaceFile('.vscode/settings.json'));
    assert.match(
      Buffer.from(settings).toString('utf8'),
      /"ciliumDatapath\.topologyFile":\s*"untrusted-topology\.json"/,
    );
    // VS Code withholds a restricted setting's workspace value in Restricted Mode, even from inspect()
    const inspected = vscode.workspace.getConfiguration('ciliumDatapath').inspect<string>('topologyFile');
    assert.equal(inspected?.workspaceValue, undefined);
    assert.equal(vscode.workspace.getConfiguration('ciliumDatapath').get('topologyFile'), '');
    const status = await poll('status', () => api.getServerStatus());
    assert.equal(status.topology.source, 'bundled default (the seed documents)');
    assert.equal(status.topology.error, null);
  });

  test('lenses and hovers still come from the index and the bundled model', async () => {
    const titles = await poll('lenses', async () => {
      const t = await lensTitles(lxc(), 7);
      return t.length === 3 ? t : undefined;
    });
    assert.match(titles[0]!, /^VXLAN \(active\): lxc veth tc ingress/);
    const text = hoverText(await hovers(lxc(), new vscode.Position(7, 14)));
    assert.match(text, /\*\*from-container\*\*/);
  });
});
