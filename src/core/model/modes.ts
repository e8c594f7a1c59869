/**
 * The four mode names as presets of the configuration axes (config.ts), with the labels the UI shows.
 * Which programs run where is in table/attachments.ts; what they do in table/behaviours-*.ts.
 */
import { PRESETS, tunnelOf, type DatapathConfig, type TunnelSpec } from './config';
import type { DatapathMode } from './model-types';
import { DatapathError } from './model-types';
import { inRange, type CiliumVersion, type VersionRange } from './versions';

export { mapNames, type MapNames } from './table/map-names';
export type { DeviceRole } from './table/attachments';

export interface ModeSpec {
  mode: DatapathMode;
  label: string;
  config: DatapathConfig;
  /** how a pod is wired to its node */
  podLink: DatapathConfig['podLink'];
  tunnel?: TunnelSpec;
  /** releases that have the mode */
  versions: VersionRange;
  summary: string;
}

function preset(mode: DatapathMode, label: string, versions: VersionRange, summary: string): ModeSpec {
  const config = PRESETS[mode];
  const tunnel = tunnelOf(config);
  return { mode, label, config, podLink: config.podLink, ...(tunnel ? { tunnel } : {}), versions, summary };
}

export const MODES: Readonly<Record<DatapathMode, ModeSpec>> = {
  vxlan: preset(
    'vxlan',
    'VXLAN',
    { from: 4 },
    "Cilium's default: veth pairs for pods, VXLAN (UDP 8472) between nodes.",
  ),
  geneve: preset('geneve', 'Geneve', { from: 4 }, 'veth pairs for pods, Geneve (UDP 6081) between nodes.'),
  native: preset(
    'native',
    'Native routing',
    { from: 4 },
    'veth pairs for pods, no tunnel: each node routes "PodCIDR via node IP" (auto-direct-node-routes).',
  ),
  ipvlan: preset(
    'ipvlan',
    'IPVLAN',
    { from: 4, to: 12 },
    'Pods are IPVLAN slaves of the node eth0 (master), sharing its MAC; no tunnel, all nodes in one subnet. IPVLAN existed in v1.4–v1.12 (deprecated in v1.11).',
  ),
};

/** Throws a clear error when a mode does not exist in a version (IPVLAN after v1.12). */
export function modeSpec(mode: string, version: CiliumVersion): ModeSpec {
  const spec = Object.prototype.hasOwnProperty.call(MODES, mode) ? MODES[mode as DatapathMode] : undefined;
  if (!spec) {
    throw new DatapathError(
      `Unknown datapath mode "${mode.slice(0, 40)}": use one of ${Object.keys(MODES).join(', ')}.`,
      'unknown-mode',
    );
  }
  if (!inRange(version, spec.versions)) {
    throw new DatapathError(
      `${spec.label} mode does not exist in Cilium ${version.label}: it exists in v1.${spec.versions.from}–v1.${spec.versions.to ?? ''} (deprecated in v1.11, removed in v1.13 by "Remove IPVLAN code").`,
      'unsupported-version',
    );
  }
  return spec;
}
