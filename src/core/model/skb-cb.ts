/**
 * The skb's control buffer as each release uses it: the five `cb[]` words of lib/common.h's
 * `enum { CB_SRC_LABEL, … }` ("ctx_{load,store}_meta() usage"), and what a local delivery stores in
 * them before it tail-calls the destination endpoint's policy program (ipv4_local_delivery /
 * l3_local_delivery: the source identity, the endpoint's ifindex, where the packet came from). The
 * debugger's Variables show these words at each stop (src/core/debug/variables.ts).
 */
import type { CiliumVersion } from './versions';

/** What a stored word holds, for the debugger to fill in from the trace. */
export type CbValue =
  'source-identity' | 'endpoint-ifindex' | 'from-host' | 'from-tunnel' | 'cluster-id' | { literal: string };

export interface CbStore {
  /** the name the source stores under (an alias of one of the five words) */
  name: string;
  /** the word: cb[slot] */
  slot: number;
  value: CbValue;
}

export interface CbLayout {
  /** the five words' own names, cb[0] … cb[4] */
  slots: readonly string[];
  /** the release's enum */
  cite: string;
  /** what the local delivery stores before tail-calling the policy program, and where */
  policyHandoff: { stores: readonly CbStore[]; cite: string };
}

const V1_4_SLOTS = ['CB_SRC_LABEL', 'CB_IFINDEX', 'CB_POLICY', 'CB_NAT46_STATE', 'CB_CT_STATE'];
const V1_12_SLOTS = ['CB_SRC_LABEL', 'CB_IFINDEX', 'CB_POLICY', 'CB_NAT', 'CB_CT_STATE'];
const V1_15_SLOTS = ['CB_SRC_LABEL', 'CB_IFINDEX', 'CB_POLICY', 'CB_3', 'CB_CT_STATE'];
const V1_17_SLOTS = ['CB_SRC_LABEL', 'CB_1', 'CB_2', 'CB_3', 'CB_CT_STATE'];

const SRC: CbStore = { name: 'CB_SRC_LABEL', slot: 0, value: 'source-identity' };
const IFINDEX: CbStore = { name: 'CB_IFINDEX', slot: 1, value: 'endpoint-ifindex' };
// CB_FROM_HOST is an alias of the fourth word (v1.8.0 bpf/lib/common.h:477 → CB_NAT46_STATE,
// v1.12.0 :610 → CB_NAT, v1.16.0 :838 → CB_3, main :354 → CB_3)
const FROM_HOST: CbStore = { name: 'CB_FROM_HOST', slot: 3, value: 'from-host' };
// CB_FROM_TUNNEL → CB_CT_STATE, CB_CLUSTER_ID_INGRESS → CB_POLICY / CB_2 (v1.14.0 bpf/lib/common.h:801,
// :782; v1.17.0 :875, :859; main :362, :350)
const FROM_TUNNEL: CbStore = { name: 'CB_FROM_TUNNEL', slot: 4, value: 'from-tunnel' };
const CLUSTER: CbStore = { name: 'CB_CLUSTER_ID_INGRESS', slot: 2, value: 'cluster-id' };

/** One row per release: `since` is the minor version (main = 99). Exported for the mutation check. */
export const CB_ROWS: ReadonlyArray<{
  since: number;
  slots: readonly string[];
  enumCite: string;
  stores: readonly CbStore[];
  storeCite: string;
}> = [
  // v1.4.0 bpf/lib/l3.h:91 `skb->cb[CB_SRC_LABEL] = seclabel; skb->cb[CB_IFINDEX] = ep->ifindex;`
  {
    since: 4,
    slots: V1_4_SLOTS,
    enumCite: 'v1.4.0 bpf/lib/common.h:338',
    stores: [SRC, IFINDEX],
    storeCite: 'v1.4.0 bpf/lib/l3.h:91',
  },
  {
    since: 5,
    slots: V1_4_SLOTS,
    enumCite: 'v1.5.0 bpf/lib/common.h:399',
    stores: [SRC, IFINDEX],
    storeCite: 'v1.5.0 bpf/lib/l3.h:91',
  },
  {
    since: 6,
    slots: V1_4_SLOTS,
    enumCite: 'v1.6.0 bpf/lib/common.h:434',
    stores: [SRC, IFINDEX],
    storeCite: 'v1.6.0 bpf/lib/l3.h:103',
  },
  {
    since: 7,
    slots: V1_4_SLOTS,
    enumCite: 'v1.7.0 bpf/lib/common.h:489',
    stores: [SRC, IFINDEX],
    storeCite: 'v1.7.0 bpf/lib/l3.h:103',
  },
  // v1.8.0 bpf/lib/l3.h:92-94 adds ctx_store_meta(ctx, CB_FROM_HOST, from_host ? 1 : 0)
  {
    since: 8,
    slots: V1_4_SLOTS,
    enumCite: 'v1.8.0 bpf/lib/common.h:463',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.8.0 bpf/lib/l3.h:92',
  },
  {
    since: 9,
    slots: V1_4_SLOTS,
    enumCite: 'v1.9.0 bpf/lib/common.h:500',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.9.0 bpf/lib/l3.h:93',
  },
  {
    since: 10,
    slots: V1_4_SLOTS,
    enumCite: 'v1.10.0 bpf/lib/common.h:567',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.10.0 bpf/lib/l3.h:99',
  },
  {
    since: 11,
    slots: V1_4_SLOTS,
    enumCite: 'v1.11.0 bpf/lib/common.h:577',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.11.0 bpf/lib/l3.h:99',
  },
  {
    since: 12,
    slots: V1_12_SLOTS,
    enumCite: 'v1.12.0 bpf/lib/common.h:592',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.12.0 bpf/lib/l3.h:99',
  },
  {
    since: 13,
    slots: V1_12_SLOTS,
    enumCite: 'v1.13.0 bpf/lib/common.h:687',
    stores: [SRC, IFINDEX, FROM_HOST],
    storeCite: 'v1.13.0 bpf/lib/l3.h:122',
  },
  // v1.14.0 bpf/lib/l3.h:115-119 adds CB_FROM_TUNNEL and CB_CLUSTER_ID_INGRESS
  {
    since: 14,
    slots: V1_12_SLOTS,
    enumCite: 'v1.14.0 bpf/lib/common.h:763',
    stores: [SRC, IFINDEX, FROM_HOST, FROM_TUNNEL, CLUSTER],
    storeCite: 'v1.14.0 bpf/lib/l3.h:115',
  },
  {
    since: 15,
    slots: V1_15_SLOTS,
    enumCite: 'v1.15.0 bpf/lib/common.h:796',
    stores: [SRC, IFINDEX, FROM_HOST, FROM_TUNNEL, CLUSTER],
    storeCite: 'v1.15.0 bpf/lib/l3.h:120',
  },
  {
    since: 16,
    slots: V1_15_SLOTS,
    enumCite: 'v1.16.0 bpf/lib/common.h:813',
    stores: [SRC, IFINDEX, FROM_HOST, FROM_TUNNEL, CLUSTER],
    storeCite: 'v1.16.0 bpf/lib/l3.h:111',
  },
  // v1.17.0 bpf/lib/l3.h:106 ctx_store_meta(ctx, CB_DELIVERY_REDIRECT, 1) in the word CB_IFINDEX was (CB_1, :847)
  {
    since: 17,
    slots: V1_17_SLOTS,
    enumCite: 'v1.17.0 bpf/lib/common.h:838',
    stores: [
      SRC,
      { name: 'CB_DELIVERY_REDIRECT', slot: 1, value: { literal: '1' } },
      FROM_HOST,
      FROM_TUNNEL,
      CLUSTER,
    ],
    storeCite: 'v1.17.0 bpf/lib/l3.h:105',
  },
  // v1.18.0 bpf/lib/local_delivery.h:102 `delivery_redirect ? 1 : 0`
  {
    since: 18,
    slots: V1_17_SLOTS,
    enumCite: 'v1.18.0 bpf/lib/common.h:650',
    stores: [
      SRC,
      { name: 'CB_DELIVERY_REDIRECT', slot: 1, value: { literal: 'delivery_redirect ? 1 : 0' } },
      FROM_HOST,
      FROM_TUNNEL,
      CLUSTER,
    ],
    storeCite: 'v1.18.0 bpf/lib/local_delivery.h:101',
  },
  {
    since: 19,
    slots: V1_17_SLOTS,
    enumCite: 'v1.19.0 bpf/lib/common.h:329',
    stores: [
      SRC,
      { name: 'CB_DELIVERY_REDIRECT', slot: 1, value: { literal: 'delivery_redirect ? 1 : 0' } },
      FROM_HOST,
      FROM_TUNNEL,
      CLUSTER,
    ],
    storeCite: 'v1.19.0 bpf/lib/local_delivery.h:110',
  },
  // main bpf/lib/local_delivery.h:135 ctx_store_meta(ctx, CB_DELIVERY_FLAGS, delivery_flags) (CB_1, common.h:337)
  {
    since: 99,
    slots: V1_17_SLOTS,
    enumCite: 'main bpf/lib/common.h:327',
    stores: [
      SRC,
      { name: 'CB_DELIVERY_FLAGS', slot: 1, value: { literal: 'delivery_flags' } },
      FROM_HOST,
      FROM_TUNNEL,
      CLUSTER,
    ],
    storeCite: 'main bpf/lib/local_delivery.h:134',
  },
];

export function cbLayout(version: CiliumVersion): CbLayout {
  let row = CB_ROWS[0]!;
  for (const r of CB_ROWS) if (r.since <= version.minor) row = r;
  return { slots: row.slots, cite: row.enumCite, policyHandoff: { stores: row.stores, cite: row.storeCite } };
}

/** Is `map` the policy prog array a local delivery tail-calls (cilium_call_policy)? */
export function isPolicyProgArray(map: string): boolean {
  return /call_policy/.test(map);
}

/** The tunnel devices Cilium creates (a program on one runs on decapsulated packets: from_tunnel). */
export function isTunnelDevice(device: string): boolean {
  return device === 'cilium_vxlan' || device === 'cilium_geneve';
}
