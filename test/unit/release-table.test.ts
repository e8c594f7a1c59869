/**
 * THE PER-RELEASE TABLE TEST.
 *
 * One row per release × mode × path on the bundled default topology: the programs the packet runs
 * (hop.program.function, in hop order) and every tail call ([keyName, key, target.function, inlined]).
 * The rows were derived from the Cilium source (/work/trees/<tag>/bpf and the Go loader of the tag),
 * NOT from the tracer. Build traced: IPv4 only (ENABLE_IPV6 and DEBUG undefined), ENABLE_PER_PACKET_LB
 * defined, legacy host routing, no kube-proxy replacement, so no NodePort, host firewall or bandwidth
 * manager, and no --devices (v1.8–v1.15 attach from-netdev only to configured/required devices;
 * v1.16+ attach cil_from_netdev to every selected device).
 *
 * Conventions the rows follow:
 * - A call whose build condition is false in this build (e.g. __and(ENABLE_IPV4, ENABLE_IPV6)) is listed
 *   with inlined = true; its target runs inside the same hop, so it adds no program to the sequence.
 * - A real tail call adds its target as the next program.
 * - bpf_host's host-firewall CONT tails (CILIUM_CALL_IPV4_CONT_FROM_{HOST,NETDEV}) are invoke_tailcall_if
 *   sites in v1.14–v1.18 (FUNC = tail_handle_ipv4_cont_from_*); v1.19+ writes `if (use_tailcall)
 *   tail_call_internal(…CONT_FROM_*…) else tail_handle_ipv4_cont(…)`. A tail-call step's target is the
 *   program the slot holds, so v1.19+ rows also name tail_handle_ipv4_cont_from_{netdev,host} (v1.19.0
 *   bpf/bpf_host.c:912/895), though the inline build calls tail_handle_ipv4_cont directly (:953).
 * - Cites are "<tag> <file>:<line> (slot → slot)"; a bare ":<line>" is in the file named before it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace, type Hop } from '../../src/core';

type Mode = 'vxlan' | 'geneve' | 'native' | 'ipvlan';
type Path = 'cross' | 'same';
/** [keyName, key, target.function, inlined] */
type TailCall = [string, number, string, boolean];
type Row = [release: string, mode: Mode, path: Path, programs: string[], tailCalls: TailCall[]];

// pod0 (node0, ep 1021) → pod3 (node1, ep 3044) is 'cross'; pod0 → pod1 (node0, ep 1533) is 'same'.
const ROWS: Row[] = [
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); to-overlay: none (no to-overlay section in bpf/bpf_overlay.c); bpf/bpf_overlay.c:232 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'vxlan',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); to-overlay: none (no to-overlay section in bpf/bpf_overlay.c); bpf/bpf_overlay.c:232 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'geneve',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); cilium_host: bpf/init.sh:437 (bpf_host.o on cilium_host egress), bpf/bpf_netdev.c:592 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'native',
    'cross',
    ['handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 bpf/bpf_lxc.c:782 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 pkg/endpoint/connector/ipvlan.go:51 (stub → cilium_lxc_ipve_1021[0]); v1.4.0 bpf/bpf_lxc.c:782 (7 inline); node1 master: bpf/init.sh:391,402 (bpf_netdev.o on the master), bpf/bpf_netdev.c:592 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.4.0 pkg/endpoint/connector/ipvlan.go:51 (stub → cilium_lxc_ipve_1021[0]); v1.4.0 bpf/bpf_lxc.c:782 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1130 (11 inline)
  [
    'v1.4',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); to-overlay: none (no to-overlay section in bpf/bpf_overlay.c); bpf/bpf_overlay.c:243 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'vxlan',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); to-overlay: none (no to-overlay section in bpf/bpf_overlay.c); bpf/bpf_overlay.c:243 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'geneve',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); cilium_host: bpf/init.sh:460, bpf/bpf_netdev.c:618 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'native',
    'cross',
    ['handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 bpf/bpf_lxc.c:699 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 pkg/endpoint/connector/ipvlan.go:51 (stub → cilium_lxc_ipve_01021[0]); v1.5.0 bpf/bpf_lxc.c:699 (7 inline); node1 master: bpf/init.sh:406,422, bpf/bpf_netdev.c:618 (7); bpf/lib/l3.h:134 (→ handle_policy[3044]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.5.0 pkg/endpoint/connector/ipvlan.go:51 (stub → cilium_lxc_ipve_01021[0]); v1.5.0 bpf/bpf_lxc.c:699 (7 inline); bpf/lib/l3.h:134 (→ handle_policy[1533]), bpf/bpf_lxc.c:1054 (11 inline)
  [
    'v1.5',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); to-overlay: bpf/init.sh:505-508 (to-overlay only with NodePort); bpf/bpf_overlay.c:298 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'vxlan',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); to-overlay: bpf/init.sh:505-508 (to-overlay only with NodePort); bpf/bpf_overlay.c:298 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'geneve',
    'cross',
    ['handle_xgress', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); cilium_host: bpf/init.sh:608, bpf/bpf_netdev.c:648 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'native',
    'cross',
    ['handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 bpf/bpf_lxc.c:718 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 pkg/endpoint/connector/ipvlan.go:50 (stub → cilium_lxc_ipve_01021[0]); v1.6.0 bpf/bpf_lxc.c:718 (7 inline); node1 master: bpf/init.sh:516,531, bpf/bpf_netdev.c:648 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.6.0 pkg/endpoint/connector/ipvlan.go:50 (stub → cilium_lxc_ipve_01021[0]); v1.6.0 bpf/bpf_lxc.c:718 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1201 (11 inline)
  [
    'v1.6',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); to-overlay: bpf/init.sh:524; bpf/bpf_overlay.c:306 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'vxlan',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); to-overlay: bpf/init.sh:524; bpf/bpf_overlay.c:306 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'geneve',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); cilium_host: bpf/init.sh:629, bpf/bpf_netdev.c:670 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'native',
    'cross',
    ['handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 bpf/bpf_lxc.c:765 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 pkg/endpoint/connector/ipvlan.go:50 (stub → cilium_lxc_ipve_01021[0]); v1.7.0 bpf/bpf_lxc.c:765 (7 inline); node1 master: bpf/init.sh:531,545, bpf/bpf_netdev.c:670 (7); bpf/lib/l3.h:141 (→ handle_policy[3044]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.7.0 pkg/endpoint/connector/ipvlan.go:50 (stub → cilium_lxc_ipve_01021[0]); v1.7.0 bpf/bpf_lxc.c:765 (7 inline); bpf/lib/l3.h:141 (→ handle_policy[1533]), bpf/bpf_lxc.c:1224 (11 inline)
  [
    'v1.7',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); to-overlay: bpf/init.sh:537; bpf/bpf_overlay.c:293 (7); bpf/lib/l3.h:136 (→ handle_policy[3044]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'vxlan',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); bpf/lib/l3.h:136 (→ handle_policy[1533]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); to-overlay: bpf/init.sh:537; bpf/bpf_overlay.c:293 (7); bpf/lib/l3.h:136 (→ handle_policy[3044]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'geneve',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); bpf/lib/l3.h:136 (→ handle_policy[1533]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); cilium_host: bpf/bpf_host.c:1138 (22); bpf/lib/l3.h:136 (→ handle_policy[3044]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'native',
    'cross',
    ['handle_xgress', 'from_host', 'tail_handle_ipv4_from_host', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 bpf/bpf_lxc.c:811 (7 inline); bpf/lib/l3.h:136 (→ handle_policy[1533]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 pkg/datapath/connector/ipvlan.go:49 (stub → cilium_lxc_ipve_01021[0]); v1.8.0 bpf/bpf_lxc.c:811 (7 inline); node1 master: bpf/bpf_host.c:1140 (7), :819 (local delivery); bpf/lib/l3.h:136 (→ handle_policy[3044]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4_from_netdev', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4_from_netdev', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.8.0 pkg/datapath/connector/ipvlan.go:49 (stub → cilium_lxc_ipve_01021[0]); v1.8.0 bpf/bpf_lxc.c:811 (7 inline); bpf/lib/l3.h:136 (→ handle_policy[1533]), bpf/bpf_lxc.c:1294 (11 inline)
  [
    'v1.8',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); to-overlay: bpf/init.sh:526; bpf/bpf_overlay.c:299 (7); bpf/lib/l3.h:139 (→ handle_policy[3044]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'vxlan',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); bpf/lib/l3.h:139 (→ handle_policy[1533]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); to-overlay: bpf/init.sh:526; bpf/bpf_overlay.c:299 (7); bpf/lib/l3.h:139 (→ handle_policy[3044]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'geneve',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); bpf/lib/l3.h:139 (→ handle_policy[1533]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); cilium_host: bpf/bpf_host.c:850 (22); bpf/lib/l3.h:139 (→ handle_policy[3044]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'native',
    'cross',
    ['handle_xgress', 'from_host', 'tail_handle_ipv4_from_host', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 bpf/bpf_lxc.c:845 (7 inline); bpf/lib/l3.h:139 (→ handle_policy[1533]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 pkg/datapath/connector/ipvlan.go:49 (stub → cilium_lxc_ipve_01021[0]); v1.9.0 bpf/bpf_lxc.c:845 (7 inline); node1 master: bpf/bpf_host.c:852 (7), :510 (local delivery); bpf/lib/l3.h:139 (→ handle_policy[3044]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'ipvlan',
    'cross',
    ['loadEntryProg', 'handle_xgress', 'from_netdev', 'tail_handle_ipv4_from_netdev', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4_from_netdev', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.9.0 pkg/datapath/connector/ipvlan.go:49 (stub → cilium_lxc_ipve_01021[0]); v1.9.0 bpf/bpf_lxc.c:845 (7 inline); bpf/lib/l3.h:139 (→ handle_policy[1533]), bpf/bpf_lxc.c:1369 (11 inline)
  [
    'v1.9',
    'ipvlan',
    'same',
    ['loadEntryProg', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); to-overlay: bpf/init.sh:443; bpf/bpf_overlay.c:328 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'vxlan',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'vxlan',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); to-overlay: bpf/init.sh:443; bpf/bpf_overlay.c:328 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'geneve',
    'cross',
    ['handle_xgress', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'geneve',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); cilium_host: bpf/bpf_host.c:878 (22); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'native',
    'cross',
    ['handle_xgress', 'from_host', 'tail_handle_ipv4_from_host', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'native',
    'same',
    ['handle_xgress', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 pkg/datapath/connector/ipvlan.go:33 (stub → cilium_lxc_ipve_01021[0]); v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); node1 master: bpf/bpf_host.c:880 (7), :538 (local delivery); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'ipvlan',
    'cross',
    [
      'getEntryProgInstructions',
      'handle_xgress',
      'from_netdev',
      'tail_handle_ipv4_from_netdev',
      'handle_policy',
    ],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4_from_netdev', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.10.0 pkg/datapath/connector/ipvlan.go:33 (stub → cilium_lxc_ipve_01021[0]); v1.10.0 bpf/bpf_lxc.c:989-991 (7 inline); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1626-1627 (11 inline)
  [
    'v1.10',
    'ipvlan',
    'same',
    ['getEntryProgInstructions', 'handle_xgress', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', true],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); to-overlay: bpf/init.sh:460; bpf/bpf_overlay.c:328 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'vxlan',
    'cross',
    ['handle_xgress', 'tail_handle_ipv4', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'vxlan',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); to-overlay: bpf/init.sh:460; bpf/bpf_overlay.c:328 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'geneve',
    'cross',
    ['handle_xgress', 'tail_handle_ipv4', 'to_overlay', 'from_overlay', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'geneve',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); cilium_host: bpf/bpf_host.c:908 (22); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'native',
    'cross',
    ['handle_xgress', 'tail_handle_ipv4', 'from_host', 'tail_handle_ipv4_from_host', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'native',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.11.0 pkg/datapath/connector/ipvlan.go (getEntryProgInstructions) (stub → cilium_lxc_ipve_01021[0]); v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); node1 master: bpf/bpf_host.c:910 (7), :500-501,518-519 (skip_redirect: CTX_ACT_OK, no policy)
  [
    'v1.11',
    'ipvlan',
    'cross',
    [
      'getEntryProgInstructions',
      'handle_xgress',
      'tail_handle_ipv4',
      'from_netdev',
      'tail_handle_ipv4_from_netdev',
    ],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4_from_netdev', false],
    ],
  ],
  // v1.11.0 pkg/datapath/connector/ipvlan.go (getEntryProgInstructions) (stub → cilium_lxc_ipve_01021[0]); v1.11.0 bpf/bpf_lxc.c:1001-1003 (7); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:1638-1639 (11 inline)
  [
    'v1.11',
    'ipvlan',
    'same',
    ['getEntryProgInstructions', 'handle_xgress', 'tail_handle_ipv4', 'handle_policy'],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); to-overlay: bpf/init.sh:450; bpf/bpf_overlay.c:501 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'vxlan',
    'cross',
    [
      'handle_xgress',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'to_overlay',
      'from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'vxlan',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'tail_ipv4_ct_egress', 'tail_handle_ipv4_cont', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); to-overlay: bpf/init.sh:450; bpf/bpf_overlay.c:501 (7); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'geneve',
    'cross',
    [
      'handle_xgress',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'to_overlay',
      'from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'geneve',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'tail_ipv4_ct_egress', 'tail_handle_ipv4_cont', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); cilium_host: bpf/bpf_host.c:985 (22); bpf/lib/l3.h:151 (→ handle_policy[3044]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'native',
    'cross',
    [
      'handle_xgress',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'native',
    'same',
    ['handle_xgress', 'tail_handle_ipv4', 'tail_ipv4_ct_egress', 'tail_handle_ipv4_cont', 'handle_policy'],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.12.0 pkg/datapath/connector/ipvlan.go:22 (stub → cilium_lxc_ipve_01021[0]); v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); node1 master: bpf/bpf_host.c:987 (7), :526-527,545-546 (skip_redirect: CTX_ACT_OK, no policy)
  [
    'v1.12',
    'ipvlan',
    'cross',
    [
      'getEntryProgInstructions',
      'handle_xgress',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'from_netdev',
      'tail_handle_ipv4_from_netdev',
    ],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
    ],
  ],
  // v1.12.0 pkg/datapath/connector/ipvlan.go:22 (stub → cilium_lxc_ipve_01021[0]); v1.12.0 bpf/bpf_lxc.c:1331 (7); :1249-1250 (7 → 29), :1177-1179 (29 → 25); bpf/lib/l3.h:151 (→ handle_policy[1533]), bpf/bpf_lxc.c:2041-2043 (28 inline), :1999-2002 (28/29 → 11 inline)
  [
    'v1.12',
    'ipvlan',
    'same',
    [
      'getEntryProgInstructions',
      'handle_xgress',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['index 0', 0, 'handle_xgress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); to-overlay: bpf/init.sh:445; bpf/bpf_overlay.c:506 (7); bpf/lib/l3.h:197 (→ handle_policy[3044]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); bpf/lib/l3.h:197 (→ handle_policy[1533]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); to-overlay: bpf/init.sh:445; bpf/bpf_overlay.c:506 (7); bpf/lib/l3.h:197 (→ handle_policy[3044]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); bpf/lib/l3.h:197 (→ handle_policy[1533]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); cilium_host: bpf/bpf_host.c:889 (22); bpf/lib/l3.h:197 (→ handle_policy[3044]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.13.0 bpf/bpf_lxc.c:1333 (7); :1251-1252 (7 → 29), :1180-1182 (29 → 25); bpf/lib/l3.h:197 (→ handle_policy[1533]), bpf/bpf_lxc.c:2044-2046 (28 inline), :2002-2005 (28/29 → 11 inline)
  [
    'v1.13',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:378-379; bpf/bpf_overlay.c:644 (7); bpf/lib/l3.h:121 (→ handle_policy[3044]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); bpf/lib/l3.h:121 (→ handle_policy[1533]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:378-379; bpf/bpf_overlay.c:644 (7); bpf/lib/l3.h:121 (→ handle_policy[3044]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); bpf/lib/l3.h:121 (→ handle_policy[1533]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); cilium_host: bpf/bpf_host.c:1158 (22), :825 (43 inline); bpf/lib/l3.h:121 (→ handle_policy[3044]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 43, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.14.0 bpf/bpf_lxc.c:1383 (7); :120 (7 → 29), :1271-1273 (29 → 25); bpf/lib/l3.h:121 (→ handle_policy[1533]), bpf/bpf_lxc.c:2079-2081 (28 inline), :2037-2040 (28/29 → 11 inline)
  [
    'v1.14',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:494-495; bpf/bpf_overlay.c:686 (7); bpf/lib/l3.h:126 (→ handle_policy[3044]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); bpf/lib/l3.h:126 (→ handle_policy[1533]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:494-495; bpf/bpf_overlay.c:686 (7); bpf/lib/l3.h:126 (→ handle_policy[3044]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); bpf/lib/l3.h:126 (→ handle_policy[1533]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); cilium_host: bpf/bpf_host.c:1148 (22), :884-886 (43 inline); bpf/lib/l3.h:126 (→ handle_policy[3044]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 43, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.15.0 bpf/bpf_lxc.c:1421 (7); :125 (7 → 29), :1307-1309 (29 → 25); bpf/lib/l3.h:126 (→ handle_policy[1533]), bpf/bpf_lxc.c:2266-2267 (28 inline), :2222-2225 (28/29 → 11 inline)
  [
    'v1.15',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:556-557; node1 eth0: pkg/datapath/loader/loader.go:400-401; bpf/bpf_host.c:1195 (7), :918-920 (44 inline), :733 (CTX_ACT_OK); bpf/bpf_overlay.c:714 (7); bpf/lib/l3.h:120 (→ handle_policy[3044]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); bpf/lib/l3.h:120 (→ handle_policy[1533]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); to-overlay: pkg/datapath/loader/loader.go:556-557; node1 eth0: pkg/datapath/loader/loader.go:400-401; bpf/bpf_host.c:1195 (7), :918-920 (44 inline), :733 (CTX_ACT_OK); bpf/bpf_overlay.c:714 (7); bpf/lib/l3.h:120 (→ handle_policy[3044]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); bpf/lib/l3.h:120 (→ handle_policy[1533]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); node1 eth0: pkg/datapath/loader/loader.go:400-401; bpf/bpf_host.c:1195 (7), :918-920 (44 inline), :733 (CTX_ACT_OK); cilium_host: bpf/bpf_host.c:1195 (22), :913-915 (43 inline); bpf/lib/l3.h:120 (→ handle_policy[3044]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 43, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.16.0 bpf/bpf_lxc.c:1471 (7); :133 (7 → 29), :1339-1341 (29 → 25); bpf/lib/l3.h:120 (→ handle_policy[1533]), bpf/bpf_lxc.c:2198-2199 (28 inline), :2153-2156 (28/29 → 11 inline)
  [
    'v1.16',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); to-overlay: bpf/bpf_overlay.c:758 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1203 (7), :949 (44 inline), :756 (CTX_ACT_OK); bpf/bpf_overlay.c:731 (7); bpf/lib/l3.h:111 (→ handle_policy[3044]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); bpf/lib/l3.h:111 (→ handle_policy[1533]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); to-overlay: bpf/bpf_overlay.c:758 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1203 (7), :949 (44 inline), :756 (CTX_ACT_OK); bpf/bpf_overlay.c:731 (7); bpf/lib/l3.h:111 (→ handle_policy[3044]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); bpf/lib/l3.h:111 (→ handle_policy[1533]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); node1 eth0: bpf/bpf_host.c:1203 (7), :949 (44 inline), :756 (CTX_ACT_OK); cilium_host: bpf/bpf_host.c:1203 (22), :944 (43 inline); bpf/lib/l3.h:111 (→ handle_policy[3044]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 44, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 22, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 43, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.17.0 bpf/bpf_lxc.c:1515 (7); :130 (7 → 29), :1374-1376 (29 → 25); bpf/lib/l3.h:111 (→ handle_policy[1533]), bpf/bpf_lxc.c:2246 (28 inline), :2201-2204 (28/29 → 11 inline)
  [
    'v1.17',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'handle_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 29, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 25, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'handle_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 28, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); to-overlay: bpf/bpf_overlay.c:793 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1158 (7), :906 (42 inline), :736 (CTX_ACT_OK); bpf/bpf_overlay.c:767 (7); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); to-overlay: bpf/bpf_overlay.c:793 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1158 (7), :906 (42 inline), :736 (CTX_ACT_OK); bpf/bpf_overlay.c:767 (7); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); node1 eth0: bpf/bpf_host.c:1158 (7), :906 (42 inline), :736 (CTX_ACT_OK); cilium_host: bpf/bpf_host.c:1158 (23), :901 (41 inline); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 23, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 41, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.18.0 bpf/bpf_lxc.c:1523 (7); :135 (7 → 30), :1375-1377 (30 → 26); bpf/lib/local_delivery.h:164 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2261 (29 inline), :2216-2219 (28/29 → 11 inline)
  [
    'v1.18',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); to-overlay: pkg/datapath/loader/overlay.go:73; node1 eth0: bpf/bpf_host.c:1123 (7), :945-954 (42 inline), :752 (CTX_ACT_OK); bpf/bpf_overlay.c:600 (7); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); to-overlay: pkg/datapath/loader/overlay.go:73; node1 eth0: bpf/bpf_host.c:1123 (7), :945-954 (42 inline), :752 (CTX_ACT_OK); bpf/bpf_overlay.c:600 (7); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); node1 eth0: bpf/bpf_host.c:1123 (7), :945-954 (42 inline), :752 (CTX_ACT_OK); cilium_host: bpf/bpf_host.c:1123 (23), :945-953 (41 inline); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 23, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 41, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // v1.19.0 bpf/bpf_lxc.c:1692 (7); :249 (7 → 30), :1521-1523 (30 → 26); bpf/lib/local_delivery.h:177 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2380-2383 (29 inline), :2332-2335 (28/29 → 11 inline)
  [
    'v1.19',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', true],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); to-overlay: bpf/bpf_overlay.c:603 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1205 (7), :939-947 (42 inline), :749 (CTX_ACT_OK); bpf/bpf_overlay.c:577 (7); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'vxlan',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'vxlan',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); to-overlay: bpf/bpf_overlay.c:603 cil_to_overlay; node1 eth0: bpf/bpf_host.c:1205 (7), :939-947 (42 inline), :749 (CTX_ACT_OK); bpf/bpf_overlay.c:577 (7); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'geneve',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_to_overlay',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_overlay',
      'tail_handle_ipv4',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_OVERLAY', 7, 'tail_handle_ipv4', false],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'geneve',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); node1 eth0: bpf/bpf_host.c:1205 (7), :939-947 (42 inline), :749 (CTX_ACT_OK); cilium_host: bpf/bpf_host.c:1205 (23), :939-947 (41 inline); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[3044]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'native',
    'cross',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_from_netdev',
      'tail_handle_ipv4_from_netdev',
      'cil_from_host',
      'tail_handle_ipv4_from_host',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['CILIUM_CALL_IPV4_FROM_NETDEV', 7, 'tail_handle_ipv4_from_netdev', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_NETDEV', 42, 'tail_handle_ipv4_cont_from_netdev', true],
      ['CILIUM_CALL_IPV4_FROM_HOST', 23, 'tail_handle_ipv4_from_host', false],
      ['CILIUM_CALL_IPV4_CONT_FROM_HOST', 41, 'tail_handle_ipv4_cont_from_host', true],
      ['endpoint id of pod3', 3044, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
  // main bpf/bpf_lxc.c:1834 (7); :289 (7 → 30), :1679-1681 (30 → 26); bpf/lib/local_delivery.h:207 (→ cil_lxc_policy[1533]), bpf/bpf_lxc.c:2544-2548 (29 inline), :2493-2496 (28/29 → 11 tail call)
  [
    'main',
    'native',
    'same',
    [
      'cil_from_container',
      'tail_handle_ipv4',
      'tail_ipv4_ct_egress',
      'tail_handle_ipv4_cont',
      'cil_lxc_policy',
      'tail_ipv4_policy',
    ],
    [
      ['CILIUM_CALL_IPV4_FROM_LXC', 7, 'tail_handle_ipv4', false],
      ['CILIUM_CALL_IPV4_CT_EGRESS', 30, 'tail_ipv4_ct_egress', false],
      ['CILIUM_CALL_IPV4_FROM_LXC_CONT', 26, 'tail_handle_ipv4_cont', false],
      ['endpoint id of pod1', 1533, 'cil_lxc_policy', false],
      ['CILIUM_CALL_IPV4_CT_INGRESS_POLICY_ONLY', 29, 'tail_ipv4_ct_ingress_policy_only', true],
      ['CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY', 11, 'tail_ipv4_policy', false],
    ],
  ],
];

const minor = (release: string): number => (release === 'main' ? 20 : Number(release.split('.')[1]));
const tunnel = (mode: Mode): boolean => mode === 'vxlan' || mode === 'geneve';

for (const [release, mode, path, programs, tailCalls] of ROWS) {
  test(`${release} ${mode} pod0 → ${path === 'cross' ? 'pod3 (cross-node)' : 'pod1 (same node)'}`, () => {
    const t = trace({ mode, from: 'pod0', to: path === 'cross' ? 'pod3' : 'pod1', ciliumVersion: release });
    assert.equal(t.disposition, 'delivered');

    const ran = t.hops.filter((h): h is Hop & { program: NonNullable<Hop['program']> } => !!h.program);
    const calls = t.hops
      .flatMap((h) => h.steps)
      .flatMap((s) =>
        s.type === 'tail-call' ? [[s.keyName ?? '', s.key, s.target.function, s.inlined === true]] : [],
      );
    assert.deepEqual(
      { programs: ran.map((h) => h.program.function), tailCalls: calls },
      { programs, tailCalls },
    );

    if (path === 'cross' && tunnel(mode)) {
      // M3: to-overlay on the sending node's tunnel device egress, attached unconditionally from v1.7
      const toOverlay = ran.filter(
        (h) => h.node === 'node0' && h.hook === 'tc-egress' && /(^|_)to_overlay$/.test(h.program.function),
      );
      assert.equal(toOverlay.length, minor(release) >= 7 ? 1 : 0, 'to-overlay hop on node0');
      // M4: cil_from_netdev on node1's eth0 (outer packet), attached to every selected device from v1.16
      const fromNetdev = ran.filter(
        (h) => h.node === 'node1' && h.device === 'eth0' && h.program.function === 'cil_from_netdev',
      );
      assert.equal(fromNetdev.length, minor(release) >= 16 ? 1 : 0, 'cil_from_netdev hop on node1 eth0');
    }
  });
}
