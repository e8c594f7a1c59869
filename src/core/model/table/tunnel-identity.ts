/**
 * The identity a tunnel carries in its VNI. From v1.7, `__encap_with_nodeid` sends a packet of the
 * local host (HOST_ID) as LOCAL_NODE_ID (6, = REMOTE_NODE_ID): the receiver sees a remote node
 * (v1.7.0 bpf/lib/encap.h:135; v1.10.0 bpf/lib/encap.h:127; v1.12.0 bpf/lib/encap.h:132;
 * v1.16.0 bpf/lib/encap.h:39; main bpf/lib/encap.h:24; LOCAL_NODE_ID 6 in v1.10.0 bpf/node_config.h:29).
 */
import type { CiliumVersion } from '../versions';
import type { Cite } from './table-types';

const HOST_ID = 1;
const LOCAL_NODE_ID = 6;

const HOST_AS_NODE: ReadonlyArray<{ since: number; cite: Cite }> = [
  { since: 7, cite: 'v1.7.0 bpf/lib/encap.h:135' },
  { since: 8, cite: 'v1.8.0 bpf/lib/encap.h:125' },
  { since: 10, cite: 'v1.10.0 bpf/lib/encap.h:127' },
  { since: 12, cite: 'v1.12.0 bpf/lib/encap.h:132' },
  { since: 16, cite: 'v1.16.0 bpf/lib/encap.h:39' },
  { since: 20, cite: 'main bpf/lib/encap.h:24' },
];

export function tunnelIdentity(identity: number, version: CiliumVersion): { vni: number; cite?: Cite } {
  if (identity !== HOST_ID) return { vni: identity };
  const row = [...HOST_AS_NODE].reverse().find((r) => version.minor >= r.since);
  return row ? { vni: LOCAL_NODE_ID, cite: row.cite } : { vni: identity };
}
