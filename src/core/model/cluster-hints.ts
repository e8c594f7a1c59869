/**
 * What a cluster's `cilium-config` ConfigMap says about the mode preset and the release, for an
 * imported topology. Only the keys that pick a preset are read here (what every key means, its
 * default and validation belong to the configuration model); each conclusion comes with the reason
 * given to the user.
 *
 * Keys (pkg/option/config.go): `datapath-mode` (v1.10.0: DatapathMode = "datapath-mode", value
 * "ipvlan" or "veth", pkg/datapath/option/option.go); `tunnel` (TunnelName, v1.4–v1.14: vxlan, geneve,
 * disabled; gone in v1.15.0); `routing-mode` (RoutingMode, from v1.14.0: "tunnel" or "native") with
 * `tunnel-protocol` (TunnelProtocol, from v1.14.0: vxlan or geneve); `enable-tcx` (EnableTCX, from
 * v1.16.0).
 */
import type { DatapathMode } from './model-types';

export interface ModeHint {
  /** undefined when the keys contradict each other or name an unknown value */
  mode?: DatapathMode;
  /** why: "routing-mode=native" */
  reason: string;
}

export interface VersionHint {
  /** lowest and highest minor release (of 1.x) the keys allow */
  from?: number;
  to?: number;
  reason: string;
}

export function modeFromCiliumConfig(config: Readonly<Record<string, string>>): ModeHint {
  const datapathMode = config['datapath-mode'];
  if (datapathMode === 'ipvlan') return { mode: 'ipvlan', reason: 'datapath-mode=ipvlan' };
  const routing = config['routing-mode'];
  const tunnel = config['tunnel'];
  const protocol = config['tunnel-protocol'];
  if (routing !== undefined) {
    if (routing === 'native') return { mode: 'native', reason: 'routing-mode=native' };
    if (routing === 'tunnel') {
      if (protocol === undefined || protocol === 'vxlan')
        return {
          mode: 'vxlan',
          reason: protocol
            ? 'routing-mode=tunnel, tunnel-protocol=vxlan'
            : 'routing-mode=tunnel (tunnel-protocol defaults to vxlan)',
        };
      if (protocol === 'geneve')
        return { mode: 'geneve', reason: 'routing-mode=tunnel, tunnel-protocol=geneve' };
      return { reason: `tunnel-protocol=${protocol} is neither vxlan nor geneve` };
    }
    return { reason: `routing-mode=${routing} is neither tunnel nor native` };
  }
  if (tunnel !== undefined) {
    if (tunnel === 'disabled') return { mode: 'native', reason: 'tunnel=disabled' };
    if (tunnel === 'vxlan' || tunnel === 'geneve') return { mode: tunnel, reason: `tunnel=${tunnel}` };
    return { reason: `tunnel=${tunnel} is none of vxlan, geneve, disabled` };
  }
  return {
    mode: 'vxlan',
    reason: "neither routing-mode nor tunnel is set: Cilium's default, a VXLAN tunnel",
  };
}

/** Release bounds the presence of keys implies. */
export function versionHintsFromCiliumConfig(config: Readonly<Record<string, string>>): VersionHint[] {
  const hints: VersionHint[] = [];
  if ('routing-mode' in config) hints.push({ from: 14, reason: 'routing-mode exists from v1.14' });
  if ('tunnel' in config)
    hints.push({ to: 14, reason: 'tunnel was removed in v1.15 (replaced by routing-mode)' });
  if ('enable-tcx' in config) hints.push({ from: 16, reason: 'enable-tcx exists from v1.16' });
  if (config['datapath-mode'] === 'ipvlan') hints.push({ to: 12, reason: 'IPVLAN was removed in v1.13' });
  return hints;
}

/** "quay.io/cilium/cilium:v1.16.3@sha256:…" → "v1.16.3" (the agent image's tag), else undefined. */
export function versionFromAgentImage(image: string): string | undefined {
  const m = /:v?(1\.\d{1,3}\.\d{1,3})(?:[-+][0-9A-Za-z.-]*)?(?:@sha256:[0-9a-f]+)?$/.exec(image);
  return m ? `v${m[1]}` : undefined;
}
