import type { HookResolution } from '../core';
import type { ConfigLayer } from '../core/model/cilium-config';
/** Markdown describing a program, a slot or a map, from the model and this checkout's index. */
import {
  DATAPATH_MODES,
  identifyProgram,
  MODES,
  parseCiliumVersion,
  resolveHook,
  type Declaration,
  type HookName,
} from '../core';
import { RESOLVE_COMMAND, SIMULATE_COMMAND, type HoverCommand } from '../protocol/lsp-protocol';
import { code, plain } from './markdown';
import type { WorkspaceState } from './workspace-state';

export function commandLink(title: string, command: HoverCommand, args: unknown): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([args]))})`;
}

export function hookOf(file: string, d: Declaration): HookName | undefined {
  if (d.map === 'CILIUM_MAP_POLICY') return file.endsWith('bpf_host.c') ? 'host-policy' : 'policy';
  if (d.map === 'CILIUM_MAP_EGRESSPOLICY') return 'policy-egress';
  return (
    identifyProgram(file, d.section ?? d.function) ??
    (d.kind === 'entry' ? identifyProgram(file, d.function) : undefined)
  );
}

export function programMarkdown(
  state: WorkspaceState,
  file: string,
  d: Declaration,
  hook: HookName,
  uri: string,
): string {
  const version = state.version();
  const lines: string[] = [];
  const first = resolveHook(hook, 'vxlan', version);
  lines.push(
    `**${hook}** — \`${first.program.file}\` ${code(`${d.function}()`)} · Cilium ${version}`,
    '',
    first.program.description,
    '',
  );
  lines.push('| mode | attached |', '|---|---|');
  for (const mode of DATAPATH_MODES) {
    const label = MODES[mode].label + (mode === state.settings.mode ? ' (active)' : '');
    try {
      const r = resolveHook(hook, mode, version);
      const where = r.attachments
        .map((a) => `${a.device} tc ${a.direction}${a.via ? ` via \`${a.via}\`` : ''}`)
        .join(', ');
      lines.push(
        `| ${label} | ${where || (r.reachedThrough ? `tail call \`${r.reachedThrough}\`` : 'not attached')} |`,
      );
    } catch (e) {
      lines.push(`| ${label} | ${(e as Error).message} |`);
    }
  }
  const active = safeResolve(hook, state.settings.mode, version, state.configLayers());
  if (active && active.preset === 'custom') {
    const where = active.attachments.map((a) => `${a.device} tc ${a.direction} (${a.condition})`).join(', ');
    lines.push(
      '',
      `**Active configuration** (custom): ${where || (active.reachedThrough ? `tail call \`${active.reachedThrough}\`` : 'not attached')}`,
    );
  }
  if (active && active.dispatch.length) {
    lines.push(
      '',
      `**Dispatches to** (${active.preset === 'custom' ? 'active configuration' : MODES[state.settings.mode].label}):`,
    );
    for (const link of active.dispatch)
      lines.push(
        `- \`${link.map}[${link.key}]\` → \`${link.target.function}()\`${link.condition ? ` — ${link.condition}` : ''}`,
      );
  }
  if (active) for (const note of active.notes) lines.push('', `_${note}_`);
  if (d.condition)
    lines.push(
      '',
      `Declared under ${code(`#if ${d.condition}`)} (the build configuration is not evaluated).`,
    );
  const v = parseCiliumVersion(version);
  if (v.minor > 12) lines.push('', `_IPVLAN mode does not exist in Cilium ${version} (v1.4–v1.12 only)._`);
  const actions = [
    commandLink('▶ Simulate from here', SIMULATE_COMMAND, {
      hook,
      mode: state.settings.mode,
      uri,
      line: d.line - 1,
    }),
    commandLink('Resolve hook', RESOLVE_COMMAND, { hook, mode: state.settings.mode }),
  ];
  lines.push('', actions.join(' · '));
  return lines.join('\n');
}

function safeResolve(
  hook: HookName,
  mode: (typeof DATAPATH_MODES)[number],
  version: string,
  layers: readonly ConfigLayer[] = [],
): HookResolution | undefined {
  try {
    return resolveHook(hook, mode, version, layers);
  } catch {
    return layers.length ? safeResolve(hook, mode, version) : undefined;
  }
}

export function slotMarkdown(state: WorkspaceState, name: string): string | undefined {
  const value = state.index.slotValue(name);
  const def = state.index.macroDefinition(name);
  if (value === undefined && !def) return undefined;
  const lines = [
    `**${plain(name)}** = ${value ?? (def ? code(def.value) : '?')} in this checkout (Cilium ${state.detectedVersion() ?? 'version unknown'})`,
  ];
  if (def && def.value !== String(value))
    lines.push('', `Defined as ${code(def.value)} in ${code(`${def.file}:${def.line}`)}.`);
  if (name.startsWith('CILIUM_CALL_')) {
    lines.push('', 'Slots are per object: each program object has its own calls map, so this slot lands on:');
    const byObject = new Map<string, string[]>();
    for (const entry of state.index.all()) {
      for (const d of entry.declarations) {
        if (
          d.kind === 'tail' &&
          d.callId &&
          /CALLS/.test(d.map ?? '') &&
          state.index.slotValue(d.callId) === value
        ) {
          for (const object of state.index.objectsOf(entry.path))
            byObject.set(object, [...(byObject.get(object) ?? []), d.function]);
        }
      }
    }
    if (byObject.size === 0) lines.push('- no declared target in this checkout');
    for (const [object, fns] of byObject)
      lines.push(`- ${code(object)}: ${[...new Set(fns)].map((f) => code(`${f}()`)).join(', ')}`);
  }
  return lines.join('\n');
}

const MAP_DOCS: Array<[RegExp, (state: WorkspaceState) => string]> = [
  [
    /^(cilium_call_policy|cilium_policy|POLICY_CALL_MAP|CILIUM_MAP_POLICY)$/,
    (s) => {
      const v = parseCiliumVersion(s.version());
      return `**Policy prog array** — named \`${v.minor >= 8 ? 'cilium_call_policy' : 'cilium_policy'}\` in Cilium ${v.label} (\`cilium_policy\` ≤ v1.7, \`cilium_call_policy\` from v1.8).\n\nKeyed by **endpoint id**: entry *N* holds endpoint *N*'s ingress policy program (\`${v.minor >= 18 ? 'cil_lxc_policy' : 'handle_policy'}\`). from-container, from-overlay and from-netdev tail-call it for a local destination instead of redirecting to the pod's device.`;
    },
  ],
  [
    /^cilium_lxc_ipve/,
    (s) => {
      const v = parseCiliumVersion(s.version());
      return `**Per-pod IPVLAN prog array** \`cilium_lxc_ipve_<endpoint id>\` — one slot. A stub on the pod eth0's tc egress tail-calls index 0, which holds bpf_lxc's from-container; the agent swaps programs by updating entry 0, without entering the pod's namespace.${v.minor > 12 ? `\n\n_Not in Cilium ${v.label}: IPVLAN existed in v1.4–v1.12 (deprecated in v1.11)._` : ''}`;
    },
  ],
  [
    /^(cilium_calls_\w*|CALLS_MAP|CILIUM_MAP_CALLS)$/,
    () =>
      "**Calls map** — each program object's own prog array of `CILIUM_CALL_*` slots: `cilium_calls_<endpoint id>` for bpf_lxc, `cilium_calls_overlay_2` for bpf_overlay, `cilium_calls_hostns_<id>` / `cilium_calls_netdev_<ifindex>` for bpf_host. The same slot number is a different function in each object.",
  ],
  [
    /^(cilium_egresscall_policy|POLICY_EGRESSCALL_MAP|CILIUM_MAP_EGRESSPOLICY)$/,
    () =>
      '**Egress policy prog array** `cilium_egresscall_policy` (v1.12+), keyed by endpoint id: re-enters a pod’s egress path after L7 load-balancing.',
  ],
];

export function mapMarkdown(state: WorkspaceState, name: string): string | undefined {
  const found = MAP_DOCS.find(([re]) => re.test(name));
  return found ? found[1](state) : undefined;
}
