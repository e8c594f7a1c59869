/**
 * Several checkouts in one window (reliability review #6): sibling checkouts in one folder, and
 * multi-root workspaces in either order. Each is served from its own index and release, and a mode
 * chosen for one checkout (cilium/setMode with a scope) changes that checkout only.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import {
  SetModeNotificationMethod,
  StatusRequestMethod,
  type StatusResult,
} from '../../src/protocol/lsp-protocol';
import { ERAS, ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
let parent: string;
before(() => {
  parent = mkdtempSync(join(tmpdir(), 'cdx-multi-'));
  cpSync(SAMPLE, join(parent, 'v1.10.0'), { recursive: true });
  cpSync(join(ERAS, 'v1.16'), join(parent, 'v1.16.0'), { recursive: true });
});
after(() => rmSync(parent, { recursive: true, force: true }));

const lensTitles = async (s: Session, rel: string): Promise<string[]> =>
  (await s.lenses(rel)).map((l) => l.command?.title ?? '');

async function checkBoth(s: Session, prefix10: string, prefix16: string): Promise<void> {
  await s.waitFor('both indexed', async () => {
    const st = await s.connection.sendRequest<StatusResult>(StatusRequestMethod);
    return st.checkouts.length === 2 && st.checkouts.every((c) => c.indexedFiles > 0);
  });
  const t10 = await lensTitles(s, `${prefix10}bpf/bpf_lxc.c`);
  const t16 = await lensTitles(s, `${prefix16}bpf/bpf_lxc.c`);
  assert.ok(t10.includes('▶ Simulate from here'), t10.join(' | '));
  assert.ok(t16.includes('▶ Simulate from here'), t16.join(' | '));
  // each answered with its own release: v1.16 has no IPVLAN (removed in v1.13)
  assert.ok(
    t10.some((t) => t.includes('IPVLAN')),
    t10.join(' | '),
  );
  assert.ok(!t16.some((t) => t.includes('IPVLAN')), t16.join(' | '));
  for (const [rel, version] of [
    [`${prefix10}bpf/bpf_lxc.c`, 'v1.10'],
    [`${prefix16}bpf/bpf_lxc.c`, 'v1.16'],
  ] as const) {
    await s.open(rel);
    const lines = readFileSync(new URL(s.uri(rel)), 'utf8').split('\n');
    const line = lines.findIndex((l) => /^int (handle_xgress|cil_from_container)\(/.test(l));
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri(rel) },
      position: { line, character: 6 },
    });
    assert.match(
      (h?.contents as MarkupContent | undefined)?.value ?? '',
      new RegExp(`Cilium ${version}`),
      rel,
    );
  }
}

describe('language server: two checkouts side by side', () => {
  test('one folder holding v1.10.0/ and v1.16.0/', async () => {
    const s = await startServer(parent);
    try {
      await checkBoth(s, 'v1.10.0/', 'v1.16.0/');
    } finally {
      await s.close();
    }
  });

  for (const order of [
    ['v1.10.0', 'v1.16.0'],
    ['v1.16.0', 'v1.10.0'],
  ])
    test(`multi-root, ${order.join(' then ')}`, async () => {
      const s = await startServer(parent, {}, { folders: order.map((o) => join(parent, o)) });
      try {
        await checkBoth(s, 'v1.10.0/', 'v1.16.0/');
      } finally {
        await s.close();
      }
    });

  test('a mode chosen for a checkout by its root URI (what the extension sends) changes that checkout only', async () => {
    const s = await startServer(parent);
    try {
      await checkBoth(s, 'v1.10.0/', 'v1.16.0/');
      await s.connection.sendNotification(SetModeNotificationMethod, {
        mode: 'geneve',
        scopeUri: s.uri('v1.10.0'),
      });
      await s.waitFor('geneve on v1.10', async () =>
        (await lensTitles(s, 'v1.10.0/bpf/bpf_lxc.c')).some((t) => t.includes('Geneve (active)')),
      );
      assert.ok((await lensTitles(s, 'v1.16.0/bpf/bpf_lxc.c')).some((t) => t.includes('VXLAN (active)')));
      const st = await s.connection.sendRequest<StatusResult>(StatusRequestMethod, {
        scopeUri: s.uri('v1.10.0/README.md'),
      });
      assert.equal(st.mode, 'geneve', 'status for a URI under the v1.10 root is that checkout’s');
    } finally {
      await s.close();
    }
  });

  test('a mode chosen for one checkout changes that checkout only', async () => {
    const s = await startServer(parent);
    try {
      await checkBoth(s, 'v1.10.0/', 'v1.16.0/');
      await s.connection.sendNotification(SetModeNotificationMethod, {
        mode: 'native',
        scopeUri: s.uri('v1.16.0/bpf/bpf_lxc.c'),
      });
      await s.waitFor('native on v1.16', async () =>
        (await lensTitles(s, 'v1.16.0/bpf/bpf_lxc.c')).some((t) => t.includes('Native routing (active)')),
      );
      assert.ok((await lensTitles(s, 'v1.10.0/bpf/bpf_lxc.c')).some((t) => t.includes('VXLAN (active)')));
      const st = await s.connection.sendRequest<StatusResult>(StatusRequestMethod);
      assert.deepEqual(
        st.checkouts.map((c) => [c.root.split('/').pop(), c.effectiveVersion, c.mode]).sort(),
        [
          ['v1.10.0', 'v1.10', 'vxlan'],
          ['v1.16.0', 'v1.16', 'native'],
        ],
      );
    } finally {
      await s.close();
    }
  });
});
