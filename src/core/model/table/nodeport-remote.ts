/**
 * BPF NodePort (kube-proxy replacement) beyond a local backend, per release (data only): what
 * nodeport_lb4 does when the backend it picked runs on another node (SNAT, or DSR with bpf-lb-mode=dsr),
 * what the backend's node does with a DSR packet, and how replies are translated back: the reverse
 * SNAT and reverse DNAT at the node the client reached (remote backend, SNAT), the reverse DNAT of a
 * local backend's reply (bpf_lxc's tail call into the NodePort rev-NAT program), and the DSR reply that
 * leaves the backend's node with the frontend as its source.
 *
 * Rows exist for the releases checked line by line: v1.10, v1.12, v1.16 and main. Other releases are
 * refused with a clear error (`nodePortRemoteOf` returns undefined).
 */
import type { DatapathConfig } from '../config';
import { DatapathError } from '../model-types';
import type { CiliumVersion } from '../versions';
import type { Cite, ProgramId } from './table-types';

export interface TailCallRow {
  slot: string;
  value: number;
  /** the tail program's function */
  target: string;
  /** the tail call site */
  cite: Cite;
}

export interface NodePortRemoteRow {
  /** exact minor (99 = main) */
  minor: number;
  /** SNAT (bpf-lb-mode=snat): nodeport_lb4 → NAT tail program, source rewritten to the node, forwarded */
  snat: {
    tail: TailCallRow;
    /** the SNAT call in the tail program (snat_v4_process / __snat_v4_nat) */
    natFn: string;
    natCite: Cite;
    /** tunnel mode: the SNAT address is IPV4_GATEWAY (the router, cilium_host's address) */
    tunnelAddrCite: Cite;
    /** the identity the tunnel header carries for the request: the host's (sent as a remote node's) or world */
    tunnelIdentity: 'host' | 'world';
    tunnelIdentityCite: Cite;
    /** the redirect to the native device after the FIB lookup, and to the tunnel device */
    redirectCite: Cite;
    tunnelRedirectCite: Cite;
  };
  /** DSR (bpf-lb-mode=dsr, dispatch "opt"): the client address is kept, the frontend travels in an IPv4 option */
  dsr: {
    tail: TailCallRow;
    /** dsr_set_opt4 in tail_nodeport_ipv4_dsr, then the FIB redirect */
    optionCite: Cite;
    redirectCite: Cite;
    /** where the backend's node reads the option and records the frontend for the reply */
    backend: { program: ProgramId; fn: string; cite: Cite };
    /** where the reply's source becomes the frontend again, on the backend's node */
    reply: { program: ProgramId; fn: string; cite: Cite };
  };
  /** what the agent does with bpf-lb-mode=dsr in tunnel mode */
  dsrTunnel: {
    outcome: 'fallback-snat' | 'refuse';
    reason: string;
    cite: Cite;
    /** a Geneve tunnel: refused unless DSR is dispatched in Geneve (bpf-lb-dsr-dispatch=geneve, not modelled) */
    geneve?: { reason: string; cite: Cite };
  };
  /** the reply of a remote-backend (SNAT) flow at the node the client reached */
  replyAtEntry: {
    natTail: TailCallRow;
    revSnatFn: string;
    revSnatCite: Cite;
    revNatTail: TailCallRow;
  };
  /** the reverse DNAT (lb4_rev_nat in the NodePort rev-NAT program) and its redirect to the native device */
  revDnat: { fn: string; cite: Cite; redirectCite: Cite };
  /** a local backend's reply: bpf_lxc's CT_REPLY with node_port set tail-calls the rev-NAT program */
  localReplyTail: TailCallRow;
}

const t = (slot: string, value: number, target: string, cite: Cite): TailCallRow => ({
  slot,
  value,
  target,
  cite,
});

const ROWS: readonly NodePortRemoteRow[] = [
  {
    minor: 10,
    snat: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT',
        15,
        'tail_nodeport_nat_ipv4',
        'v1.10.0 bpf/lib/nodeport.h:1903',
      ),
      natFn: 'snat_v4_process',
      natCite: 'v1.10.0 bpf/lib/nodeport.h:1649',
      tunnelAddrCite: 'v1.10.0 bpf/lib/nodeport.h:1631',
      tunnelIdentity: 'host',
      tunnelIdentityCite: 'v1.10.0 bpf/lib/nodeport.h:1627',
      redirectCite: 'v1.10.0 bpf/lib/nodeport.h:1731',
      tunnelRedirectCite: 'v1.10.0 bpf/lib/nodeport.h:1731',
    },
    dsr: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_DSR',
        20,
        'tail_nodeport_ipv4_dsr',
        'v1.10.0 bpf/lib/nodeport.h:1900',
      ),
      optionCite: 'v1.10.0 bpf/lib/nodeport.h:1524',
      redirectCite: 'v1.10.0 bpf/lib/nodeport.h:1588',
      backend: { program: 'lxc/ipv4-policy', fn: 'handle_dsr_v4', cite: 'v1.10.0 bpf/bpf_lxc.c:1417' },
      reply: { program: 'lxc/ipv4-from-lxc', fn: 'xlate_dsr_v4', cite: 'v1.10.0 bpf/bpf_lxc.c:714' },
    },
    dsrTunnel: {
      outcome: 'fallback-snat',
      reason: `Disabling NodePort's "dsr" mode feature due to tunneling mode being enabled`,
      cite: 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:300',
    },
    replyAtEntry: {
      natTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT',
        15,
        'tail_nodeport_nat_ipv4',
        'v1.10.0 bpf/lib/nodeport.h:1811',
      ),
      revSnatFn: 'snat_v4_process',
      revSnatCite: 'v1.10.0 bpf/lib/nodeport.h:1649',
      revNatTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
        17,
        'tail_rev_nodeport_lb4',
        'v1.10.0 bpf/lib/nodeport.h:1670',
      ),
    },
    revDnat: {
      fn: 'lb4_rev_nat',
      cite: 'v1.10.0 bpf/lib/nodeport.h:1948',
      redirectCite: 'v1.10.0 bpf/lib/nodeport.h:2058',
    },
    localReplyTail: t(
      'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
      17,
      'tail_rev_nodeport_lb4',
      'v1.10.0 bpf/bpf_lxc.c:709',
    ),
  },
  {
    minor: 12,
    snat: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT',
        15,
        'tail_nodeport_nat_ipv4',
        'v1.12.0 bpf/lib/nodeport.h:1935',
      ),
      natFn: 'snat_v4_process',
      natCite: 'v1.12.0 bpf/lib/nodeport.h:1696',
      tunnelAddrCite: 'v1.12.0 bpf/lib/nodeport.h:1678',
      tunnelIdentity: 'world',
      tunnelIdentityCite: 'v1.12.0 bpf/lib/nodeport.h:1671',
      redirectCite: 'v1.12.0 bpf/lib/nodeport.h:1762',
      tunnelRedirectCite: 'v1.12.0 bpf/lib/nodeport.h:1762',
    },
    dsr: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_DSR',
        20,
        'tail_nodeport_ipv4_dsr',
        'v1.12.0 bpf/lib/nodeport.h:1932',
      ),
      optionCite: 'v1.12.0 bpf/lib/nodeport.h:1576',
      redirectCite: 'v1.12.0 bpf/lib/nodeport.h:1618',
      backend: { program: 'lxc/ipv4-policy', fn: 'handle_dsr_v4', cite: 'v1.12.0 bpf/bpf_lxc.c:1810' },
      reply: { program: 'lxc/ipv4-from-lxc', fn: 'xlate_dsr_v4', cite: 'v1.12.0 bpf/bpf_lxc.c:898' },
    },
    dsrTunnel: {
      outcome: 'fallback-snat',
      reason: `Disabling NodePort's "dsr" mode feature due to tunneling mode being enabled`,
      cite: 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:338',
    },
    replyAtEntry: {
      natTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT',
        15,
        'tail_nodeport_nat_ipv4',
        'v1.12.0 bpf/lib/nodeport.h:1865',
      ),
      revSnatFn: 'snat_v4_process',
      revSnatCite: 'v1.12.0 bpf/lib/nodeport.h:1696',
      revNatTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
        17,
        'tail_rev_nodeport_lb4',
        'v1.12.0 bpf/lib/nodeport.h:1723',
      ),
    },
    revDnat: {
      fn: 'lb4_rev_nat',
      cite: 'v1.12.0 bpf/lib/nodeport.h:2015',
      redirectCite: 'v1.12.0 bpf/lib/nodeport.h:2161',
    },
    localReplyTail: t(
      'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
      17,
      'tail_rev_nodeport_lb4',
      'v1.12.0 bpf/bpf_lxc.c:912',
    ),
  },
  {
    minor: 16,
    snat: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT_EGRESS',
        15,
        'tail_nodeport_nat_egress_ipv4',
        'v1.16.0 bpf/lib/nodeport.h:2949',
      ),
      natFn: '__snat_v4_nat',
      natCite: 'v1.16.0 bpf/lib/nodeport.h:2726',
      tunnelAddrCite: 'v1.16.0 bpf/lib/nodeport.h:2700',
      tunnelIdentity: 'world',
      tunnelIdentityCite: 'v1.16.0 bpf/lib/nodeport.h:2883',
      redirectCite: 'v1.16.0 bpf/lib/nodeport.h:2789',
      tunnelRedirectCite: 'v1.16.0 bpf/lib/nodeport.h:2777',
    },
    dsr: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_DSR',
        20,
        'tail_nodeport_ipv4_dsr',
        'v1.16.0 bpf/lib/nodeport.h:2944',
      ),
      optionCite: 'v1.16.0 bpf/lib/nodeport.h:2267',
      redirectCite: 'v1.16.0 bpf/lib/nodeport.h:2291',
      backend: {
        program: 'host/netdev-ipv4',
        fn: 'nodeport_extract_dsr_v4',
        cite: 'v1.16.0 bpf/lib/nodeport.h:3012',
      },
      reply: { program: 'host/to-netdev', fn: '__lb4_rev_nat', cite: 'v1.16.0 bpf/lib/nodeport.h:3123' },
    },
    dsrTunnel: {
      outcome: 'refuse',
      reason: 'Node Port "dsr" mode cannot be used with vxlan tunneling.',
      cite: 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:177',
      geneve: {
        reason: 'Tunnel routing with Node Port "dsr" mode requires geneve dispatch.',
        cite: 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:182',
      },
    },
    replyAtEntry: {
      natTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT_INGRESS',
        36,
        'tail_nodeport_nat_ingress_ipv4',
        'v1.16.0 bpf/lib/nodeport.h:3062',
      ),
      revSnatFn: 'snat_v4_rev_nat',
      revSnatCite: 'v1.16.0 bpf/lib/nodeport.h:2575',
      revNatTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
        17,
        'tail_nodeport_rev_dnat_ingress_ipv4',
        'v1.16.0 bpf/lib/nodeport.h:2624',
      ),
    },
    revDnat: {
      fn: 'lb4_rev_nat',
      cite: 'v1.16.0 bpf/lib/nodeport.h:2460',
      redirectCite: 'v1.16.0 bpf/lib/nodeport.h:2516',
    },
    localReplyTail: t(
      'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
      17,
      'tail_nodeport_rev_dnat_ingress_ipv4',
      'v1.16.0 bpf/bpf_lxc.c:1036',
    ),
  },
  {
    minor: 99,
    snat: {
      tail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT_EGRESS',
        15,
        'tail_nodeport_nat_egress_ipv4',
        'main bpf/lib/nodeport.h:2915',
      ),
      natFn: '__snat_v4_nat',
      natCite: 'main bpf/lib/nodeport.h:2639',
      tunnelAddrCite: 'main bpf/lib/nodeport.h:2598',
      tunnelIdentity: 'world',
      tunnelIdentityCite: 'main bpf/lib/nodeport.h:2854',
      redirectCite: 'main bpf/lib/nodeport.h:2687',
      tunnelRedirectCite: 'main bpf/lib/nodeport.h:2675',
    },
    dsr: {
      tail: t('CILIUM_CALL_IPV4_NODEPORT_DSR', 21, 'tail_nodeport_ipv4_dsr', 'main bpf/lib/nodeport.h:2910'),
      optionCite: 'main bpf/lib/nodeport.h:2116',
      redirectCite: 'main bpf/lib/nodeport.h:2137',
      backend: {
        program: 'host/netdev-ipv4',
        fn: 'nodeport_extract_dsr_v4',
        cite: 'main bpf/lib/nodeport.h:2981',
      },
      reply: { program: 'host/to-netdev', fn: '__lb4_rev_nat', cite: 'main bpf/lib/nodeport_egress.h:523' },
    },
    dsrTunnel: {
      outcome: 'refuse',
      reason: 'Node Port "dsr" mode cannot be used with vxlan tunneling.',
      cite: 'main pkg/kpr/initializer/kube_proxy_replacement.go:133',
      geneve: {
        reason: 'Tunnel routing with Node Port "dsr" mode requires "geneve" dispatch.',
        cite: 'main pkg/kpr/initializer/kube_proxy_replacement.go:144',
      },
    },
    replyAtEntry: {
      natTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_NAT_INGRESS',
        36,
        'tail_nodeport_nat_ingress_ipv4',
        'main bpf/lib/nodeport.h:3022',
      ),
      revSnatFn: 'snat_v4_rev_nat',
      revSnatCite: 'main bpf/lib/nodeport.h:2476',
      revNatTail: t(
        'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
        17,
        'tail_nodeport_rev_dnat_ipv4',
        'main bpf/lib/nodeport.h:2525',
      ),
    },
    revDnat: {
      fn: 'lb4_rev_nat',
      cite: 'main bpf/lib/nodeport.h:2330',
      redirectCite: 'main bpf/lib/nodeport.h:2418',
    },
    localReplyTail: t(
      'CILIUM_CALL_IPV4_NODEPORT_REVNAT',
      17,
      'tail_nodeport_rev_dnat_ipv4',
      'main bpf/bpf_lxc.c:1646',
    ),
  },
];

/** The rows a release has, by exact minor; the rows are checked against their trees (check-model-cites). */
export const NODEPORT_REMOTE: readonly NodePortRemoteRow[] = ROWS;

export function nodePortRemoteOf(version: CiliumVersion): NodePortRemoteRow | undefined {
  return ROWS.find((r) => r.minor === version.minor);
}

/** The releases with a row, for error messages. */
export const NODEPORT_REMOTE_RELEASES = 'v1.10, v1.12, v1.16 and main';

/** How a NodePort request reaches a backend on another node in this configuration. */
export function remoteNodePortMode(
  config: DatapathConfig,
  row: NodePortRemoteRow,
): { mode: 'snat' | 'dsr'; note?: string; refused?: string } {
  if (config.lbMode !== 'dsr') return { mode: 'snat' };
  if (config.transport === 'native') return { mode: 'dsr' };
  const why = config.transport === 'geneve' && row.dsrTunnel.geneve ? row.dsrTunnel.geneve : row.dsrTunnel;
  const line = `"${why.reason}" (${why.cite})`;
  return row.dsrTunnel.outcome === 'fallback-snat'
    ? { mode: 'snat', note: `bpf-lb-mode=dsr with a tunnel: the agent falls back to SNAT, ${line}.` }
    : {
        mode: 'dsr',
        refused: `bpf-lb-mode=dsr with a ${config.transport} tunnel: the agent refuses to start, ${line}.`,
      };
}

/**
 * How a NodePort request reached its backend, for its reply: translated by BPF (kube-proxy
 * replacement) or kube-proxy's iptables; delivered on the node it entered, SNATed to that node, or
 * sent by DSR. Throws what the forward trace would (a release without rows, a refused configuration).
 */
export function nodePortRequestPath(
  config: DatapathConfig,
  version: CiliumVersion,
  local: boolean,
): { by: 'bpf' | 'iptables'; path: 'local' | 'snat' | 'dsr'; note?: string } {
  if (!config.kubeProxyReplacement) return { by: 'iptables', path: local ? 'local' : 'snat' };
  if (local) return { by: 'bpf', path: 'local' };
  const row = nodePortRemoteOf(version);
  if (!row)
    throw new DatapathError(
      `A BPF NodePort with a backend on another node is modelled for ${NODEPORT_REMOTE_RELEASES}; Cilium ${version.label} is not. Choose a local backend with --backend, or another release.`,
      'unsupported-service',
    );
  const how = remoteNodePortMode(config, row);
  if (how.refused) throw new DatapathError(how.refused, 'invalid-config');
  return { by: 'bpf', path: how.mode, ...(how.note ? { note: how.note } : {}) };
}
