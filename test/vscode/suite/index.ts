/**
 * test-electron's entry: runs every *.test.js beside this file with mocha (tdd UI), or with
 * CDX_SUITE=untrusted (a workspace VS Code does not trust) every *.untrusted-test.js, or with
 * CDX_SUITE=release (a tree laid out like Cilium v1.16) every *.release-test.js, or with
 * CDX_SUITE=multi (two checkouts side by side in one folder) every *.multi-test.js.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

// The web workbench forwards console.log unformatted; format mocha's lines here so the runner's
// stdout carries "9 passing" (scripts/test.mjs reads it).
(Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (
  ...a: unknown[]
) => console.log(format(...a));

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60000, color: false, reporter: 'spec' });
  const suffix =
    process.env.CDX_SUITE === 'untrusted'
      ? '.untrusted-test.js'
      : process.env.CDX_SUITE === 'release'
        ? '.release-test.js'
        : process.env.CDX_SUITE === 'multi'
          ? '.multi-test.js'
          : '.test.js';
  for (const f of readdirSync(__dirname)) if (f.endsWith(suffix)) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed.`)) : resolve()));
  });
}
