// Checks every source citation of the datapath model against real Cilium trees.
//
//   node scripts/check-model-cites.mjs <trees-dir>
//
// <trees-dir> holds one exported tree per release, named by tag: v1.4.0/ … v1.19.0/, main/ (each with
// bpf/ and, for loader cites, pkg/). Nothing of those trees is committed: export them yourself from a
// Cilium checkout (CONTRIBUTING.md says how). Needs `npx tsc -b` first (reads out/).
//
// For each cite "<tag> <path>:<line>" the cited line must hold what the row claims: the program's
// function for a row's own cite, the slot / macro / target for a tail call, the function for a
// lookup, conntrack or policy step, the exit call (or the CTX_ACT_OK / TC_ACT_OK return) for an exit,
// and send_drop_notify for a drop. A row that spans several releases must cite a line that reads the
// same in each of them. Exit status 1 when any cite fails.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const trees = process.argv[2];
if (!trees || !existsSync(trees)) {
  console.error('usage: node scripts/check-model-cites.mjs <dir with v1.4.0/ … main/ trees>');
  process.exit(2);
}
const out = join(root, 'out', 'src', 'core', 'model');
const { BEHAVIOURS } = require(join(out, 'table', 'behaviours.js'));
const { ATTACHMENTS } = require(join(out, 'table', 'attachments.js'));
const { DROP_REASONS } = require(join(out, 'table', 'drop-reasons.js'));
const { namesOf } = require(join(out, 'table', 'program-names.js'));
const { parseCiliumVersion } = require(join(out, 'versions.js'));
const { NODEPORT_REMOTE } = require(join(out, 'table', 'nodeport-remote.js'));
const { SOURCE_ROUTING, POLICY_TO_STACK } = require(join(out, 'table', 'source-routing.js'));
const { WIREGUARD_MARK, WIREGUARD_TUNNEL } = require(join(out, 'table', 'wireguard.js'));
const { MARK_ROWS } = require(join(out, 'skb-mark.js'));
const { DIRECT_ROUTES_V6, TUNNEL_MAPPING_V6 } = require(join(out, 'table', 'ipv6-underlay.js'));
const { IPSEC, IPSEC_NETDEV, IPSEC_LATER_RELEASES } = require(join(out, 'table', 'ipsec.js'));

const cache = new Map();
function lineOf(cite) {
  const m = /^(v\d+\.\d+\.\d+|main) (\S+):(\d+)$/.exec(cite);
  if (!m) return { error: `malformed cite "${cite}"` };
  const [, tag, path, n] = m;
  const file = join(trees, tag, path);
  if (!cache.has(file)) cache.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : null);
  const lines = cache.get(file);
  if (!lines) return { skip: `${tag} ${path} is not in ${trees}` };
  const text = lines[Number(n) - 1];
  if (text === undefined) return { error: `${cite}: the file has ${lines.length} lines` };
  // a statement may continue on the next line (macro arguments)
  return { text, next: lines[Number(n)] ?? '', tag, path, n: Number(n) };
}

const tagOf = (minor) => (minor === 99 ? 'main' : `v1.${minor}.0`);
const tokens = (text) =>
  (text.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []).filter((t) => !['return', 'with'].includes(t));
let checked = 0;
let skipped = 0;
const failures = [];

function expect(cite, wants, what) {
  const got = lineOf(cite);
  if (got.skip) {
    skipped++;
    return got;
  }
  checked++;
  if (got.error) {
    failures.push(`${what}: ${got.error}`);
    return got;
  }
  const hay = got.text + ' ' + got.next;
  if (!wants.some((w) => hay.includes(w)))
    failures.push(`${what}: ${cite} reads "${got.text.trim()}" — expected one of ${wants.join(', ')}`);
  return got;
}

const PASS = ['CTX_ACT_OK', 'TC_ACT_OK', 'return ret', 'pass_to_stack', 'return 0'];

for (const b of BEHAVIOURS) {
  const first = parseCiliumVersion(tagOf(b.versions.from));
  const names = namesOf(b.id, first);
  const label = `${b.id} ${first.label}`;
  if (!names) {
    failures.push(`${label}: the names table has no such program in that release`);
    continue;
  }
  expect(b.cite, [names.function], `${label} declaration`);
  for (const a of b.actions) {
    let wants;
    switch (a.do) {
      case 'tail-call':
        wants = [a.slot, ...tokens(a.via), namesOf(a.target, first)?.function ?? a.slot];
        break;
      case 'lookup':
      case 'ct':
        wants = tokens(a.fn);
        break;
      case 'policy':
        wants = tokens(a.fn);
        expect(a.dropCite, ['send_drop_notify', 'drop_for_direction', 'DROP_'], `${label} policy drop`);
        break;
      case 'nat':
        wants = tokens(a.fn);
        if (a.tail) expect(a.tail.cite, [a.tail.slot], `${label} nat tail call`);
        break;
      case 'exit':
        wants =
          a.exit.kind === 'pass'
            ? PASS
            : a.exit.kind === 'drop'
              ? [a.exit.reason, 'send_drop_notify']
              : [...tokens(a.fn), ...tokens(a.exit.via)];
        break;
    }
    expect(a.cite, wants, `${label} ${a.do}${a.when ? ` (${a.when})` : ''}`);
    // rows spanning releases: the cited line must hold the same claim in each of them
    for (let m = b.versions.from + 1; m <= Math.min(b.versions.to ?? 99, 19); m++)
      expect(a.cite.replace(/^\S+/, tagOf(m)), wants, `${label} ${a.do} in ${tagOf(m)}`);
  }
}
for (const a of ATTACHMENTS)
  expect(
    a.cite,
    [
      a.program.split('/')[1].replace(/-/g, ''),
      ...tokens(a.condition),
      'from',
      'to',
      'symbol',
      'Devices',
      'bpf_load',
      'ipvlan',
      'tc',
      'HANDLE',
    ],
    `attachment ${a.program} ${a.device}`,
  );
for (const r of DROP_REASONS) expect(r.cite, [r.name], `drop reason ${r.name}`);
// BPF NodePort beyond a local backend (table/nodeport-remote.ts): every line holds its call
for (const r of NODEPORT_REMOTE) {
  const label = `nodeport-remote ${tagOf(r.minor)}`;
  const tail = (t, what) => expect(t.cite, [t.slot], `${label} ${what} tail call`);
  tail(r.snat.tail, 'SNAT');
  expect(r.snat.natCite, [r.snat.natFn], `${label} SNAT`);
  expect(r.snat.tunnelAddrCite, ['IPV4_GATEWAY'], `${label} SNAT address in tunnel mode`);
  expect(
    r.snat.tunnelIdentityCite,
    [r.snat.tunnelIdentity === 'world' ? 'WORLD_' : 'SECLABEL'],
    `${label} tunnel identity`,
  );
  expect(r.snat.redirectCite, ['redirect'], `${label} SNAT redirect`);
  expect(r.snat.tunnelRedirectCite, ['redirect'], `${label} SNAT tunnel redirect`);
  tail(r.dsr.tail, 'DSR');
  expect(r.dsr.optionCite, ['dsr_set_opt4'], `${label} DSR option`);
  expect(r.dsr.redirectCite, ['redirect'], `${label} DSR redirect`);
  expect(r.dsr.backend.cite, [r.dsr.backend.fn], `${label} DSR at the backend`);
  expect(r.dsr.reply.cite, [r.dsr.reply.fn], `${label} DSR reply`);
  tail(r.replyAtEntry.natTail, 'reply NAT');
  expect(r.replyAtEntry.revSnatCite, [r.replyAtEntry.revSnatFn], `${label} reply rev-SNAT`);
  tail(r.replyAtEntry.revNatTail, 'reply rev-NAT');
  expect(r.revDnat.cite, [r.revDnat.fn], `${label} rev-DNAT`);
  expect(r.revDnat.redirectCite, ['redirect'], `${label} rev-DNAT redirect`);
  tail(r.localReplyTail, 'local reply rev-NAT');
}

// endpoint routes: the sender's condition on ENABLE_ROUTING, and v1.10–v1.12's PACKET_HOST branch
for (const r of SOURCE_ROUTING) {
  expect(r.condition, ['is_defined(ENABLE_ROUTING) || hairpin_flow'], `source routing ${r.condition}`);
  if (r.hostRoutingLooksUp)
    expect(r.condition, ['is_defined(ENABLE_HOST_ROUTING)'], `source routing (host routing) ${r.condition}`);
  expect(r.requireRouting, ['RequireRouting = &disabled'], `source routing ${r.requireRouting}`);
}
for (const r of POLICY_TO_STACK) {
  expect(r.condition, ['!defined(ENABLE_ROUTING) &&'], `policy to stack ${r.condition}`);
  expect(r.changeType, ['ctx_change_type(ctx, PACKET_HOST)'], `policy to stack ${r.changeType}`);
}

// WireGuard v1.10–v1.13: the mark in bpf_lxc, its value, the agent's rule, table and port
for (const r of WIREGUARD_MARK) {
  expect(r.remote, ['dst_remote_ep = true'], `wireguard ${r.remote}`);
  expect(r.skipEncap, ['if (!dst_remote_ep)'], `wireguard ${r.skipEncap}`);
  expect(r.mark, ['set_encrypt_mark(ctx)'], `wireguard ${r.mark}`);
  expect(r.magic, ['MARK_MAGIC_ENCRYPT'], `wireguard ${r.magic}`);
  expect(r.rule, ['RulePriorityWireguard'], `wireguard ${r.rule}`);
  expect(r.table, ['RouteTableWireguard = 201'], `wireguard ${r.table}`);
  expect(r.port, ['51871'], `wireguard ${r.port}`);
}

// skb->mark writes (model/skb-mark.ts): the write, and the magic's #define
const MARK_WRITES = {
  MARK_MAGIC_IDENTITY: ['MARK_MAGIC_IDENTITY'],
  MARK_MAGIC_OVERLAY: ['set_identity_mark(ctx, src_sec_identity, MARK_MAGIC_OVERLAY)'],
  MARK_MAGIC_SNAT_DONE: ['ctx_snat_done_set(ctx)'],
  MARK_MAGIC_HOST: ['markAsFromHost := '],
  cleared: ['ctx->mark = 0;'],
};
for (const r of MARK_ROWS) {
  const what = `mark ${r.magic} ${r.cite}`;
  expect(r.cite, MARK_WRITES[r.magic] ?? [`no check for ${r.magic}`], what);
  if (r.defineCite) {
    const got = expect(r.defineCite, [`#define ${r.magic}`], `${what} define`);
    if (got.text && !got.text.includes(`0x${r.magicValue.toString(16).padStart(4, '0').toUpperCase()}`))
      failures.push(
        `${what}: ${r.defineCite} reads "${got.text.trim()}", not the row's value ${r.magicValue}`,
      );
  }
}
// IPv6 underlay: the agent's direct route of the IPv6 PodCIDR via the node's IPv6 address (native),
// the tunnel mapping with the node's IPv4 address (tunnel)
for (const r of DIRECT_ROUTES_V6)
  expect(
    r.cite,
    ['updateDirectRoute(oldIP6Cidr', 'updateDirectRoutes(oldAllIP6AllocCidrs'],
    `ipv6 direct route ${r.cite}`,
  );
expect(TUNNEL_MAPPING_V6, ['IPv4 host IP is used to build the IPv6 overlay'], `ipv6 tunnel mapping`);
// WireGuard with a tunnel (v1.14+): the redirect's call, test and redirect, cil_to_overlay's mark, the
// already-encrypted check, v1.14's host-source check and the agent's allowed IPs
for (const r of WIREGUARD_TUNNEL) {
  const w = (cite, wants) => expect(cite, wants, `wireguard tunnel ${cite}`);
  w(r.call, ['wg_maybe_redirect_to_encrypt', 'host_wg_encrypt_hook']);
  w(r.test, r.where === 'before-encap' ? ['dst->key'] : ['TUNNEL_PORT', 'ctx_is_overlay(ctx)']);
  w(r.redirect, ['ctx_redirect(ctx, WG_IFINDEX, 0)', 'ctx_redirect(ctx, CONFIG(wg_ifindex), 0)']);
  if (r.overlayMark) w(r.overlayMark, ['MARK_MAGIC_OVERLAY)']);
  w(r.encrypted, ['MARK_MAGIC_WG_ENCRYPTED', 'ctx_mark_is_wireguard(ctx)', 'ctx_is_encrypt(ctx)']);
  if (r.hostSource) w(r.hostSource, ['HOST_ID']);
  if (r.allowedIps) w(r.allowedIps, ['TunnelingEnabled', 'allowedIPs = append', 'nodeIPv4 != nil']);
}
// IPsec v1.10–v1.12: bpf_lxc's key and mark, bpf_host's forwarding of the ESP packet, do_decrypt's
// mark; the agent's rule, table, route, xfrm endpoints and marks (Go lines: checked when the trees
// hold pkg/ and daemon/)
for (const r of IPSEC) {
  expect(r.key, ['get_min_encrypt_key(info->key)'], `ipsec ${r.key}`);
  expect(r.mark, ['set_encrypt_key_mark(ctx, encrypt_key)'], `ipsec ${r.mark}`);
  expect(r.magic, ['define MARK_MAGIC_ENCRYPT'], `ipsec ${r.magic}`);
  expect(r.orKey, ['<< 12) | MARK_MAGIC_ENCRYPT'], `ipsec ${r.orKey}`);
  expect(r.hostEncrypt, ['magic == MARK_MAGIC_ENCRYPT'], `ipsec ${r.hostEncrypt}`);
  expect(r.hostRedirect, ['encrypt_iface, 0)'], `ipsec ${r.hostRedirect}`);
  expect(r.decryptMark, ['ctx->mark = MARK_MAGIC_DECRYPT'], `ipsec ${r.decryptMark}`);
  expect(r.decryptMagic, ['define MARK_MAGIC_DECRYPT'], `ipsec ${r.decryptMagic}`);
  expect(r.rule, ['rule.Mark = linux_defaults.RouteMarkEncrypt'], `ipsec ${r.rule}`);
  expect(r.table, ['RouteTableIPSec = 200'], `ipsec ${r.table}`);
  expect(r.outRoute, ['HostDevice'], `ipsec ${r.outRoute}`);
  expect(r.xfrmLocal, ['IPv4().Router()'], `ipsec ${r.xfrmLocal}`);
  expect(r.xfrmRemote, ['IP: ciliumInternalIPv4'], `ipsec ${r.xfrmRemote}`);
  expect(r.xfrmOut, ['ipsec.IPSecDirOut'], `ipsec ${r.xfrmOut}`);
  expect(r.outputMark, ['RouteMarkEncrypt'], `ipsec ${r.outputMark}`);
  expect(r.encryptInterface, ['EncryptInterface = append'], `ipsec ${r.encryptInterface}`);
  expect(r.xfrmIn, ['ipsec.IPSecDirIn'], `ipsec ${r.xfrmIn}`);
  expect(r.stateIn, ['RouteMarkDecrypt'], `ipsec ${r.stateIn}`);
}
// IPsec at the native device (v1.19, main): cil_to_netdev's mark and redirect, cil_to_host, do_decrypt; the
// agent's xfrm endpoints and marks (Go lines: checked when the trees hold pkg/)
for (const r of IPSEC_NETDEV) {
  expect(r.netdevCall, ['ipsec_maybe_redirect_to_encrypt(ctx'], `ipsec ${r.netdevCall}`);
  expect(r.needsKey, ['!dst->flag_has_tunnel_ep || !dst->key'], `ipsec ${r.needsKey}`);
  expect(
    r.srcPolicy,
    ['encrypt_src_matches_policy(src_sec_identity)', 'ipsec_redirect_sec_id_ok(src_sec_identity)'],
    `ipsec ${r.srcPolicy}`,
  );
  expect(r.spi, ['get_min_encrypt_key(node_value->spi)'], `ipsec ${r.spi}`);
  expect(r.encodeMark, ['ipsec_encode_encryption_mark(spi, node_value->id)'], `ipsec ${r.encodeMark}`);
  expect(r.orNodeId, ['or_encrypt_key(key) | node_id << 16'], `ipsec ${r.orNodeId}`);
  expect(r.magic, ['define MARK_MAGIC_ENCRYPT'], `ipsec ${r.magic}`);
  expect(r.setMark, ['ctx->mark = mark'], `ipsec ${r.setMark}`);
  expect(r.netMac, ['eth_store_daddr(ctx'], `ipsec ${r.netMac}`);
  expect(
    r.redirect,
    ['cilium_net_ifindex), BPF_F_INGRESS', 'CILIUM_NET_IFINDEX, BPF_F_INGRESS'],
    `ipsec ${r.redirect}`,
  );
  expect(
    r.tunnelEndpoint,
    ['tunnelEndpoint, _ = netipx.FromStdIP(ip4)', 'tunnelEndpoint = ip4'],
    `ipsec ${r.tunnelEndpoint}`,
  );
  expect(r.toHostKeeps, ['magic = ctx->mark'], `ipsec ${r.toHostKeeps}`);
  expect(r.toHostAttach, ['symbolToHostEp'], `ipsec ${r.toHostAttach}`);
  expect(
    r.xfrmLocal,
    ['localIP := net.IP(localCiliumInternalIP.AsSlice())', 'localIP := localCiliumInternalIP'],
    `ipsec ${r.xfrmLocal}`,
  );
  expect(r.xfrmRemote, ['GetCiliumInternalIP(false)'], `ipsec ${r.xfrmRemote}`);
  expect(r.fwdPolicy, ['ipSecAttachPolicyTempl(policy'], `ipsec ${r.fwdPolicy}`);
  expect(r.xfrmOut, ['ipsec.IPSecDirOut'], `ipsec ${r.xfrmOut}`);
  expect(r.stateOutMark, ['generateEncryptMark(key.Spi'], `ipsec ${r.stateOutMark}`);
  expect(r.outputMark, ['RouteMarkEncrypt'], `ipsec ${r.outputMark}`);
  expect(r.netdevEncrypted, ['TRACE_REASON_ENCRYPTED'], `ipsec ${r.netdevEncrypted}`);
  expect(r.fromNetdevDecrypt, ['do_decrypt(ctx, proto)'], `ipsec ${r.fromNetdevDecrypt}`);
  expect(r.decryptMark, ['set_decrypt_mark(ctx, node_id)'], `ipsec ${r.decryptMark}`);
  expect(r.decryptNodeId, ['MARK_MAGIC_DECRYPT | node_id << 16'], `ipsec ${r.decryptNodeId}`);
  expect(r.decryptMagic, ['define MARK_MAGIC_DECRYPT'], `ipsec ${r.decryptMagic}`);
  expect(r.fromNetdevPass, ['ctx_is_decrypt(ctx)'], `ipsec ${r.fromNetdevPass}`);
  expect(r.xfrmIn, ['ipsec.IPSecDirIn'], `ipsec ${r.xfrmIn}`);
  expect(r.stateIn, ['RouteMarkDecrypt'], `ipsec ${r.stateIn}`);
  expect(r.clearMark, ['ctx->mark = 0'], `ipsec ${r.clearMark}`);
  expect(r.hostRedirect, ['cilium_host_ifindex), 0)', 'CILIUM_HOST_IFINDEX, 0)'], `ipsec ${r.hostRedirect}`);
  expect(r.devicesRequired, ['ipsecEnabled'], `ipsec ${r.devicesRequired}`);
  expect(r.toHostNat, ['handle_nat_fwd(ctx'], `ipsec ${r.toHostNat}`);
  expect(r.fibRedirect, ['fib_redirect_v4(ctx'], `ipsec ${r.fibRedirect}`);
  expect(r.overlay, ['ctx_is_overlay(ctx)'], `ipsec ${r.overlay}`);
}
// the differences of the releases between, each at its line
for (const [cite, want] of [
  ['v1.13.0 bpf/bpf_host.c:775', 'return CTX_ACT_OK'],
  ['v1.14.0 bpf/bpf_lxc.c:1219', 'set_encrypt_key_mark(ctx, encrypt_key, node_id)'],
  ['v1.16.0 bpf/bpf_lxc.c:1285', 'set_ipsec_encrypt(ctx'],
  ['v1.16.0 pkg/datapath/loader/loader.go:400', 'symbolFromHostNetdevEp'],
  ['v1.16.0 pkg/datapath/loader/base.go:199', 'AreDevicesRequired()'],
  ['v1.16.0 daemon/cmd/daemon_main.go:1434', 'EncryptInterface = append'],
  ['v1.16.0 pkg/datapath/loader/base.go:251', 'symbolFromNetwork'],
  ['v1.16.0 pkg/datapath/loader/tcx.go:61', 'link.Tail()'],
  ['v1.16.0 bpf/lib/encrypt.h:203', 'ctx_redirect(ctx, CILIUM_IFINDEX, 0)'],
  ['v1.16.0 bpf/bpf_host.c:1092', 'do_decrypt(ctx, proto)'],
  ['v1.16.0 bpf/bpf_host.c:1093', 'ctx->mark == MARK_MAGIC_DECRYPT'],
  ['v1.18.0 bpf/bpf_host.c:1573', 'ipsec_maybe_redirect_to_encrypt'],
  ['v1.18.0 bpf/bpf_host.c:1252', 'ctx->mark == MARK_MAGIC_DECRYPT'],
]) {
  if (!IPSEC_LATER_RELEASES.includes(cite))
    failures.push(`ipsec: the later releases' reason no longer cites ${cite}`);
  expect(cite, [want], `ipsec later releases ${cite}`);
}

console.log(
  `model cites: ${checked} checked, ${skipped} skipped (file not in the trees), ${failures.length} failed`,
);
for (const f of failures) console.log(`  ✗ ${f}`);
process.exit(failures.length ? 1 : 0);
