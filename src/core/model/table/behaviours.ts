/** The behaviour table: all eras, and the lookup the planner, the resolver and the tests share. */
import type { CiliumVersion } from '../versions';
import { BEHAVIOURS_DISPATCH } from './behaviours-dispatch';
import { BEHAVIOURS_IPV6 } from './behaviours-ipv6';
import { BEHAVIOURS_IPV6_HOST } from './behaviours-ipv6-host';
import { BEHAVIOURS_V1_10_V1_11 } from './behaviours-v1.10-v1.11';
import { BEHAVIOURS_V1_12_V1_16 } from './behaviours-v1.12-v1.16';
import { BEHAVIOURS_V1_17_MAIN } from './behaviours-v1.17-main';
import { BEHAVIOURS_V1_4_V1_9 } from './behaviours-v1.4-v1.9';
import { BEHAVIOURS_WIREGUARD } from './behaviours-wireguard';
import { BEHAVIOURS_IPSEC } from './behaviours-ipsec';
import type { Behaviour, ProgramId } from './table-types';

export const BEHAVIOURS: readonly Behaviour[] = [
  ...BEHAVIOURS_V1_4_V1_9,
  ...BEHAVIOURS_V1_10_V1_11,
  ...BEHAVIOURS_V1_12_V1_16,
  ...BEHAVIOURS_V1_17_MAIN,
  ...BEHAVIOURS_DISPATCH,
  ...BEHAVIOURS_IPV6,
  ...BEHAVIOURS_IPV6_HOST,
  ...BEHAVIOURS_WIREGUARD,
  ...BEHAVIOURS_IPSEC,
];

/**
 * What a program does in a release to a packet of the family (default IPv4), or undefined when the
 * table has no row for it.
 */
export function behaviourOf(id: ProgramId, version: CiliumVersion, family: 4 | 6 = 4): Behaviour | undefined {
  return BEHAVIOURS.find(
    (b) =>
      b.id === id &&
      (b.family ?? 4) === family &&
      version.minor >= b.versions.from &&
      version.minor <= (b.versions.to ?? Infinity),
  );
}

/** The releases whose table has an IPv6 path (an IPv6 row for from-container), as minor numbers. */
export function ipv6Releases(): number[] {
  return BEHAVIOURS.filter((b) => b.family === 6 && b.id === 'lxc/from-container').map(
    (b) => b.versions.from,
  );
}
