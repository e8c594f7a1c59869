/**
 * The numbers drop notifications carry for their source file, per release: the datapath encodes
 * `__FILE_NAME__` with `__source_file_name_to_id` (bpf/source_names_to_ids.h in v1.13–v1.15,
 * bpf/lib/source_info.h from v1.16). Only v1.13's monitor printed the number itself (`file 2:1167`,
 * v1.13.0 pkg/monitor/datapath_drop.go:52); later monitors print the name, or `unknown(N)` /
 * `<unknown-id-N>` for a number they do not know. Before v1.12 drops carried no file.
 */
import type { CiliumVersion } from '../versions';

export interface SourceFileIds {
  since: number;
  until?: number;
  /** the header of the first release of the range, at its first `_strcase_` */
  cite: string;
  /** id → file name as the header spells it ("bpf_lxc.c", "nodeport.h" — a header under bpf/lib/) */
  ids: Readonly<Record<number, string>>;
}

const PROGRAMS_V13 = { 1: 'bpf_host.c', 2: 'bpf_lxc.c', 3: 'bpf_overlay.c', 4: 'bpf_xdp.c' };
const PROGRAMS_V16 = { ...PROGRAMS_V13, 5: 'bpf_sock.c', 6: 'bpf_network.c', 7: 'bpf_wireguard.c' };
const HEADERS_V16 = {
  101: 'arp.h',
  102: 'drop.h',
  103: 'srv6.h',
  104: 'icmp6.h',
  105: 'nodeport.h',
  106: 'lb.h',
  107: 'mcast.h',
  108: 'ipv4.h',
  109: 'conntrack.h',
  110: 'l3.h',
  111: 'trace.h',
  112: 'encap.h',
  113: 'encrypt.h',
};
const HEADERS_V19 = {
  101: 'drop.h',
  102: 'srv6.h',
  103: 'icmp6.h',
  104: 'nodeport.h',
  105: 'lb.h',
  106: 'mcast.h',
  107: 'ipv4.h',
  108: 'conntrack.h',
  109: 'local_delivery.h',
  110: 'trace.h',
  111: 'encap.h',
  112: 'host_firewall.h',
  113: 'nodeport_egress.h',
  114: 'ipv6.h',
  115: 'classifiers.h',
};

export const SOURCE_FILE_IDS: readonly SourceFileIds[] = [
  {
    since: 13,
    until: 14,
    cite: 'v1.13.0 bpf/source_names_to_ids.h:23',
    ids: {
      ...PROGRAMS_V13,
      101: 'arp.h',
      102: 'drop.h',
      103: 'egress_policies.h',
      104: 'icmp6.h',
      105: 'nodeport.h',
    },
  },
  {
    since: 15,
    until: 15,
    cite: 'v1.15.0 bpf/source_names_to_ids.h:23',
    ids: {
      ...PROGRAMS_V13,
      101: 'arp.h',
      102: 'drop.h',
      103: 'srv6.h',
      104: 'icmp6.h',
      105: 'nodeport.h',
      106: 'lb.h',
    },
  },
  {
    since: 16,
    until: 16,
    cite: 'v1.16.0 bpf/lib/source_info.h:36',
    ids: { ...PROGRAMS_V16, ...HEADERS_V16 },
  },
  {
    since: 17,
    until: 17,
    cite: 'v1.17.0 bpf/lib/source_info.h:36',
    ids: { ...PROGRAMS_V16, ...HEADERS_V16, 114: 'host_firewall.h', 115: 'nodeport_egress.h' },
  },
  {
    since: 18,
    until: 18,
    cite: 'v1.18.0 bpf/lib/source_info.h:36',
    ids: {
      ...PROGRAMS_V16,
      ...HEADERS_V16,
      110: 'local_delivery.h',
      114: 'host_firewall.h',
      115: 'nodeport_egress.h',
      116: 'ipv6.h',
      117: 'classifiers.h',
    },
  },
  {
    since: 19,
    until: 19,
    cite: 'v1.19.0 bpf/lib/source_info.h:36',
    ids: { ...PROGRAMS_V16, ...HEADERS_V19 },
  },
  // main: id 6 (bpf_network.c) retired ("available"), main bpf/lib/source_info.h:41
  {
    since: 20,
    cite: 'main bpf/lib/source_info.h:36',
    ids: {
      1: 'bpf_host.c',
      2: 'bpf_lxc.c',
      3: 'bpf_overlay.c',
      4: 'bpf_xdp.c',
      5: 'bpf_sock.c',
      7: 'bpf_wireguard.c',
      ...HEADERS_V19,
    },
  },
];

/** The file a release's drop notification means by `id`, or undefined (no ids in that release, or unknown). */
export function sourceFileById(id: number, version: CiliumVersion): string | undefined {
  const row = SOURCE_FILE_IDS.find((r) => version.minor >= r.since && version.minor <= (r.until ?? Infinity));
  return row?.ids[id];
}

/** The only release whose monitor printed the number itself. */
export const NUMERIC_FILE_ID_RELEASE = 'v1.13';
