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

const HOOK_DESCRIPTIONS: Record<
  'policy-egress' | 'host-policy',
  { description: string; file: string; rows: Array<{ since: number; section: string; function: string }> }
> = {
  'policy-egress': {
    description:
      'Re-enters a pod’s egress path after L7 load-balancing; reached through cilium_egresscall_policy.',
    file: 'bpf/bpf_lxc.c',
    rows: [
      { since: 12, section: '4/0xffff', function: 'handle_policy_egress' },
      { since: 17, section: 'tc', function: 'handle_policy_egress' },
      { since: 18, section: 'tc/entry', function: 'cil_lxc_policy_egress' },
    ],
  },
  'host-policy': {
    description: 'Host firewall program reached through cilium_call_policy at the host endpoint id.',
    file: 'bpf/bpf_host.c',
    rows: [
      { since: 10, section: '1/0xffff', function: 'handle_lxc_traffic' },
      { since: 17, section: 'tc', function: 'handle_lxc_traffic' },
      { since: 18, section: 'tc/entry', function: 'cil_host_policy' },
    ],
  },
};

export function isHookName(text: string): text is HookName {
  return (HOOK_NAMES as readonly string[]).includes(text);
}

/** The program implementing a hook in a version, or undefined when that version has no such program. */
export function programFor(hook: HookName, version: CiliumVersion): ProgramInfo | undefined {
  if (hook === 'policy-egress' || hook === 'host-policy') {
    const d = HOOK_DESCRIPTIONS[hook];
    let row: (typeof d.rows)[number] | undefined;
    for (const r of d.rows) if (r.since <= version.minor) row = r;
    if (!row) return undefined;
    return { hook, file: d.file, section: row.section, function: row.function, description: d.description };
  }
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
  const files = new Set<string>();
  const names = new Set<string>();
  const rows =
    hook === 'policy-egress' || hook === 'host-policy'
      ? HOOK_DESCRIPTIONS[hook].rows.map((r) => ({ ...r, file: HOOK_DESCRIPTIONS[hook].file }))
      : PROGRAM_NAMES.filter((p) => p.hook === hook).flatMap((p) => p.rows);
  for (const row of rows) {
    files.add(row.file);
    names.add(row.function);
    if (!/^(tc|tc\/entry|tc\/tail|\d+\/.*)$/.test(row.section)) names.add(row.section);
  }
  return { files: [...files], names: [...names] };
}

/**
 * Which hook a declaration in a file implements: ("bpf_lxc.c", "from-container") → from-container,
 * ("bpf/bpf_lxc.c", "cil_lxc_policy") → policy. The file may be given with or without "bpf/".
 */
export function identifyProgram(file: string, sectionOrFunction: string): HookName | undefined {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? file;
  for (const hook of HOOK_NAMES) {
    const { files, names } = allNamesOf(hook);
    if (files.some((f) => f.endsWith('/' + base)) && names.includes(sectionOrFunction)) return hook;
  }
  return undefined;
}
