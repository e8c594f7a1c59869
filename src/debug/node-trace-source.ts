/**
 * The standalone adapter's traces: the checkout read from disk and indexed (anchors), the topology and
 * policy files of the launch configuration read as regular files under size limits (relative paths
 * from the adapter's working directory), its `config` as cilium-config keys.
 */
import { anchorTrace, DEFAULT_TOPOLOGY, parseTopology, trace, type Topology } from '../core';
import { loadPolicyFiles, withManifestServices } from '../core/policy';
import { loadCheckoutSync } from '../node-io/checkout-index';
import { MAX_TOPOLOGY_BYTES, readRegularFileSync } from '../node-io/read-regular-file';
import type { TraceSource } from './trace-source';

const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export const nodeTraceSource: TraceSource = {
  trace(args) {
    const checkout = args.checkout ? loadCheckoutSync(args.checkout) : undefined;
    let topology: Topology = DEFAULT_TOPOLOGY;
    if (args.topology) {
      const text = readRegularFileSync(
        args.topology,
        MAX_TOPOLOGY_BYTES,
        `topology ${args.topology}`,
      ).toString('utf8');
      topology = parseTopology(text, `Topology file ${args.topology}`);
    }
    const policies = args.policies?.length
      ? loadPolicyFiles(
          args.policies.map((name) => ({
            name,
            text: readRegularFileSync(name, MAX_POLICY_BYTES, `policy file ${name}`).toString('utf8'),
          })),
        )
      : undefined;
    const t = trace(
      {
        mode: args.mode ?? topology.mode ?? 'vxlan',
        from: args.from,
        to: args.to,
        ciliumVersion: args.ciliumVersion ?? checkout?.version?.label,
        ...(args.startAt ? { startAt: args.startAt } : {}),
        ...(args.proto ? { protocol: args.proto } : {}),
        ...(args.port !== undefined ? { port: args.port } : {}),
        ...(policies ? { policies } : {}),
        ...(args.config && Object.keys(args.config).length
          ? { ciliumConfig: args.config, ciliumConfigLabel: 'the launch configuration\'s "config"' }
          : {}),
      },
      withManifestServices(topology, policies),
    );
    return Promise.resolve(
      checkout
        ? {
            trace: anchorTrace(t, checkout.index, { text: (f) => checkout.text(f) }).trace,
            root: checkout.root,
          }
        : { trace: t },
    );
  },
};
