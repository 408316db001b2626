/**
 * Which hosts a callback may reach: public unicast addresses only, unless the operator allows the
 * rest (WEBHOOK_ALLOW_PRIVATE). Checked on the URL's literal host at submit, and on every address
 * the host resolves to at delivery (delivery.ts), so a name that resolves to 127.0.0.1 is refused too.
 */
import ipaddr from 'ipaddr.js';

/**
 * Whether `address` (an IPv4 or IPv6 literal) is public: ipaddr.js's range() is "unicast", that is
 * none of private, loopback, linkLocal, uniqueLocal, unspecified, multicast, broadcast,
 * carrierGradeNat, reserved, or the ranges embedding another address (6to4, teredo, NAT64). An
 * IPv4-mapped IPv6 address is judged as its IPv4 address. Not an address: false.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The host of a URL as an address or a name: no IPv6 brackets, no trailing dot, lower case. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

/**
 * Why a callback URL is refused before any lookup (its host is a non-public address literal, or
 * localhost), or undefined. Names are only judged once resolved, at delivery.
 */
export function literalHostProblem(url: URL): string | undefined {
  const host = urlHost(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return `"${host}" is a loopback host`;
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return `${host} is not a public address (${ipaddr.process(host).range()})`;
  return undefined;
}
