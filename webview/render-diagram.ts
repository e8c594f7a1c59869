/** The nodes with their devices and the packet's path; the selected hop is highlighted. */
import type { Trace } from '../src/core/trace/trace-types';
import { h } from './dom';

export function renderDiagram(
  trace: Trace,
  selected: number,
  onSelect: (index: number) => void,
): HTMLElement {
  const nodes: string[] = [];
  for (const hop of trace.hops) if (hop.hook !== 'wire' && !nodes.includes(hop.node)) nodes.push(hop.node);
  const wrap = h('div', { class: 'diagram', role: 'group', 'aria-label': 'Datapath diagram' });
  nodes.forEach((node, i) => {
    if (i > 0) {
      const wireHop = trace.hops.find((x) => x.hook === 'wire');
      const wire = h(
        'button',
        {
          class: `wire${wireHop && wireHop.index === selected ? ' current' : ''}`,
          type: 'button',
          'aria-label': 'physical network between the nodes',
        },
        h('span', { class: 'codicon codicon-arrow-right' }),
        wireHop?.headers.outer
          ? wireHop.headers.outer.udp
            ? ` UDP ${wireHop.headers.outer.udp.dstPort}`
            : ' ESP'
          : ' routed',
      );
      if (wireHop) wire.addEventListener('click', () => onSelect(wireHop.index));
      wrap.append(wire);
    }
    const box = h(
      'div',
      { class: 'node', role: 'group', 'aria-label': node },
      h('div', { class: 'node-title' }, h('span', { class: 'codicon codicon-server' }), ` ${node}`),
    );
    const namespaces = new Map<string, HTMLElement>();
    for (const hop of trace.hops.filter((x) => x.node === node)) {
      let ns = namespaces.get(hop.namespace);
      if (!ns) {
        ns = h(
          'div',
          { class: `ns ${hop.namespace === 'host' ? 'ns-host' : 'ns-pod'}` },
          h(
            'div',
            { class: 'ns-title' },
            hop.namespace === 'host' ? 'host namespace' : hop.namespace.replace('pod:', 'pod '),
          ),
        );
        namespaces.set(hop.namespace, ns);
        box.append(ns);
      }
      const label = `${hop.device}`;
      let dev = ns.querySelector<HTMLElement>(`[data-device="${CSS.escape(label)}"]`);
      if (!dev) {
        dev = h('div', { class: 'device', 'data-device': label }, h('span', { class: 'device-name' }, label));
        ns.append(dev);
      }
      const chip = h(
        'button',
        {
          class: `hop-chip${hop.index === selected ? ' current' : ''}`,
          type: 'button',
          title: `hop ${hop.index + 1}: ${hop.hook}${hop.program ? ` ${hop.program.function}()` : ''}`,
          'aria-label': `hop ${hop.index + 1} ${hop.device} ${hop.hook}`,
        },
        String(hop.index + 1),
      );
      chip.addEventListener('click', () => onSelect(hop.index));
      dev.append(chip);
    }
    wrap.append(box);
  });
  return wrap;
}
