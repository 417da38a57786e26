import { isHostName } from '../profiles/net-syntax';
import { isIpAddress } from './ip';

/**
 * What may reach root's resolver configuration (`resolvectl`, resolv.conf) from a VPN server or a profile:
 * DNS servers as IP literals, search domains as DNS names. Both forms exclude a leading `-` (no option can be
 * smuggled in), whitespace and line breaks (no extra argument or resolv.conf line), and anything longer than
 * a DNS name can be.
 */
export function isDnsServer(value: string): boolean {
  return isIpAddress(value);
}

export function isSearchDomain(value: string): boolean {
  return isHostName(value) && !value.startsWith('-');
}

export type DnsValueCheck = { ok: true } | { ok: false; reason: string };

/** The last check before root uses the values; the parsers already dropped anything else. */
export function checkDnsValues(servers: readonly string[], searchDomains: readonly string[]): DnsValueCheck {
  const badServer = servers.find((s) => !isDnsServer(s));
  if (badServer !== undefined) return { ok: false, reason: `${short(badServer)} is not an IP address` };
  const badDomain = searchDomains.find((d) => !isSearchDomain(d));
  if (badDomain !== undefined) return { ok: false, reason: `${short(badDomain)} is not a DNS name` };
  return { ok: true };
}

function short(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 59)}…` : value);
}
