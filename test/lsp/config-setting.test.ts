/** The ciliumDatapath.config setting: traces, lenses and hovers answer for the active configuration. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeLensRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
  type CodeLens,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { SettingsAppliedNotification } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

describe('ciliumDatapath.config', () => {
  let s: Session;
  before(async () => {
    s = await startServer(join(ROOT, 'sample', 'cilium-v1.10'));
    await s.open('bpf/bpf_lxc.c');
  });
  after(async () => s.close());

  const lenses = async (): Promise<CodeLens[]> =>
    (await s.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    })) ?? [];
  const poll = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const configure = (ciliumDatapath: Record<string, unknown>) =>
    s.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { ciliumDatapath } });

  test('netkit on v1.16: the lens on from-container names the netkit peer, the trace starts there', async () => {
    await configure({ ciliumVersion: 'v1.16', config: { 'datapath-mode': 'netkit' } });
    const title = await poll('custom lens', async () => {
      const t = (await lenses()).find((l) => l.range.start.line === 7)?.command?.title ?? '';
      return t.includes('custom (active)') ? t : undefined;
    });
    // v1.16.0 pkg/datapath/loader/netkit.go:28 (AttachNetkitPeer)
    assert.match(title, /custom \(active\): pod eth0 \(netkit peer\) netkit-peer egress/);
    const trace = (await s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod3' })) as {
      preset: string;
      config: { podLink: string; tcx: boolean };
      hops: Array<{ attach?: string }>;
      assumptions: string[];
    };
    assert.equal(trace.preset, 'custom');
    assert.deepEqual([trace.config.podLink, trace.config.tcx], ['netkit', true]);
    assert.equal(trace.hops[0]!.attach, 'netkit-peer');
    assert.ok(trace.assumptions.some((a) => /set by the user: datapath-mode=netkit/.test(a)));
    const hover = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 7, character: 14 },
    });
    assert.ok(hover, 'a hover on "from-container"');
    assert.match(
      (hover.contents as MarkupContent).value,
      /\*\*Active configuration\*\* \(custom\): pod eth0 \(netkit peer\)/,
    );
  });

  test('a combination the release refuses is the trace error, with the release reason', async () => {
    await configure({ ciliumVersion: 'v1.12', config: { 'datapath-mode': 'netkit' } });
    await poll('v1.12 refusal', async () => {
      try {
        await s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod3' });
        return undefined;
      } catch (e) {
        return /ciliumDatapath\.config datapath-mode=netkit: Cilium v1\.12 accepts veth, ipvlan/.test(
          (e as Error).message,
        )
          ? true
          : undefined;
      }
    });
  });

  test('the server says when changed settings are applied (the client then recomputes the open trace)', async () => {
    const applied = new Promise<void>((resolve) => {
      const d = s.connection.onNotification(SettingsAppliedNotification, () => {
        d.dispose();
        resolve();
      });
    });
    await configure({ ciliumVersion: 'v1.16', config: { 'datapath-mode': 'netkit-l2' } });
    await Promise.race([
      applied,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('no cilium/settingsApplied within 10 s')), 10000).unref(),
      ),
    ]);
    // applied before the notification: the next trace already answers for netkit-l2
    const trace = (await s.connection.sendRequest('cilium/trace', { from: 'pod0', to: 'pod3' })) as {
      config: { podLink: string };
    };
    assert.equal(trace.config.podLink, 'netkit-l2');
  });

  test('back to no keys: the preset again', async () => {
    await configure({ ciliumVersion: 'auto', config: {} });
    const title = await poll('preset lens', async () => {
      const t = (await lenses()).find((l) => l.range.start.line === 7)?.command?.title ?? '';
      return t.startsWith('VXLAN (active)') ? t : undefined;
    });
    assert.doesNotMatch(title, /custom/);
  });
});
