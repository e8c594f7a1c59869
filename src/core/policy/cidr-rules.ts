/**
 * CIDR peers: fromCIDR/toCIDR (a prefix or a bare IP), fromCIDRSet/toCIDRSet and NetworkPolicy
 * ipBlock (a prefix with `except` prefixes that must lie inside it, as Cilium's CIDRRule.sanitize
 * requires). Cilium gives CIDR identities only to addresses outside the cluster: "CIDR rules do not
 * apply to traffic where both sides of the connection are either managed by Cilium or use an IP
 * belonging to a node in the cluster" (docs, Layer 3 Examples, IP/CIDR based), so only `world`
 * peers match here (the default `policy-cidr-match-mode`, which leaves nodes out).
 */
import { cidrContains, cidrOf, ipFamily, type Cidr } from '../util/ip';
import {
  FieldError,
  checkKeys,
  describeValue,
  expectObject,
  joinPath,
  optionalString,
  stringList,
} from './field-reader';
import type { PeerSelector, PolicyPeer, PolicyWarning } from './policy-types';

interface ParsedPrefix {
  text: string;
  ipv6: boolean;
  cidr: Cidr;
}

function parsePrefix(value: string, path: string, allowBareIp: boolean): ParsedPrefix {
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  const ipv6 = address.includes(':');
  const max = ipv6 ? 128 : 32;
  if (prefixText === undefined && !allowBareIp) {
    throw new FieldError(
      path,
      `${describeValue(value)} is not a CIDR (expected address/prefix, e.g. 10.0.0.0/8)`,
    );
  }
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || prefix > max)) {
    throw new FieldError(path, `${describeValue(value)} is not a CIDR`);
  }
  const family = ipFamily(address);
  const cidr = family === (ipv6 ? 6 : 4) ? cidrOf(address, prefix) : undefined;
  if (!cidr) throw new FieldError(path, `${describeValue(value)} is not a CIDR`);
  return { text: ipv6 ? value : cidr.text, ipv6, cidr };
}

function contains(outer: ParsedPrefix, inner: ParsedPrefix): boolean {
  return inner.cidr.prefix >= outer.cidr.prefix && cidrContains(outer.cidr, inner.cidr.network);
}

function cidrPeer(field: string, cidr: ParsedPrefix, except: ParsedPrefix[]): PeerSelector {
  const exceptText = except.length > 0 ? ` except ${except.map((e) => e.text).join(',')}` : '';
  return {
    kind: 'cidr',
    cidr: cidr.text,
    except: except.map((e) => e.text),
    ipv6: cidr.ipv6,
    text: `${field} ${cidr.text}${exceptText}`,
  };
}

/** A `fromCIDR` / `toCIDR` entry. */
export function parseCidrEntry(value: unknown, path: string, field: string): PeerSelector {
  const text = optionalString(value, path);
  if (!text) throw new FieldError(path, 'expected a CIDR such as 10.0.0.0/8');
  return cidrPeer(field, parsePrefix(text, path, true), []);
}

/**
 * A `fromCIDRSet` / `toCIDRSet` entry or a NetworkPolicy `ipBlock`. `cidrGroupRef` and
 * `cidrGroupSelector` name CiliumCIDRGroup objects the model does not load: a warning, no match.
 */
export function parseCidrRule(
  value: unknown,
  path: string,
  field: string,
  networkPolicy: boolean,
  warnings: PolicyWarning[],
): PeerSelector {
  const obj = expectObject(value, path);
  const allowed = networkPolicy
    ? ['cidr', 'except']
    : ['cidr', 'except', 'cidrGroupRef', 'cidrGroupSelector'];
  checkKeys(obj, allowed, path);
  if (!networkPolicy && (obj.cidrGroupRef !== undefined || obj.cidrGroupSelector !== undefined)) {
    const feature = obj.cidrGroupRef !== undefined ? 'cidrGroupRef' : 'cidrGroupSelector';
    warnings.push({
      path: joinPath(path, feature),
      feature,
      message: `${feature} refers to CiliumCIDRGroup objects, which the model does not load; this peer matches nothing here`,
    });
    return { kind: 'unresolved', feature, text: `${field} ${feature}` };
  }
  const cidrText = optionalString(obj.cidr, joinPath(path, 'cidr'));
  if (!cidrText) throw new FieldError(joinPath(path, 'cidr'), 'a cidr is required');
  const cidr = parsePrefix(cidrText, joinPath(path, 'cidr'), false);
  const exceptPath = joinPath(path, 'except');
  const except = stringList(obj.except, exceptPath).map((e, i) => {
    const parsed = parsePrefix(e, joinPath(exceptPath, i), false);
    if (!contains(cidr, parsed)) {
      throw new FieldError(joinPath(exceptPath, i), `${describeValue(e)} is not inside ${cidr.text}`);
    }
    return parsed;
  });
  return cidrPeer(field, cidr, except);
}

export function cidrPeerMatches(peer: Extract<PeerSelector, { kind: 'cidr' }>, target: PolicyPeer): boolean {
  if (target.kind !== 'world') return false;
  const inside = (text: string): boolean => {
    const slash = text.indexOf('/');
    const address = slash < 0 ? text : text.slice(0, slash);
    const family = ipFamily(address);
    const prefix = slash < 0 ? (family === 6 ? 128 : 32) : Number(text.slice(slash + 1));
    const cidr = family ? cidrOf(address, prefix) : undefined;
    return cidr !== undefined && cidrContains(cidr, target.ip);
  };
  return inside(peer.cidr) && !peer.except.some((e) => inside(e));
}
