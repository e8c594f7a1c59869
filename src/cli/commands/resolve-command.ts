import { DATAPATH_MODES, resolveHook } from '../../core';
import type { ConfigLayer } from '../../core/model/cilium-config';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';
import { configKeysFromArgs } from '../config-flag';
import { loadTopology } from './trace-command';
import { formatResolutionText } from '../format/text';

export const RESOLVE_USAGE =
  'cilium-datapath resolve <hook> [--mode vxlan|geneve|native|ipvlan] [--cilium-version vX.Y] [--topology file.json] [--config key=value …] [--format text|json]';

export function resolveCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, ['mode', 'cilium-version', 'format', 'topology'], [], ['config']);
  const hook = args.positional[0];
  if (!hook || args.positional.length > 1)
    throw new UsageError(`resolve needs exactly one hook. Usage: ${RESOLVE_USAGE}`);
  const topologyPath = flag(args, 'topology');
  const topology = topologyPath ? loadTopology(io, topologyPath) : undefined;
  const mode = oneOf(flag(args, 'mode') ?? topology?.mode, DATAPATH_MODES, 'mode', 'vxlan');
  const format = oneOf(flag(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const keys = configKeysFromArgs(args);
  const layers: ConfigLayer[] = [];
  if (topology && Object.keys(topology.config).length)
    layers.push({ origin: 'topology', label: `topology "${topology.name}" config`, keys: topology.config });
  if (keys) layers.push({ origin: 'user', label: '--config', keys });
  const result = resolveHook(hook, mode, flag(args, 'cilium-version') ?? topology?.ciliumVersion, layers);
  io.out(format === 'json' ? JSON.stringify(result, null, 2) : formatResolutionText(result));
}
