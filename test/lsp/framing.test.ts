/**
 * LSP framing and session abuse (reliability review #16): after a frame with no, a non-numeric, a
 * negative or a huge Content-Length the server still answers the next well-formed request; a flood
 * behind a 2 GB Content-Length is not buffered; a second `initialize` is refused and the session
 * keeps working.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { StreamMessageReader, type Message } from 'vscode-languageserver-protocol/node';
import { ROOT, SERVER } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');

interface Raw {
  child: ChildProcessWithoutNullStreams;
  send(body: unknown): void;
  write(bytes: string | Buffer): void;
  /** the response to request `id`, within 5 s */
  response(id: number): Promise<{ id: number; result?: unknown; error?: { code: number; message: string } }>;
}

const children: ChildProcessWithoutNullStreams[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startRaw(): Raw {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr.on('data', () => undefined);
  const got = new Map<number, Message>();
  const waiters = new Map<number, (m: Message) => void>();
  new StreamMessageReader(child.stdout).listen((m) => {
    const id = (m as { id?: unknown }).id;
    if (typeof id !== 'number' || !('result' in m || 'error' in m)) {
      // a request from the server (registerCapability…): answer it
      if (typeof id === 'number' || typeof id === 'string')
        child.stdin.write(frame({ jsonrpc: '2.0', id, result: null }));
      return;
    }
    got.set(id, m);
    waiters.get(id)?.(m);
  });
  return {
    child,
    send: (body) => child.stdin.write(frame(body)),
    write: (bytes) => child.stdin.write(bytes),
    response: (id) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response to request ${id} in 5 s`)), 5000);
        const done = (m: Message): void => {
          clearTimeout(timer);
          resolve(m as never);
        };
        const have = got.get(id);
        if (have) done(have);
        else waiters.set(id, done);
      }),
  };
}

function frame(body: unknown): string {
  const json = JSON.stringify({ jsonrpc: '2.0', ...(body as object) });
  return `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`;
}

let nextId = 1;
async function initialize(r: Raw): Promise<void> {
  const id = nextId++;
  r.send({
    id,
    method: 'initialize',
    params: { processId: process.pid, rootUri: pathToFileURL(SAMPLE).toString(), capabilities: {} },
  });
  assert.ok((await r.response(id)).result);
  r.send({ method: 'initialized', params: {} });
}
async function status(r: Raw): Promise<unknown> {
  const id = nextId++;
  r.send({ id, method: 'cilium/status' });
  const res = await r.response(id);
  assert.equal(res.error, undefined);
  return res.result;
}

describe('language server: framing errors', () => {
  const garbage: Array<[string, string]> = [
    ['no Content-Length', 'X-Nothing: 1\r\n\r\n{"jsonrpc":"2.0","id":999,"method":"cilium/status"}'],
    ['non-numeric Content-Length', 'Content-Length: abc\r\n\r\n{}'],
    ['negative Content-Length', 'Content-Length: -5\r\n\r\n{}'],
    ['a header line without a colon', 'hello there\r\n\r\n'],
  ];
  for (const [name, bytes] of garbage)
    test(`${name}: the next request is answered`, async () => {
      const r = startRaw();
      await initialize(r);
      r.write(bytes);
      await status(r);
    });

  test('a 2 GB Content-Length followed by 200 MB is dropped, not buffered; the server answers after it', async () => {
    const r = startRaw();
    await initialize(r);
    r.write('Content-Length: 2147483648\r\n\r\n');
    const chunk = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 200; i++)
      if (!r.child.stdin.write(chunk)) await new Promise((ok) => r.child.stdin.once('drain', ok));
    await status(r);
    const rss =
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${r.child.pid}/status`, 'utf8'))![1]) / 1024;
    assert.ok(rss < 300, `peak RSS ${rss.toFixed(0)} MB`);
  });

  test('a second initialize is refused; the session keeps answering', async () => {
    const r = startRaw();
    await initialize(r);
    const id = nextId++;
    r.send({ id, method: 'initialize', params: { processId: null, rootUri: 'file:///', capabilities: {} } });
    const res = await r.response(id);
    assert.match(res.error?.message ?? '', /initialize was already received/);
    const st = (await status(r)) as { root: string; indexedFiles: number };
    assert.match(st.root, /cilium-v1\.10$/);
    assert.ok(st.indexedFiles > 0);
  });
});
