// The mutations of the mutation check: each flips one row of the model (compiled, in out/) in place.
// A mutation is applied before any test file loads the model (see preload.cjs), so every test sees it.
// Keep this list derived from the tables: a new row is mutated without editing this file.
'use strict';
const { join } = require('node:path');

// CDX_MUTATION_ROOT: the copy of the project's out/ (and the snapshot) the check runs in.
const out = join(process.env.CDX_MUTATION_ROOT ?? join(__dirname, '..', '..'), 'out', 'src', 'core');
const load = (p) => require(join(out, p));

function mutations() {
  const { BEHAVIOURS } = load('model/table/behaviours.js');
  const { ATTACHMENTS } = load('model/table/attachments.js');
  const { DROP_REASONS } = load('model/table/drop-reasons.js');
  const { PROGRAM_NAMES, namesOf } = load('model/table/program-names.js');
  const { parseCiliumVersion } = load('model/versions.js');
  const list = [];
  const range = (v) => `v1.${v.from}${v.to === undefined ? '+' : v.to === v.from ? '' : `–v1.${v.to}`}`;

  BEHAVIOURS.forEach((b, i) => {
    const row = `${b.id} ${range(b.versions)}`;
    const first = parseCiliumVersion(b.versions.from === 99 ? 'main' : `v1.${b.versions.from}`);
    // where a trace shows this row's steps: "<function> @<cite>" in the model snapshot
    const names = namesOf(b.id, first);
    const where = `${names?.file ?? ''}|${names?.function ?? b.id}`;
    b.actions.forEach((a, j) => {
      switch (a.do) {
        case 'tail-call':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: ${a.slot} slot ${a.value} → ${a.value + 1}`,
            apply: () => (BEHAVIOURS[i].actions[j].value += 1),
          });
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: ${a.slot} ${a.condition ? 'made unconditional' : 'made dual-stack only'}`,
            apply: () => {
              const act = BEHAVIOURS[i].actions[j];
              if (act.condition) delete act.condition;
              else act.condition = '__and(is_defined(ENABLE_IPV4), is_defined(ENABLE_IPV6))';
            },
          });
          break;
        case 'policy':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: ${a.direction} policy check removed`,
            apply: () => BEHAVIOURS[i].actions.splice(j, 1),
          });
          break;
        case 'ct':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: conntrack ${a.direction} removed`,
            apply: () => BEHAVIOURS[i].actions.splice(j, 1),
          });
          break;
        case 'lookup':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: ${a.what} lookup removed`,
            apply: () => BEHAVIOURS[i].actions.splice(j, 1),
          });
          break;
        case 'nat':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: ${a.kind} (${a.fn}) removed`,
            apply: () => BEHAVIOURS[i].actions.splice(j, 1),
          });
          break;
        case 'exit':
          list.push({
            reach: `${where}|${a.cite}`,
            name: `${row}: exit when ${a.when} (${a.exit.kind}) ${a.exit.kind === 'pass' ? 'redirects to cilium_host' : 'passes to the stack'}`,
            apply: () => {
              const act = BEHAVIOURS[i].actions[j];
              act.exit =
                act.exit.kind === 'pass' ? { kind: 'redirect-host', via: 'mutated' } : { kind: 'pass' };
            },
          });
          break;
      }
    });
  });
  ATTACHMENTS.forEach((a, i) => {
    list.push({
      name: `attachment ${a.program} on ${a.device} ${a.direction} ${range(a.versions)} flipped`,
      apply: () => {
        const when = ATTACHMENTS[i].when;
        ATTACHMENTS[i].when = (c) => !when(c);
      },
    });
  });
  DROP_REASONS.forEach((r, i) => {
    list.push({
      name: `drop reason ${r.name} (${r.code}) value changed`,
      apply: () => (DROP_REASONS[i].code -= 1),
    });
  });
  PROGRAM_NAMES.forEach((p, i) => {
    p.rows.forEach((row, k) => {
      list.push({
        name: `program ${p.id} from v1.${row.since}: function renamed`,
        apply: () => (PROGRAM_NAMES[i].rows[k].function += '_mutated'),
      });
    });
  });
  // BPF NodePort beyond a local backend (model/table/nodeport-remote.ts): one flip per kind of row.
  const { NODEPORT_REMOTE } = load('model/table/nodeport-remote.js');
  NODEPORT_REMOTE.forEach((r, i) => {
    const tag = r.minor === 99 ? 'main' : `v1.${r.minor}`;
    const row = () => NODEPORT_REMOTE[i];
    const slot = (what, get) =>
      list.push({ name: `nodeport-remote ${tag}: ${what} slot → +1`, apply: () => (get(row()).value += 1) });
    slot('SNAT tail call', (x) => x.snat.tail);
    slot('DSR tail call', (x) => x.dsr.tail);
    slot('reply NAT-ingress tail call', (x) => x.replyAtEntry.natTail);
    slot('local reply rev-NAT tail call', (x) => x.localReplyTail);
    list.push({
      name: `nodeport-remote ${tag}: tunnel identity of a NodePort request flipped`,
      apply: () => (row().snat.tunnelIdentity = row().snat.tunnelIdentity === 'world' ? 'host' : 'world'),
    });
    list.push({
      name: `nodeport-remote ${tag}: DSR with a tunnel ${r.dsrTunnel.outcome === 'refuse' ? 'falls back to SNAT' : 'refused'}`,
      apply: () =>
        (row().dsrTunnel.outcome = row().dsrTunnel.outcome === 'refuse' ? 'fallback-snat' : 'refuse'),
    });
    list.push({
      name: `nodeport-remote ${tag}: DSR option read in the other program`,
      apply: () =>
        (row().dsr.backend.program =
          row().dsr.backend.program === 'host/netdev-ipv4' ? 'lxc/ipv4-policy' : 'host/netdev-ipv4'),
    });
    list.push({
      name: `nodeport-remote ${tag}: DSR reply translated in the other program`,
      apply: () =>
        (row().dsr.reply.program =
          row().dsr.reply.program === 'host/to-netdev' ? 'lxc/ipv4-from-lxc' : 'host/to-netdev'),
    });
  });
  // Named flips the issue asks for.
  list.push({
    name: 'tunnel modes get native routes (remote PodCIDR via the node IP)',
    apply: () => {
      const routes = load('topology/routes.js');
      const real = routes.routingTable;
      routes.routingTable = (topo, node, mode) =>
        real(topo, node, mode === 'vxlan' || mode === 'geneve' ? 'native' : mode);
    },
  });
  list.push({
    name: 'from-overlay offered in native mode',
    apply: () => {
      const row = ATTACHMENTS.find((a) => a.program === 'overlay/from-overlay');
      row.when = () => true;
    },
  });
  // the cb[] words a local delivery stores, per release (model/skb-cb.ts)
  const { CB_ROWS } = load('model/skb-cb.js');
  CB_ROWS.forEach((r, i) => {
    const release = r.since === 99 ? 'main' : `v1.${r.since}`;
    list.push({
      name: `cb[] of ${release}: the local delivery's last store dropped`,
      apply: () => (CB_ROWS[i].stores = CB_ROWS[i].stores.slice(0, -1)),
    });
    list.push({
      name: `cb[] of ${release}: the enum's words reordered`,
      apply: () => (CB_ROWS[i].slots = [...CB_ROWS[i].slots].reverse()),
    });
  });
  // skb->mark writes per release (model/skb-mark.ts)
  const { MARK_ROWS } = load('model/skb-mark.js');
  MARK_ROWS.forEach((r, i) => {
    const release = r.release === 99 ? 'main' : `v1.${r.release}`;
    const where = 'function' in r.site ? r.site.function : r.site.kind;
    list.push({
      name: `mark of ${release}: the ${r.magic} write in ${where} dropped`,
      apply: () => (MARK_ROWS[i].release = -1),
    });
    list.push({
      name: `mark of ${release}: the ${r.magic} value in ${where} changed`,
      apply: () => (MARK_ROWS[i].magicValue ^= 0x0100),
    });
    list.push({
      name: `mark of ${release}: the ${r.magic} write in ${where} on the other family's path`,
      // a row of both families' paths narrowed to IPv6 (the IPv4 traces see it go)
      apply: () => (MARK_ROWS[i].family = r.family === 6 ? 4 : 6),
    });
  });
  list.push({
    name: 'ENABLE_ROUTING no longer in the build (buildDefines)',
    apply: () => {
      const config = load('model/config.js');
      const real = config.buildDefines;
      config.buildDefines = (c) => new Set([...real(c)].filter((d) => d !== 'ENABLE_ROUTING'));
    },
  });
  list.push({
    name: 'a deny verdict turned into allow',
    apply: () => {
      const ev = load('policy/evaluate-policy.js');
      const real = ev.evaluatePolicy;
      ev.evaluatePolicy = (set, req) => ({ ...real(set, req), verdict: 'allow' });
    },
  });
  list.push({
    name: 'v1.17+ per-endpoint policy map named as in v1.16 (cilium_policy_<id>)',
    apply: () => {
      const maps = load('model/table/map-names.js');
      const real = maps.mapNames;
      maps.mapNames = (v) =>
        v.minor >= 17 ? { ...real(v), endpointPolicy: real({ ...v, minor: 16 }).endpointPolicy } : real(v);
    },
  });
  list.push({
    name: 'v1.18+ ipcache named as in v1.17 (cilium_ipcache)',
    apply: () => {
      const maps = load('model/table/map-names.js');
      const real = maps.mapNames;
      maps.mapNames = (v) => (v.minor >= 18 ? { ...real(v), ipcache: 'cilium_ipcache' } : real(v));
    },
  });
  // Endpoint routes: the sender's bpf_lxc built without ENABLE_ROUTING, and v1.10–v1.12's ipv4_policy.
  const { SOURCE_ROUTING, POLICY_TO_STACK } = load('model/table/source-routing.js');
  SOURCE_ROUTING.forEach((r, i) => {
    list.push({
      name: `endpoint routes at the source ${range(r.versions)}: local endpoint lookup kept (ENABLE_ROUTING)`,
      apply: () => (SOURCE_ROUTING[i].versions = { from: -1, to: -1 }),
    });
    if (r.hostRoutingLooksUp)
      list.push({
        name: `endpoint routes at the source ${range(r.versions)}: BPF host routing no longer looks up`,
        apply: () => (SOURCE_ROUTING[i].hostRoutingLooksUp = false),
      });
  });
  POLICY_TO_STACK.forEach((r, i) => {
    list.push({
      name: `endpoint routes ${range(r.versions)}: ipv4_policy redirects instead of PACKET_HOST to the stack`,
      apply: () => (POLICY_TO_STACK[i].versions = { from: -1, to: -1 }),
    });
  });
  // WireGuard v1.10–v1.13: bpf_lxc's mark and the agent's rule.
  const { WIREGUARD_MARK, WIREGUARD_TUNNEL } = load('model/table/wireguard.js');
  // WireGuard with a tunnel (v1.14+): where the packet meets cilium_wg0.
  WIREGUARD_TUNNEL.forEach((r, i) => {
    list.push({
      name: `WireGuard tunnel ${range(r.versions)}: ${r.where === 'before-encap' ? 'encrypts after the encapsulation' : 'redirects before the encapsulation'}`,
      apply: () => (WIREGUARD_TUNNEL[i].where = r.where === 'before-encap' ? 'encapsulated' : 'before-encap'),
    });
  });
  WIREGUARD_MARK.forEach((r, i) => {
    list.push({
      name: `WireGuard ${range(r.versions)}: no MARK_MAGIC_ENCRYPT from bpf_lxc (row removed)`,
      apply: () => (WIREGUARD_MARK[i].versions = { from: -1, to: -1 }),
    });
  });
  // IPsec v1.10–v1.12: the release's row (mark, rule, xfrm, bpf_host's forwarding, decryption).
  const { IPSEC } = load('model/table/ipsec.js');
  IPSEC.forEach((r, i) => {
    list.push({
      name: `IPsec ${range(r.versions)}: not traced (row removed)`,
      apply: () => (IPSEC[i].versions = { from: -1, to: -1 }),
    });
    list.push({
      name: `IPsec ${range(r.versions)}: xfrm OUT cited at the IN endpoint`,
      apply: () => (IPSEC[i].xfrmOut = r.xfrmIn),
    });
    list.push({
      name: `IPsec ${range(r.versions)}: bpf_lxc's mark cited at the key lookup`,
      apply: () => (IPSEC[i].mark = r.key),
    });
    list.push({
      name: `IPsec ${range(r.versions)}: the rule to table 200 cited at the output mark`,
      apply: () => (IPSEC[i].rule = r.outputMark),
    });
  });
  // IPsec at the native device (main): cil_to_netdev's mark and redirect, the xfrm endpoints, decryption.
  const { IPSEC_NETDEV } = load('model/table/ipsec.js');
  IPSEC_NETDEV.forEach((r, i) => {
    list.push({
      name: `IPsec at the native device ${range(r.versions)}: not traced (row removed)`,
      apply: () => (IPSEC_NETDEV[i].versions = { from: -1, to: -1 }),
    });
    list.push({
      name: `IPsec at the native device ${range(r.versions)}: xfrm OUT cited at the IN endpoint`,
      apply: () => (IPSEC_NETDEV[i].xfrmOut = r.xfrmIn),
    });
    list.push({
      name: `IPsec at the native device ${range(r.versions)}: the mark cited at the spi`,
      apply: () => (IPSEC_NETDEV[i].encodeMark = r.spi),
    });
    list.push({
      name: `IPsec at the native device ${range(r.versions)}: do_decrypt's cleared mark cited at its redirect`,
      apply: () => (IPSEC_NETDEV[i].clearMark = r.hostRedirect),
    });
  });
  // Two programs built from one function (bpf_netdev.c's tail_handle_ipv4 for the native device and,
  // as bpf_host.o, for cilium_host in v1.4–v1.7) share their steps: a trace cannot tell them apart.
  const owners = new Map();
  BEHAVIOURS.forEach((b) => {
    const first = parseCiliumVersion(b.versions.from === 99 ? 'main' : `v1.${b.versions.from}`);
    const names = namesOf(b.id, first);
    for (const a of b.actions) {
      const key = `${names?.file ?? ''}|${names?.function ?? b.id}|${a.cite}`;
      owners.set(key, new Set([...(owners.get(key) ?? []), b.id]));
    }
  });
  for (const m of list) if (m.reach && owners.get(m.reach)?.size > 1) m.shared = true;
  return list;
}

module.exports = { mutations };
