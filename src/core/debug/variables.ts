/**
 * What the Variables view shows at a stop: the packet's headers (inner, and outer while encapsulated),
 * the skb's metadata the trace knows (device and ifindex, namespace, the tunnel key, the mark, the
 * release's five `cb[]` words and what the programs stored in them), the lookups and conntrack results
 * so far, and the verdicts so far.
 */
import { cbLayout, isPolicyProgArray, isTunnelDevice, type CbStore } from '../model/skb-cb';
import { MARK_RELEASES, marksModelled } from '../model/skb-mark';
import type { CiliumVersion } from '../model/versions';
import type { Step } from '../trace/trace-types';
import type { Stop } from './stops';

export interface Variable {
  name: string;
  value: string;
  children?: Variable[];
}

export interface ScopeView {
  name: string;
  variables: Variable[];
}

export function scopesAt(
  stops: readonly Stop[],
  at: number,
  disposition?: string,
  version?: CiliumVersion,
  /** the trace's config.encryption: IPsec's key marks are not modelled */
  encryption = 'none',
): ScopeView[] {
  const stop = stops[at]!;
  const h = stop.hop.headers;
  const packet: Variable[] = [
    {
      name: 'ip',
      value: `${h.ip.src} → ${h.ip.dst}`,
      children: [
        { name: 'src', value: h.ip.src },
        { name: 'dst', value: h.ip.dst },
        { name: 'proto', value: h.ip.protocol },
        ...(h.ip.ttl !== undefined ? [{ name: 'ttl', value: String(h.ip.ttl) }] : []),
      ],
    },
  ];
  if (h.ethernet) packet.push({ name: 'eth', value: `${h.ethernet.src} → ${h.ethernet.dst}` });
  // outer: the outermost header; overlay: the VXLAN/Geneve header WireGuard carries encrypted (v1.15+)
  for (const [name, o] of [
    ['outer', h.outer],
    ['overlay', h.overlay],
  ] as const)
    if (o)
      packet.push({
        name,
        value: `${o.ip.src} → ${o.ip.dst} ${o.tunnel.protocol.toUpperCase()}`,
        children: [
          { name: 'ip.src', value: o.ip.src },
          { name: 'ip.dst', value: o.ip.dst },
          ...(o.udp ? [{ name: 'udp.dstPort', value: String(o.udp.dstPort) }] : []),
          ...(o.esp ? [{ name: 'esp.spi', value: String(o.esp.spi) }] : []),
          { name: 'tunnel', value: o.tunnel.protocol },
          { name: 'vni', value: String(o.tunnel.vni) },
        ],
      });
  const skb: Variable[] = [
    { name: 'node', value: stop.node },
    { name: 'ifindex (device)', value: stop.hop.device },
    { name: 'namespace', value: stop.hop.namespace },
    { name: 'hook', value: stop.hop.hook },
  ];
  if (stop.hop.program)
    skb.push({ name: 'program', value: `${stop.hop.program.function} (${stop.hop.program.file})` });
  const key = tunnelKeyAt(stops, at);
  skb.push({
    name: 'tunnel key',
    value: key
      ? `remote ${key.remote}, tunnel_id ${key.id} (the source identity)`
      : '— (not a tunnel packet here)',
  });
  skb.push(markAt(stops, at, version, encryption));
  if (version) skb.push(cbAt(stops, at, version));
  const lookups: Variable[] = [];
  const verdicts: Variable[] = [];
  for (let i = 0; i <= at; i++) {
    const s = stops[i]!.step;
    if (!s) continue;
    if (s.type === 'lookup') lookups.push({ name: `${s.map}[${s.key}]`, value: s.result });
    else if (s.type === 'ct') lookups.push({ name: `${s.map} (${s.direction})`, value: s.result });
    else if (s.type === 'policy')
      verdicts.push({
        name: `${s.direction} policy of endpoint ${s.endpointId}`,
        value: `${s.verdict}${s.enforced ? '' : ' (not enforced)'} for identity ${s.identity}`,
      });
    else if (s.type === 'drop') verdicts.push({ name: 'drop', value: `${s.reason} (${s.text})` });
  }
  if (at === stops.length - 1 && disposition) verdicts.push({ name: 'disposition', value: disposition });
  return [
    { name: 'Packet', variables: packet },
    { name: 'skb', variables: skb },
    { name: 'Lookups so far', variables: lookups },
    { name: 'Verdicts', variables: verdicts },
  ];
}

/**
 * The tunnel key at a stop: while encapsulated, the outer header's (set by the encapsulation); after
 * the tunnel driver decapsulated the packet, the key it recorded, for the programs on that device.
 */
function tunnelKeyAt(stops: readonly Stop[], at: number): { remote: string; id: number } | undefined {
  const h = stops[at]!.hop.headers;
  if (h.outer) return { remote: h.outer.ip.dst, id: h.outer.tunnel.vni };
  const here = stops[at]!;
  for (let i = at; i >= 0; i--) {
    const s = stops[i]!;
    if (s.node !== here.node) return undefined;
    if (s.step?.type === 'decap')
      return s.step.device === here.hop.device
        ? { remote: s.step.outer.srcIp, id: s.step.outer.vni }
        : undefined;
  }
  return undefined;
}

/**
 * `cb[]` at a stop: the release's five words (lib/common.h), and from the local delivery's tail call
 * into the policy program on, what it stored there (the control buffer survives tail calls, not the
 * crossing to another device: a new device hook starts empty).
 */
function cbAt(stops: readonly Stop[], at: number, version: CiliumVersion): Variable {
  const layout = cbLayout(version);
  const here = stops[at]!;
  // the program chain of this stop: back to the hop a device hook started
  let start = at;
  while (
    start > 0 &&
    stops[start - 1]!.node === here.node &&
    chainContinues(stops[start]!, stops[start - 1]!)
  )
    start--;
  let handoff: { stop: Stop; step: Step } | undefined;
  for (let i = start; i <= at; i++) {
    const s = stops[i]!.step;
    if (s?.type === 'tail-call' && !s.inlined && isPolicyProgArray(s.map))
      handoff = { stop: stops[i]!, step: s };
  }
  const stored = new Map<number, { store: CbStore; value: string }>();
  if (handoff) {
    const chainRoot = stops[start]!.hop;
    for (const store of layout.policyHandoff.stores)
      stored.set(store.slot, { store, value: storedValue(store, stops, at, chainRoot.device) });
  }
  const children = layout.slots.map((name, i) => {
    const w = stored.get(i);
    return w
      ? { name: `cb[${i}] ${w.store.name === name ? name : `${w.store.name} (${name})`}`, value: w.value }
      : { name: `cb[${i}] ${name}`, value: '—' };
  });
  return {
    name: 'cb[]',
    value: handoff
      ? `${stored.size} words stored by the local delivery (${layout.policyHandoff.cite})`
      : `nothing stored by the programs so far (${layout.cite})`,
    children,
  };
}

/** A stop continues the chain of the one before it: the same hop, or a tail call from it. */
function chainContinues(stop: Stop, before: Stop): boolean {
  return stop.hop.index === before.hop.index || (stop.hop.hook === 'tail-call' && !!before.hop.program);
}

function storedValue(store: CbStore, stops: readonly Stop[], at: number, chainDevice: string): string {
  const v = store.value;
  if (typeof v === 'object') return v.literal;
  switch (v) {
    case 'source-identity': {
      // what the destination's policy program reads back: the identity its ingress check uses
      const policy = laterStep(stops, at, (s) => s.type === 'policy' && s.direction === 'ingress');
      return policy?.type === 'policy'
        ? `${policy.identity} (source identity)`
        : 'seclabel (source identity)';
    }
    case 'endpoint-ifindex': {
      const exit = laterStep(stops, at, (s) => s.type === 'redirect' || s.type === 'deliver');
      return exit && 'device' in exit && exit.device ? `ifindex of ${exit.device}` : 'ep->ifindex';
    }
    case 'from-host':
      return chainDevice === 'cilium_host' ? '1' : '0';
    case 'from-tunnel':
      return isTunnelDevice(chainDevice) ? '1' : '0';
    case 'cluster-id':
      return '0 (this cluster)';
  }
}

/** The first step at or after `at`, on the same node, that `match` accepts. */
function laterStep(stops: readonly Stop[], at: number, match: (s: Step) => boolean): Step | undefined {
  for (let i = at; i < stops.length && stops[i]!.node === stops[at]!.node; i++) {
    const s = stops[i]!.step;
    if (s && match(s)) return s;
  }
  return undefined;
}

/**
 * skb->mark at a stop: the last write the trace's steps carry (`Step.mark`, the model's
 * model/skb-mark.ts), on this node and in this namespace (a packet that crossed the wire, a veth or the
 * IPVLAN driver into another namespace starts with 0: skb_scrub_packet). The stop's own write counts:
 * the Variables show the mark after the step.
 */
function markAt(
  stops: readonly Stop[],
  at: number,
  version: CiliumVersion | undefined,
  encryption: string,
): Variable {
  const modelled = !!version && marksModelled(version, encryption);
  const why = !version
    ? 'no release known'
    : encryption === 'ipsec'
      ? "IPsec's key marks are not modelled"
      : `not modelled for ${version.label}`;
  const releases = MARK_RELEASES.map((m) => (m === 99 ? 'main' : `v1.${m}`)).join(', ');
  const here = stops[at]!;
  let from = at;
  while (
    from > 0 &&
    stops[from - 1]!.node === here.node &&
    stops[from - 1]!.hop.namespace === here.hop.namespace
  )
    from--;
  for (let i = at; i >= from; i--) {
    const s = stops[i]!;
    const mark = s.step?.mark;
    if (!mark) continue;
    const program = s.hop.program
      ? `${s.hop.program.function} (${s.hop.program.file})`
      : `${s.hop.device} ${s.hop.hook}`;
    // a release whose writes are not modelled may still carry the planner's (WireGuard's encrypt mark)
    const partial = modelled ? '' : `; other writes ${why}`;
    return {
      name: 'mark',
      value: `${mark.value} (${mark.magic}${mark.identity !== undefined ? `, identity ${mark.identity}` : ''}${partial})`,
      children: [
        { name: 'value', value: mark.value },
        { name: 'magic', value: mark.magic },
        ...(mark.identity !== undefined ? [{ name: 'identity', value: String(mark.identity) }] : []),
        { name: 'meaning', value: mark.meaning },
        { name: 'set by', value: `hop ${s.hop.index} ${program}, ${s.step!.type} (stop ${i + 1})` },
        { name: 'cite', value: mark.cite },
      ],
    };
  }
  if (!modelled) return { name: 'mark', value: `unknown (${why}; modelled: ${releases})` };
  if (here.hop.hook === 'wire')
    return { name: 'mark', value: '— (skb->mark stays in the sending kernel: nothing of it is on the wire)' };
  const crossed = from > 0;
  return {
    name: 'mark',
    value: `0x00000000 (${crossed ? `no write since the packet entered ${here.node}'s ${here.hop.namespace === 'host' ? 'host' : here.hop.namespace} namespace` : 'no program of this path wrote it yet'})`,
  };
}
