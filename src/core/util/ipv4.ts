/** Small IPv4 helpers: the core has no Node built-ins, so no `net` module. */

export interface Cidr {
  network: number;
  prefix: number;
  text: string;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff - (2 ** (32 - prefix) - 1)) >>> 0;
}

export function maskToText(prefix: number): string {
  return formatIpv4(prefixMask(prefix));
}

/** Parses "10.0.0.0/24". The address must be the network address (no host bits). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  if ((ip & prefixMask(prefix)) >>> 0 !== ip) return undefined;
  return { network: ip, prefix, text };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return (ip & prefixMask(cidr.prefix)) >>> 0 === cidr.network;
}

export function cidrOf(ip: number, prefix: number): Cidr {
  const network = (ip & prefixMask(prefix)) >>> 0;
  return { network, prefix, text: `${formatIpv4(network)}/${prefix}` };
}
