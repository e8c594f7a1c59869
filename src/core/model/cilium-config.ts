/**
 * The cilium-config ConfigMap → DatapathConfig, as each release's agent reads it: key names and
 * defaults (cilium-config-keys.ts), the combinations the release refuses (with the release's own
 * reason and line), the fallbacks it takes silently (BPF host routing → legacy, BPF masquerade →
 * iptables) and where every value came from (the user, the topology, the mode preset, the release).
 */
import { IPSEC_LATER_RELEASES, ipsecModelled, ipsecNetdevOf } from './table/ipsec';
import { CONFIG_KEYS, keySpec, type ConfigKeyName, type ConfigKeySpec } from './cilium-config-keys';
import { PRESETS, type DatapathConfig, type Encryption, type PodLink, type Transport } from './config';
import { DatapathError, DATAPATH_MODES, type DatapathMode } from './model-types';
import { modeSpec } from './modes';
import { inRange, pick, type CiliumVersion } from './versions';

/** Where a value came from, strongest first. */
export type ConfigOrigin = 'user' | 'topology' | 'preset' | 'release default' | 'derived';

/** One source of cilium-config keys: the topology's `config`, or the user's (`--config`, the setting). */
export interface ConfigLayer {
  origin: 'user' | 'topology';
  /** how errors name it: "--config", "ciliumDatapath.config", "topology config" */
  label: string;
  keys: Readonly<Record<string, string>>;
  /**
   * A whole ConfigMap as a cluster holds it: keys this release does not read are ignored (the agent
   * reads only the options it declares), instead of refused as a user's --config would be.
   */
  wholeConfigMap?: boolean;
}

export interface ConfigValue {
  key: string;
  value: string;
  origin: ConfigOrigin;
  /** the release's line for a default or a derived value */
  cite?: string;
  note?: string;
}

export interface ResolvedConfig {
  config: DatapathConfig;
  /** the mode whose topology overrides and routes apply (its pod link and transport) */
  mode: DatapathMode;
  /** the preset the configuration equals, or "custom" */
  preset: DatapathMode | 'custom';
  /** the mode preset the keys were applied to */
  base: DatapathMode;
  values: ConfigValue[];
  /** what the release decided on its own (fallbacks), one sentence each */
  notes: string[];
  /** keys given that the model does not read */
  ignored: string[];
}

/** A release rule: the line of the first listed release at or below the traced one. */
type Lines = ReadonlyArray<readonly [since: number, cite: string]>;
function lineFor(lines: Lines, version: CiliumVersion): string {
  let found = lines[0]![1];
  for (const [since, cite] of lines) if (since <= version.minor) found = cite;
  return found;
}

function invalid(message: string): DatapathError {
  return new DatapathError(message, 'invalid-config');
}

/** The spellings Go's strconv.ParseBool accepts (the agent reads boolean keys with it). */
export const GO_BOOL_TRUE: readonly string[] = ['1', 't', 'T', 'TRUE', 'true', 'True'];
export const GO_BOOL_FALSE: readonly string[] = ['0', 'f', 'F', 'FALSE', 'false', 'False'];
const TRUE = new Set(GO_BOOL_TRUE);
const FALSE = new Set(GO_BOOL_FALSE);

function allowedValues(spec: ConfigKeySpec, version: CiliumVersion): readonly string[] | 'bool' {
  if (spec.values === 'bool') return 'bool';
  return spec.values.find((v) => inRange(version, v.versions))?.values ?? [];
}

function rangeText(spec: ConfigKeySpec): string {
  const to = spec.versions.to;
  return `v1.${spec.versions.from}${to === undefined ? '+' : to === spec.versions.from ? '' : `–v1.${to}`}`;
}

interface Given {
  value: string;
  origin: 'user' | 'topology';
}

/** Checks keys and values against the release and folds the layers (later layers win). */
function readLayers(
  layers: readonly ConfigLayer[],
  version: CiliumVersion,
): { given: Map<ConfigKeyName, Given>; ignored: string[] } {
  const given = new Map<ConfigKeyName, Given>();
  const ignored: string[] = [];
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer.keys)) {
      const spec = keySpec(key);
      if (!spec) {
        if (layer.origin === 'user' && layer.label === '--config')
          throw invalid(
            `${layer.label} ${key.slice(0, 60)}: not a cilium-config key this tool models; use one of ${CONFIG_KEYS.map((k) => k.key).join(', ')}.`,
          );
        ignored.push(key.slice(0, 60));
        continue;
      }
      if (!inRange(version, spec.versions)) {
        if (layer.wholeConfigMap) {
          ignored.push(`${key} (not read by ${version.label})`);
          continue;
        }
        throw invalid(
          `${layer.label} ${key}: Cilium ${version.label} does not read "${key}" (read by ${rangeText(spec)})${
            spec.otherName ? `; use "${spec.otherName}"` : ''
          }.`,
        );
      }
      const value = raw.trim();
      const allowed = allowedValues(spec, version);
      if (allowed === 'bool') {
        if (!TRUE.has(value) && !FALSE.has(value))
          throw invalid(`${layer.label} ${key}=${value.slice(0, 40)}: must be true or false.`);
        given.set(spec.key, { value: TRUE.has(value) ? 'true' : 'false', origin: layer.origin });
      } else {
        if (!allowed.includes(value)) {
          const why =
            spec.key === 'datapath-mode'
              ? ` (the agent stops with "Invalid datapath mode", ${lineFor(INVALID_DATAPATH_MODE, version)})`
              : '';
          throw invalid(
            `${layer.label} ${key}=${value.slice(0, 40)}: Cilium ${version.label} accepts ${allowed.join(', ')}${why}.`,
          );
        }
        given.set(spec.key, { value, origin: layer.origin });
      }
    }
  }
  return { given, ignored };
}

const INVALID_DATAPATH_MODE: Lines = [
  [4, 'v1.10.0 daemon/cmd/daemon_main.go:1305'],
  [12, 'v1.12.0 daemon/cmd/daemon_main.go:1435'],
  [16, 'v1.16.0 daemon/cmd/daemon_main.go:1393'],
  [17, 'v1.17.0 daemon/cmd/daemon_main.go:1307'],
  [18, 'v1.18.0 daemon/cmd/daemon_main.go:1193'],
  [19, 'v1.19.0 daemon/cmd/daemon_main.go:1090'],
];

/** The release's default of a key (its first spelling the release reads). */
function releaseDefault(key: ConfigKeyName, version: CiliumVersion): { value: string; cite: string } {
  const spec = keySpec(key)!;
  const row = pick(spec.defaults, version) ?? spec.defaults[0]!;
  return { value: row.value, cite: row.cite };
}

interface Refusal {
  versions: { from: number; to?: number };
  when: (c: DatapathConfig) => boolean;
  reason: string;
  lines: Lines;
}

/** Combinations the release refuses to start with (log.Fatal or an error returned at start-up). */
const REFUSALS: readonly Refusal[] = [
  {
    versions: { from: 4 },
    when: (c) => !c.ipv4 && !c.ipv6,
    reason: 'Either IPv4 or IPv6 addressing must be enabled',
    lines: [
      [4, 'v1.10.0 daemon/cmd/daemon_main.go:1229'],
      [12, 'v1.12.0 daemon/cmd/daemon_main.go:1362'],
      [16, 'v1.16.0 daemon/cmd/daemon_main.go:1358'],
      [17, 'v1.17.0 daemon/cmd/daemon_main.go:1272'],
      [18, 'v1.18.0 daemon/cmd/daemon_main.go:1175'],
      [19, 'v1.19.0 daemon/cmd/daemon_main.go:1059'],
      [99, 'main daemon/cmd/daemon_main.go:1051'],
    ],
  },
  {
    versions: { from: 4 },
    when: (c) => c.encryption === 'ipsec' && c.hostFirewall,
    reason: 'IPSec cannot be used with the host firewall.',
    lines: [
      [4, 'v1.10.0 daemon/cmd/daemon_main.go:1340'],
      [12, 'v1.12.0 daemon/cmd/daemon_main.go:1470'],
      [16, 'v1.16.0 daemon/cmd/daemon_main.go:1451'],
      [17, 'v1.17.0 daemon/cmd/daemon_main.go:1365'],
      [18, 'v1.18.0 daemon/cmd/daemon_main.go:1230'],
      [19, 'v1.19.0 daemon/cmd/daemon.go:60'],
      [99, 'main daemon/cmd/daemon.go:56'],
    ],
  },
  {
    versions: { from: 4, to: 12 },
    when: (c) => c.podLink === 'ipvlan' && c.transport !== 'native',
    reason: "tunnel cannot be set in the 'ipvlan' datapath mode",
    lines: [
      [4, 'v1.10.0 daemon/cmd/daemon_main.go:1254'],
      [12, 'v1.12.0 daemon/cmd/daemon_main.go:1380'],
    ],
  },
  {
    versions: { from: 4, to: 12 },
    when: (c) => c.podLink === 'ipvlan' && c.encryption === 'ipsec',
    reason: "Currently ipsec cannot be used in the 'ipvlan' datapath mode.",
    lines: [
      [4, 'v1.10.0 daemon/cmd/daemon_main.go:1261'],
      [12, 'v1.12.0 daemon/cmd/daemon_main.go:1387'],
    ],
  },
  {
    versions: { from: 10, to: 12 },
    when: (c) => c.podLink === 'ipvlan' && c.bpfMasquerade && c.ipv4Masquerade,
    reason: 'BPF masquerade works only in veth mode (--datapath-mode="veth")',
    lines: [
      [10, 'v1.10.0 daemon/cmd/daemon.go:633'],
      [12, 'v1.12.0 daemon/cmd/daemon.go:968'],
    ],
  },
  {
    versions: { from: 13, to: 18 },
    when: (c) => c.bpfMasquerade && c.ipv4Masquerade && !c.kubeProxyReplacement,
    reason:
      'BPF masquerade requires NodePort (--enable-node-port="true"), which kube-proxy-replacement enables',
    lines: [
      [13, 'v1.13.0 daemon/cmd/daemon.go:984'],
      [16, 'v1.16.0 daemon/cmd/daemon.go:675'],
      [17, 'v1.17.0 daemon/cmd/daemon.go:653'],
      [18, 'v1.18.0 daemon/cmd/daemon.go:542'],
    ],
  },
];

/** Why a release falls back to legacy host routing; the first that holds wins (the release's order). */
interface Fallback {
  versions: { from: number; to?: number };
  when: (c: DatapathConfig) => boolean;
  reason: string;
  lines: Lines;
}

const HOST_ROUTING_FALLBACKS: readonly Fallback[] = [
  {
    versions: { from: 10, to: 18 },
    when: (c) => c.encryption === 'ipsec',
    reason: 'BPF host routing is incompatible with enable-ipsec.',
    lines: [
      [10, 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:513'],
      [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:548'],
      [16, 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:373'],
      [17, 'v1.17.0 daemon/cmd/kube_proxy_replacement.go:356'],
      [18, 'v1.18.0 daemon/cmd/kube_proxy_replacement.go:272'],
    ],
  },
  {
    versions: { from: 10 },
    when: (c) => c.ipv4Masquerade && !c.bpfMasquerade,
    reason: 'BPF host routing requires enable-bpf-masquerade.',
    lines: [
      [10, 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:517'],
      [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:551'],
      [16, 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:376'],
      [17, 'v1.17.0 daemon/cmd/kube_proxy_replacement.go:359'],
      [18, 'v1.18.0 daemon/cmd/kube_proxy_replacement.go:275'],
      [19, 'v1.19.0 pkg/kpr/initializer/kube_proxy_replacement.go:55'],
      [99, 'main pkg/kpr/initializer/kube_proxy_replacement.go:51'],
    ],
  },
  {
    versions: { from: 10, to: 13 },
    when: (c) => c.endpointRoutes,
    reason: 'BPF host routing is currently not supported with enable-endpoint-routes.',
    lines: [
      [10, 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:520'],
      [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:554'],
      [13, 'v1.13.0 daemon/cmd/kube_proxy_replacement.go:451'],
    ],
  },
  {
    versions: { from: 10, to: 13 },
    when: (c) => c.encryption === 'wireguard',
    reason: 'BPF host routing is currently not compatible with Wireguard (--enable-wireguard).',
    lines: [
      [10, 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:524'],
      [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:558'],
      [13, 'v1.13.0 daemon/cmd/kube_proxy_replacement.go:455'],
    ],
  },
  {
    versions: { from: 10, to: 13 },
    when: (c) => !c.kubeProxyReplacement,
    reason: 'kube-proxy replacement is not strict: disableNodePort() sets enable-host-legacy-routing=true.',
    lines: [
      [10, 'v1.10.0 daemon/cmd/kube_proxy_replacement.go:613'],
      [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:640'],
    ],
  },
  {
    versions: { from: 14 },
    when: (c) => !c.kubeProxyReplacement,
    reason: 'BPF host routing requires kube-proxy-replacement=true.',
    lines: [
      [14, 'v1.14.0 daemon/cmd/kube_proxy_replacement.go:437'],
      [16, 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:379'],
      [17, 'v1.17.0 daemon/cmd/kube_proxy_replacement.go:362'],
      [18, 'v1.18.0 daemon/cmd/kube_proxy_replacement.go:278'],
      [19, 'v1.19.0 pkg/kpr/initializer/kube_proxy_replacement.go:58'],
      [99, 'main pkg/kpr/initializer/kube_proxy_replacement.go:54'],
    ],
  },
];

/** v1.10–v1.12: BPF masquerade without NodePort falls back to iptables (v1.13+ refuses, above). */
const BPF_MASQ_FALLBACK: Lines = [
  [10, 'v1.10.0 daemon/cmd/daemon.go:605'],
  [11, 'v1.11.0 daemon/cmd/daemon.go:684'],
  [12, 'v1.12.0 daemon/cmd/daemon.go:922'],
];

/** kube-proxy-replacement=true (strict) turns socket LB on unless bpf-lb-sock is given. */
const KPR_SOCKET_LB: Lines = [
  [12, 'v1.12.0 daemon/cmd/kube_proxy_replacement.go:95'],
  [16, 'v1.16.0 daemon/cmd/kube_proxy_replacement.go:58'],
  [17, 'v1.17.0 daemon/cmd/kube_proxy_replacement.go:57'],
  [18, 'v1.18.0 pkg/kpr/kpr.go:93'],
  [19, 'v1.19.0 pkg/kpr/kpr.go:48'],
  [99, 'main pkg/kpr/kpr.go:48'],
];

const bool = (v: string): boolean => v === 'true';

/** The mode a configuration is traced in: topology overrides and routes follow its link and transport. */
export function modeOfConfig(config: Pick<DatapathConfig, 'podLink' | 'transport'>): DatapathMode {
  return config.podLink === 'ipvlan' ? 'ipvlan' : config.transport;
}

/** The preset a configuration equals, or "custom". */
export function presetOf(config: DatapathConfig): DatapathMode | 'custom' {
  for (const mode of DATAPATH_MODES) {
    const p = PRESETS[mode];
    if ((Object.keys(p) as Array<keyof DatapathConfig>).every((k) => p[k] === config[k])) return mode;
  }
  return 'custom';
}

/**
 * The configuration a trace runs with: the mode's preset, the release's defaults for what the preset
 * leaves open, the topology's and the user's cilium-config keys on top (the user's last), then what
 * the release decides itself. `overrides` sets axes directly (the model's own tests and the legacy
 * `--host-routing` flag); they are not checked against the release's fallbacks.
 */
export function resolveCiliumConfig(
  mode: string,
  version: CiliumVersion,
  layers: readonly ConfigLayer[] = [],
  overrides: Partial<DatapathConfig> = {},
): ResolvedConfig {
  const preset = modeSpec(mode, version).config;
  const { given, ignored } = readLayers(layers, version);
  const values: ConfigValue[] = [];
  const notes: string[] = [];

  const get = (
    key: ConfigKeyName,
    fromPreset?: string,
  ): { value: string; origin: ConfigOrigin; cite?: string } => {
    const g = given.get(key);
    if (g) return g;
    if (fromPreset !== undefined) return { value: fromPreset, origin: 'preset' };
    const d = releaseDefault(key, version);
    return { value: d.value, origin: 'release default', cite: d.cite };
  };
  const record = (
    key: string,
    v: { value: string; origin: ConfigOrigin; cite?: string },
    note?: string,
  ): void => {
    values.push({
      key,
      value: v.value,
      origin: v.origin,
      ...(v.cite ? { cite: v.cite } : {}),
      ...(note ? { note } : {}),
    });
  };

  // pod link
  const dm = get('datapath-mode', preset.podLink === 'ipvlan' ? 'ipvlan' : 'veth');
  record('datapath-mode', dm);
  const podLink = dm.value as PodLink;

  // transport: routing-mode + tunnel-protocol (v1.14+) or tunnel (v1.4–v1.14)
  let transport: Transport;
  const presetTunnel =
    podLink === 'ipvlan' ? 'disabled' : preset.transport === 'native' ? 'disabled' : preset.transport;
  const tunnelGiven = given.get('tunnel');
  if (version.minor >= 14 && !tunnelGiven) {
    const rm = get('routing-mode', presetTunnel === 'disabled' ? 'native' : 'tunnel');
    const tp = get('tunnel-protocol', presetTunnel === 'disabled' ? undefined : presetTunnel);
    record('routing-mode', rm);
    record('tunnel-protocol', tp, rm.value === 'native' ? 'not used in native routing' : undefined);
    transport = rm.value === 'native' ? 'native' : (tp.value as Transport);
  } else {
    const t = get('tunnel', presetTunnel);
    record('tunnel', t);
    transport = t.value === 'disabled' ? 'native' : (t.value as Transport);
  }

  const ipv4 = get('enable-ipv4');
  record('enable-ipv4', ipv4);
  const ipv6 = get('enable-ipv6', 'false');
  record(
    'enable-ipv6',
    ipv6,
    ipv6.origin === 'preset' ? "as Helm's ipv6.enabled=false writes it" : undefined,
  );

  let kpr = { value: 'false', origin: 'release default' as ConfigOrigin, cite: '' };
  if (version.minor >= 7) {
    const k = get('kube-proxy-replacement');
    record(
      'kube-proxy-replacement',
      k,
      k.value === 'probe' ? 'probe: a kernel with every feature is assumed' : undefined,
    );
    kpr = {
      value: ['strict', 'true', 'probe'].includes(k.value) ? 'true' : 'false',
      origin: k.origin,
      cite: k.cite ?? '',
    };
  }

  const sockKey: ConfigKeyName = version.minor >= 12 ? 'bpf-lb-sock' : 'enable-host-reachable-services';
  let socketLB = false;
  if (version.minor >= 6) {
    const s =
      given.get(sockKey) ??
      given.get(sockKey === 'bpf-lb-sock' ? 'enable-host-reachable-services' : 'bpf-lb-sock');
    if (s) {
      record(sockKey, s);
      socketLB = bool(s.value);
    } else if (bool(kpr.value) && version.minor >= 12) {
      socketLB = true;
      record(
        sockKey,
        { value: 'true', origin: 'derived', cite: lineFor(KPR_SOCKET_LB, version) },
        'kube-proxy replacement turns socket LB on',
      );
    } else {
      const d = get(sockKey);
      record(sockKey, d);
      socketLB = bool(d.value);
    }
  }

  let bpfMasquerade = false;
  if (version.minor >= 8) {
    const b = get('enable-bpf-masquerade');
    record('enable-bpf-masquerade', b);
    bpfMasquerade = bool(b.value);
  }
  const masqKey: ConfigKeyName = version.minor >= 10 ? 'enable-ipv4-masquerade' : 'masquerade';
  const m = given.get(masqKey) ?? given.get('masquerade') ?? get(masqKey);
  record(masqKey, m);
  const ipv4Masquerade = bool(m.value) && bool(ipv4.value);

  let lbMode: 'snat' | 'dsr' = 'snat';
  if (version.minor >= 8) {
    const lbKey: ConfigKeyName = version.minor >= 10 ? 'bpf-lb-mode' : 'node-port-mode';
    const l = given.get(lbKey) ?? given.get('node-port-mode') ?? get(lbKey);
    record(lbKey, l);
    if (l.value === 'hybrid')
      throw new DatapathError(
        `${lbKey}=hybrid (DSR for TCP, SNAT for UDP) is not modelled: use snat or dsr.`,
        'not-modelled',
      );
    lbMode = l.value as 'snat' | 'dsr';
  }

  let endpointRoutes = false;
  if (version.minor >= 6) {
    const e = get('enable-endpoint-routes');
    record('enable-endpoint-routes', e);
    endpointRoutes = bool(e.value);
  }
  let wireguard = false;
  if (version.minor >= 10) {
    const w = get('enable-wireguard');
    record('enable-wireguard', w);
    wireguard = bool(w.value);
  }
  const ipsecV = get('enable-ipsec');
  record('enable-ipsec', ipsecV);
  const ipsec = bool(ipsecV.value);
  let hostFirewall = false;
  if (version.minor >= 8) {
    const h = get('enable-host-firewall');
    record('enable-host-firewall', h);
    hostFirewall = bool(h.value);
  }
  if (wireguard && ipsec) {
    throw invalid(
      `Cilium ${version.label} refuses enable-wireguard=true with enable-ipsec=true: "Wireguard (--enable-wireguard) cannot be used with IPSec (--enable-ipsec)" (${lineFor(WG_IPSEC, version)}).`,
    );
  }
  const encryption: Encryption = wireguard ? 'wireguard' : ipsec ? 'ipsec' : 'none';

  const config: DatapathConfig = {
    podLink,
    transport,
    hostRouting: 'legacy',
    kubeProxyReplacement: bool(kpr.value),
    socketLB,
    bpfMasquerade,
    ipv4Masquerade,
    lbMode,
    endpointRoutes,
    ipv4: bool(ipv4.value),
    ipv6: bool(ipv6.value),
    encryption,
    hostFirewall,
  };
  if (version.minor >= 16) {
    const t = get('enable-tcx');
    if (podLink === 'netkit' || podLink === 'netkit-l2') {
      config.tcx = true;
      record(
        'enable-tcx',
        { value: 'true', origin: 'derived', cite: lineFor(NETKIT_TCX, version) },
        'netkit turns tcx on for the other devices',
      );
    } else {
      record('enable-tcx', t);
      config.tcx = bool(t.value);
    }
  }
  // podLink ipvlan without a tunnel key: the agent's tunnel default is vxlan only for veth
  if (podLink === 'ipvlan' && !given.has('tunnel') && !given.has('routing-mode')) config.transport = 'native';

  for (const r of REFUSALS) {
    if (inRange(version, r.versions) && r.when(config))
      throw invalid(
        `Cilium ${version.label} refuses this configuration: "${r.reason}" (${lineFor(r.lines, version)}).`,
      );
  }

  // BPF masquerade without NodePort: v1.10–v1.12 fall back to iptables masquerading
  if (
    version.minor >= 10 &&
    version.minor <= 12 &&
    config.bpfMasquerade &&
    config.ipv4Masquerade &&
    !config.kubeProxyReplacement
  ) {
    config.bpfMasquerade = false;
    notes.push(
      `Cilium ${version.label} falls back to iptables masquerading: "BPF masquerade requires NodePort (--enable-node-port="true")." (${lineFor(BPF_MASQ_FALLBACK, version)}).`,
    );
  }

  // host routing
  if (version.minor >= 10) {
    const hl = get('enable-host-legacy-routing');
    record('enable-host-legacy-routing', hl);
    if (!bool(hl.value)) {
      const fallback = HOST_ROUTING_FALLBACKS.find((f) => inRange(version, f.versions) && f.when(config));
      if (config.podLink === 'ipvlan') {
        if (hl.origin !== 'release default')
          throw invalid(
            'enable-host-legacy-routing=false: BPF host routing does not apply to IPVLAN endpoints.',
          );
      } else if (fallback) {
        const line = `"${fallback.reason} Falling back to legacy host routing (enable-host-legacy-routing=true)." (${lineFor(fallback.lines, version)})`;
        if (hl.origin === 'user' || hl.origin === 'topology')
          throw invalid(
            `enable-host-legacy-routing=false cannot take effect in Cilium ${version.label}: the agent logs ${line}.`,
          );
        notes.push(`Legacy host routing: Cilium ${version.label} falls back, ${line}.`);
      } else {
        config.hostRouting = 'bpf';
      }
    }
  }

  Object.assign(config, overrides);
  checkModelled(config, version);
  const traced = modeOfConfig(config);
  return {
    config,
    mode: traced,
    preset: presetOf(config),
    base: mode as DatapathMode,
    values,
    notes,
    ignored,
  };
}

/** datapath-mode=netkit sets EnableTCX for every non-netkit device. */
const NETKIT_TCX: Lines = [
  [16, 'v1.16.0 daemon/cmd/daemon_main.go:1371'],
  [99, 'main pkg/datapath/connector/config.go:225'],
];

const WG_IPSEC: Lines = [
  [10, 'v1.10.0 daemon/cmd/daemon_main.go:1533'],
  [12, 'v1.12.0 daemon/cmd/daemon_main.go:1688'],
  [13, 'v1.13.0 daemon/cmd/daemon_main.go:1587'],
  [14, 'v1.14.0 pkg/datapath/cells.go:81'],
];

/** What the release allows but this model does not trace yet: a clear error, never a wrong path. */
function checkModelled(config: DatapathConfig, version: CiliumVersion): void {
  const no = (what: string): never => {
    throw new DatapathError(`${what} is not modelled yet (Cilium ${version.label}).`, 'not-modelled');
  };
  if (!config.ipv4) no('An IPv6-only cluster (enable-ipv4=false)');
  if (config.encryption === 'ipsec') checkIpsecModelled(config, version, no);
  if (config.encryption === 'wireguard' && config.podLink === 'ipvlan')
    no('enable-wireguard=true with IPVLAN');
  if (config.hostRouting === 'bpf' && config.podLink === 'ipvlan')
    throw new DatapathError('BPF host routing does not apply to IPVLAN endpoints.', 'invalid-config');
  if (config.hostRouting === 'bpf' && version.minor < 10)
    throw new DatapathError(
      `BPF host routing is modelled from Cilium v1.10 (ENABLE_REDIRECT_FAST); ${version.label} is traced with legacy host routing only.`,
      'invalid-config',
    );
  if (config.endpointRoutes && config.podLink === 'ipvlan') no('enable-endpoint-routes=true with IPVLAN');
  if (config.endpointRoutes && version.minor < 8) no('enable-endpoint-routes=true before v1.8');
}

/**
 * IPsec is traced where the model has the release's rows (table/ipsec.ts: v1.10–v1.12, main) and only
 * in the configuration those rows describe: native routing, veth pods, no device needing bpf_host
 * (v1.10–v1.12), legacy host routing without kube-proxy replacement (main).
 */
function checkIpsecModelled(
  config: DatapathConfig,
  version: CiliumVersion,
  no: (what: string) => never,
): void {
  if (!ipsecModelled(version))
    no(
      `enable-ipsec=true in ${version.label} (IPsec is traced for Cilium v1.10–v1.12, v1.19 and main: ${IPSEC_LATER_RELEASES})`,
    );
  const netdev = ipsecNetdevOf(version);
  if (config.transport !== 'native')
    no(
      `enable-ipsec=true with tunnel=${config.transport} (${
        netdev
          ? `in tunnel mode cil_to_netdev encrypts the VXLAN/Geneve packet, ${netdev.overlay}`
          : "in tunnel mode bpf_lxc marks the packet in encap_and_redirect_lxc and bpf_host's from-host encapsulates the ESP packet"
      }; only native routing is traced)`,
    );
  if (config.podLink !== 'veth') no(`enable-ipsec=true with datapath-mode=${config.podLink}`);
  if (config.kubeProxyReplacement || config.bpfMasquerade)
    no(
      netdev
        ? `enable-ipsec=true with kube-proxy replacement or BPF masquerade (cil_to_host on cilium_net then runs handle_nat_fwd on the packet to encrypt, ${netdev.toHostNat})`
        : 'enable-ipsec=true with kube-proxy replacement or BPF masquerade (bpf_host is then loaded on the native devices too, and bpf_network replaces its from-netdev on the encrypt interface)',
    );
  if (netdev && config.hostRouting === 'bpf')
    no(
      `enable-ipsec=true with BPF host routing (bpf_lxc then redirects the packet to the native device itself, ${netdev.fibRedirect})`,
    );
  if (config.endpointRoutes)
    no(
      'enable-ipsec=true with enable-endpoint-routes=true (do_decrypt then hands the decrypted packet to the stack)',
    );
}

/** Parses `key=value` (the CLI's `--config`): a clear error for anything else. */
export function parseConfigAssignment(text: string, label = '--config'): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0)
    throw new DatapathError(
      `${label} "${text.slice(0, 60)}": use key=value, e.g. ${label} enable-endpoint-routes=true.`,
      'invalid-config',
    );
  return [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
}

/** The trace's assumptions about the configuration: one line per origin (user, topology, preset, release, derived). */
export function describeValues(resolved: ResolvedConfig, version: CiliumVersion): string[] {
  const head = `cilium-config for Cilium ${version.label} (${resolved.preset === 'custom' ? 'custom' : `preset ${resolved.preset}`})`;
  const label: Record<ConfigOrigin, string> = {
    user: 'set by the user',
    topology: "from the topology's config",
    preset: `from the ${resolved.base} preset`,
    'release default': `Cilium ${version.label}'s defaults`,
    derived: 'decided by the agent',
  };
  const out: string[] = [];
  for (const origin of ['user', 'topology', 'preset', 'release default', 'derived'] as const) {
    const vs = resolved.values.filter((v) => v.origin === origin);
    if (!vs.length) continue;
    out.push(
      `${head}, ${label[origin]}: ${vs
        .map(
          (v) =>
            `${v.key}=${v.value}${v.cite ? ` (${v.cite}${v.note ? `; ${v.note}` : ''})` : v.note ? ` (${v.note})` : ''}`,
        )
        .join(', ')}.`,
    );
  }
  return out;
}

/** The configuration in a few words, for status lines and the panel. */
export function describeConfig(c: DatapathConfig): string {
  const parts = [
    `${c.podLink} pods`,
    c.transport === 'native' ? 'native routing' : c.transport.toUpperCase(),
    `${c.hostRouting} host routing`,
  ];
  if (c.kubeProxyReplacement) parts.push('kube-proxy replacement');
  if (c.bpfMasquerade) parts.push('BPF masquerade');
  if (c.endpointRoutes) parts.push('endpoint routes');
  if (c.tcx) parts.push('tcx');
  if (c.ipv6) parts.push(c.ipv4 ? 'dual-stack' : 'IPv6 only');
  if (c.encryption !== 'none') parts.push(c.encryption === 'wireguard' ? 'WireGuard' : 'IPsec');
  if (c.hostFirewall) parts.push('host firewall');
  return parts.join(', ');
}
