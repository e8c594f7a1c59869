/**
 * Which file, ELF section and C function implement each hook, per Cilium release (data only).
 * Source: reference notes §1–§2 (section names ≤ v1.13, `__section_entry` = "tc" in v1.14–v1.17 and
 * "tc/entry" from v1.18; `cil_*` function names from v1.13; policy programs as entries from v1.17).
 */
import type { HookName, ProgramInfo } from './model-types';
import { pick, type CiliumVersion } from './versions';

interface NameRow {
  since: number;
  file: string;
  section: string;
  function: string;
}

const LXC = 'bpf/bpf_lxc.c';
const OVERLAY = 'bpf/bpf_overlay.c';
const HOST = 'bpf/bpf_host.c';
const NETDEV = 'bpf/bpf_netdev.c';

/** Rows for an entry program that kept its section name until v1.13 and became __section_entry in v1.14. */
function entryRows(
  file: string,
  section: string,
  oldFn: string,
  newFn: string,
  hostFileSince8 = false,
): NameRow[] {
  const early = hostFileSince8 ? NETDEV : file;
  return [
    { since: 4, file: early, section, function: oldFn },
    ...(hostFileSince8 ? [{ since: 8, file, section, function: oldFn }] : []),
    { since: 13, file, section, function: newFn },
    { since: 14, file, section: 'tc', function: newFn },
    { since: 18, file, section: 'tc/entry', function: newFn },
  ];
}

const NAMES: Record<HookName, { rows: NameRow[]; description: string; since: number }> = {
  'from-container': {
    since: 4,
    rows: entryRows(LXC, 'from-container', 'handle_xgress', 'cil_from_container'),
    description:
      'Handles every packet a pod sends: service load-balancing, conntrack, egress policy, then local delivery, encapsulation or the stack.',
  },
  'to-container': {
    since: 6,
    rows: entryRows(LXC, 'to-container', 'handle_to_container', 'cil_to_container'),
    description: 'Ingress policy on the lxc device’s egress; attached only with endpoint routes.',
  },
  policy: {
    since: 4,
    rows: [
      { since: 4, file: LXC, section: '1/0xffff', function: 'handle_policy' },
      { since: 17, file: LXC, section: 'tc', function: 'handle_policy' },
      { since: 18, file: LXC, section: 'tc/entry', function: 'cil_lxc_policy' },
    ],
    description:
      "The destination pod's ingress policy program. It has no device hook: senders tail-call it through the policy prog array at the destination's endpoint id.",
  },
  'policy-egress': {
    since: 12,
    rows: [
      { since: 12, file: LXC, section: '4/0xffff', function: 'handle_policy_egress' },
      { since: 17, file: LXC, section: 'tc', function: 'handle_policy_egress' },
      { since: 18, file: LXC, section: 'tc/entry', function: 'cil_lxc_policy_egress' },
    ],
    description:
      'Re-enters a pod’s egress path after L7 load-balancing; reached through cilium_egresscall_policy.',
  },
  'host-policy': {
    since: 10,
    rows: [
      { since: 10, file: HOST, section: '1/0xffff', function: 'handle_lxc_traffic' },
      { since: 17, file: HOST, section: 'tc', function: 'handle_lxc_traffic' },
      { since: 18, file: HOST, section: 'tc/entry', function: 'cil_host_policy' },
    ],
    description: 'Host firewall program reached through cilium_call_policy at the host endpoint id.',
  },
  'from-overlay': {
    since: 4,
    rows: entryRows(OVERLAY, 'from-overlay', 'from_overlay', 'cil_from_overlay'),
    description: 'Receives decapsulated packets from the tunnel device; the VNI carries the source identity.',
  },
  'to-overlay': {
    since: 6,
    rows: entryRows(OVERLAY, 'to-overlay', 'to_overlay', 'cil_to_overlay'),
    description: 'Runs on packets leaving through the tunnel device (NodePort/SNAT helpers).',
  },
  'from-netdev': {
    since: 4,
    rows: entryRows(HOST, 'from-netdev', 'from_netdev', 'cil_from_netdev', true),
    description:
      "Handles packets arriving on a node's native device (and IPVLAN master): local pods get the policy tail call.",
  },
  'to-netdev': {
    since: 6,
    rows: entryRows(HOST, 'to-netdev', 'to_netdev', 'cil_to_netdev', true),
    description: 'Runs on packets leaving a native device: NodePort, masquerading, host firewall.',
  },
  'from-host': {
    since: 8,
    rows: entryRows(HOST, 'from-host', 'from_host', 'cil_from_host'),
    description: 'Runs on packets the host stack sends through cilium_host (its tc egress).',
  },
  'to-host': {
    since: 8,
    rows: entryRows(HOST, 'to-host', 'to_host', 'cil_to_host'),
    description: 'Runs on packets entering the host stack through cilium_host/cilium_net (host firewall).',
  },
};

export const HOOK_NAMES = Object.keys(NAMES) as HookName[];

export function isHookName(text: string): text is HookName {
  return Object.prototype.hasOwnProperty.call(NAMES, text);
}

/** The program implementing a hook in a version, or undefined when that version has no such program. */
export function programFor(hook: HookName, version: CiliumVersion): ProgramInfo | undefined {
  const entry = NAMES[hook];
  if (version.minor < entry.since) return undefined;
  const row = pick(entry.rows, version);
  if (!row) return undefined;
  // v1.4 compiled the policy program per endpoint: section "1/<LXC_ID>".
  const section = hook === 'policy' && version.minor === 4 ? '1/<endpoint id>' : row.section;
  return { hook, file: row.file, section, function: row.function, description: entry.description };
}

/** All names a hook has had (sections and functions), for recognising source of any version. */
export function allNamesOf(hook: HookName): { files: string[]; names: string[] } {
  const files = new Set<string>();
  const names = new Set<string>();
  for (const row of NAMES[hook].rows) {
    files.add(row.file);
    names.add(row.function);
    if (!/^(tc|tc\/entry|\d+\/.*)$/.test(row.section)) names.add(row.section);
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
  // bpf_netdev.c in v1.4–v1.7 also built the cilium_host object (bpf_host.o) and carried the same names.
  if (
    base === 'bpf_hostdev_ingress.c' &&
    (sectionOrFunction === 'to-host' || sectionOrFunction === 'to_host')
  ) {
    return 'to-host';
  }
  return undefined;
}
