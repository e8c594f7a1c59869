/**
 * The tail of a monitor line: what pkg/monitor's GetConnectionSummary prints, e.g.
 * `10.244.0.40:52908 -> 10.244.0.27:53 udp`, `[f00d::1]:32944 -> [2a00::4]:443 tcp SYN`,
 * `10.11.13.37 -> 10.11.101.61 EchoRequest`, `fe80::1 -> ff02::2 RouterSolicitation`.
 */
import type { ObservedEndpoint } from './observation-types';

export interface ConnectionSummary {
  source: Pick<ObservedEndpoint, 'ip' | 'port'>;
  destination: Pick<ObservedEndpoint, 'ip' | 'port'>;
  protocol?: string;
  summary?: string;
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*$/i;

/** A port as printed: an integer 0–65535, else null. */
export function portValue(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

/** `10.0.0.1:80`, `[f00d::1]:80`, `10.0.0.1`, `fe80::1` → ip and port; undefined when it is none of them. */
export function parseAddress(text: string): { ip: string; port: number | null } | undefined {
  const v6port = /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(text);
  if (v6port) return { ip: v6port[1]!, port: portValue(v6port[2]) };
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  if (v4port) return { ip: v4port[1]!, port: portValue(v4port[2]) };
  if (IPV4.test(text) || (IPV6.test(text) && !MAC.test(text))) return { ip: text, port: null };
  return undefined;
}

export function parseConnectionSummary(text: string): ConnectionSummary | undefined {
  const m = /^(\S+) -> (\S+)(?: (.*))?$/.exec(text.trim());
  if (!m) return undefined;
  const rest = (m[3] ?? '').trim();
  if (MAC.test(m[1]!) && MAC.test(m[2]!))
    return {
      source: { ip: null, port: null },
      destination: { ip: null, port: null },
      protocol: rest.split(' ')[0]?.toLowerCase() || 'l2',
      ...(rest ? { summary: rest } : {}),
    };
  const src = parseAddress(m[1]!);
  const dst = parseAddress(m[2]!);
  if (!src || !dst) return undefined;
  const word = rest.split(/\s+/)[0] ?? '';
  const tail = rest.slice(word.length).trim();
  const v6 = src.ip.includes(':');
  let protocol: string | undefined;
  let summary: string | undefined = rest || undefined;
  if (/^(tcp|udp|sctp)$/i.test(word)) {
    protocol = word.toLowerCase();
    summary = tail || undefined;
  } else if (/^arp$/i.test(word)) protocol = 'arp';
  else if (word) protocol = v6 ? 'icmpv6' : 'icmp';
  return {
    source: src,
    destination: dst,
    ...(protocol ? { protocol } : {}),
    ...(summary ? { summary } : {}),
  };
}

/** `12345` → 12345; `world`, `unknown`, `remote-node` stay names. */
export function identityValue(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}
