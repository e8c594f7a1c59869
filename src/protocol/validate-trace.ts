/**
 * Deep validation of a Trace received across a boundary (host → webview message, restored webview
 * state, restored panel). The webview renders every field listed here, so a value that passes can be
 * rendered; anything else is refused as a whole.
 */
import { DATAPATH_MODES, type Trace } from '../core';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 2000): boolean => typeof v === 'string' && v.length <= max;
const optStr = (v: unknown, max = 2000): boolean => v === undefined || str(v, max);
const int = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 32;
const optInt = (v: unknown): boolean => v === undefined || int(v);
const oneOf = (v: unknown, values: readonly string[]): boolean => typeof v === 'string' && values.includes(v);

const HOOKS = [
  'tc-ingress',
  'tc-egress',
  'driver',
  'routing',
  'wire',
  'stack',
  'tail-call',
  'socket',
] as const;
const DISPOSITIONS = ['delivered', 'dropped', 'forwarded-to-stack'] as const;
const TUNNELS = ['vxlan', 'geneve', 'wireguard', 'esp'] as const;
const CONFIG_FLAGS = [
  'kubeProxyReplacement',
  'socketLB',
  'bpfMasquerade',
  'ipv4Masquerade',
  'endpointRoutes',
  'ipv4',
  'ipv6',
  'hostFirewall',
] as const;
const MAX_HOPS = 200;
const MAX_STEPS = 200;

function isOuter(v: unknown): boolean {
  return (
    isObj(v) &&
    str(v.srcIp, 64) &&
    str(v.dstIp, 64) &&
    int(v.dstPort) &&
    int(v.vni) &&
    oneOf(v.protocol, TUNNELS) &&
    (v.spi === undefined || int(v.spi)) &&
    optStr(v.srcMac, 64) &&
    optStr(v.dstMac, 64)
  );
}

const isRule = (v: unknown): boolean =>
  isObj(v) &&
  str(v.policy, 253) &&
  optStr(v.namespace, 253) &&
  int(v.index) &&
  optStr(v.kind, 64) &&
  optStr(v.section, 32);

function isStepSource(v: unknown): boolean {
  return (
    isObj(v) &&
    str(v.file, 1024) &&
    str(v.function, 200) &&
    typeof v.line === 'number' &&
    Number.isInteger(v.line) &&
    v.line >= 1
  );
}

const isNatEnd = (v: unknown): boolean =>
  isObj(v) && str(v.ip, 64) && (v.port === undefined || (int(v.port) && (v.port as number) <= 65535));

function isStep(v: unknown): boolean {
  if (!isObj(v) || !str(v.note) || !optStr(v.cite, 300) || !optStr(v.function, 200)) return false;
  if (!optStr(v.sourceNote, 500) || !(v.source === undefined || v.source === null || isStepSource(v.source)))
    return false;
  switch (v.type) {
    case 'tail-call':
      return (
        optStr(v.condition, 500) &&
        (v.inlined === undefined || typeof v.inlined === 'boolean') &&
        str(v.map, 200) &&
        int(v.key) &&
        optStr(v.keyName, 200) &&
        isObj(v.target) &&
        str(v.target.file, 300) &&
        str(v.target.function, 200) &&
        optStr(v.target.section, 200)
      );
    case 'lookup':
      return str(v.map, 200) && str(v.key) && str(v.result);
    case 'route':
      return str(v.destination, 64) && str(v.gateway, 64) && str(v.device, 100) && optStr(v.flags, 100);
    case 'redirect':
      return str(v.device, 100) && optStr(v.tunnelEndpoint, 64);
    case 'xmit':
      return str(v.device, 100);
    case 'encap':
    case 'decap':
      return str(v.device, 100) && isOuter(v.outer);
    case 'pass-to-stack':
      return true;
    case 'deliver':
      return str(v.device, 100) && str(v.pod, 100);
    case 'drop':
      return (
        str(v.reason, 300) &&
        str(v.text, 300) &&
        (v.code === undefined || (typeof v.code === 'number' && Number.isInteger(v.code)))
      );
    case 'policy':
      return (
        oneOf(v.direction, ['ingress', 'egress']) &&
        oneOf(v.verdict, ['allow', 'deny']) &&
        int(v.endpointId) &&
        int(v.identity) &&
        str(v.map, 200) &&
        typeof v.enforced === 'boolean' &&
        (v.rule === undefined || isRule(v.rule))
      );
    case 'nat':
      return (
        oneOf(v.kind, ['dnat', 'snat', 'rev-dnat', 'rev-snat']) &&
        isNatEnd(v.before) &&
        isNatEnd(v.after) &&
        optStr(v.map, 200) &&
        oneOf(v.by, ['bpf', 'iptables'])
      );
    case 'lb':
      return (
        str(v.service, 300) &&
        str(v.frontend, 100) &&
        str(v.backend, 100) &&
        optStr(v.backendPod, 253) &&
        str(v.map, 200)
      );
    case 'ct':
      return (
        oneOf(v.result, ['new', 'established', 'reply', 'related']) &&
        str(v.map, 200) &&
        oneOf(v.direction, ['ingress', 'egress'])
      );
    default:
      return false;
  }
}

const isEth = (v: unknown): boolean => isObj(v) && str(v.src, 64) && str(v.dst, 64);
const isIp = (v: unknown): boolean =>
  isObj(v) && str(v.src, 64) && str(v.dst, 64) && str(v.protocol, 32) && optInt(v.ttl);

function isHeaders(v: unknown): boolean {
  if (!isObj(v) || !isIp(v.ip)) return false;
  if (v.ethernet !== undefined && !isEth(v.ethernet)) return false;
  if (v.overlay !== undefined && !isLayer(v.overlay)) return false;
  return v.outer === undefined || isLayer(v.outer);
}

function isLayer(o: unknown): boolean {
  return (
    isObj(o) &&
    (o.ethernet === undefined || isEth(o.ethernet)) &&
    isIp(o.ip) &&
    (o.udp === undefined || (isObj(o.udp) && optInt(o.udp.srcPort) && int(o.udp.dstPort))) &&
    (o.esp === undefined || (isObj(o.esp) && int(o.esp.spi))) &&
    isObj(o.tunnel) &&
    oneOf(o.tunnel.protocol, TUNNELS) &&
    int(o.tunnel.vni)
  );
}

function isProgram(v: unknown): boolean {
  return (
    isObj(v) &&
    str(v.file, 300) &&
    str(v.section, 200) &&
    str(v.function, 200) &&
    optStr(v.hook, 200) &&
    optStr(v.via, 300)
  );
}

function isHop(v: unknown, i: number): boolean {
  return (
    isObj(v) &&
    v.index === i &&
    str(v.node, 100) &&
    str(v.device, 100) &&
    oneOf(v.hook, HOOKS) &&
    str(v.namespace, 200) &&
    (v.program === undefined || isProgram(v.program)) &&
    (v.attach === undefined || oneOf(v.attach, ['tc', 'tcx', 'netkit-peer', 'netkit-primary'])) &&
    Array.isArray(v.steps) &&
    v.steps.length <= MAX_STEPS &&
    v.steps.every(isStep) &&
    isHeaders(v.headers) &&
    (v.headerChanges === undefined ||
      (Array.isArray(v.headerChanges) && v.headerChanges.every((c) => str(c)))) &&
    optStr(v.note)
  );
}

const isEndpoint = (v: unknown): boolean =>
  isObj(v) && str(v.name, 100) && str(v.ip, 64) && optStr(v.node, 100) && optInt(v.endpointId);

/** True when `v` is a Trace every part of which the webview can render. */
export function isValidTrace(v: unknown): v is Trace {
  return (
    isObj(v) &&
    oneOf(v.mode, DATAPATH_MODES) &&
    (v.preset === undefined || oneOf(v.preset, [...DATAPATH_MODES, 'custom'])) &&
    isObj(v.config) &&
    oneOf(v.config.podLink, ['veth', 'ipvlan', 'netkit', 'netkit-l2']) &&
    oneOf(v.config.transport, ['vxlan', 'geneve', 'native']) &&
    oneOf(v.config.hostRouting, ['legacy', 'bpf']) &&
    CONFIG_FLAGS.every((k) => typeof (v.config as Obj)[k] === 'boolean') &&
    oneOf(v.config.lbMode, ['snat', 'dsr']) &&
    oneOf(v.config.encryption, ['none', 'wireguard', 'ipsec']) &&
    (v.config.tcx === undefined || typeof v.config.tcx === 'boolean') &&
    Array.isArray(v.assumptions) &&
    v.assumptions.length <= 100 &&
    v.assumptions.every((a) => str(a)) &&
    str(v.ciliumVersion, 32) &&
    isEndpoint(v.source) &&
    isEndpoint(v.destination) &&
    oneOf(v.disposition, DISPOSITIONS) &&
    Array.isArray(v.hops) &&
    v.hops.length > 0 &&
    v.hops.length <= MAX_HOPS &&
    v.hops.every((h, i) => isHop(h, i)) &&
    optStr(v.startHook, 100) &&
    str(v.summary) &&
    optStr(v.reference)
  );
}
