/**
 * `bpftool net show` against the model: for each device, which program is attached at each tc hook,
 * and whether the configuration and release expect it there — agree, missing, unexpected, or
 * not-modelled (a device or program the model does not describe). Each program carries its source
 * (file, section, function in that release) and each expectation the attachment row's cite.
 */
import {
  deviceRoleOf,
  expectedAttachments,
  identifyAttachedProgram,
  inactiveAttachment,
  roleIsModelled,
  tunnelDeviceOf,
  type ExpectedAttachment,
} from '../model/attached-programs';
import type { DatapathConfig } from '../model/config';
import type { HookName, TcDirection } from '../model/model-types';
import type { DeviceRole } from '../model/table/attachments';
import type { ResolvedNames } from '../model/table/program-names';
import type { CiliumVersion } from '../model/versions';
import type { NetAttachment, NetListing } from './bpftool-net';

export type FindingStatus = 'agree' | 'missing' | 'unexpected' | 'not-modelled';

export interface ProgramRef {
  hook?: HookName;
  file: string;
  section: string;
  function: string;
}

export interface AttachmentFinding {
  status: FindingStatus;
  device: string;
  ifindex?: number;
  role?: DeviceRole;
  /** "clsact/ingress", "tcx/egress"…, or for a missing program the tc direction */
  hook: string;
  direction?: TcDirection;
  /** what bpftool lists (absent for a missing program) */
  attached?: { name?: string; progId?: number; line?: number };
  /** the program the attached name denotes in this release */
  program?: ProgramRef;
  /** the program the model expects at this hook (when it differs or is missing) */
  expected?: ProgramRef;
  condition?: string;
  cite?: string;
  note: string;
}

export interface VerifyResult {
  ciliumVersion: string;
  config: DatapathConfig;
  findings: AttachmentFinding[];
  counts: Record<FindingStatus, number>;
}

const ref = (n: ResolvedNames): ProgramRef => ({
  ...(n.hook ? { hook: n.hook } : {}),
  file: n.file,
  section: n.section,
  function: n.function,
});
const show = (p: ProgramRef): string => `${p.file} ${p.function}()${p.hook ? ` (${p.hook})` : ''}`;

function directionOf(kind: string): TcDirection | undefined {
  if (/\/ingress$/.test(kind)) return 'ingress';
  if (/\/egress$/.test(kind)) return 'egress';
  return undefined;
}

function judge(
  a: NetAttachment,
  config: DatapathConfig,
  version: CiliumVersion,
  expected: readonly ExpectedAttachment[],
): AttachmentFinding {
  const direction = directionOf(a.kind);
  const role = deviceRoleOf(a.device);
  const base = {
    device: a.device,
    ifindex: a.ifindex,
    ...(role ? { role } : {}),
    hook: a.kind,
    ...(direction ? { direction } : {}),
    attached: {
      ...(a.name ? { name: a.name } : {}),
      ...(a.progId !== undefined ? { progId: a.progId } : {}),
      ...(a.line ? { line: a.line } : {}),
    },
  };
  if (a.section !== 'tc' || !direction || a.kind.startsWith('netkit/'))
    return {
      ...base,
      status: 'not-modelled',
      note: `${a.section === 'xdp' ? 'XDP' : a.kind} attachments are not in the model (it models tc ingress/egress only)`,
    };
  const names = a.name ? identifyAttachedProgram(a.name, a.device, direction, version) : undefined;
  if (!role || !roleIsModelled(role, version))
    return {
      ...base,
      ...(names ? { program: ref(names) } : {}),
      status: 'not-modelled',
      note: role
        ? `the model places no program on ${a.device} in ${version.label}`
        : `the model has no device like ${a.device}`,
    };
  if (!names)
    return {
      ...base,
      status: 'not-modelled',
      note: `${a.name ?? 'an unnamed program'} is not a program the model describes for ${version.label}`,
    };
  const program = ref(names);
  const tunnel = tunnelDeviceOf(config);
  if (role === 'tunnel' && a.device !== tunnel)
    return {
      ...base,
      program,
      status: 'unexpected',
      note: `${a.device} is not a device of this configuration (${tunnel ? `its tunnel device is ${tunnel}` : 'native routing has no tunnel device'})`,
    };
  const exp = expected.find((e) => e.role === role && e.direction === direction);
  if (exp && exp.program.id === names.id)
    return {
      ...base,
      program,
      status: 'agree',
      condition: exp.condition,
      cite: exp.cite,
      note: `${show(program)} as expected`,
    };
  if (exp)
    return {
      ...base,
      program,
      expected: ref(exp.program),
      status: 'unexpected',
      condition: exp.condition,
      cite: exp.cite,
      note: `the model attaches ${show(ref(exp.program))} here, not ${show(program)}`,
    };
  const inactive = inactiveAttachment(names.id, role, direction, config, version);
  if (inactive)
    return {
      ...base,
      program,
      status: 'unexpected',
      condition: inactive.condition,
      cite: inactive.cite,
      note: `the model attaches ${show(program)} on ${a.device} ${direction} only when: ${inactive.condition}`,
    };
  return {
    ...base,
    program,
    status: 'unexpected',
    note: `the model never attaches ${show(program)} on a ${role} device's tc ${direction} in ${version.label}`,
  };
}

/** Devices of a role the listing shows; for singletons (cilium_host, the tunnel), the expected name. */
function devicesFor(role: DeviceRole, listed: ReadonlyMap<string, number>, config: DatapathConfig): string[] {
  switch (role) {
    case 'cilium_host':
    case 'cilium_net':
      return [role];
    case 'tunnel': {
      const t = tunnelDeviceOf(config);
      return t ? [t] : [];
    }
    case 'lxc-veth':
    case 'native': {
      const found = [...listed.keys()].filter((d) => deviceRoleOf(d) === role);
      return found.length ? found : [role === 'native' ? '(a native device)' : '(an lxc device)'];
    }
    case 'pod-eth0':
    case 'netkit-peer':
      return []; // inside the pod's network namespace: not in the host's bpftool listing
    case 'wireguard':
      return []; // cilium_wg0 is not compared: deviceRoleOf leaves it unmodelled (cil_to_wireguard is not in the table)
    case 'netkit-primary': {
      // the host side of a netkit pair keeps the lxc name
      const found = [...listed.keys()].filter((d) => deviceRoleOf(d) === 'lxc-veth');
      return found.length ? found : ['(an lxc device)'];
    }
  }
}

export function verifyAttachments(
  listing: NetListing,
  config: DatapathConfig,
  version: CiliumVersion,
): VerifyResult {
  const expected = expectedAttachments(config, version);
  const findings = listing.attachments.map((a) => judge(a, config, version, expected));
  const listed = new Map<string, number>();
  for (const a of listing.attachments) listed.set(a.device, a.ifindex);
  for (const exp of expected) {
    for (const device of devicesFor(exp.role, listed, config)) {
      const present = findings.some(
        (f) => f.device === device && f.direction === exp.direction && f.status === 'agree',
      );
      if (present) continue;
      const ifindex = listed.get(device);
      findings.push({
        status: 'missing',
        device,
        ...(ifindex !== undefined ? { ifindex } : {}),
        role: exp.role,
        hook: `tc ${exp.direction}`,
        direction: exp.direction,
        expected: ref(exp.program),
        condition: exp.condition,
        cite: exp.cite,
        note: `${show(ref(exp.program))} should be attached on ${device} tc ${exp.direction} (${exp.condition})${ifindex === undefined ? `; ${device} has no program in the listing` : ''}`,
      });
    }
  }
  findings.sort(
    (a, b) =>
      (a.ifindex ?? Infinity) - (b.ifindex ?? Infinity) ||
      a.device.localeCompare(b.device) ||
      (a.direction ?? '').localeCompare(b.direction ?? ''),
  );
  const counts: Record<FindingStatus, number> = { agree: 0, missing: 0, unexpected: 0, 'not-modelled': 0 };
  for (const f of findings) counts[f.status]++;
  return { ciliumVersion: version.label, config, findings, counts };
}
