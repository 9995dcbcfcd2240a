import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import ipaddr from 'ipaddr.js';

import { WebhookUrlNotAllowed } from './exports.errors';

/** Every address a host name resolves to; injectable so a test can play a DNS that changes its answers. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A webhook URL and the one address, checked, that a delivery connects to. */
export interface WebhookTarget {
  url: URL;
  /** The host without the brackets of an IPv6 literal: what is resolved and named in Host and SNI. */
  hostname: string;
  address: string;
  family: 4 | 6;
}

/** IANA's global unicast space (RFC 4291 2.5.4): every other IPv6 prefix is special or unallocated. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * IPv6 ranges of the IANA special-purpose registry (and deprecated ones) that ipaddr.js 2.5 does
 * not name; both already fall outside 2000::/3, they are listed so a test can name them.
 */
const IPV6_SPECIAL_NOT_IN_IPADDR = ['::/96', '100:0:0:1::/64'].map((cidr) => ipaddr.parseCIDR(cidr));

/**
 * True only for a global unicast address: none of the IANA IPv4 and IPv6 special-purpose
 * registries (private, loopback, link-local, shared, documentation, benchmarking, AS112, AMT,
 * IETF protocol assignments, reserved, broadcast, multicast) and no IPv6 address that embeds an
 * IPv4 one (mapped, translated, NAT64, 6to4, Teredo, IPv4-compatible), whatever IPv4 it holds.
 * ipaddr.js names the ranges (`range()` is `unicast` for none of them).
 */
export function isGlobalUnicast(address: string): boolean {
  if (!isIP(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== 'unicast') return false;
  if (parsed.kind() === 'ipv4') return true;
  const ipv6 = parsed as ipaddr.IPv6;
  return ipv6.match(IPV6_GLOBAL_UNICAST) && !IPV6_SPECIAL_NOT_IN_IPADDR.some((range) => ipv6.match(range));
}

function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlNotAllowed('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlNotAllowed('must use https');
  if (url.username || url.password) throw new WebhookUrlNotAllowed('must not carry credentials');
  return url;
}

/**
 * Resolves the webhook's host once and checks every address it has: all must be global unicast
 * (SSRF), unless the deployment allows private ones. A delivery connects to the address returned
 * and to no other, so a DNS answer that changes after the check (rebinding) is never used.
 */
export async function resolveWebhookTarget(
  raw: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<WebhookTarget> {
  const url = parseWebhookUrl(raw);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
  } catch {
    throw new WebhookUrlNotAllowed('host does not resolve');
  }
  if (addresses.length === 0 || addresses.some((address) => !isIP(address))) {
    throw new WebhookUrlNotAllowed('host does not resolve');
  }
  if (!allowPrivate && !addresses.every(isGlobalUnicast)) {
    throw new WebhookUrlNotAllowed('points to a special-purpose (private, loopback, reserved ...) address');
  }
  const address = addresses[0];
  return { url, hostname, address, family: isIP(address) as 4 | 6 };
}

/**
 * The check at registration: the URL to store. Where private addresses are allowed, the name need
 * not resolve yet (each delivery resolves and checks it again).
 */
export async function checkWebhookUrl(
  raw: string,
  allowPrivate: boolean,
  resolve: HostResolver = systemResolver,
): Promise<string> {
  if (allowPrivate) return parseWebhookUrl(raw).toString();
  return (await resolveWebhookTarget(raw, false, resolve)).url.toString();
}
