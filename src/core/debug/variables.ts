/**
 * What the Variables view shows at a stop: the packet's headers (inner, and outer while encapsulated),
 * the skb's metadata the trace knows (device and ifindex, namespace, the tunnel key, the mark, the
 * release's five `cb[]` words and what the programs stored in them), the lookups and conntrack results
 * so far, and the verdicts so far.
 */
import { cbLayout, isPolicyProgArray, isTunnelDevice, type CbStore } from '../model/skb-cb';
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
  if (h.outer)
    packet.push({
      name: 'outer',
      value: `${h.outer.ip.src} → ${h.outer.ip.dst} ${h.outer.tunnel.protocol.toUpperCase()}`,
      children: [
        { name: 'ip.src', value: h.outer.ip.src },
        { name: 'ip.dst', value: h.outer.ip.dst },
        ...(h.outer.udp ? [{ name: 'udp.dstPort', value: String(h.outer.udp.dstPort) }] : []),
        ...(h.outer.esp ? [{ name: 'esp.spi', value: String(h.outer.esp.spi) }] : []),
        { name: 'tunnel', value: h.outer.tunnel.protocol },
        { name: 'vni', value: String(h.outer.tunnel.vni) },
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
  // the programs' writes of skb->mark (set_identity_mark, MARK_MAGIC_*) are not in the model yet
  skb.push({ name: 'mark', value: 'not modelled' });
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
