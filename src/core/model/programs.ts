/**
 * Hook names and the program each hook runs in a release, read from the program table
 * (table/program-names.ts).
 */
import type { HookName, ProgramInfo } from './model-types';
import { namesOf, PROGRAM_NAMES } from './table/program-names';
import type { CiliumVersion } from './versions';

export const HOOK_NAMES: readonly HookName[] = [
  'from-container',
  'to-container',
  'from-overlay',
  'to-overlay',
  'from-netdev',
  'to-netdev',
  'from-host',
  'to-host',
  'policy',
  'policy-egress',
  'host-policy',
];

export function isHookName(text: string): text is HookName {
  return (HOOK_NAMES as readonly string[]).includes(text);
}

/** The program implementing a hook in a version, or undefined when that version has no such program. */
export function programFor(hook: HookName, version: CiliumVersion): ProgramInfo | undefined {
  const entry = PROGRAM_NAMES.find((p) => p.hook === hook);
  if (!entry) return undefined;
  const names = namesOf(entry.id, version);
  if (!names) return undefined;
  return {
    hook,
    file: names.file,
    section: names.section,
    function: names.function,
    description: entry.description,
  };
}

/** All names a hook has had (sections and functions), for recognising source of any version. */
export function allNamesOf(hook: HookName): { files: string[]; names: string[] } {
  let known = namesByHook.get(hook);
  if (!known) namesByHook.set(hook, (known = collectNamesOf(hook)));
  return { files: [...known.files], names: [...known.names] };
}

/** The tables are constant: each hook's names are collected once (CodeLens asks per declaration). */
const namesByHook = new Map<HookName, { files: string[]; names: string[] }>();

function collectNamesOf(hook: HookName): { files: string[]; names: string[] } {
  const files = new Set<string>();
  const names = new Set<string>();
  for (const row of PROGRAM_NAMES.filter((p) => p.hook === hook).flatMap((p) => p.rows)) {
    files.add(row.file);
    names.add(row.function);
    if (!/^(tc|tc\/entry|tc\/tail|\d+\/.*)$/.test(row.section)) names.add(row.section);
  }
  return { files: [...files], names: [...names] };
}

/**
 * file's base name → section or function → the first hook (in HOOK_NAMES order) with a file of that
 * base name and that name among all its names; built once from the tables.
 */
let byBaseName: Map<string, Map<string, HookName>> | undefined;
function hookIndex(): Map<string, Map<string, HookName>> {
  if (byBaseName) return byBaseName;
  byBaseName = new Map<string, Map<string, HookName>>();
  for (const hook of HOOK_NAMES) {
    const { files, names } = allNamesOf(hook);
    for (const file of files) {
      const base = file.split('/').pop() ?? file;
      let byName = byBaseName.get(base);
      if (!byName) byBaseName.set(base, (byName = new Map<string, HookName>()));
      for (const name of names) if (!byName.has(name)) byName.set(name, hook);
    }
  }
  return byBaseName;
}

/**
 * Which hook a declaration in a file implements: ("bpf_lxc.c", "from-container") → from-container,
 * ("bpf/bpf_lxc.c", "cil_lxc_policy") → policy. The file may be given with or without "bpf/".
 */
export function identifyProgram(file: string, sectionOrFunction: string): HookName | undefined {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  return hookIndex().get(base)?.get(sectionOrFunction);
}
