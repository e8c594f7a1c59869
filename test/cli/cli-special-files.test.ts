/**
 * Files the CLI must not read (reliability review #1, #3, #5, #19): a FIFO or a device where a file is
 * expected is an error naming the file, in bounded time, before a byte is read; a `bpf` symlink out of
 * the checkout is not followed; unreadable folders and repeated flags are errors (exit 2).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** 10 s: a hang or an unbounded read is killed, and the test fails on the signal */
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 10_000,
    killSignal: 'SIGKILL',
  });

const dirs: string[] = [];
function checkout(): string {
  const ws = mkdtempSync(join(tmpdir(), 'cdx-cli-special-'));
  dirs.push(ws);
  mkdirSync(join(ws, 'bpf'));
  writeFileSync(join(ws, 'bpf', 'bpf_lxc.c'), '__section("from-container")\nint f(void) { return 0; }\n');
  return ws;
}
function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo: ${String(r.stderr)}`);
}
/** As root, run the CLI as nobody (setpriv) so that permission bits apply; tmp dirs are made o+x. */
const asUnprivileged = (...args: string[]) =>
  process.getuid?.() === 0
    ? spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args],
        { encoding: 'utf8', cwd: '/', timeout: 10_000, killSignal: 'SIGKILL' },
      )
    : run(...args);

describe('cilium-datapath: special files and symlinks', () => {
  after(() => {
    for (const d of dirs) {
      spawnSync('chmod', ['-R', 'u+rwx', d]);
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('index: VERSION → /dev/zero is skipped with a reason, not read', () => {
    const ws = checkout();
    symlinkSync('/dev/zero', join(ws, 'VERSION'));
    const r = run('index', ws);
    assert.equal(r.signal, null, 'the CLI was killed (unbounded read)');
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /1 declarations in 1 files; 1 skipped:\n {2}VERSION: a link outside the workspace \(to \/dev\/zero\)/,
    );
  });

  test('index: VERSION as a FIFO does not block', () => {
    const ws = checkout();
    mkfifo(join(ws, 'VERSION'));
    const r = run('index', ws);
    assert.equal(r.signal, null, 'the CLI hung on the FIFO');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /VERSION: a FIFO, not a regular file/);
  });

  test('index: VERSION over 4 KB is skipped by size', () => {
    const ws = checkout();
    writeFileSync(join(ws, 'VERSION'), '1.16.0\n' + 'x'.repeat(10_000));
    const r = run('index', ws);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /VERSION: 10007 bytes, over the 4096 bytes limit/);
  });

  test('trace --topology: a FIFO, /dev/zero and a directory are errors naming the file (exit 2)', () => {
    const ws = checkout();
    const fifo = join(ws, 'topo.fifo');
    mkfifo(fifo);
    for (const [path, kind] of [
      [fifo, 'a FIFO'],
      ['/dev/zero', 'a character device'],
      [ws, 'a directory'],
    ] as const) {
      const r = run('trace', '--topology', path, '--from', 'pod0', '--to', 'pod3');
      assert.equal(r.signal, null, `hung or grew on ${path}`);
      assert.equal(r.status, 2, r.stderr);
      assert.ok(r.stderr.includes(`${path} is ${kind}, not a regular file`), r.stderr);
    }
  });

  test('index: a bpf symlink leading out of the checkout is not followed (exit 2, says where)', () => {
    const ws = mkdtempSync(join(tmpdir(), 'cdx-cli-special-'));
    dirs.push(ws);
    writeFileSync(join(ws, 'VERSION'), '1.16.0\n');
    symlinkSync('/', join(ws, 'bpf'));
    const r = run('index', ws);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /bpf: leads outside the workspace \(to \/\)/);
    assert.equal(r.stdout, '');
  });

  test('index: a bpf symlink inside the checkout is followed', () => {
    const ws = checkout();
    const outer = mkdtempSync(join(tmpdir(), 'cdx-cli-special-'));
    dirs.push(outer);
    symlinkSync(join(ws, 'bpf'), join(ws, 'bpf-link'));
    const r = run('index', join(ws, 'bpf'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /1 declarations in 1 files/);
  });

  test('index: an unreadable root or bpf/ folder is an error (exit 2), not an internal error or silence', () => {
    const ws = checkout();
    chmodSync(ws, 0o755);
    chmodSync(join(ws, 'bpf'), 0o000);
    let r = asUnprivileged('index', ws);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /nothing to index in .*: bpf: folder not readable \(EACCES\)/);
    const bare = mkdtempSync(join(tmpdir(), 'cdx-cli-special-'));
    dirs.push(bare);
    chmodSync(bare, 0o000);
    r = asUnprivileged('index', bare);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /cannot list .*: EACCES/);
  });

  test('a repeated flag is an error, not silently the last one', () => {
    const r = run('trace', '--from', 'pod0', '--from', 'pod1', '--to', 'pod3');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--from is given twice/);
  });
});
