/**
 * IPv4 and IPv6 addresses and prefixes, through `ipaddr.js` (pure JavaScript: no Node built-ins, so the
 * core stays pure). Addresses are kept as text: IPv4 as a dotted quad, IPv6 in its RFC 5952 form
 * (`canonicalIp`), so two spellings of one IPv6 address compare equal as strings.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface Cidr {
  family: IpFamily;
  /** the network address, canonical text */
  network: string;
  prefix: number;
  /** `network/prefix` */
  text: string;
}

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * A strict parse: IPv4 only as four decimal parts without leading zeros (`010.0.0.1` is not 10.0.0.1
 * everywhere), IPv6 without a zone id and not an IPv4-mapped address.
 */
function parse(text: string): Addr | undefined {
  if (typeof text !== 'string' || text.length > 45) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    if (text.split('.').some((p) => p.length > 1 && p.startsWith('0'))) return undefined;
    return ipaddr.IPv4.parse(text);
  }
  if (!text.includes(':') || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? undefined : v6;
}

function textOf(addr: Addr): string {
  return addr.kind() === 'ipv6' ? (addr as ipaddr.IPv6).toRFC5952String() : addr.toString();
}

/** 4, 6, or undefined when `text` is no address. */
export function ipFamily(text: string): IpFamily | undefined {
  const addr = parse(text);
  return addr ? (addr.kind() === 'ipv4' ? 4 : 6) : undefined;
}

export function isIpv4(text: string): boolean {
  return ipFamily(text) === 4;
}

export function isIpv6(text: string): boolean {
  return ipFamily(text) === 6;
}

/** The address in its canonical text (IPv6: RFC 5952), or undefined when it is none. */
export function canonicalIp(text: string): string | undefined {
  const addr = parse(text);
  return addr ? textOf(addr) : undefined;
}

/** Two texts of the same address. */
export function sameIp(a: string, b: string): boolean {
  const x = canonicalIp(a);
  return x !== undefined && x === canonicalIp(b);
}

const maxPrefix = (family: IpFamily): number => (family === 4 ? 32 : 128);

/** The network of `ip` at `prefix` (host bits cleared). */
function networkOf(addr: Addr, prefix: number): Addr {
  const bytes = addr.toByteArray();
  return ipaddr.fromByteArray(
    bytes.map((b, i) => {
      const bits = Math.max(0, Math.min(8, prefix - i * 8));
      return b & ((0xff << (8 - bits)) & 0xff);
    }),
  );
}

/** Parses "10.0.0.0/24" or "fd00:10::/64". The address must be the network address (no host bits). */
export function parseCidr(text: string): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parse(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const family: IpFamily = addr.kind() === 'ipv4' ? 4 : 6;
  const prefix = Number(prefixText);
  if (prefix > maxPrefix(family)) return undefined;
  if (textOf(networkOf(addr, prefix)) !== textOf(addr)) return undefined;
  return { family, network: textOf(addr), prefix, text: `${textOf(addr)}/${prefix}` };
}

/** The prefix of `ip` at `prefix` bits: "10.0.1.7", 24 → 10.0.1.0/24. */
export function cidrOf(ip: string, prefix: number): Cidr | undefined {
  const addr = parse(ip);
  if (!addr) return undefined;
  const family: IpFamily = addr.kind() === 'ipv4' ? 4 : 6;
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix(family)) return undefined;
  const network = textOf(networkOf(addr, prefix));
  return { family, network, prefix, text: `${network}/${prefix}` };
}

/** Whether `ip` is inside `cidr` (an address of the other family never is). */
export function cidrContains(cidr: Cidr, ip: string): boolean {
  const addr = parse(ip);
  if (!addr || (addr.kind() === 'ipv4' ? 4 : 6) !== cidr.family) return false;
  return addr.match(ipaddr.parse(cidr.network), cidr.prefix);
}

/** Whether the two prefixes share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  return a.prefix <= b.prefix ? cidrContains(a, b.network) : cidrContains(b, a.network);
}

/** The n-th address of a prefix: 1 → the first host address (cilium_host's router IP by default). */
export function nthAddress(cidr: Cidr, n: number): string {
  const bytes = ipaddr.parse(cidr.network).toByteArray();
  let carry = n;
  for (let i = bytes.length - 1; i >= 0 && carry > 0; i--) {
    const sum = bytes[i]! + carry;
    bytes[i] = sum % 256;
    carry = Math.floor(sum / 256);
  }
  return textOf(ipaddr.fromByteArray(bytes));
}

/** The last address of a prefix (IPv4: the broadcast address). */
export function lastAddress(cidr: Cidr): string {
  const bytes = ipaddr.parse(cidr.network).toByteArray();
  return textOf(
    ipaddr.fromByteArray(bytes.map((b, i) => b | (0xff >> Math.max(0, Math.min(8, cidr.prefix - i * 8))))),
  );
}

/** An IPv4 netmask as `route -n` prints it: 24 → 255.255.255.0. */
export function maskToText(prefix: number): string {
  return ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString();
}

/** The prefix length of an IPv4 netmask, or undefined when it is not a contiguous mask. */
export function maskPrefix(mask: string): number | undefined {
  const addr = parse(mask);
  if (!addr || addr.kind() !== 'ipv4') return undefined;
  return addr.prefixLengthFromSubnetMask() ?? undefined;
}

/** Orders addresses numerically (IPv4 before IPv6); text that is no address sorts first. */
export function compareIps(a: string, b: string): number {
  const x = parse(a)?.toByteArray() ?? [];
  const y = parse(b)?.toByteArray() ?? [];
  if (x.length !== y.length) return x.length - y.length;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
