/**
 * Cilium's drop reasons as each release defines them (bpf/lib/common.h until v1.17,
 * bpf/lib/drop_reasons.h from v1.18) and as `cilium-dbg monitor` prints them (pkg/monitor/api/drop.go).
 */
import type { CiliumVersion } from '../versions';
import type { Cite } from './table-types';

export interface DropReason {
  name: string;
  /** the value the datapath returns (negative) */
  code: number;
  /** how the monitor prints it */
  text: string;
  since: number;
  until?: number;
  /** where the first release of the range defines it */
  cite: Cite;
}

export const DROP_REASONS: readonly DropReason[] = [
  // The monitor printed "Policy denied (L3)" until v1.6 (v1.6.0 pkg/monitor/api/drop.go:39).
  {
    name: 'DROP_POLICY',
    code: -133,
    text: 'Policy denied (L3)',
    since: 4,
    until: 6,
    cite: 'v1.4.0 bpf/lib/common.h:251',
  },
  { name: 'DROP_POLICY', code: -133, text: 'Policy denied', since: 7, cite: 'v1.7.0 bpf/lib/common.h:300' },
  {
    name: 'DROP_MISSED_TAIL_CALL',
    code: -140,
    text: 'Missed tail call',
    since: 4,
    cite: 'v1.4.0 bpf/lib/common.h:258',
  },
  {
    name: 'DROP_NO_TUNNEL_KEY',
    code: -147,
    text: 'Error retrieving tunnel key',
    since: 4,
    cite: 'v1.4.0 bpf/lib/common.h:265',
  },
  {
    name: 'DROP_NON_LOCAL',
    code: -151,
    text: 'Not a local target address',
    since: 4,
    until: 5,
    cite: 'v1.4.0 bpf/lib/common.h:269',
  },
  {
    name: 'DROP_UNROUTABLE',
    code: -151,
    text: 'Stale or unroutable IP',
    since: 6,
    cite: 'v1.6.0 bpf/lib/common.h:294',
  },
  {
    name: 'DROP_NO_TUNNEL_ENDPOINT',
    code: -160,
    text: 'No tunnel/encapsulation endpoint (datapath BUG!)',
    since: 4,
    cite: 'v1.4.0 bpf/lib/common.h:278',
  },
  {
    name: 'DROP_INVALID_IDENTITY',
    code: -171,
    text: 'Invalid identity',
    since: 6,
    cite: 'v1.6.0 bpf/lib/common.h:314',
  },
  {
    name: 'DROP_POLICY_DENY',
    code: -181,
    text: 'Policy denied by denylist',
    since: 9,
    cite: 'v1.9.0 bpf/lib/common.h:383',
  },
  {
    name: 'DROP_EP_NOT_READY',
    code: -203,
    text: 'Endpoint policy program not available',
    since: 16,
    cite: 'v1.16.0 bpf/lib/common.h:655',
  },
];

export function dropReason(name: string, version: CiliumVersion): DropReason | undefined {
  return DROP_REASONS.find(
    (r) => r.name === name && version.minor >= r.since && version.minor <= (r.until ?? Infinity),
  );
}
