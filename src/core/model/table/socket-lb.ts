/**
 * The socket LB (bpf_sock.c): the cgroup connect4 program translates a Service address at connect(),
 * before any packet exists (data only). Per release: the section, the function, where it calls
 * __sock4_xlate_fwd and where that looks the Service up (`lb4_lookup_service`). Modelled from v1.8,
 * the first release whose bpf_sock.c declares the connect4 section (v1.8.0 bpf/bpf_sock.c:347).
 */
import type { CiliumVersion } from '../versions';
import { pick } from '../versions';
import type { Cite } from './table-types';

export interface SocketLbRow {
  since: number;
  section: string;
  function: string;
  /** the program's declaration */
  cite: Cite;
  /** __sock4_xlate_fwd(ctx, ctx, false…) in the connect4 program */
  xlateCite: Cite;
  /** lb4_lookup_service in __sock4_xlate_fwd */
  lookupCite: Cite;
}

const row = (
  since: number,
  tag: string,
  section: string,
  fn: string,
  decl: number,
  call: number,
  lookup: number,
): SocketLbRow => ({
  since,
  section,
  function: fn,
  cite: `${tag} bpf/bpf_sock.c:${decl}`,
  xlateCite: `${tag} bpf/bpf_sock.c:${call}`,
  lookupCite: `${tag} bpf/bpf_sock.c:${lookup}`,
});

const ROWS: readonly SocketLbRow[] = [
  row(8, 'v1.8.0', 'connect4', 'sock4_connect', 348, 350, 270),
  row(9, 'v1.9.0', 'connect4', 'sock4_connect', 417, 419, 339),
  row(10, 'v1.10.0', 'connect4', 'sock4_connect', 447, 452, 351),
  row(11, 'v1.11.0', 'cgroup/connect4', 'sock4_connect', 466, 471, 370),
  row(12, 'v1.12.0', 'cgroup/connect4', 'sock4_connect', 479, 484, 352),
  row(13, 'v1.13.0', 'cgroup/connect4', 'cil_sock4_connect', 455, 462, 319),
  row(14, 'v1.14.0', 'cgroup/connect4', 'cil_sock4_connect', 455, 467, 319),
  row(15, 'v1.15.0', 'cgroup/connect4', 'cil_sock4_connect', 454, 466, 318),
  row(16, 'v1.16.0', 'cgroup/connect4', 'cil_sock4_connect', 460, 472, 320),
  row(17, 'v1.17.0', 'cgroup/connect4', 'cil_sock4_connect', 405, 414, 277),
  row(18, 'v1.18.0', 'cgroup/connect4', 'cil_sock4_connect', 414, 423, 286),
  row(19, 'v1.19.0', 'cgroup/connect4', 'cil_sock4_connect', 435, 444, 300),
  row(20, 'main', 'cgroup/connect4', 'cil_sock4_connect', 467, 476, 332),
];

export function socketLbOf(version: CiliumVersion): SocketLbRow | undefined {
  return pick(ROWS, version);
}
