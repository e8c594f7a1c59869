/**
 * cilium-datapath: the engine in a terminal. Every error is one line on stderr and exit status 2.
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { setFlagsFromString } from 'node:v8';
import { DatapathError, HOOK_NAMES, listKnownVersions } from '../core';
import { UsageError, type Io } from './args';
import { importCommand, IMPORT_USAGE } from './commands/import-command';
import { explainCommand, EXPLAIN_USAGE } from './commands/explain-command';
import { indexCommand, INDEX_USAGE } from './commands/index-command';
import { resolveCommand, RESOLVE_USAGE } from './commands/resolve-command';
import { traceCommand, TRACE_USAGE } from './commands/trace-command';
import { verifyAttachCommand, VERIFY_ATTACH_USAGE } from './commands/verify-attach-command';
import { createOutputWriter } from './stdout-writer';
import { FileReadError, MAX_TOPOLOGY_BYTES, readRegularFileSync } from '../node-io/read-regular-file';
import { readStdinSync } from '../node-io/read-stdin';

declare const CLI_VERSION: string | undefined;

/** Subcommands: adding one is one line here. */
const COMMANDS: Record<
  string,
  { run: (argv: readonly string[], io: Io) => void | Promise<void>; usage: string }
> = {
  trace: { run: traceCommand, usage: TRACE_USAGE },
  resolve: { run: resolveCommand, usage: RESOLVE_USAGE },
  index: { run: indexCommand, usage: INDEX_USAGE },
  import: { run: importCommand, usage: IMPORT_USAGE },
  'verify-attach': { run: verifyAttachCommand, usage: VERIFY_ATTACH_USAGE },
  explain: { run: explainCommand, usage: EXPLAIN_USAGE },
};

function help(): string {
  return [
    'cilium-datapath — trace packets through Cilium’s eBPF datapath model and index Cilium BPF source.',
    '',
    'Usage:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '  cilium-datapath --help | --version',
    '',
    `Hooks: ${HOOK_NAMES.join(', ')}`,
    `Cilium versions: ${listKnownVersions().join(', ')} (default v1.10, the era of the seed documents)`,
    '',
    'Example (the seed VXLAN scenario): cilium-datapath trace --mode vxlan --from pod0 --to pod3',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io, err: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(help());
    return command ? 0 : 2;
  }
  if (command === '--version') {
    io.out(typeof CLI_VERSION === 'string' ? CLI_VERSION : 'dev');
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    err(
      `cilium-datapath: unknown command "${command}": use one of ${Object.keys(COMMANDS).join(', ')} (see --help).`,
    );
    return 2;
  }
  if (rest.includes('--help')) {
    io.out(entry.usage);
    return 0;
  }
  try {
    await entry.run(rest, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof DatapathError || e instanceof FileReadError) {
      err(`cilium-datapath ${command}: ${e.message}`);
      return 2;
    }
    err(`cilium-datapath ${command}: internal error: ${(e as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  // A CLI run lives ~50 ms past Node's start: TurboFan's background compiles never pay for
  // themselves in that time and compete for the CPU (2 cores here). Without them the cold
  // `index` of a Cilium-sized tree was 15–60 ms faster in paired runs (docs/benchmarks.md).
  // Only the CLI process: tests that import this module keep the optimizing compiler.
  setFlagsFromString('--no-opt');
  const writeOut = createOutputWriter({
    writeSync: (bytes) => writeSync(1, bytes),
    fallback: () => process.stdout,
  });
  const io: Io = {
    out: (text) => writeOut(text.endsWith('\n') ? text : text + '\n'),
    // a regular file of at most 32 MB, opened without blocking: a FIFO or /dev/zero is an error
    readFile: (path) => readRegularFileSync(path, MAX_TOPOLOGY_BYTES).toString('utf8'),
    err: (line) => process.stderr.write(line + '\n'),
    // a terminal is not read: `explain` without a line then says what it needs instead of waiting
    ...(isatty(0) ? {} : { readStdin: () => readStdinSync(MAX_TOPOLOGY_BYTES) }),
  };
  void main(process.argv.slice(2), io, (line) => process.stderr.write(line + '\n')).then((code) => {
    process.exitCode = code;
  });
}
