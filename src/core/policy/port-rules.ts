/**
 * L4 matching: Cilium's PortProtocol (pkg/policy/api/l4.go: port as a string, endPort, protocol
 * TCP/UDP/SCTP/ICMP/ANY, empty = ANY, port "0" = every port) and NetworkPolicy's NetworkPolicyPort
 * (port as a number or a name, endPort, protocol defaulting to TCP). Named ports need the pods'
 * container ports, which the model does not have: they are refused with a clear error.
 */
import { FieldError, checkKeys, describeValue, expectObject, joinPath, optionalString } from './field-reader';
import type { PolicyProtocol, PortMatch, PortProtocol } from './policy-types';

const CILIUM_PROTOCOLS: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP', 'ANY'];
const NP_PROTOCOLS: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP'];

function parsePortNumber(value: unknown, path: string): number {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,5}$/.test(value.trim())) n = Number(value.trim());
  else if (typeof value === 'string' && /^[a-z0-9-]*[a-z][a-z0-9-]*$/i.test(value) && value.length <= 15) {
    throw new FieldError(
      path,
      `${describeValue(value)} is not a port number (unsupported: named port; the model has no container ports, use the number)`,
    );
  }
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new FieldError(path, `${describeValue(value)} is not a port number`);
  }
  return n;
}

function parseEndPort(value: unknown, port: number, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new FieldError(path, `${describeValue(value)} is not a port number`);
  }
  if (port === 0) throw new FieldError(path, 'endPort needs a port to start the range');
  if (value < port) throw new FieldError(path, `endPort ${value} is below port ${port}`);
  return value;
}

function parseProtocol(
  value: unknown,
  path: string,
  allowed: readonly PortProtocol[],
  fallback: PortProtocol,
  caseInsensitive: boolean,
): PortProtocol {
  const text = optionalString(value, path);
  if (text === undefined || text === '') return fallback;
  const normalized = caseInsensitive ? text.toUpperCase() : text;
  if (!(allowed as readonly string[]).includes(normalized)) {
    throw new FieldError(path, `${describeValue(text)} is not a protocol; use one of ${allowed.join(', ')}`);
  }
  return normalized as PortProtocol;
}

/** One entry of a Cilium `toPorts[].ports[]`. */
export function parseCiliumPort(value: unknown, path: string): PortMatch {
  const obj = expectObject(value, path);
  checkKeys(obj, ['port', 'endPort', 'protocol'], path);
  if (obj.port === undefined || obj.port === null || obj.port === '') {
    throw new FieldError(joinPath(path, 'port'), 'a port is required ("0" means every port)');
  }
  const port = parsePortNumber(obj.port, joinPath(path, 'port'));
  const endPort = parseEndPort(obj.endPort, port, joinPath(path, 'endPort'));
  // pkg/policy/api: ParseL4Proto upper-cases the name; an empty protocol is ANY.
  const protocol = parseProtocol(obj.protocol, joinPath(path, 'protocol'), CILIUM_PROTOCOLS, 'ANY', true);
  return endPort === undefined ? { port, protocol } : { port, endPort, protocol };
}

/** One entry of a NetworkPolicy `ports[]`: a missing port means every port of the protocol. */
export function parseNetworkPolicyPort(value: unknown, path: string): PortMatch {
  const obj = expectObject(value, path);
  checkKeys(obj, ['port', 'endPort', 'protocol'], path);
  const port =
    obj.port === undefined || obj.port === null ? 0 : parsePortNumber(obj.port, joinPath(path, 'port'));
  const endPort = parseEndPort(obj.endPort, port, joinPath(path, 'endPort'));
  const protocol = parseProtocol(obj.protocol, joinPath(path, 'protocol'), NP_PROTOCOLS, 'TCP', false);
  return endPort === undefined ? { port, protocol } : { port, endPort, protocol };
}

/** ANY covers TCP, UDP and SCTP, not ICMP (Cilium expands ANY to those three L4 protocols). */
export function portMatches(match: PortMatch, protocol: PolicyProtocol, port: number | undefined): boolean {
  if (protocol === 'icmp') return match.protocol === 'ICMP';
  if (match.protocol !== 'ANY' && match.protocol !== protocol.toUpperCase()) return false;
  if (match.port === 0) return true;
  if (port === undefined) return false;
  return port >= match.port && port <= (match.endPort ?? match.port);
}

export function portText(match: PortMatch): string {
  if (match.protocol === 'ICMP') return 'ICMP';
  const proto = match.protocol === 'ANY' ? 'any protocol' : match.protocol;
  if (match.port === 0) return `any port/${proto}`;
  if (match.endPort !== undefined && match.endPort !== match.port)
    return `ports ${match.port}-${match.endPort}/${proto}`;
  return `port ${match.port}/${proto}`;
}

export function portsText(ports: readonly PortMatch[] | undefined): string {
  if (ports === undefined) return 'any port';
  return ports.map(portText).join(' or ');
}
