/**
 * Where a hook runs and what it hands packets to, per mode and release — rendered from the same
 * tables the planner walks (table/attachments.ts, table/behaviours-*.ts, table/program-names.ts).
 */
import { evalBuildCondition } from './build-condition';
import { describeConfig, resolveCiliumConfig, type ConfigLayer } from './cilium-config';
import { buildDefines, tunnelOf, type DatapathConfig } from './config';
import {
  DATAPATH_MODES,
  DatapathError,
  type Attachment,
  type DatapathMode,
  type DispatchLink,
  type HookName,
  type HookResolution,
} from './model-types';
import { modeSpec, MODES, type ModeSpec } from './modes';
import { HOOK_NAMES, identifyProgram as identify, isHookName, programFor } from './programs';
import { ATTACHMENTS, attachKindOf, type DeviceRole } from './table/attachments';
import { behaviourOf } from './table/behaviours';
import { mapNames, type MapNames } from './table/map-names';
import { namesOf, PROGRAM_NAMES } from './table/program-names';
import type { Action, ProgramId } from './table/table-types';
import { parseCiliumVersion, versionOrDefault, type CiliumVersion } from './versions';

export { HOOK_NAMES, isHookName };

const DEVICE_LABELS: Record<DeviceRole, string> = {
  'lxc-veth': 'lxc veth',
  'pod-eth0': 'pod eth0',
  cilium_host: 'cilium_host',
  cilium_net: 'cilium_net',
  tunnel: 'tunnel device',
  native: 'node eth0',
  'netkit-peer': 'pod eth0 (netkit peer)',
  'netkit-primary': 'lxc (netkit primary)',
  wireguard: 'cilium_wg0',
};

/** Whether a configuration has that kind of device at all (a tunnel device, IPVLAN pod eth0s, lxc veths). */
function hasDevice(device: DeviceRole, spec: ModeSpec): boolean {
  if (device === 'tunnel') return !!spec.tunnel;
  if (device === 'pod-eth0') return spec.podLink === 'ipvlan';
  if (device === 'lxc-veth') return spec.podLink === 'veth';
  if (device === 'netkit-peer' || device === 'netkit-primary')
    return spec.podLink === 'netkit' || spec.podLink === 'netkit-l2';
  return true;
}

function deviceLabel(role: DeviceRole, config: DatapathConfig): string {
  if (role === 'tunnel') return tunnelOf(config)?.device ?? 'tunnel device';
  return DEVICE_LABELS[role];
}

function buildName(config: DatapathConfig): string {
  return config.ipv4 && config.ipv6
    ? 'a dual-stack build'
    : config.ipv6
      ? 'an IPv6-only build'
      : 'an IPv4-only build';
}

function callsMapName(kind: Extract<Action, { do: 'tail-call' }>['map'], maps: MapNames): string {
  switch (kind) {
    case 'lxc':
      return 'cilium_calls_<endpoint id>';
    case 'overlay':
      return maps.overlayCalls;
    case 'netdev':
      return maps.netdevCalls;
    case 'host':
      return maps.hostCalls;
    case 'policy':
      return maps.policy;
    case 'ipvlan':
      return 'cilium_lxc_ipve_<endpoint id>';
    case 'wireguard':
      return maps.wireguardCalls ?? 'cilium_calls_wireguard_<ifindex>';
  }
}

/** The tail calls and hand-offs of a program and of the tail programs it reaches, in order. */
function dispatchOf(
  id: ProgramId,
  config: DatapathConfig,
  version: CiliumVersion,
  seen = new Set<ProgramId>(),
): DispatchLink[] {
  if (seen.has(id)) return [];
  seen.add(id);
  const behaviour = behaviourOf(id, version);
  if (!behaviour) return [];
  const maps = mapNames(version);
  const defines = buildDefines(config, version);
  const links: DispatchLink[] = [];
  for (const action of behaviour.actions) {
    if (action.do === 'tail-call') {
      const target = namesOf(action.target, version);
      if (!target) continue;
      const real = action.condition === undefined || evalBuildCondition(action.condition, defines);
      links.push({
        map: callsMapName(action.map, maps),
        key: `${action.slot} (${action.value})`,
        target: { file: target.file, function: target.function, section: target.section },
        ...(action.condition
          ? {
              condition: `${action.condition}: ${real ? `a real tail call in ${buildName(config)}` : `a tail call only when it holds (e.g. dual-stack); inlined in ${buildName(config)}`}`,
            }
          : {}),
      });
      links.push(...dispatchOf(action.target, config, version, seen));
    } else if (action.do === 'exit') {
      const exit = action.exit;
      if (exit.kind === 'policy-tail') {
        const policy = namesOf('lxc/policy', version)!;
        if (!links.some((l) => l.map === maps.policy))
          links.push({
            map: maps.policy,
            key: 'destination endpoint id (when the destination is a local pod)',
            target: { file: policy.file, function: policy.function, section: policy.section, hook: 'policy' },
          });
      } else if (exit.kind === 'encap-redirect') {
        const tunnel = tunnelOf(config);
        const toOverlay = namesOf('overlay/to-overlay', version);
        if (tunnel)
          links.push({
            map: tunnel.device,
            key: `redirect (not a tail call) to ${tunnel.device}'s egress, with the remote node as tunnel endpoint`,
            target: toOverlay
              ? {
                  file: toOverlay.file,
                  function: toOverlay.function,
                  section: toOverlay.section,
                  hook: 'to-overlay',
                }
              : {
                  file: 'kernel',
                  function: `${tunnel.device} driver (no to-overlay program in ${version.label})`,
                },
          });
      }
    }
  }
  return links;
}

export function resolveHook(
  hook: string,
  mode: string = 'vxlan',
  versionText?: string,
  /** the active cilium-config keys (topology, setting): the answer is for that configuration */
  layers: readonly ConfigLayer[] = [],
): HookResolution {
  const version = versionOrDefault(versionText);
  if (!isHookName(hook)) {
    throw new DatapathError(
      `Unknown hook "${hook.slice(0, 40)}": use one of ${HOOK_NAMES.join(', ')}.`,
      'unknown-hook',
    );
  }
  const resolved = resolveCiliumConfig(mode, version, layers);
  const base = modeSpec(resolved.mode, version);
  const tunnel = tunnelOf(resolved.config);
  const spec: ModeSpec = {
    ...base,
    config: resolved.config,
    podLink: resolved.config.podLink,
    ...(tunnel ? { tunnel } : {}),
  };
  if (!tunnel) delete spec.tunnel;
  const program = programFor(hook, version);
  if (!program) {
    throw new DatapathError(`Cilium ${version.label} has no ${hook} program.`, 'unsupported-version');
  }
  const maps = mapNames(version);
  const ids = PROGRAM_NAMES.filter((p) => p.hook === hook).map((p) => p.id);
  // Attached in this configuration, or attachable on a device this configuration has (then said so).
  const attachments: Attachment[] = ATTACHMENTS.filter(
    (a) =>
      ids.includes(a.program) &&
      version.minor >= a.versions.from &&
      version.minor <= (a.versions.to ?? Infinity) &&
      (a.when(spec.config) || hasDevice(a.device, spec)),
  ).map((a) => ({
    deviceRole: a.device,
    device: deviceLabel(a.device, spec.config),
    direction: a.direction,
    attach: attachKindOf(a.device, spec.config, version.minor),
    condition: a.when(spec.config) ? a.condition : `not in this configuration: ${a.condition}`,
    ...(a.via ? { via: a.via } : {}),
  }));
  const notes: string[] = [];
  let reachedThrough: string | undefined;
  if (hook === 'policy' || hook === 'host-policy')
    reachedThrough = `${maps.policy}[${hook === 'policy' ? 'endpoint id' : 'host endpoint id'}]`;
  if (hook === 'policy-egress')
    reachedThrough = `${maps.egressPolicy ?? 'cilium_egresscall_policy'}[endpoint id]`;
  if (hook === 'from-container' && spec.podLink === 'ipvlan')
    notes.push(
      'IPVLAN has no host-side device: a stub on the pod eth0 tc egress tail-calls index 0 of the per-pod prog array, which holds from-container.',
    );
  if (hook === 'from-container' && spec.podLink === 'veth')
    notes.push("The pod's eth0 TX is the veth's RX, so the program runs on the host-side veth's tc ingress.");
  if (hook === 'from-container' && (spec.podLink === 'netkit' || spec.podLink === 'netkit-l2'))
    notes.push(
      "netkit: the program runs on the transmit of the pod's eth0 (the netkit peer, a netkit link), before the packet crosses to the host; the same bpf_lxc program and its tail calls run.",
    );
  if (spec.config.tcx && version.minor >= 16)
    notes.push('tc hooks are tcx links (enable-tcx, the default from v1.16).');
  if (spec.mode === 'ipvlan' && version.minor >= 11)
    notes.push('IPVLAN mode is deprecated since v1.11 and removed in v1.13.');
  if (attachments.length === 0 && !reachedThrough)
    notes.push(`${hook} is not attached in ${spec.label} mode.`);
  if (resolved.preset === 'custom')
    notes.push(`Configuration: ${describeConfig(resolved.config)} (custom; not the ${mode} preset).`);
  const entry = PROGRAM_NAMES.find((p) => p.hook === hook);
  return {
    hook,
    mode: spec.mode,
    preset: resolved.preset,
    ciliumVersion: version.label,
    program,
    attachments,
    ...(reachedThrough ? { reachedThrough } : {}),
    dispatch: entry ? dispatchOf(entry.id, spec.config, version) : [],
    notes,
  };
}

export function identifyProgram(
  file: string,
  sectionOrFunction: string,
  _version?: string,
): HookName | undefined {
  return identify(file, sectionOrFunction);
}

/**
 * One short line per mode for a CodeLens, e.g.
 * "VXLAN: lxc veth tc ingress · IPVLAN: pod eth0 tc egress via cilium_lxc_ipve[0]".
 * Modes the version lacks are left out; hooks without a device hook say how they are reached.
 */
export function attachmentSummary(
  hook: HookName,
  versionText?: string,
  modes: readonly DatapathMode[] = ['vxlan', 'ipvlan'],
): string {
  const version = versionOrDefault(versionText);
  const maps = mapNames(version);
  if (hook === 'policy' || hook === 'host-policy') {
    return `No device hook: reached by tail call through ${maps.policy}[${hook === 'policy' ? 'endpoint id' : 'host endpoint id'}]`;
  }
  if (hook === 'policy-egress')
    return `No device hook: reached through ${maps.egressPolicy ?? 'cilium_egresscall_policy'}[endpoint id]`;
  const ids = PROGRAM_NAMES.filter((p) => p.hook === hook).map((p) => p.id);
  const parts: string[] = [];
  for (const mode of modes) {
    const spec = MODES[mode];
    if (version.minor < spec.versions.from || version.minor > (spec.versions.to ?? Infinity)) continue;
    const places = ATTACHMENTS.filter(
      (a) =>
        ids.includes(a.program) &&
        version.minor >= a.versions.from &&
        version.minor <= (a.versions.to ?? Infinity) &&
        hasDevice(a.device, spec),
    ).map(
      (a) =>
        `${deviceLabel(a.device, spec.config)} tc ${a.direction}${a.device === 'pod-eth0' ? ' via cilium_lxc_ipve[0]' : ''}${a.when(spec.config) ? '' : ' (optional)'}`,
    );
    parts.push(`${spec.label}: ${places.length ? [...new Set(places)].join(', ') : 'not attached'}`);
  }
  return parts.join(' · ');
}

export function isDatapathMode(text: string): text is DatapathMode {
  return (DATAPATH_MODES as readonly string[]).includes(text);
}

export { parseCiliumVersion };
