import { DATAPATH_MODES, resolveHook } from '../../core';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';
import { formatResolutionText } from '../format/text';

export const RESOLVE_USAGE =
  'cilium-datapath resolve <hook> [--mode vxlan|geneve|native|ipvlan] [--cilium-version vX.Y] [--format text|json]';

export function resolveCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(argv, ['mode', 'cilium-version', 'format']);
  const hook = args.positional[0];
  if (!hook || args.positional.length > 1)
    throw new UsageError(`resolve needs exactly one hook. Usage: ${RESOLVE_USAGE}`);
  const mode = oneOf(flag(args, 'mode'), DATAPATH_MODES, 'mode', 'vxlan');
  const format = oneOf(flag(args, 'format'), ['text', 'json'] as const, 'format', 'text');
  const result = resolveHook(hook, mode, flag(args, 'cilium-version'));
  io.out(format === 'json' ? JSON.stringify(result, null, 2) : formatResolutionText(result));
}
