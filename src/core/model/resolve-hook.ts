/** Where a hook runs and what it hands packets to, per mode and version — read from the model tables. */
import {
  DATAPATH_MODES,
  DatapathError,
  type DatapathMode,
  type DispatchLink,
  type HookName,
  type HookResolution,
} from './model-types';
import { attachmentsIn, deviceLabel, ipv4Slot, mapNames, modeSpec, MODES, policyIpv4Slot } from './modes';
import { identifyProgram as identify, isHookName, programFor, HOOK_NAMES } from './programs';
import { parseCiliumVersion, versionOrDefault, type CiliumVersion } from './versions';

export { HOOK_NAMES, isHookName };

function policyLink(version: CiliumVersion): DispatchLink {
  const target = programFor('policy', version)!;
  return {
    map: mapNames(version).policy,
    key: 'destination endpoint id (when the destination is a local pod)',
    target,
  };
}

function dispatchOf(hook: HookName, mode: DatapathMode, version: CiliumVersion): DispatchLink[] {
  const maps = mapNames(version);
  const file = programFor(hook, version)?.file ?? '';
  switch (hook) {
    case 'from-container': {
      const slot = ipv4Slot(version, 'lxc');
      const links: DispatchLink[] = [
        {
          map: maps.lxcCalls(0).replace('_0', '_<endpoint id>'),
          key: `${slot.id} (${slot.value})`,
          target: { file, function: slot.fn },
          condition:
            version.minor < 12
              ? 'a real tail call only in dual-stack (IPv4+IPv6) builds; inlined otherwise'
              : undefined,
        },
        policyLink(version),
      ];
      if (MODES[mode].tunnel) {
        links.push({
          map: MODES[mode].tunnel.device,
          key: 'redirect (not a tail call) with the remote node as tunnel endpoint',
          target: {
            file: 'bpf/bpf_overlay.c',
            function: programFor('from-overlay', version)!.function,
            hook: 'from-overlay',
          },
        });
      }
      return links;
    }
    case 'from-overlay': {
      const slot = ipv4Slot(version, 'overlay');
      return [
        { map: maps.overlayCalls, key: `${slot.id} (${slot.value})`, target: { file, function: slot.fn } },
        policyLink(version),
      ];
    }
    case 'from-netdev':
    case 'from-host': {
      const slot = ipv4Slot(version, 'netdev');
      return [
        {
          map: hook === 'from-host' ? maps.hostCalls : maps.netdevCalls,
          key: `${slot.id} (${slot.value})`,
          target: { file, function: slot.fn },
        },
        policyLink(version),
      ];
    }
    case 'policy': {
      const slot = policyIpv4Slot(version);
      return [
        {
          map: maps.lxcCalls(0).replace('_0', '_<endpoint id>'),
          key: `${slot.id} (${slot.value})`,
          target: { file, function: slot.fn },
          condition: 'a real tail call only in dual-stack builds; inlined otherwise',
        },
      ];
    }
    case 'host-policy':
      return [policyLink(version)];
    case 'to-container':
    case 'to-overlay':
    case 'to-netdev':
    case 'to-host':
    case 'policy-egress':
      return [];
  }
}

export function resolveHook(hook: string, mode: string = 'vxlan', versionText?: string): HookResolution {
  const version = versionOrDefault(versionText);
  if (!isHookName(hook)) {
    throw new DatapathError(`Unknown hook "${hook}": use one of ${HOOK_NAMES.join(', ')}.`, 'unknown-hook');
  }
  const spec = modeSpec(mode, version);
  const program = programFor(hook, version);
  if (!program) {
    throw new DatapathError(`Cilium ${version.label} has no ${hook} program.`, 'unsupported-version');
  }
  const maps = mapNames(version);
  const attachments = attachmentsIn(spec, version)
    .filter((a) => a.hook === hook)
    .map((a) => ({
      deviceRole: a.deviceRole,
      device: deviceLabel(a.deviceRole, spec),
      direction: a.direction,
      condition: a.condition,
      ...(a.deviceRole === 'pod-eth0'
        ? { via: `${maps.ipvlanEntry(0).replace(/_0$/, '_<endpoint id>')}[0]` }
        : {}),
    }));
  const notes: string[] = [];
  let reachedThrough: string | undefined;
  if (hook === 'policy' || hook === 'host-policy')
    reachedThrough = `${maps.policy}[${hook === 'policy' ? 'endpoint id' : 'host endpoint id'}]`;
  if (hook === 'policy-egress')
    reachedThrough = `${maps.egressPolicy ?? 'cilium_egresscall_policy'}[endpoint id]`;
  if (hook === 'from-container' && spec.podLink === 'ipvlan') {
    notes.push(
      'IPVLAN has no host-side device: a stub on the pod eth0 tc egress tail-calls index 0 of the per-pod prog array, which holds from-container.',
    );
  }
  if (hook === 'from-container' && spec.podLink === 'veth') {
    notes.push("The pod's eth0 TX is the veth's RX, so the program runs on the host-side veth's tc ingress.");
  }
  if (spec.mode === 'ipvlan' && version.minor >= 11)
    notes.push('IPVLAN mode is deprecated since v1.11 and removed in v1.13.');
  if (attachments.length === 0 && !reachedThrough)
    notes.push(`${hook} is not attached in ${spec.label} mode.`);
  return {
    hook,
    mode: spec.mode,
    ciliumVersion: version.label,
    program,
    attachments,
    ...(reachedThrough ? { reachedThrough } : {}),
    dispatch: dispatchOf(hook, spec.mode, version),
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
  const parts: string[] = [];
  for (const mode of modes) {
    let spec;
    try {
      spec = modeSpec(mode, version);
    } catch {
      continue;
    }
    const places = attachmentsIn(spec, version)
      .filter((a) => a.hook === hook)
      .map(
        (a) =>
          `${deviceLabel(a.deviceRole, spec)} tc ${a.direction}${a.deviceRole === 'pod-eth0' ? ' via cilium_lxc_ipve[0]' : ''}${a.active ? '' : ' (optional)'}`,
      );
    parts.push(`${spec.label}: ${places.length ? places.join(', ') : 'not attached'}`);
  }
  return parts.join(' · ');
}

export function isDatapathMode(text: string): text is DatapathMode {
  return (DATAPATH_MODES as readonly string[]).includes(text);
}

export { parseCiliumVersion };
