/**
 * Reading what `bpftool net show` reports in the model's terms: which device role a Linux device
 * name plays, which program an attachment's name is in a release, and which attachments a
 * configuration and release expect (rendered from table/attachments.ts and table/program-names.ts).
 *
 * Attachment names by era:
 * - iproute2 (`tc filter add … bpf da obj bpf_lxc.o sec from-container`, init.sh and the Go loader up to
 *   v1.13) names the filter "<object>:[<section>]": `bpf_lxc.o:[from-container]`, `bpf_host.o:[to-host]`,
 *   `bpf_host_cilium_net.o:[to-host]`, `bpf_netdev_eth0.o:[from-netdev]`, `bpf_overlay.o:[from-overlay]`;
 * - the Go loader with netlink names a tc filter "<program>-<device>" (v1.16.0
 *   pkg/datapath/loader/tc.go:119): `cil_from_container-lxc0a1b2c3d4e5f`;
 * - tcx and netkit links show the program's own name, which the kernel keeps to 15 characters
 *   (BPF_OBJ_NAME_LEN 16): `cil_from_contai`, unless bpftool reads the full name from BTF.
 */
import type { DatapathConfig } from './config';
import { tunnelOf } from './config';
import type { TcDirection } from './model-types';
import { ATTACHMENTS, type AttachRow, type DeviceRole } from './table/attachments';
import { namesOf, PROGRAM_NAMES, type ResolvedNames } from './table/program-names';
import type { ProgramId } from './table/table-types';
import type { CiliumVersion } from './versions';

/**
 * The role a device plays in the model, from its name: `lxc…` (host-side veths, also `lxc_health`),
 * `cilium_host`, `cilium_net`, `cilium_vxlan`/`cilium_geneve`; other `cilium_*` devices (WireGuard's
 * `cilium_wg0`, `cilium_ipip4`) are not modelled; every other device is a native device.
 */
export function deviceRoleOf(device: string): DeviceRole | undefined {
  if (/^lxc/.test(device)) return 'lxc-veth';
  if (device === 'cilium_host') return 'cilium_host';
  if (device === 'cilium_net') return 'cilium_net';
  if (device === 'cilium_vxlan' || device === 'cilium_geneve') return 'tunnel';
  if (device.startsWith('cilium_')) return undefined;
  return 'native';
}

/** The tunnel device a configuration creates, if any. */
export function tunnelDeviceOf(config: DatapathConfig): string | undefined {
  return tunnelOf(config)?.device;
}

const inRelease = (row: AttachRow, version: CiliumVersion): boolean =>
  version.minor >= row.versions.from && version.minor <= (row.versions.to ?? Infinity);

export interface ExpectedAttachment {
  role: DeviceRole;
  direction: TcDirection;
  program: ResolvedNames;
  condition: string;
  cite: string;
  via?: string;
}

/** Every attachment the configuration and release expect (rows of the release whose condition holds). */
export function expectedAttachments(config: DatapathConfig, version: CiliumVersion): ExpectedAttachment[] {
  const out: ExpectedAttachment[] = [];
  for (const row of ATTACHMENTS) {
    if (!inRelease(row, version) || !row.when(config)) continue;
    const program = namesOf(row.program, version);
    if (!program) continue;
    out.push({
      role: row.device,
      direction: row.direction,
      program,
      condition: row.condition,
      cite: row.cite,
      ...(row.via ? { via: row.via } : {}),
    });
  }
  return out;
}

/** Whether the model places any program on a device role in a release (it has none for cilium_net). */
export function roleIsModelled(role: DeviceRole, version: CiliumVersion): boolean {
  return ATTACHMENTS.some((r) => r.device === role && inRelease(r, version));
}

/** The release's row for a program on a role and direction whose condition does not hold here. */
export function inactiveAttachment(
  id: ProgramId,
  role: DeviceRole,
  direction: TcDirection,
  config: DatapathConfig,
  version: CiliumVersion,
): { condition: string; cite: string } | undefined {
  const row = ATTACHMENTS.find(
    (r) =>
      r.program === id &&
      r.device === role &&
      r.direction === direction &&
      inRelease(r, version) &&
      !r.when(config),
  );
  return row ? { condition: row.condition, cite: row.cite } : undefined;
}

/** Source files an iproute2 object name can come from ("bpf_netdev_eth0" → bpf_host.c or bpf_netdev.c). */
function filesOfObject(object: string): string[] {
  if (object.startsWith('bpf_hostdev_ingress')) return ['bpf/bpf_hostdev_ingress.c'];
  if (object.startsWith('bpf_host') || object.startsWith('bpf_netdev'))
    return ['bpf/bpf_host.c', 'bpf/bpf_netdev.c'];
  if (object.startsWith('bpf_lxc')) return ['bpf/bpf_lxc.c'];
  if (object.startsWith('bpf_overlay')) return ['bpf/bpf_overlay.c'];
  if (object.startsWith('bpf_network')) return ['bpf/bpf_network.c'];
  return [];
}

/** The kernel keeps 15 characters of a program's name. */
const KERNEL_NAME_MAX = 15;

/**
 * The entry program an attachment's name denotes in a release, or undefined (not a program the model
 * describes: XDP, another tool's program; bpf_network.o's from-network is described for IPsec). Where a name fits several
 * programs (v1.4–v1.7 built bpf_netdev.c's from-netdev both for native devices and for cilium_host),
 * the one the model attaches on that device role and direction wins.
 */
export function identifyAttachedProgram(
  name: string,
  device: string,
  direction: TcDirection | undefined,
  version: CiliumVersion,
): ResolvedNames | undefined {
  const entries = PROGRAM_NAMES.filter(
    (p) => (p.hook && p.id !== 'ipvlan/stub') || p.id === 'network/from-network',
  )
    .map((p) => namesOf(p.id, version))
    .filter((n): n is ResolvedNames => !!n);
  let candidates: ResolvedNames[];
  const iproute = /^(.+)\.o:\[([^\]]+)\]$/.exec(name);
  if (iproute) {
    const files = filesOfObject(iproute[1]!.split('/').pop()!);
    candidates = entries.filter((n) => files.includes(n.file) && n.section === iproute[2]);
  } else {
    const fn = name.endsWith(`-${device}`) ? name.slice(0, -device.length - 1) : name;
    candidates = entries.filter(
      (n) => n.function === fn || (fn.length === KERNEL_NAME_MAX && n.function.startsWith(fn)),
    );
  }
  if (candidates.length <= 1) return candidates[0];
  const role = deviceRoleOf(device);
  return (
    candidates.find((c) =>
      ATTACHMENTS.some(
        (r) => r.program === c.id && r.device === role && r.direction === direction && inRelease(r, version),
      ),
    ) ?? candidates[0]
  );
}
