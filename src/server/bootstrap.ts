/**
 * dist/server.js: starts the language server (dist/server-main.js) with V8's code cache, so that a
 * spawn after the first one does not compile the ~1 MB bundle again (about a third of the time from
 * spawn to the first CodeLens; docs/benchmarks.md). Node ≥ 22.1 (the extension host of current
 * VS Code) caches through `module.enableCompileCache`; older Node through `vm.Script`'s `cachedData`.
 *
 * The cache lives in a directory only this user can write: `CDX_COMPILE_CACHE_DIR` (the extension
 * passes its global storage), else `$XDG_CACHE_HOME` or `~/.cache` + `/cilium-datapath-explorer/compile-cache`.
 * A directory that is a symlink, not ours, or writable by others is not used. `CDX_COMPILE_CACHE=0`
 * turns the cache off (the bench measures the cold start with it). Any failure starts the server
 * without a cache: the cache can make a start faster, never break it.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  constants,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const MAIN = join(__dirname, 'server-main.js');
/** Node's own loader, for the start without a cache (no bundler rewrites this call) */
const loadMain = (): unknown => createRequire(__filename)(MAIN);
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** when the cache is written: after start-up and the first requests have compiled their functions */
const WRITE_AFTER_MS = 5000;

interface NodeCompileCache {
  enableCompileCache?: (dir?: string) => { status: number; directory?: string };
  flushCompileCache?: () => void;
}

/** The cache directory, created 0700 if missing; undefined when it is not safe to use. */
function cacheDir(): string | undefined {
  if (process.env.CDX_COMPILE_CACHE === '0') return undefined;
  const base =
    process.env.CDX_COMPILE_CACHE_DIR ||
    join(
      process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
      'cilium-datapath-explorer',
      'compile-cache',
    );
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    const st = lstatSync(base);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0)
      return undefined;
    return base;
  } catch {
    return undefined;
  }
}

/** Node ≥ 22.1: Node's own compile cache (written when the process exits, or flushed here). */
function startWithNodeCache(dir: string, api: NodeCompileCache): void {
  try {
    api.enableCompileCache!(dir);
  } catch {
    /* no cache: start anyway */
  }
  loadMain();
  if (api.flushCompileCache) setTimeout(() => safely(() => api.flushCompileCache!()), WRITE_AFTER_MS).unref();
}

interface Compiled {
  script: Script;
  file: string;
  cached: boolean;
}

/** Older Node: vm.Script with the cached data of an earlier start of the same bundle and Node. */
function compileWithCache(dir: string): Compiled {
  const source = readFileSync(MAIN, 'utf8');
  const stamp = statSync(MAIN);
  const key = createHash('sha256')
    .update(`${process.version} ${process.arch} ${process.execArgv.join(' ')} ${stamp.size} ${stamp.mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  const file = join(dir, `server-main-${key}.v8cache`);
  const cachedData = readCache(file);
  return {
    script: new Script(Module.wrap(source), { filename: MAIN, ...(cachedData ? { cachedData } : {}) }),
    file,
    cached: !!cachedData,
  };
}

/** Runs the compiled bundle as Node would run it as a CommonJS module. */
function run(dir: string, { script, file, cached }: Compiled): void {
  const module = new Module(MAIN, undefined);
  module.filename = MAIN;
  const main = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  main(module.exports, createRequire(MAIN), module, MAIN, dirname(MAIN));
  if (cached && !script.cachedDataRejected) return;
  // once the first requests have compiled their functions, or when the server exits before that
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    safely(() => writeCache(dir, file, script.createCachedData()));
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}

/** A regular file of ours, read with a size limit; undefined for anything else. */
function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CACHE_BYTES || st.uid !== (process.getuid?.() ?? st.uid))
      return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the cache atomically and removes the caches of other bundles or Node versions. */
function writeCache(dir: string, file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
  for (const name of readdirSync(dir))
    if (/^server-main-[0-9a-f]{16}\.v8cache$/.test(name) && join(dir, name) !== file)
      safely(() => unlinkSync(join(dir, name)));
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    /* the cache is an optimisation */
  }
}

function start(): void {
  const dir = cacheDir();
  const api = Module as unknown as NodeCompileCache;
  if (!dir) return void loadMain();
  if (typeof api.enableCompileCache === 'function') return startWithNodeCache(dir, api);
  let compiled: Compiled;
  try {
    compiled = compileWithCache(dir);
  } catch {
    return void loadMain(); // unreadable cache or bundle: Node's own loader says what is wrong
  }
  run(dir, compiled);
}

start();
