/**
 * The server and files it must not read, or not read that way (reliability review #1, #2, #3, #5, #7):
 * a FIFO or a device where a file is expected (VERSION, a source, the topology file) never blocks or
 * grows the server and is reported naming the file; a `bpf` symlink out of the workspace and files of
 * other `bpf/` folders (pkg/bpf/testdata, test/bpf) are not indexed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  WorkspaceSymbolRequest,
  type CodeLens,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { StatusRequestMethod, type StatusResult } from '../../src/protocol/lsp-protocol';
import { ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const T = { timeout: 30_000 };
const dirs: string[] = [];
const sessions: Session[] = [];

function tiny(): string {
  const ws = mkdtempSync(join(tmpdir(), 'cdx-special-'));
  dirs.push(ws);
  mkdirSync(join(ws, 'bpf'));
  writeFileSync(
    join(ws, 'bpf', 'bpf_lxc.c'),
    '__section("from-container")\nint handle_xgress(void *ctx)\n{\n\treturn 0;\n}\n',
  );
  return ws;
}
function mkfifo(path: string): void {
  assert.equal(spawnSync('mkfifo', [path]).status, 0);
}
async function start(
  ws: string,
  settings: Record<string, unknown> = {},
  folders?: string[],
): Promise<Session> {
  const s = await startServer(ws, settings, folders ? { folders } : {});
  sessions.push(s);
  return s;
}
/** Answers within 5 s or fails: a blocked server thread shows up here. */
async function status(s: Session): Promise<StatusResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      s.connection.sendRequest<StatusResult>(StatusRequestMethod),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('cilium/status not answered in 5 s')), 5000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
const lenses = (s: Session, rel: string): Promise<CodeLens[]> => s.lenses(rel);

after(async () => {
  for (const s of sessions) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('language server: VERSION that is not a small regular file (#1)', () => {
  test('VERSION as a FIFO: initialize and status answer; VERSION reported', T, async () => {
    const ws = tiny();
    mkfifo(join(ws, 'VERSION'));
    const s = await start(ws);
    const st = await status(s);
    assert.equal(st.detectedVersion, null);
    assert.equal(st.indexedFiles, 1);
    assert.ok(st.errors.some((e) => /VERSION$/.test(e.uri) && /a FIFO, not a regular file/.test(e.reason)));
  });

  test('VERSION → /dev/zero: answered at once, nothing read', T, async () => {
    const ws = tiny();
    symlinkSync('/dev/zero', join(ws, 'VERSION'));
    const s = await start(ws);
    const st = await status(s);
    assert.equal(st.detectedVersion, null);
    assert.ok(
      st.errors.some((e) => /VERSION$/.test(e.uri)),
      JSON.stringify(st.errors),
    );
  });
});

describe('language server: a FIFO under bpf/ (#2)', () => {
  test('reported by the watcher: the server keeps answering and names the file', T, async () => {
    const ws = tiny();
    const s = await start(ws);
    await s.waitFor('the index', async () => (await status(s)).indexedFiles === 1);
    mkfifo(join(ws, 'bpf', 'foo.c'));
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri('bpf/foo.c'), type: FileChangeType.Created }],
    });
    const st = await s.waitFor('foo.c reported', async () => {
      const x = await status(s);
      return x.errors.length ? x : undefined;
    });
    assert.match(st.errors[0]!.reason, /a FIFO, not a regular file/);
    assert.ok((await lenses(s, 'bpf/bpf_lxc.c')).length > 0);
  });

  test('opened, then closed: the hover after it is answered', T, async () => {
    const ws = tiny();
    mkfifo(join(ws, 'bpf', 'foo.c'));
    const s = await start(ws);
    await s.open('bpf/foo.c', '/* the editor shows an empty buffer */\n');
    await s.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: s.uri('bpf/foo.c') },
    });
    await s.open('bpf/bpf_lxc.c');
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line: 0, character: 14 },
    });
    assert.match((h?.contents as MarkupContent).value, /from-container/);
    await status(s);
  });
});

describe('language server: topologyFile that is not a regular file (#3)', () => {
  test('a FIFO at start-up: every request answers, the error names the file and the setting', T, async () => {
    const ws = tiny();
    const fifo = join(ws, 'topo.fifo');
    mkfifo(fifo);
    const s = await start(ws, { topologyFile: fifo });
    const st = await status(s);
    assert.equal(st.topology.source, fifo);
    assert.match(
      st.topology.error ?? '',
      /topo\.fifo is a FIFO, not a regular file.*ciliumDatapath\.topologyFile/,
    );
  });

  test('a FIFO set five times at run time: later watcher events are still processed', T, async () => {
    const ws = tiny();
    const fifo = join(ws, 'topo.fifo');
    mkfifo(fifo);
    const s = await start(ws);
    await status(s);
    for (let i = 0; i < 5; i++)
      await s.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { ciliumDatapath: { topologyFile: i % 2 === 0 ? fifo : '/dev/zero' } },
      });
    writeFileSync(
      join(ws, 'bpf', 'bpf_overlay.c'),
      '__section("from-overlay")\nint from_overlay(void *c) { return 0; }\n',
    );
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri('bpf/bpf_overlay.c'), type: FileChangeType.Created }],
    });
    await s.waitFor('the new file', async () => (await status(s)).indexedFiles === 2);
    assert.match((await status(s)).topology.error ?? '', /is a FIFO, not a regular file/);
  });

  test('/dev/zero and a directory: errors that name the file and what it is', T, async () => {
    const ws = tiny();
    const s = await start(ws, { topologyFile: '/dev/zero' });
    assert.match(
      (await status(s)).topology.error ?? '',
      /\/dev\/zero is a character device, not a regular file/,
    );
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { ciliumDatapath: { topologyFile: ws } },
    });
    await s.waitFor('the directory error', async () =>
      /is a directory, not a regular file/.test((await status(s)).topology.error ?? ''),
    );
  });
});

describe('language server: only the checkout’s own bpf/ tree, never outside the workspace (#5, #7)', () => {
  test('a bpf symlink to / is not followed: nothing indexed, one message', T, async () => {
    const ws = mkdtempSync(join(tmpdir(), 'cdx-special-'));
    dirs.push(ws);
    writeFileSync(join(ws, 'VERSION'), '1.10.0\n');
    symlinkSync('/', join(ws, 'bpf'));
    const s = await start(ws);
    const st = await status(s);
    assert.equal(st.indexedFiles, 0);
    assert.ok(st.errors.some((e) => /leads outside the workspace \(to \/\)/.test(e.reason)));
    await s.waitFor('the message', () => s.messages.length > 0);
    assert.equal(s.messages.length, 1);
  });

  test('a watcher event through a symlinked folder inside bpf/ is not read', T, async () => {
    const ws = tiny();
    const outside = mkdtempSync(join(tmpdir(), 'cdx-special-out-'));
    dirs.push(outside);
    writeFileSync(
      join(outside, 'evil.c'),
      '__section("from-netdev")\nint outside_fn(void *c) { return 0; }\n',
    );
    symlinkSync(outside, join(ws, 'bpf', 'lib'));
    const s = await start(ws);
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri('bpf/lib/evil.c'), type: FileChangeType.Created }],
    });
    const st = await s.waitFor('the refusal', async () => {
      const x = await status(s);
      return x.errors.length ? x : undefined;
    });
    assert.match(st.errors[0]!.reason, /leads outside the checkout/);
    const names = (await s.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) as Array<{
      name: string;
    }>;
    assert.ok(!names.some((n) => n.name === 'outside_fn'));
  });

  test('files of pkg/bpf/testdata and test/bpf neither enter the index nor change answers', T, async () => {
    const ws = mkdtempSync(join(tmpdir(), 'cdx-special-'));
    dirs.push(ws);
    cpSync(SAMPLE, ws, { recursive: true });
    for (const d of ['pkg/bpf/testdata', 'test/bpf']) {
      mkdirSync(join(ws, d), { recursive: true });
      writeFileSync(
        join(ws, d, 'other.c'),
        '#include "lib/common.h"\n__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_LXC)\nint stray(void *c) { return 0; }\n',
      );
    }
    const s = await start(ws);
    const before = await status(s);
    await s.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: s.uri('pkg/bpf/testdata/other.c'), type: FileChangeType.Created },
        { uri: s.uri('test/bpf/other.c'), type: FileChangeType.Changed },
      ],
    });
    await s.open('pkg/bpf/testdata/other.c');
    assert.deepEqual(await lenses(s, 'pkg/bpf/testdata/other.c'), []);
    const after = await status(s);
    assert.equal(after.indexedFiles, before.indexedFiles);
    assert.equal(after.declarations, before.declarations);
    const names = (await s.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'stray',
    })) as unknown[];
    assert.deepEqual(names, []);
  });
});
