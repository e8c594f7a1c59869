/**
 * IPsec (enable-ipsec) per release: how a pod's packet for a pod on another node is encrypted by the
 * kernel's xfrm, and how the ESP packet is decrypted on the other node. Data only; every field cites
 * the release (bpf/ lines, and the agent's Go lines for the rules, routes and xfrm states it installs).
 *
 * v1.10–v1.12, native routing (the releases and transport this model traces):
 * - bpf_lxc takes the key index from the destination's ipcache entry (`get_min_encrypt_key(info->key)`,
 *   the smaller of this node's and the peer's key) and, on its way to the stack, sets
 *   skb->mark = MARK_MAGIC_ENCRYPT | key << 12 (`set_encrypt_key_mark`); it returns CTX_ACT_OK.
 * - The agent's ip rule (priority 1, fwmark 0xE00/0xF00) sends the marked packet to table 200, whose
 *   route for the remote PodCIDR is `dev cilium_host`. The kernel's xfrm OUT policy (mark, local
 *   PodCIDR → remote PodCIDR) encrypts it in tunnel mode: ESP from this node's cilium_host address to
 *   the peer's CiliumInternalIP (its cilium_host address), SPI = the key. The state's output mark
 *   (0xE00) routes the ESP packet through table 200 again, out of cilium_host.
 * - bpf_host's from-host on cilium_host sees MARK_MAGIC_ENCRYPT and `do_netdev_encrypt` redirects the
 *   ESP packet to the encrypt interface after a FIB lookup (ENCRYPT_IFACE, BPF_HAVE_FIB_LOOKUP).
 * - On the receiver, bpf_network's from-network (behaviours-ipsec.ts) marks the ESP packet
 *   MARK_MAGIC_DECRYPT; xfrm decrypts it (state by destination and SPI) and re-inserts the inner packet
 *   on the same device, where from-network sends it to cilium_host's egress: from-host delivers it.
 */
import type { CiliumVersion, VersionRange } from '../versions';
import type { Cite } from './table-types';

export interface IpsecRow {
  versions: VersionRange;
  /** `encrypt_key = get_min_encrypt_key(info->key)` in the IPv4 egress path of bpf_lxc */
  key: Cite;
  /** `set_encrypt_key_mark(ctx, encrypt_key)` at pass_to_stack, only without a tunnel */
  mark: Cite;
  /** `#define MARK_MAGIC_ENCRYPT 0x0E00` */
  magic: Cite;
  /** or_encrypt_key: `((key & 0x0F) << 12) | MARK_MAGIC_ENCRYPT` */
  orKey: Cite;
  /** replaceHostRules: the priority-1 rule for `RouteMarkEncrypt` → table RouteTableIPSec */
  rule: Cite;
  /** `RouteTableIPSec = 200` */
  table: Cite;
  /** createNodeIPSecOutRoute: the remote PodCIDR `Device: HostDevice` (cilium_host) in table 200 */
  outRoute: Cite;
  /** enableIPsec: the OUT endpoint, local = this node's router (cilium_host) address */
  xfrmLocal: Cite;
  /** enableIPsec: remote = the peer's CiliumInternalIP, with its PodCIDR's mask */
  xfrmRemote: Cite;
  /** enableIPsec: `UpsertIPsecEndpoint(…, IPSecDirOut, …)` (policy and state OUT) */
  xfrmOut: Cite;
  /** ipSecReplaceStateOut: the state's OutputMark `RouteMarkEncrypt` */
  outputMark: Cite;
  /** bpf_host do_netdev (from-host): `if (magic == MARK_MAGIC_ENCRYPT)` */
  hostEncrypt: Cite;
  /** do_netdev_encrypt: `redirect(encrypt_iface, 0)` after the FIB lookup */
  hostRedirect: Cite;
  /** daemon: the encrypt interface defaults to the device of the default route (no tunnel) */
  encryptInterface: Cite;
  /** do_decrypt: `ctx->mark = MARK_MAGIC_DECRYPT` for an ESP packet */
  decryptMark: Cite;
  /** `#define MARK_MAGIC_DECRYPT 0x0D00` */
  decryptMagic: Cite;
  /** enableIPsec: the local IN endpoint (state and policy IN for this node's CiliumInternalIP) */
  xfrmIn: Cite;
  /** ipSecReplaceStateIn: the IN state matches `RouteMarkDecrypt` */
  stateIn: Cite;
}

export const IPSEC: readonly IpsecRow[] = [
  {
    versions: { from: 10, to: 10 },
    key: 'v1.10.0 bpf/bpf_lxc.c:620',
    mark: 'v1.10.0 bpf/bpf_lxc.c:872',
    magic: 'v1.10.0 bpf/lib/common.h:483',
    orKey: 'v1.10.0 bpf/lib/common.h:551',
    rule: 'v1.10.0 pkg/datapath/linux/node.go:1094',
    table: 'v1.10.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:24',
    outRoute: 'v1.10.0 pkg/datapath/linux/node.go:1179',
    xfrmLocal: 'v1.10.0 pkg/datapath/linux/node.go:877',
    xfrmRemote: 'v1.10.0 pkg/datapath/linux/node.go:878',
    xfrmOut: 'v1.10.0 pkg/datapath/linux/node.go:880',
    outputMark: 'v1.10.0 pkg/datapath/linux/ipsec/ipsec_linux.go:152',
    hostEncrypt: 'v1.10.0 bpf/bpf_host.c:821',
    hostRedirect: 'v1.10.0 bpf/bpf_host.c:785',
    encryptInterface: 'v1.10.0 daemon/cmd/daemon_main.go:1328',
    decryptMark: 'v1.10.0 bpf/lib/encrypt.h:60',
    decryptMagic: 'v1.10.0 bpf/lib/common.h:482',
    xfrmIn: 'v1.10.0 pkg/datapath/linux/node.go:872',
    stateIn: 'v1.10.0 pkg/datapath/linux/ipsec/ipsec_linux.go:119',
  },
  {
    versions: { from: 11, to: 11 },
    key: 'v1.11.0 bpf/bpf_lxc.c:622',
    mark: 'v1.11.0 bpf/bpf_lxc.c:884',
    magic: 'v1.11.0 bpf/lib/common.h:490',
    orKey: 'v1.11.0 bpf/lib/common.h:553',
    rule: 'v1.11.0 pkg/datapath/linux/node.go:1198',
    table: 'v1.11.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:13',
    outRoute: 'v1.11.0 pkg/datapath/linux/node.go:1283',
    xfrmLocal: 'v1.11.0 pkg/datapath/linux/node.go:981',
    xfrmRemote: 'v1.11.0 pkg/datapath/linux/node.go:982',
    xfrmOut: 'v1.11.0 pkg/datapath/linux/node.go:984',
    outputMark: 'v1.11.0 pkg/datapath/linux/ipsec/ipsec_linux.go:143',
    hostEncrypt: 'v1.11.0 bpf/bpf_host.c:851',
    hostRedirect: 'v1.11.0 bpf/bpf_host.c:815',
    encryptInterface: 'v1.11.0 daemon/cmd/daemon_main.go:1396',
    decryptMark: 'v1.11.0 bpf/lib/encrypt.h:60',
    decryptMagic: 'v1.11.0 bpf/lib/common.h:489',
    xfrmIn: 'v1.11.0 pkg/datapath/linux/node.go:976',
    stateIn: 'v1.11.0 pkg/datapath/linux/ipsec/ipsec_linux.go:110',
  },
  {
    versions: { from: 12, to: 12 },
    key: 'v1.12.0 bpf/bpf_lxc.c:764',
    mark: 'v1.12.0 bpf/bpf_lxc.c:1124',
    magic: 'v1.12.0 bpf/lib/common.h:505',
    orKey: 'v1.12.0 bpf/lib/common.h:568',
    rule: 'v1.12.0 pkg/datapath/linux/node.go:1247',
    table: 'v1.12.0 pkg/datapath/linux/linux_defaults/linux_defaults.go:13',
    outRoute: 'v1.12.0 pkg/datapath/linux/node.go:1332',
    xfrmLocal: 'v1.12.0 pkg/datapath/linux/node.go:1019',
    xfrmRemote: 'v1.12.0 pkg/datapath/linux/node.go:1020',
    xfrmOut: 'v1.12.0 pkg/datapath/linux/node.go:1022',
    outputMark: 'v1.12.0 pkg/datapath/linux/ipsec/ipsec_linux.go:184',
    hostEncrypt: 'v1.12.0 bpf/bpf_host.c:934',
    hostRedirect: 'v1.12.0 bpf/bpf_host.c:869',
    encryptInterface: 'v1.12.0 daemon/cmd/daemon_main.go:1458',
    decryptMark: 'v1.12.0 bpf/lib/encrypt.h:60',
    decryptMagic: 'v1.12.0 bpf/lib/common.h:504',
    xfrmIn: 'v1.12.0 pkg/datapath/linux/node.go:1014',
    stateIn: 'v1.12.0 pkg/datapath/linux/ipsec/ipsec_linux.go:152',
  },
];

/**
 * v1.19 and main (1.20.0-dev), native routing: the encryption moved from bpf_lxc to the native device.
 * - bpf_lxc no longer marks the packet; it passes it to the stack, which routes the remote PodCIDR
 *   out of the native device, where cil_to_netdev runs (attached when IPsec is on: AreDevicesRequired).
 * - cil_to_netdev: ipsec_maybe_redirect_to_encrypt finds the destination's ipcache entry with a
 *   tunnel endpoint (the peer node's IP) and a key, and a source from the cluster; set_ipsec_encrypt
 *   writes skb->mark = MARK_MAGIC_ENCRYPT | spi << 12 | node_id << 16 (spi = get_min_encrypt_key of
 *   the peer's node-map entry) and the packet is redirected to cilium_net's ingress (BPF_F_INGRESS).
 * - cilium_net's cil_to_host keeps the mark; the stack forwards the packet and the kernel's xfrm OUT
 *   policy (mark, remote PodCIDR) encrypts it in tunnel mode: ESP from this node's CiliumInternalIP to
 *   the peer's, SPI = the key. The state's output mark 0xE00 follows the ESP packet, which the main
 *   table routes out of the native device again: cil_to_netdev sees ctx_is_encrypt and lets it go.
 * - On the receiver, cil_from_netdev's do_decrypt marks the ESP packet MARK_MAGIC_DECRYPT | node_id << 16
 *   and returns CTX_ACT_OK (ctx_is_decrypt); xfrm decrypts it (IN state, output mark 0xD00) and
 *   re-inserts the inner packet on the device; cil_from_netdev's do_decrypt clears the mark, and the
 *   packet goes on through do_netdev like any packet from the network.
 */
export interface IpsecNetdevRow {
  versions: VersionRange;
  /** cil_to_netdev: `if (!ctx_is_encrypt(ctx))` → ipsec_maybe_redirect_to_encrypt */
  netdevCall: Cite;
  /** `if (!dst || !dst->flag_has_tunnel_ep || !dst->key) return CTX_ACT_OK;` */
  needsKey: Cite;
  /** `if (!encrypt_src_matches_policy(src_sec_identity))` (no host, no world, no remote node) */
  srcPolicy: Cite;
  /** set_ipsec_encrypt: `spi = get_min_encrypt_key(node_value->spi)` */
  spi: Cite;
  /** `mark = ipsec_encode_encryption_mark(spi, node_value->id)` */
  encodeMark: Cite;
  /** ipsec_encode_encryption_mark: `or_encrypt_key(key) | node_id << 16` */
  orNodeId: Cite;
  /** `#define MARK_MAGIC_ENCRYPT 0x0E00` */
  magic: Cite;
  /** `ctx->mark = mark` */
  setMark: Cite;
  /** `eth_store_daddr(ctx, … cilium_net_mac …)` */
  netMac: Cite;
  /** `ctx_redirect(ctx, CONFIG(cilium_net_ifindex), BPF_F_INGRESS)` */
  redirect: Cite;
  /** the agent: the ipcache entry of a remote pod carries its node's IP as tunnel endpoint */
  tunnelEndpoint: Cite;
  /** cil_to_host: `else if (ctx_is_encrypt(ctx)) magic = ctx->mark;` */
  toHostKeeps: Cite;
  /** the cilium_net ingress attachment of cil_to_host */
  toHostAttach: Cite;
  /** enableIPSecIPv4Do: local = this node's CiliumInternalIP */
  xfrmLocal: Cite;
  /** enableIPSecIPv4Do: remote = the peer's CiliumInternalIP */
  xfrmRemote: Cite;
  /** ipsecReplacePolicyFwd: the FWD policy's optional template (every forwarded packet goes through) */
  fwdPolicy: Cite;
  /** enableIPSecIPv4Do: `params.Dir = ipsec.IPSecDirOut` for each remote PodCIDR */
  xfrmOut: Cite;
  /** ipSecReplaceStateOut: the state's mark (spi, node ID) */
  stateOutMark: Cite;
  /** ipSecReplaceStateOut: OutputMark `RouteMarkEncrypt` */
  outputMark: Cite;
  /** cil_to_netdev: `else { trace.reason |= TRACE_REASON_ENCRYPTED; }` for the marked ESP packet */
  netdevEncrypted: Cite;
  /** cil_from_netdev: `ret = do_decrypt(ctx, proto);` */
  fromNetdevDecrypt: Cite;
  /** do_decrypt: `set_decrypt_mark(ctx, node_id)` */
  decryptMark: Cite;
  /** set_decrypt_mark: `ctx->mark = MARK_MAGIC_DECRYPT | node_id << 16` */
  decryptNodeId: Cite;
  /** `#define MARK_MAGIC_DECRYPT 0x0D00` */
  decryptMagic: Cite;
  /** cil_from_netdev: `if (ctx_is_decrypt(ctx)) return CTX_ACT_OK;` */
  fromNetdevPass: Cite;
  /** enableIPSecIPv4Do: `params.Dir = ipsec.IPSecDirIn` */
  xfrmIn: Cite;
  /** ipSecReplaceStateIn: the IN state's OutputMark `RouteMarkDecrypt` (the node ID cleared) */
  stateIn: Cite;
  /** do_decrypt on the decrypted packet: `ctx->mark = 0;` */
  clearMark: Cite;
  /** do_decrypt: `return ctx_redirect(ctx, CONFIG(cilium_host_ifindex), 0);`, whose result is only checked for an error */
  hostRedirect: Cite;
  /** AreDevicesRequired(…, ipsecEnabled): cil_to_netdev is attached to the native devices */
  devicesRequired: Cite;
  /** not traced: cil_to_host's handle_nat_fwd on the packet to encrypt (with NodePort) */
  toHostNat: Cite;
  /** not traced: bpf_lxc's fib_redirect_v4 with BPF host routing */
  fibRedirect: Cite;
  /** not traced: in tunnel mode ipsec_maybe_redirect_to_encrypt encrypts the overlay packet (`ctx_is_overlay`) */
  overlay: Cite;
}

export const IPSEC_NETDEV: readonly IpsecNetdevRow[] = [
  {
    versions: { from: 19, to: 19 },
    netdevCall: 'v1.19.0 bpf/bpf_host.c:1464',
    needsKey: 'v1.19.0 bpf/lib/ipsec.h:282',
    srcPolicy: 'v1.19.0 bpf/lib/ipsec.h:285',
    spi: 'v1.19.0 bpf/lib/ipsec.h:101',
    encodeMark: 'v1.19.0 bpf/lib/ipsec.h:103',
    orNodeId: 'v1.19.0 bpf/lib/ipsec.h:77',
    magic: 'v1.19.0 bpf/lib/common.h:284',
    setMark: 'v1.19.0 bpf/lib/ipsec.h:108',
    netMac: 'v1.19.0 bpf/lib/ipsec.h:311',
    redirect: 'v1.19.0 bpf/lib/ipsec.h:314',
    tunnelEndpoint: 'v1.19.0 pkg/datapath/ipcache/listener.go:133',
    toHostKeeps: 'v1.19.0 bpf/bpf_host.c:1695',
    toHostAttach: 'v1.19.0 pkg/datapath/loader/host.go:166',
    xfrmLocal: 'v1.19.0 pkg/datapath/linux/ipsec.go:276',
    xfrmRemote: 'v1.19.0 pkg/datapath/linux/ipsec.go:269',
    fwdPolicy: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:628',
    xfrmOut: 'v1.19.0 pkg/datapath/linux/ipsec.go:310',
    stateOutMark: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:585',
    outputMark: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:587',
    netdevEncrypted: 'v1.19.0 bpf/bpf_host.c:1471',
    fromNetdevDecrypt: 'v1.19.0 bpf/bpf_host.c:1249',
    decryptMark: 'v1.19.0 bpf/lib/ipsec.h:160',
    decryptNodeId: 'v1.19.0 bpf/lib/encrypt.h:20',
    decryptMagic: 'v1.19.0 bpf/lib/common.h:283',
    fromNetdevPass: 'v1.19.0 bpf/bpf_host.c:1253',
    xfrmIn: 'v1.19.0 pkg/datapath/linux/ipsec.go:348',
    stateIn: 'v1.19.0 pkg/datapath/linux/ipsec/ipsec_linux.go:565',
    clearMark: 'v1.19.0 bpf/lib/ipsec.h:170',
    hostRedirect: 'v1.19.0 bpf/lib/ipsec.h:174',
    devicesRequired: 'v1.19.0 pkg/option/config.go:1960',
    toHostNat: 'v1.19.0 bpf/bpf_host.c:1771',
    fibRedirect: 'v1.19.0 bpf/bpf_lxc.c:1252',
    overlay: 'v1.19.0 bpf/lib/ipsec.h:224',
  },
  {
    versions: { from: 99 },
    netdevCall: 'main bpf/bpf_host.c:1534',
    needsKey: 'main bpf/lib/ipsec.h:268',
    srcPolicy: 'main bpf/lib/ipsec.h:271',
    spi: 'main bpf/lib/ipsec.h:100',
    encodeMark: 'main bpf/lib/ipsec.h:102',
    orNodeId: 'main bpf/lib/ipsec.h:77',
    magic: 'main bpf/lib/common.h:275',
    setMark: 'main bpf/lib/ipsec.h:107',
    netMac: 'main bpf/lib/ipsec.h:297',
    redirect: 'main bpf/lib/ipsec.h:300',
    tunnelEndpoint: 'main pkg/datapath/ipcache/listener.go:146',
    toHostKeeps: 'main bpf/bpf_host.c:1776',
    toHostAttach: 'main pkg/datapath/loader/host.go:200',
    xfrmLocal: 'main pkg/datapath/linux/ipsec.go:275',
    xfrmRemote: 'main pkg/datapath/linux/ipsec.go:268',
    fwdPolicy: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:653',
    xfrmOut: 'main pkg/datapath/linux/ipsec.go:309',
    stateOutMark: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:614',
    outputMark: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:616',
    netdevEncrypted: 'main bpf/bpf_host.c:1541',
    fromNetdevDecrypt: 'main bpf/bpf_host.c:1322',
    decryptMark: 'main bpf/lib/ipsec.h:159',
    decryptNodeId: 'main bpf/lib/encrypt.h:20',
    decryptMagic: 'main bpf/lib/common.h:272',
    fromNetdevPass: 'main bpf/bpf_host.c:1326',
    xfrmIn: 'main pkg/datapath/linux/ipsec.go:347',
    stateIn: 'main pkg/datapath/linux/ipsec/ipsec_linux.go:594',
    clearMark: 'main bpf/lib/ipsec.h:169',
    hostRedirect: 'main bpf/lib/ipsec.h:174',
    devicesRequired: 'main pkg/option/config.go:2017',
    toHostNat: 'main bpf/bpf_host.c:1846',
    fibRedirect: 'main bpf/bpf_lxc.c:1358',
    overlay: 'main bpf/lib/ipsec.h:210',
  },
];

/**
 * Why the releases between v1.12 and v1.19 are not traced: their IPsec path differs from both designs
 * above, or cannot be told from the configuration, each reason cited at its line.
 */
export const IPSEC_LATER_RELEASES =
  "v1.13's from-host no longer redirects the ESP packet to the encrypt interface (do_netdev_encrypt returns CTX_ACT_OK, v1.13.0 bpf/bpf_host.c:775); v1.14 puts the node ID into the mark (set_encrypt_key_mark(ctx, encrypt_key, node_id), v1.14.0 bpf/bpf_lxc.c:1219) and v1.15+ call set_ipsec_encrypt (v1.16.0 bpf/bpf_lxc.c:1285); in v1.16–v1.17 the receiving program cannot be told from the configuration: cil_from_netdev is attached to every native device (v1.16.0 pkg/datapath/loader/loader.go:400) and, since no device is required without kube-proxy replacement (v1.16.0 pkg/datapath/loader/base.go:199), bpf_network's cil_from_network too, to the encrypt interface, which defaults to the same device of the default route (v1.16.0 daemon/cmd/daemon_main.go:1434), both at HANDLE_MIN_INGRESS (v1.16.0 pkg/datapath/loader/base.go:251): which one sees the ESP packet depends on the order the agent attached them in (tcx appends at the tail, v1.16.0 pkg/datapath/loader/tcx.go:61; legacy tc replaces the filter), and they differ: bpf_network redirects the decrypted packet to cilium_host (v1.16.0 bpf/lib/encrypt.h:203), cil_from_netdev ignores that redirect (v1.16.0 bpf/bpf_host.c:1092) and does not stop for the ESP packet, whose mark carries the node ID (v1.16.0 bpf/bpf_host.c:1093); v1.18 encrypts at the native device as v1.19 and main do (ipsec_maybe_redirect_to_encrypt, v1.18.0 bpf/bpf_host.c:1573), but its cil_from_netdev does not stop for the ESP packet either (`ctx->mark == MARK_MAGIC_DECRYPT` never holds with the node ID in the mark, v1.18.0 bpf/bpf_host.c:1252): the ESP packet runs through do_netdev, which this model does not trace";

const inRange = (version: CiliumVersion, r: { versions: VersionRange }): boolean =>
  version.minor >= r.versions.from && version.minor <= (r.versions.to ?? Infinity);

/** The v1.10–v1.12 IPsec row of a release (bpf_lxc marks the packet), or undefined. */
export function ipsecOf(version: CiliumVersion): IpsecRow | undefined {
  return IPSEC.find((r) => inRange(version, r));
}

/** The IPsec row of a release that encrypts at the native device (v1.19, main), or undefined. */
export function ipsecNetdevOf(version: CiliumVersion): IpsecNetdevRow | undefined {
  return IPSEC_NETDEV.find((r) => inRange(version, r));
}

/** Whether this model traces IPsec in the release (either design). */
export function ipsecModelled(version: CiliumVersion): boolean {
  return !!ipsecOf(version) || !!ipsecNetdevOf(version);
}

/**
 * get_min_encrypt_key: the smaller of this node's and the peer's key index, MAX_KEY_INDEX (15) rolling
 * over to 1 (v1.10.0 bpf/lib/l3.h:169, v1.12.0 bpf/lib/l3.h:157).
 */
export function minEncryptKey(local: number, peer: number): number {
  if (peer === 15) return local === 1 ? peer : local;
  if (local === 15) return peer === 1 ? local : peer;
  return Math.min(local, peer);
}

/**
 * What an IPsec trace covers: IPv4 pod-to-pod traffic (the pod-to-pod xfrm policies; a pod on the
 * same node is delivered locally, without encryption). Anything else is refused with the reason, or
 * undefined when the trace is covered.
 */
export function ipsecScopeRefusal(what: {
  family: 4 | 6;
  srcKind: 'pod' | 'node' | 'external';
  dstKind: 'pod' | 'node' | 'outside' | 'service';
}): string | undefined {
  if (what.family === 6)
    return 'IPv6 with enable-ipsec=true is not modelled yet: IPsec traces are IPv4 pod to pod.';
  if (what.dstKind === 'service')
    return 'A Service with enable-ipsec=true is not modelled yet: IPsec traces are IPv4 pod to pod (address a pod).';
  if (what.srcKind !== 'pod' || what.dstKind !== 'pod')
    return 'Only pod-to-pod traffic is modelled with enable-ipsec=true (node, external and out-of-cluster addresses take other xfrm policies, e.g. encrypt-node).';
  return undefined;
}
