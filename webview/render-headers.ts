/** Inner and outer headers of the selected hop, and what changed there. */
import type { Hop, NatEndpoint, NatStep } from '../src/core/trace/trace-types';
import { h } from './dom';

const row = (k: string, v: string): HTMLElement => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v));

export function renderHeaders(hop: Hop): HTMLElement {
  const hd = hop.headers;
  const box = h(
    'section',
    { class: 'headers', 'aria-label': `Headers at hop ${hop.index + 1}` },
    h('h2', {}, `Headers at hop ${hop.index + 1}`),
  );
  if (hd.outer) {
    box.append(
      h('h3', {}, `outer (${hd.outer.tunnel.protocol.toUpperCase()})`),
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          hd.outer.ethernet ? row('Ethernet', `${hd.outer.ethernet.src} → ${hd.outer.ethernet.dst}`) : null,
          row('IP', `${hd.outer.ip.src} → ${hd.outer.ip.dst}`),
          hd.outer.udp ? row('UDP', `dport ${hd.outer.udp.dstPort}`) : null,
          hd.outer.esp
            ? row('ESP', `SPI ${hd.outer.esp.spi}, encrypted inner packet (IPsec)`)
            : hd.outer.tunnel.protocol === 'wireguard'
              ? row('WireGuard', 'encrypted inner packet')
              : row(
                  hd.outer.tunnel.protocol === 'vxlan' ? 'VXLAN' : 'Geneve',
                  `VNI ${hd.outer.tunnel.vni} (source identity)`,
                ),
        ),
      ),
    );
  }
  box.append(
    h('h3', {}, hd.outer ? 'inner' : 'packet'),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        hd.ethernet ? row('Ethernet', `${hd.ethernet.src} → ${hd.ethernet.dst || '?'}`) : null,
        row('IP', `${hd.ip.src} → ${hd.ip.dst} (${hd.ip.protocol})`),
      ),
    ),
  );
  const nats = hop.steps.filter((s): s is NatStep => s.type === 'nat');
  for (const nat of nats) box.append(natDiff(nat));
  if (hop.headerChanges?.length) {
    const ul = h('ul', { class: 'changes' });
    for (const c of hop.headerChanges) ul.append(h('li', {}, c));
    box.append(h('h3', {}, 'changed here'), ul);
  }
  return box;
}

const end = (e: NatEndpoint): string => (e.port === undefined ? e.ip : `${e.ip}:${e.port}`);

/** The header fields a NAT rewrote: before and after, side by side, the changed field highlighted. */
function natDiff(nat: NatStep): HTMLElement {
  const field = nat.kind === 'snat' || nat.kind === 'rev-dnat' ? 'source' : 'destination';
  const by = nat.by === 'bpf' ? `BPF${nat.map ? `, ${nat.map}` : ''}` : 'iptables';
  return h(
    'div',
    { class: `nat-diff nat-${nat.kind}`, 'aria-label': `${nat.kind.toUpperCase()} header change` },
    h('h3', {}, `${nat.kind.toUpperCase()} (${by})`),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        h('tr', {}, h('th', {}, ''), h('th', { scope: 'col' }, 'before'), h('th', { scope: 'col' }, 'after')),
        h(
          'tr',
          { class: 'nat-changed' },
          h('th', { scope: 'row' }, field),
          h('td', { class: 'nat-before' }, end(nat.before)),
          h('td', { class: 'nat-after' }, end(nat.after)),
        ),
      ),
    ),
  );
}
