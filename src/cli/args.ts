/** Minimal, strict argument parsing: unknown flags are errors, never ignored. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
  /** every value of a repeatable flag, in order */
  lists: Map<string, string[]>;
}

export function parseArgs(
  argv: readonly string[],
  valueFlags: readonly string[],
  boolFlags: readonly string[] = [],
  repeatable: readonly string[] = [],
): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const lists = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice: give it once.`);
    if (boolFlags.includes(name)) {
      flags.set(name, true);
    } else if (valueFlags.includes(name) || repeatable.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      if (repeatable.includes(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
      else flags.set(name, value);
    } else {
      const valid = [...valueFlags, ...repeatable, ...boolFlags].map((f) => `--${f}`).join(', ');
      throw new UsageError(`Unknown option "${arg}"${valid ? `: valid options are ${valid}` : ''}.`);
    }
  }
  return { positional, flags, lists };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function oneOf<T extends string>(
  value: string | undefined,
  valid: readonly T[],
  name: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(valid as readonly string[]).includes(value))
    throw new UsageError(`Unknown ${name} "${value}": use one of ${valid.join(', ')}.`);
  return value as T;
}

export interface Io {
  out(text: string): void;
  readFile(path: string): string;
  /** diagnostics that do not end the command (one unreadable line of several) */
  err?(text: string): void;
  /** standard input, when the command may read it (undefined: no stdin, e.g. a terminal) */
  readStdin?(): string;
}
