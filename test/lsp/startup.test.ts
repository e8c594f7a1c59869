/**
 * Start-up on a Cilium-sized tree: the open document's lenses are answered while the rest of the tree
 * is still being indexed, and the client is asked to refresh them once it is (so callers from other
 * files appear).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { resolveLenses, ROOT, startServer, type Session } from './lsp-client';

describe('language server start-up on a 150-file tree', () => {
  let s: Session;
  let dir: string;
  const events: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-startup-'));
    const gen = (await import(join(ROOT, 'bench', 'generate-tree.mjs'))) as {
      generateTree(dir: string): { files: number };
    };
    assert.equal(gen.generateTree(dir).files, 150);
    // the server indexes the tree only after answering the first CodeLens: the order is fixed
    s = await startServer(dir, {}, { env: { CDX_HOLD_INDEX_UNTIL_FIRST_LENS: '1' } });
    s.connection.onRequest('workspace/codeLens/refresh', () => {
      events.push('refresh');
      return null;
    });
    s.connection.onNotification('cilium/indexChanged', () => {
      events.push('indexed');
    });
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('first lenses come before the tree is indexed, and a refresh follows the index', async () => {
    await s.open('bpf/bpf_lxc.c');
    const list = (await s.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    })) as CodeLens[];
    events.push('lenses');
    // the index waits for the first title resolved (CDX_HOLD_INDEX_UNTIL_FIRST_LENS): still early
    const lenses = await resolveLenses(s.connection, list);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('▶ Simulate from here'), titles.join(' | '));
    await s.waitFor('the index', () => events.includes('indexed'));
    assert.ok(events.indexOf('lenses') < events.indexOf('indexed'), events.join(' → '));
    assert.ok(
      titles.some((t) => t.endsWith('call sites: indexing the tree…')),
      'early lenses say so',
    );
    // answered early: the server must ask for fresh lenses now that every file is indexed
    await s.waitFor('a lens refresh', () => events.includes('refresh'));
    assert.ok(events.indexOf('refresh') > events.indexOf('lenses'));
    const again = await s.lenses('bpf/bpf_lxc.c');
    assert.ok(again.length >= lenses.length);
    assert.ok(!again.some((l) => l.command?.title.includes('indexing')), 'no early wording once indexed');
    console.log(`startup order: ${events.join(' → ')}`);
  });
});
