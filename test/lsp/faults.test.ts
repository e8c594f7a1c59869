/**
 * Faults around the language server: files deleted or renamed while indexed (with and without a
 * watcher event), a workspace with no bpf/ tree (and one that gains it later), and a workspace the
 * server must never write to.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeLensRequest,
  DidChangeWatchedFilesNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  WorkspaceSymbolRequest,
  type CodeLens,
} from 'vscode-languageserver-protocol/node';
import { StatusRequestMethod, TraceRequestMethod, type StatusResult } from '../../src/protocol/lsp-protocol';
import type { Trace } from '../../src/core';
import { ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');

function copySample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdx-faults-'));
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

/** Every path under `dir` with its size and modification time. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out.push(`${p.slice(dir.length)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const status = (s: Session): Promise<StatusResult> =>
  s.connection.sendRequest<StatusResult>(StatusRequestMethod);
const symbols = async (s: Session, query: string): Promise<string[]> =>
  (
    (await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query })) as Array<{
      name: string;
      location: { uri: string };
    }>
  )
    .map((x) => `${x.name} ${x.location.uri.split('/bpf/')[1]}`)
    .sort();

describe('language server faults: files deleted and renamed while indexed', () => {
  let s: Session;
  let dir: string;
  before(async () => {
    dir = copySample();
    s = await startServer(dir);
    await s.waitFor('the index', async () => (await status(s)).indexedFiles > 0);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a deleted file leaves the index when the watcher reports it', async () => {
    const before = (await status(s)).indexedFiles;
    assert.deepEqual(await symbols(s, 'overlay'), ['from_overlay bpf_overlay.c', 'to_overlay bpf_overlay.c']);
    rmSync(join(dir, 'bpf', 'bpf_overlay.c'));
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri('bpf/bpf_overlay.c'), type: FileChangeType.Deleted }],
    });
    await s.waitFor(
      'bpf_overlay.c to leave the index',
      async () => (await status(s)).indexedFiles === before - 1,
    );
    assert.deepEqual(await symbols(s, 'overlay'), []);
    assert.deepEqual((await status(s)).errors, [], 'a deleted file is not an indexing error');
  });

  test('a renamed file is found under its new name', async () => {
    renameSync(join(dir, 'bpf', 'bpf_host.c'), join(dir, 'bpf', 'bpf_host_renamed.c'));
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: s.uri('bpf/bpf_host.c'), type: FileChangeType.Deleted },
        { uri: s.uri('bpf/bpf_host_renamed.c'), type: FileChangeType.Created },
      ],
    });
    await s.waitFor('the renamed file', async () =>
      (await symbols(s, 'from_netdev')).includes('from_netdev bpf_host_renamed.c'),
    );
    assert.ok(!(await symbols(s, 'from_netdev')).some((x) => x.endsWith(' bpf_host.c')));
  });

  test('an open file deleted on disk without a watcher event: closing it drops it, no error', async () => {
    await s.open('bpf/bpf_lxc.c');
    const lenses = (await s.connection.sendRequest(CodeLensRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    })) as CodeLens[];
    assert.ok(lenses.length > 0);
    const before = (await status(s)).indexedFiles;
    rmSync(join(dir, 'bpf', 'bpf_lxc.c'));
    await s.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    });
    await s.waitFor(
      'bpf_lxc.c to leave the index',
      async () => (await status(s)).indexedFiles === before - 1,
    );
    assert.deepEqual((await status(s)).errors, []);
    assert.equal(s.child.exitCode, null, 'the server is still running');
    assert.deepEqual(
      await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri('bpf/bpf_lxc.c') } }),
      [],
    );
  });
});

describe('language server faults: a workspace with no bpf/ tree', () => {
  let s: Session;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-nobpf-'));
    mkdirSync(join(dir, 'src'));
    s = await startServer(dir);
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('status says there is no checkout; requests answer empty; traces still work from the bundled model', async () => {
    const st = await status(s);
    assert.equal(st.root, null);
    assert.equal(st.indexedFiles, 0);
    assert.deepEqual(
      await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri('src/x.c') } }),
      [],
    );
    assert.equal(
      await s.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: s.uri('src/x.c') },
        position: { line: 0, character: 0 },
      }),
      null,
    );
    const t = await s.connection.sendRequest<Trace>(TraceRequestMethod, { from: 'pod0', to: 'pod3' });
    assert.equal(t.disposition, 'delivered');
    assert.equal(t.hops[t.hops.length - 1]!.namespace, 'pod:pod3');
  });

  test('a bpf/ tree that appears later (clone, unpack) is indexed on the first watcher event', async () => {
    cpSync(SAMPLE, join(dir, 'cilium'), { recursive: true });
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri('cilium/bpf/bpf_lxc.c'), type: FileChangeType.Created }],
    });
    // the server says when the late tree is indexed (status alone may answer between its files)
    const before = s.indexed.length;
    await s.waitFor('the late checkout indexed', () => s.indexed.length > before);
    const st = await status(s);
    assert.match(st.root!, /\/cilium$/);
    assert.equal(st.detectedVersion, 'v1.10');
    assert.ok(st.indexedFiles > 5);
  });
});

describe('language server faults: the server never writes to the workspace', () => {
  test('a full session (index, edits, every request) leaves every file, size and mtime unchanged', async () => {
    const dir = copySample();
    const before = snapshot(dir);
    const s = await startServer(dir);
    try {
      await s.open('bpf/bpf_lxc.c', '/* edited in the editor, never saved */\n');
      await s.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: s.uri('bpf/bpf_lxc.c') } });
      await s.connection.sendRequest(TraceRequestMethod, { from: 'pod0', to: 'pod3' });
      await s.connection.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      });
      await status(s);
    } finally {
      await s.close();
    }
    assert.deepEqual(snapshot(dir), before);
    rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * Makes `dir` read-only for this process: a read-only bind mount when running as root (root ignores
 * permission bits), otherwise the permission bits. Returns how, and how to undo it, or why it could
 * not be done.
 */
function makeReadOnly(dir: string): { how: string; undo: () => void } | { why: string } {
  if (process.getuid?.() === 0) {
    const bind = spawnSync('mount', ['--bind', dir, dir], { encoding: 'utf8' });
    if (bind.status !== 0)
      return { why: `mount --bind failed: ${bind.stderr.trim() || bind.error?.message}` };
    const ro = spawnSync('mount', ['-o', 'remount,bind,ro', dir], { encoding: 'utf8' });
    const undo = (): void => void spawnSync('umount', [dir]);
    if (ro.status !== 0) {
      undo();
      return { why: `remount read-only failed: ${ro.stderr.trim()}` };
    }
    return { how: 'read-only bind mount', undo };
  }
  const walk = (d: string, mode: (isDir: boolean) => number): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const isDir = statSync(p).isDirectory();
      if (isDir) walk(p, mode);
      chmodSync(p, mode(isDir));
    }
    chmodSync(d, mode(true));
  };
  walk(dir, (isDir) => (isDir ? 0o555 : 0o444));
  return { how: 'permission bits', undo: () => walk(dir, (isDir) => (isDir ? 0o755 : 0o644)) };
}

describe('language server faults: a read-only workspace', () => {
  test('indexes, answers lenses, hovers and traces, and keeps edits in memory', async (t) => {
    const dir = copySample();
    const ro = makeReadOnly(dir);
    if ('why' in ro) {
      t.skip(`cannot make a read-only folder here: ${ro.why}`);
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    try {
      // the precondition is real: nothing can be written there
      assert.throws(() => writeFileSync(join(dir, 'bpf', 'probe.c'), 'x'), /EROFS|EACCES/, ro.how);
      const before = snapshot(dir);
      const s = await startServer(dir);
      try {
        await s.waitFor('the tree indexed', async () => (await status(s)).indexedFiles > 0);
        const text = readFileSync(join(dir, 'bpf', 'bpf_lxc.c'), 'utf8');
        await s.open('bpf/bpf_lxc.c', text);
        const uri = s.uri('bpf/bpf_lxc.c');
        const lenses = (await s.connection.sendRequest(CodeLensRequest.type, {
          textDocument: { uri },
        })) as CodeLens[];
        assert.ok(
          lenses.some((l) => /lxc veth tc ingress/.test(l.command?.title ?? '')),
          'attach-point lens',
        );
        const lines = text.split('\n');
        const line = lines.findIndex((l) => l.includes('__section("from-container")'));
        const hover = await s.connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line, character: lines[line]!.indexOf('from-container') + 2 },
        });
        assert.match(JSON.stringify(hover), /IPVLAN/);
        const trace = (await s.connection.sendRequest(TraceRequestMethod, {
          from: 'pod0',
          to: 'pod3',
        })) as Trace;
        assert.equal(trace.disposition, 'delivered');
        await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version: 2 },
          contentChanges: [{ text: text + '\n/* typed in the editor; the file cannot be saved */\n' }],
        });
        const after = await status(s);
        assert.deepEqual(after.errors, [], 'no problem reported for an unsaved edit');
        assert.equal(s.child.exitCode, null, 'the server is still running');
      } finally {
        await s.close();
      }
      assert.deepEqual(snapshot(dir), before);
    } finally {
      ro.undo();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
