/** The `cilium-datapath` launch configuration, validated: every error names the attribute. */
import { DATAPATH_MODES, HOOK_NAMES } from '../core';

export interface DatapathLaunchArgs {
  /** the Cilium checkout whose lines the steps are anchored on (in the editor: the open checkout) */
  checkout?: string;
  mode?: string;
  /**
   * cilium-config keys over the mode's preset, as `trace --config key=value` and the
   * ciliumDatapath.config setting take them, e.g. { "kube-proxy-replacement": "true" }
   */
  config?: Record<string, string>;
  from: string;
  to: string;
  port?: number;
  proto?: 'tcp' | 'udp' | 'icmp' | 'sctp';
  startAt?: string;
  /** policy manifests (YAML), applied as with `trace --policy` */
  policies?: string[];
  ciliumVersion?: string;
  topology?: string;
  stopOnEntry?: boolean;
}

export class LaunchError extends Error {}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 4096;

export function parseLaunchArgs(raw: Record<string, unknown>): DatapathLaunchArgs {
  const fail = (m: string): never => {
    throw new LaunchError(`launch configuration: ${m}`);
  };
  if (!str(raw.from)) fail('"from" (the source pod) is required');
  if (!str(raw.to)) fail('"to" (the destination pod or IP) is required');
  if (raw.mode !== undefined && !(DATAPATH_MODES as readonly unknown[]).includes(raw.mode))
    fail(`"mode" must be one of ${DATAPATH_MODES.join(', ')}`);
  if (raw.startAt !== undefined && !(HOOK_NAMES as readonly unknown[]).includes(raw.startAt))
    fail(`"startAt" must be one of ${HOOK_NAMES.join(', ')}`);
  if (
    raw.port !== undefined &&
    !(typeof raw.port === 'number' && Number.isInteger(raw.port) && raw.port >= 1 && raw.port <= 65535)
  )
    fail('"port" must be a port number (1–65535)');
  if (raw.proto !== undefined && !['tcp', 'udp', 'icmp', 'sctp'].includes(raw.proto as string))
    fail('"proto" must be tcp, udp, icmp or sctp');
  if (raw.policies !== undefined && !(Array.isArray(raw.policies) && raw.policies.every(str)))
    fail('"policies" must be a list of file paths');
  if (raw.checkout !== undefined && !str(raw.checkout)) fail('"checkout" must be a folder path');
  if (raw.topology !== undefined && !str(raw.topology)) fail('"topology" must be a file path');
  if (raw.ciliumVersion !== undefined && !str(raw.ciliumVersion)) fail('"ciliumVersion" must be text');
  if (
    raw.config !== undefined &&
    !(
      typeof raw.config === 'object' &&
      raw.config !== null &&
      !Array.isArray(raw.config) &&
      Object.values(raw.config).every((v) => typeof v === 'string')
    )
  )
    fail('"config" must map cilium-config keys to text values, e.g. { "kube-proxy-replacement": "true" }');
  return raw as unknown as DatapathLaunchArgs;
}
