/** `--config key=value` (repeatable): the user's cilium-config keys, checked by the model. */
import { parseConfigAssignment } from '../core/model/cilium-config';
import { UsageError, type ParsedArgs } from './args';

export function configKeysFromArgs(args: ParsedArgs): Record<string, string> | undefined {
  const list = args.lists.get('config');
  if (!list?.length) return undefined;
  const keys: Record<string, string> = {};
  for (const item of list) {
    const [key, value] = parseConfigAssignment(item);
    if (Object.prototype.hasOwnProperty.call(keys, key) && keys[key] !== value)
      throw new UsageError(
        `--config ${key} is given twice (${keys[key]}, ${value.slice(0, 40)}): give it once.`,
      );
    keys[key] = value;
  }
  return keys;
}
