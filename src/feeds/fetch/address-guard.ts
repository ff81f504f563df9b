/**
 * SSRF guard. A feed URL comes from configuration or from a redirect chosen by a remote server, so
 * before connecting we resolve the host ourselves, refuse if any address is internal, and connect
 * only to an address that passed the check (see `createPinnedLookup`), so a DNS answer that
 * changes between check and connect (rebinding) cannot slip an internal address through.
 */

import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { FetchFailure } from './errors.js';

/**
 * True when `ip` must not be fetched from: anything that is not plain public unicast. Covers
 * loopback, RFC 1918, CGNAT 100.64/10, link-local (cloud metadata 169.254.169.254), unspecified,
 * multicast, broadcast, reserved/test nets, IPv6 ULA fc00::/7, fe80::/10, ::1, and IPv4 embedded in
 * IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, the old compatible `::a.b.c.d`).
 * Strings that are not an IP address are blocked too: refusing is the safe answer.
 */
export function isBlockedAddress(ip: string): boolean {
  // Zone ids ("fe80::1%eth0") only ever appear on link-local addresses, which are blocked anyway.
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare) || isIP(bare.split('%')[0] ?? '') === 0) return true;
  const addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv4') return (addr as ipaddr.IPv4).range() !== 'unicast';
  const v6 = addr as ipaddr.IPv6;
  const range = v6.range();
  if (range === 'ipv4Mapped') return isBlockedAddress(v6.toIPv4Address().toString());
  const parts = v6.parts;
  if (range === 'rfc6052' && parts[2] === 0 && parts[3] === 0 && parts[4] === 0 && parts[5] === 0) {
    // NAT64: an IPv6-only host reaches public IPv4 sites this way, so judge the embedded address.
    return isBlockedAddress(embeddedIPv4(parts));
  }
  if (range !== 'unicast') return true;
  // ::a.b.c.d (deprecated IPv4-compatible) is not a named range in ipaddr.js but reaches IPv4.
  if (parts.slice(0, 6).every((p) => p === 0)) return true;
  return false;
}

function embeddedIPv4(parts: number[]): string {
  const hi = parts[6] ?? 0;
  const lo = parts[7] ?? 0;
  return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
}

/** Resolves a host name to every address (IPv4 and IPv6). Replaceable in tests. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/** The system resolver (getaddrinfo, as every other program on the host sees it). */
export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true });

/** Decides whether an address may be connected to. */
export type AddressPolicy = (ip: string) => boolean;

/**
 * The policy for a fetcher: everything allowed when private networks are allowed, otherwise
 * public unicast plus the explicit exceptions (`allow`: IPs or CIDRs, e.g. an internal feed host).
 */
export function createAddressPolicy(
  allowPrivateNetworks: boolean,
  allow: readonly string[] = [],
): AddressPolicy {
  if (allowPrivateNetworks) return () => true;
  const exceptions = allow.map((entry) => {
    try {
      return entry.includes('/')
        ? ipaddr.parseCIDR(entry)
        : ipaddr.parseCIDR(`${entry}/${isIP(entry) === 6 ? 128 : 32}`);
    } catch (cause) {
      throw new Error(`allowAddresses: "${entry}" is neither an IP address nor a CIDR range`, { cause });
    }
  });
  return (ip) => {
    if (!isBlockedAddress(ip)) return true;
    if (exceptions.length === 0 || !ipaddr.isValid(ip)) return false;
    const addr = ipaddr.process(ip);
    return exceptions.some(([net, bits]) => addr.kind() === net.kind() && addr.match(net, bits));
  };
}

/**
 * Resolves `hostname` (or takes it as is when it is an IP literal) and checks every address.
 * Throws a `FetchFailure` with code `dns` or `blocked-address`. Refusing when ANY address is
 * internal matters: getaddrinfo's order is not ours to choose, and the connection may pick any.
 */
export async function resolveChecked(
  hostname: string,
  policy: AddressPolicy,
  resolver: Resolver,
): Promise<LookupAddress[]> {
  const literal = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(literal);
  let addresses: LookupAddress[];
  if (family !== 0) {
    addresses = [{ address: literal, family }];
  } else {
    try {
      addresses = await resolver(hostname);
    } catch (cause) {
      throw new FetchFailure('dns', `could not resolve ${hostname}: ${errorText(cause)}`, cause);
    }
    if (addresses.length === 0) throw new FetchFailure('dns', `${hostname} has no addresses`);
  }
  const refused = addresses.find((a) => !policy(a.address));
  if (refused) {
    const via = family === 0 ? `${hostname} resolves to ${refused.address}` : `${literal}`;
    throw new FetchFailure(
      'blocked-address',
      `${via}: not a public address (private networks are not allowed)`,
    );
  }
  return addresses;
}

/** The `lookup` signature that `net.connect` / `tls.connect` call (Node passes `all` for happy eyeballs). */
type LookupCallback = (err: Error | null, address: string | LookupAddress[], family?: number) => void;
export type ConnectLookup = (
  hostname: string,
  options: { family?: number | string; all?: boolean },
  cb: LookupCallback,
) => void;

/**
 * A `lookup` for undici's `connect` options. It answers from the addresses the fetcher just
 * checked for this host (`pinned`), or resolves and checks again when there are none, so every
 * socket goes to a checked address. IP literals never reach `lookup` (Node skips it); the fetcher
 * checks those itself before each request.
 */
export function createPinnedLookup(
  policy: AddressPolicy,
  resolver: Resolver,
  pinned: (hostname: string) => LookupAddress[] | undefined,
): ConnectLookup {
  return (hostname, options, cb) => {
    const known = pinned(hostname);
    const answer = known ? Promise.resolve(known) : resolveChecked(hostname, policy, resolver);
    answer.then(
      (all) => {
        const wanted =
          options.family === 6 || options.family === 'IPv6'
            ? 6
            : options.family === 4 || options.family === 'IPv4'
              ? 4
              : 0;
        const usable = wanted === 0 ? all : all.filter((a) => a.family === wanted);
        const first = usable[0];
        if (!first) {
          cb(Object.assign(new Error(`no IPv${wanted} address for ${hostname}`), { code: 'ENOTFOUND' }), '');
        } else if (options.all) {
          cb(null, usable);
        } else {
          cb(null, first.address, first.family);
        }
      },
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err)), ''),
    );
  };
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
