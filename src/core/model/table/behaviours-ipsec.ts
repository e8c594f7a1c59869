/**
 * bpf_network.c (IPsec): from-network on the encrypt interface's tc ingress (v1.10–v1.12 here; the
 * releases this model traces with IPsec). It runs twice for one packet: for the ESP packet from the
 * wire, which do_decrypt marks MARK_MAGIC_DECRYPT and passes to the kernel's xfrm, and for the inner
 * packet xfrm decrypted and re-inserted on the same device, which do_decrypt sends to cilium_host.
 * Every row cites the release's line (lib/encrypt.h is inlined into from-network).
 */
import type { Behaviour } from './table-types';

export const BEHAVIOURS_IPSEC: readonly Behaviour[] = [
  {
    id: 'network/from-network',
    versions: { from: 10, to: 12 },
    cite: 'v1.10.0 bpf/bpf_network.c:15',
    actions: [
      {
        // ctx->mark = MARK_MAGIC_DECRYPT (:60), ctx_change_type(ctx, PACKET_HOST) (:66), return CTX_ACT_OK
        do: 'exit',
        when: 'ipsec-esp',
        exit: { kind: 'pass' },
        fn: 'do_decrypt',
        cite: 'v1.10.0 bpf/lib/encrypt.h:67',
      },
      {
        // the decrypted packet (mark MARK_MAGIC_DECRYPT): ctx->mark = 0, then to cilium_host's egress
        do: 'exit',
        when: 'ipsec-decrypted',
        exit: { kind: 'redirect-host-egress', via: 'redirect(CILIUM_IFINDEX, 0)' },
        fn: 'do_decrypt',
        cite: 'v1.10.0 bpf/lib/encrypt.h:73',
      },
      {
        // any other packet: `if (protocol != IPPROTO_ESP) return CTX_ACT_OK;`
        do: 'exit',
        when: 'otherwise',
        exit: { kind: 'pass' },
        fn: 'do_decrypt',
        cite: 'v1.10.0 bpf/lib/encrypt.h:57',
      },
    ],
    note: 'bpf_network.c: attached instead of bpf_host to the encrypt interface when IPsec is on; it does no policy and no lookups, only do_decrypt.',
  },
];
