/**
 * `skb->mark` as the programs of the traced paths write it, per release: one row per write, citing the
 * line of that release that does it. The mark's bits 8–11 carry a magic (lib/common.h
 * `MARK_MAGIC_*`, matched under `MARK_MAGIC_HOST_MASK` 0x0F00), its upper 16 bits the identity
 * `set_identity_mark` pushes there (`(identity & 0xFFFF) << 16`: v1.10.0 bpf/lib/overloadable_skb.h:41,
 * v1.16.0 :89, main bpf/lib/identity.h:86). The tracer puts a row's write on the step that performs it
 * (`Step.mark`); the debugger's Variables show the mark at each stop (src/core/debug/variables.ts).
 *
 * Modelled: v1.10, v1.12, v1.16 and main, IPv4 (IPv6: the writes its traced paths share, and main's
 * bpf_lxc identity mark), without IPsec (whose key marks replace the identity
 * mark) and with the agent's default enable-identity-mark=true (v1.10.0 pkg/defaults/defaults.go:415,
 * v1.12.0 :439, v1.16.0 :517; main pkg/defaults/defaults.go:425; it writes ENABLE_IDENTITY_MARK,
 * v1.10.0 pkg/datapath/linux/config/config.go:512, and main's CONFIG(enable_identity_mark),
 * pkg/datapath/config/node.go:88). WireGuard's MARK_MAGIC_ENCRYPT (v1.10–v1.13) is the planner's
 * (table/wireguard.ts), put on the step by the same field.
 */
import type { CiliumVersion } from './versions';

/** The magic a write leaves in the mark's bits 8–11 ('cleared': the mark is set to 0). */
export type MarkMagic =
  | 'MARK_MAGIC_IDENTITY'
  | 'MARK_MAGIC_OVERLAY'
  | 'MARK_MAGIC_SNAT_DONE'
  | 'MARK_MAGIC_HOST'
  | 'MARK_MAGIC_ENCRYPT'
  | 'cleared';

/** What the upper 16 bits carry after the write. */
export type MarkCarries = 'source-identity' | 'tunnel-id' | 'kept' | 'nothing';

/** Where a write happens on a traced path. */
export type MarkSite =
  /** a step of a program: its kind and the C function the model names for it */
  | {
      kind: 'step';
      file: string;
      function: string;
      steps: readonly ('pass-to-stack' | 'redirect' | 'xmit' | 'nat' | 'tail-call')[];
    }
  /**
   * the program writes before anything the model lists for its hop (inherit_identity_from_host):
   * shown on the hop's first step
   */
  | { kind: 'program-entry'; file: string; function: string }
  /** a packet the host itself sends: the agent's iptables rule in CILIUM_OUTPUT marks it */
  | { kind: 'host-output' }
  /**
   * the VXLAN/Geneve driver's encapsulated packet: it leaves by the host's OUTPUT chain too
   * (ip_local_out), where the same rule marks it
   */
  | { kind: 'tunnel-output' };

export interface MarkWriteRow {
  /** the release's minor version (main = 99) */
  release: number;
  /** the IP family whose code path writes it (a write both families' paths share: 'any') */
  family: 4 | 6 | 'any';
  site: MarkSite;
  magic: MarkMagic;
  /** the magic's value (`#define MARK_MAGIC_… 0x…`); 0 for 'cleared' */
  magicValue: number;
  carries: MarkCarries;
  /** the line that writes the mark */
  cite: string;
  /** the `#define` of the magic (absent for 'cleared') */
  defineCite?: string;
  /** what the mark means to whoever reads it next */
  meaning: string;
}

const IDENTITY_MEANING =
  "the source identity travels in the mark: a program that sees the packet again on this node (from-host's inherit_identity_from_host, a hairpin back to a local endpoint) takes the identity from it instead of the ipcache";
const CLEARED_MEANING =
  "inherit_identity_from_host took the identity from the mark's magic (MARK_MAGIC_HOST → reserved:host, MARK_MAGIC_IDENTITY → the identity in it, none → world) and resets the mark so that it hits no routing rule again";
const HOST_MEANING =
  "the host's own packet: from-host's inherit_identity_from_host reads MARK_MAGIC_HOST as the identity reserved:host";
// v1.16.0 pkg/datapath/iptables/iptables.go:1444 matchOverlay: the rule skips MARK_MAGIC_OVERLAY
const TUNNEL_OUTPUT_MEANING =
  "the tunnel driver sends the encapsulated packet through the host's OUTPUT chain, whose CILIUM_OUTPUT rule marks it as the host's (--set-xmark 0x0C00/0x0F00); v1.16 and later exempt packets that carry MARK_MAGIC_OVERLAY";
const OVERLAY_MEANING =
  "the packet is tunnel traffic (the identity is the tunnel key's): to-netdev's ctx_is_overlay() leaves it alone (no SNAT of the encapsulated packet)";
const SNAT_MEANING =
  'the packet was SNATed by this to-netdev: ctx_snat_done() makes a second to-netdev (another native device) skip the NAT';

/** Exported for the mutation check. */
export const MARK_ROWS: readonly MarkWriteRow[] = [
  // ---- v1.10 ----
  // bpf_lxc's pass_to_stack: `ctx->mark |= MARK_MAGIC_IDENTITY; set_identity_mark(ctx, SECLABEL);`
  // under #ifdef ENABLE_IDENTITY_MARK (:880), in the `else` of WireGuard's dst_remote_ep (:866)
  {
    release: 10,
    family: 4,
    // IPVLAN's `return CTX_ACT_OK` is the same pass_to_stack return (an 'xmit' on the pod's device)
    site: {
      kind: 'step',
      file: 'bpf/bpf_lxc.c',
      function: 'tail_handle_ipv4',
      steps: ['pass-to-stack', 'xmit'],
    },
    magic: 'MARK_MAGIC_IDENTITY',
    magicValue: 0x0f00,
    carries: 'source-identity',
    cite: 'v1.10.0 bpf/bpf_lxc.c:886',
    defineCite: 'v1.10.0 bpf/lib/common.h:484',
    meaning: IDENTITY_MEANING,
  },
  {
    release: 10,
    family: 4,
    site: { kind: 'host-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'nothing',
    cite: 'v1.10.0 pkg/datapath/iptables/iptables.go:1125',
    defineCite: 'v1.10.0 bpf/lib/common.h:481',
    meaning: HOST_MEANING,
  },
  // the VXLAN/Geneve driver's output: `"-m", "mark", "!", "--mark", …` excludes only IPsec and proxy
  // marks here (the overlay exemption comes with v1.16's MARK_MAGIC_OVERLAY)
  {
    release: 10,
    // the outer header is the nodes' IPv4 whatever the inner family
    family: 'any',
    site: { kind: 'tunnel-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'kept',
    cite: 'v1.10.0 pkg/datapath/iptables/iptables.go:1125',
    defineCite: 'v1.10.0 bpf/lib/common.h:481',
    meaning: TUNNEL_OUTPUT_MEANING,
  },
  // inherit_identity_from_host (from-host, v1.10.0 bpf/bpf_host.c:836) ends with `ctx->mark = 0;`
  {
    release: 10,
    family: 4,
    site: { kind: 'program-entry', file: 'bpf/bpf_host.c', function: 'from_host' },
    magic: 'cleared',
    magicValue: 0,
    carries: 'nothing',
    cite: 'v1.10.0 bpf/lib/identity.h:63',
    meaning: CLEARED_MEANING,
  },
  // ---- v1.12 ----
  {
    release: 12,
    family: 4,
    site: {
      kind: 'step',
      file: 'bpf/bpf_lxc.c',
      function: 'tail_handle_ipv4_cont',
      steps: ['pass-to-stack', 'xmit'],
    },
    magic: 'MARK_MAGIC_IDENTITY',
    magicValue: 0x0f00,
    carries: 'source-identity',
    cite: 'v1.12.0 bpf/bpf_lxc.c:1141',
    defineCite: 'v1.12.0 bpf/lib/common.h:506',
    meaning: IDENTITY_MEANING,
  },
  {
    release: 12,
    family: 4,
    site: { kind: 'host-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'nothing',
    cite: 'v1.12.0 pkg/datapath/iptables/iptables.go:1256',
    defineCite: 'v1.12.0 bpf/lib/common.h:503',
    meaning: HOST_MEANING,
  },
  // the VXLAN/Geneve driver's output: `"-m", "mark", "!", "--mark", …` excludes only IPsec and proxy
  // marks here (the overlay exemption comes with v1.16's MARK_MAGIC_OVERLAY)
  {
    release: 12,
    // the outer header is the nodes' IPv4 whatever the inner family
    family: 'any',
    site: { kind: 'tunnel-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'kept',
    cite: 'v1.12.0 pkg/datapath/iptables/iptables.go:1256',
    defineCite: 'v1.12.0 bpf/lib/common.h:503',
    meaning: TUNNEL_OUTPUT_MEANING,
  },
  // from-host: v1.12.0 bpf/bpf_host.c:929 magic = inherit_identity_from_host(ctx, &identity)
  {
    release: 12,
    family: 4,
    site: { kind: 'program-entry', file: 'bpf/bpf_host.c', function: 'from_host' },
    magic: 'cleared',
    magicValue: 0,
    carries: 'nothing',
    cite: 'v1.12.0 bpf/lib/identity.h:126',
    meaning: CLEARED_MEANING,
  },
  // ---- v1.16 ----
  // pass_to_stack: set_identity_mark(ctx, SECLABEL_IPV4, MARK_MAGIC_IDENTITY) under ENABLE_IDENTITY_MARK;
  // the tunnel path's `goto pass_to_stack` (an address with no tunnel endpoint, :1230) reaches it too
  {
    release: 16,
    family: 4,
    site: {
      kind: 'step',
      file: 'bpf/bpf_lxc.c',
      function: 'tail_handle_ipv4_cont',
      steps: ['pass-to-stack'],
    },
    magic: 'MARK_MAGIC_IDENTITY',
    magicValue: 0x0f00,
    carries: 'source-identity',
    cite: 'v1.16.0 bpf/bpf_lxc.c:1299',
    defineCite: 'v1.16.0 bpf/lib/common.h:720',
    meaning: IDENTITY_MEANING,
  },
  // cil_to_overlay: the tunnel key's identity, unconditionally, before handle_nat_fwd
  {
    release: 16,
    family: 'any',
    site: { kind: 'step', file: 'bpf/bpf_overlay.c', function: 'cil_to_overlay', steps: ['xmit'] },
    magic: 'MARK_MAGIC_OVERLAY',
    magicValue: 0x0400,
    carries: 'tunnel-id',
    cite: 'v1.16.0 bpf/bpf_overlay.c:787',
    defineCite: 'v1.16.0 bpf/lib/common.h:723',
    meaning: OVERLAY_MEANING,
  },
  // nodeport_snat_fwd_ipv4 after snat_v4_nat: `if (is_defined(IS_BPF_HOST)) ctx_snat_done_set(ctx);`
  {
    release: 16,
    family: 4,
    site: { kind: 'step', file: 'bpf/bpf_host.c', function: 'handle_nat_fwd_ipv4', steps: ['nat'] },
    magic: 'MARK_MAGIC_SNAT_DONE',
    magicValue: 0x0300,
    carries: 'kept',
    cite: 'v1.16.0 bpf/lib/nodeport.h:1741',
    defineCite: 'v1.16.0 bpf/lib/common.h:722',
    meaning: SNAT_MEANING,
  },
  {
    release: 16,
    family: 4,
    site: { kind: 'host-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'nothing',
    cite: 'v1.16.0 pkg/datapath/iptables/iptables.go:1448',
    defineCite: 'v1.16.0 bpf/lib/common.h:713',
    meaning: HOST_MEANING,
  },
  // from-host: v1.16.0 bpf/bpf_host.c:1101 magic = inherit_identity_from_host(ctx, &identity)
  {
    release: 16,
    family: 4,
    site: { kind: 'program-entry', file: 'bpf/bpf_host.c', function: 'cil_from_host' },
    magic: 'cleared',
    magicValue: 0,
    carries: 'nothing',
    cite: 'v1.16.0 bpf/lib/identity.h:224',
    meaning: CLEARED_MEANING,
  },
  // ---- main ----
  // handle_ipv4_from_lxc: `if (CONFIG(enable_identity_mark)) set_identity_mark(…)` before any exit
  // ("Always encode the source identity when forwarding the packet"): the redirect to the tunnel, the
  // local delivery's tail call and the pass to the stack all leave with it
  {
    release: 99,
    family: 4,
    site: {
      kind: 'step',
      file: 'bpf/bpf_lxc.c',
      function: 'tail_handle_ipv4_cont',
      steps: ['pass-to-stack', 'redirect', 'tail-call'],
    },
    magic: 'MARK_MAGIC_IDENTITY',
    magicValue: 0x0f00,
    carries: 'source-identity',
    cite: 'main bpf/bpf_lxc.c:1215',
    defineCite: 'main bpf/lib/common.h:276',
    meaning: IDENTITY_MEANING,
  },
  // the same in handle_ipv6_from_lxc: set_identity_mark(ctx, SECLABEL_IPV6, MARK_MAGIC_IDENTITY)
  {
    release: 99,
    family: 6,
    site: {
      kind: 'step',
      file: 'bpf/bpf_lxc.c',
      function: 'tail_handle_ipv6_cont',
      steps: ['pass-to-stack', 'redirect', 'tail-call'],
    },
    magic: 'MARK_MAGIC_IDENTITY',
    magicValue: 0x0f00,
    carries: 'source-identity',
    cite: 'main bpf/bpf_lxc.c:727',
    defineCite: 'main bpf/lib/common.h:276',
    meaning: IDENTITY_MEANING,
  },
  {
    release: 99,
    family: 'any',
    site: { kind: 'step', file: 'bpf/bpf_overlay.c', function: 'cil_to_overlay', steps: ['xmit'] },
    magic: 'MARK_MAGIC_OVERLAY',
    magicValue: 0x0400,
    carries: 'tunnel-id',
    cite: 'main bpf/bpf_overlay.c:651',
    defineCite: 'main bpf/lib/common.h:279',
    meaning: OVERLAY_MEANING,
  },
  {
    release: 99,
    family: 4,
    site: { kind: 'step', file: 'bpf/bpf_host.c', function: 'handle_nat_fwd_ipv4', steps: ['nat'] },
    magic: 'MARK_MAGIC_SNAT_DONE',
    magicValue: 0x0300,
    carries: 'kept',
    cite: 'main bpf/lib/nodeport_egress.h:420',
    defineCite: 'main bpf/lib/common.h:278',
    meaning: SNAT_MEANING,
  },
  {
    release: 99,
    family: 4,
    site: { kind: 'host-output' },
    magic: 'MARK_MAGIC_HOST',
    magicValue: 0x0c00,
    carries: 'nothing',
    cite: 'main pkg/datapath/iptables/iptables.go:1754',
    defineCite: 'main bpf/lib/common.h:271',
    meaning: HOST_MEANING,
  },
  // from-host: main bpf/bpf_host.c:1387 magic = inherit_identity_from_host(ctx, &identity)
  {
    release: 99,
    family: 4,
    site: { kind: 'program-entry', file: 'bpf/bpf_host.c', function: 'cil_from_host' },
    magic: 'cleared',
    magicValue: 0,
    carries: 'nothing',
    cite: 'main bpf/lib/identity.h:286',
    meaning: CLEARED_MEANING,
  },
];

/** The releases whose mark writes are modelled (minor, main = 99). */
export const MARK_RELEASES: readonly number[] = [10, 12, 16, 99];

/** Is skb->mark modelled for this release (and configuration)? */
export function marksModelled(version: CiliumVersion, encryption: string): boolean {
  return MARK_RELEASES.includes(version.minor) && encryption !== 'ipsec';
}

/** What the tracer knows about a step when it asks for the mark write there. */
export interface MarkQuery {
  /** the program's file of the hop, e.g. "bpf/bpf_lxc.c" */
  file?: string;
  /** the hop's program function (for 'program-entry') */
  programFunction?: string;
  /** the step's kind and C function */
  stepType: string;
  stepFunction?: string;
  /** the first step of its hop */
  firstOfHop: boolean;
  /** the hop is the host stack sending its own packet (a trace from a node) */
  hostOutput: boolean;
  /** the step is the VXLAN/Geneve driver's encapsulation */
  tunnelEncap: boolean;
  /** the traced packet's IP family */
  family: 4 | 6;
}

/** The row whose write a step performs, or undefined. */
export function markWriteAt(version: CiliumVersion, q: MarkQuery): MarkWriteRow | undefined {
  for (const row of MARK_ROWS) {
    if (row.release !== version.minor || (row.family !== 'any' && row.family !== q.family)) continue;
    const site = row.site;
    switch (site.kind) {
      case 'step':
        if (
          q.file === site.file &&
          q.stepFunction === site.function &&
          (site.steps as readonly string[]).includes(q.stepType)
        )
          return row;
        break;
      case 'program-entry':
        if (q.firstOfHop && q.file === site.file && q.programFunction === site.function) return row;
        break;
      case 'host-output':
        if (q.hostOutput && q.firstOfHop) return row;
        break;
      case 'tunnel-output':
        if (q.tunnelEncap) return row;
        break;
    }
  }
  return undefined;
}

/**
 * The mark's value after a write: the magic, and the identity in the upper 16 bits where it fits;
 * a write that keeps the other bits (ctx_snat_done_set: `mark &= ~MARK_MAGIC_HOST_MASK; mark |= magic`)
 * applies to the mark before it (`before`, 0 when unknown).
 */
export function markValue(
  row: Pick<MarkWriteRow, 'magicValue' | 'carries'>,
  identity?: number,
  before = 0,
): string {
  const hex = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
  if (row.carries === 'source-identity' || row.carries === 'tunnel-id') {
    if (identity === undefined || identity > 0xffff) return `identity << 16 | ${hex(row.magicValue)}`;
    return hex(((identity << 16) | row.magicValue) >>> 0);
  }
  if (row.carries === 'kept') return hex(((before & ~0x0f00) | row.magicValue) >>> 0);
  return hex(row.magicValue);
}
