/**
 * dist/server.js starts the server with V8's code cache (src/server/bootstrap.ts): the first start
 * writes the cache into CDX_COMPILE_CACHE_DIR, later starts read it; a damaged cache, a cache
 * directory that is a symlink or writable by others, or CDX_COMPILE_CACHE=0 start the server as
 * before and write nothing there.
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, startServer } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');

/** Every file under `dir`, recursively (Node ≥ 22 keeps its cache in a subdirectory per Node version). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

/** Starts the server with `env`, checks it answers a CodeLens on bpf_lxc.c, and shuts it down. */
async function startAndUse(env: Record<string, string>): Promise<void> {
  const s = await startServer(SAMPLE, {}, { env });
  try {
    await s.open('bpf/bpf_lxc.c');
    const lenses = await s.lenses('bpf/bpf_lxc.c');
    assert.ok(lenses.length > 0, 'the server answers CodeLens');
  } finally {
    await s.close();
  }
}

describe('the server’s code cache', () => {
  test('the first start writes it (at exit at the latest), the next start uses it and still works', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cdx-cc-')), 'cache');
    await startAndUse({ CDX_COMPILE_CACHE_DIR: dir });
    const written = filesUnder(dir);
    assert.ok(written.length > 0, 'a cache file was written');
    assert.equal(statSync(dir).mode & 0o777, 0o700, 'the cache directory is private');
    await startAndUse({ CDX_COMPILE_CACHE_DIR: dir });
    assert.deepEqual(filesUnder(dir).sort(), written.sort(), 'the same cache, not a new one');
  });

  test('a damaged cache file is ignored and replaced', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cdx-cc-')), 'cache');
    await startAndUse({ CDX_COMPILE_CACHE_DIR: dir });
    for (const f of filesUnder(dir)) writeFileSync(join(dir, f), Buffer.alloc(4096, 0xab));
    await startAndUse({ CDX_COMPILE_CACHE_DIR: dir });
  });

  test('CDX_COMPILE_CACHE=0, a symlinked or group-writable directory: no cache is written there', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cdx-cc-'));
    const off = join(base, 'off');
    await startAndUse({ CDX_COMPILE_CACHE_DIR: off, CDX_COMPILE_CACHE: '0' });
    assert.deepEqual(readdirSync(base), [], 'nothing created when the cache is off');

    const real = join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(base, 'link');
    symlinkSync(real, link);
    await startAndUse({ CDX_COMPILE_CACHE_DIR: link });
    assert.deepEqual(readdirSync(real), [], 'nothing written through a symlink');

    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    await startAndUse({ CDX_COMPILE_CACHE_DIR: shared });
    assert.deepEqual(readdirSync(shared), [], 'nothing written into a directory others can write');
  });
});
