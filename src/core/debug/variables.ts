/**
 * What the Variables view shows at a stop: the packet's headers (inner, and outer while encapsulated),
 * the skb's metadata the trace knows (device, namespace, the tunnel key, the source identity the
 * VXLAN/Geneve VNI carries), the lookups and conntrack results so far, and the verdicts so far.
 */
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

export function scopesAt(stops: readonly Stop[], at: number, disposition?: string): ScopeView[] {
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
        { name: 'udp.dstPort', value: String(h.outer.udp.dstPort) },
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
  if (h.outer) {
    skb.push({
      name: 'tunnel key',
      value: `remote ${h.outer.ip.dst}, tunnel_id ${h.outer.tunnel.vni}`,
    });
    // the VNI carries the source security identity (docs/trace-format.md, OuterHeaders.vni)
    skb.push({ name: 'cb[CB_SRC_LABEL] (source identity)', value: String(h.outer.tunnel.vni) });
  }
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
