// A mutation-check worker (forked by scripts/mutation-check.mjs): runs many mutations in one process.
// For each one it drops the copy's compiled modules from the require cache, applies the mutation to
// freshly loaded tables, loads the guarding test files again and runs their tests in order, stopping
// at the first failure. Libraries (zod, yaml, ip-address) stay loaded: loading them was most of the
// cost of a process per mutation. The tests are collected through a stand-in for `node:test` that
// supports what the guarding files use (describe, test/it with a skip option); anything else is an
// error, so a guarding file that starts using more fails the baseline instead of being half-run.
// A survivor found here is confirmed by the orchestrator under node:test itself.
'use strict';
const Module = require('node:module');
const { join, sep } = require('node:path');

const root = process.env.CDX_MUTATION_ROOT;
if (!root) throw new Error('CDX_MUTATION_ROOT is not set');
const ours = join(root, 'out') + sep;
const mutationsFile = require.resolve('./mutations.cjs');

/** @type {{ name: string, skip: boolean, fn: () => unknown }[] | undefined} */
let collecting;
const prefix = [];

function register(name, optionsOrFn, maybeFn) {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  const options = typeof optionsOrFn === 'object' && optionsOrFn !== null ? optionsOrFn : {};
  for (const key of Object.keys(options))
    if (key !== 'skip') throw new Error(`mutation worker: test option "${key}" is not supported (${name})`);
  if (typeof fn !== 'function') throw new Error(`mutation worker: test "${name}" has no function`);
  if (fn.length > 0) throw new Error(`mutation worker: test "${name}" takes a test context, not supported`);
  if (!collecting) throw new Error(`mutation worker: test "${name}" registered outside a file load`);
  collecting.push({ name: [...prefix, name].join(' › '), skip: Boolean(options.skip), fn });
}

function describe(name, optionsOrFn, maybeFn) {
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  if (typeof optionsOrFn === 'object' && optionsOrFn !== null && Object.keys(optionsOrFn).length)
    throw new Error(`mutation worker: describe options are not supported (${name})`);
  prefix.push(name);
  try {
    const result = fn();
    if (result && typeof result.then === 'function')
      throw new Error(`mutation worker: describe "${name}" is async, not supported`);
  } finally {
    prefix.pop();
  }
}

const unsupported = (what) => () => {
  throw new Error(`mutation worker: node:test ${what} is not supported`);
};
const nodeTest = Object.assign(register, {
  test: register,
  it: register,
  describe,
  suite: describe,
  before: unsupported('before'),
  after: unsupported('after'),
  beforeEach: unsupported('beforeEach'),
  afterEach: unsupported('afterEach'),
  mock: undefined,
});
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'node:test' || request === 'test') return nodeTest;
  return load.call(this, request, parent, isMain);
};

function purge() {
  for (const key of Object.keys(require.cache))
    if (key.startsWith(ours) || key === mutationsFile) delete require.cache[key];
  // the worker's own children would keep every generation alive
  module.children.length = 0;
}

/**
 * Runs the guarding tests with mutation `index` applied (none when undefined).
 * @returns {Promise<{ ran: number, skipped: number, failed?: string, error?: string }>}
 */
async function runOnce(index, files) {
  purge();
  if (index !== undefined) require(mutationsFile).mutations()[index].apply();
  const tests = [];
  let ran = 0;
  let skipped = 0;
  for (const file of files) {
    collecting = tests;
    try {
      require(file);
    } catch (e) {
      return { ran, skipped, failed: `loading ${file}`, error: String(e && e.stack ? e.stack : e) };
    } finally {
      collecting = undefined;
    }
  }
  for (const t of tests) {
    if (t.skip) {
      skipped++;
      continue;
    }
    try {
      await t.fn();
      ran++;
    } catch (e) {
      return { ran, skipped, failed: t.name, error: String(e && e.message ? e.message : e).slice(0, 500) };
    }
  }
  return { ran, skipped };
}

let files = [];
process.on('message', async (msg) => {
  if (msg.files) files = msg.files;
  if (!('index' in msg)) return;
  const result = await runOnce(msg.index ?? undefined, files);
  process.send({ index: msg.index, ...result });
});
process.on('unhandledRejection', (e) => {
  process.send({ fatal: String(e && e.stack ? e.stack : e) });
  process.exit(1);
});
