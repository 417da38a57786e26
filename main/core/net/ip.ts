import { isIPv4, isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The one place for IPv4/IPv6 addresses and prefixes. Syntax is checked with Node's strict parser
 * (no zone ids, no octal or shortened IPv4 such as `010.1.1.1` or `10.1`, which ipaddr.js would read
 * differently from the kernel); arithmetic and ranges come from ipaddr.js.
 */
export type IpFamily = 4 | 6;

export function ipFamily(value: string): IpFamily | undefined {
  if (value.includes('%')) return undefined; // zone ids name local interfaces: never meaningful here
  return isIPv4(value) ? 4 : isIPv6(value) ? 6 : undefined;
}

export function isIpAddress(value: string): boolean {
  return ipFamily(value) !== undefined;
}

export type CidrCheck = { ok: true; family: IpFamily } | { ok: false; reason: string };

/** `10.0.0.2/32`, `fd00::2/128`, or a bare address (a host route). */
export function checkCidr(value: string): CidrCheck {
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const family = ipFamily(address);
  if (family === undefined) return { ok: false, reason: `${quote(address)} is not an IPv4 or IPv6 address` };
  if (slash === -1) return { ok: true, family };
  const prefix = value.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > max) {
    return { ok: false, reason: `${quote(value)} has a prefix length outside 0-${max}` };
  }
  return { ok: true, family };
}

export interface Cidr {
  family: IpFamily;
  address: string;
  prefix: number;
}

/** `10.99.1.2/24` or a bare address (full-length prefix); undefined for anything else. */
export function parseCidr(text: string): Cidr | undefined {
  const trimmed = text.trim();
  if (!checkCidr(trimmed).ok) return undefined;
  const [address = '', prefixText] = trimmed.split('/');
  const family = ipFamily(address) as IpFamily;
  const prefix = prefixText === undefined ? bitsOf(family) : Number(prefixText);
  return { family, address, prefix };
}

export const isDefaultRoute = (cidr: Cidr): boolean => cidr.prefix === 0;

/**
 * `192.168.1.7/24` -> `192.168.1.0/24`, `fe80::1/10` -> `fe80::/10`. Firewalls differ on networks
 * written with host bits (nft refuses some, pf masks silently), so every range is masked once.
 */
export function networkOf(cidrText: string): string {
  const cidr = parseCidr(cidrText);
  if (!cidr) throw new Error(`not an address or range: ${cidrText}`);
  return `${networkAddress(cidr).toString()}/${cidr.prefix}`;
}

/** The first host of the subnet (network address + 1), or undefined for a /31, /32, /127 or /128. */
export function firstHost(cidr: Cidr): string | undefined {
  if (cidr.prefix >= bitsOf(cidr.family) - 1) return undefined;
  const bytes = networkAddress(cidr).toByteArray();
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    bytes[i] = ((bytes[i] ?? 0) + 1) & 0xff;
    if (bytes[i] !== 0) break;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

export function contains(cidr: Cidr, address: string): boolean {
  if (ipFamily(address) !== cidr.family) return false;
  const parsed = ipaddr.parse(address);
  return parsed.match(ipaddr.parse(cidr.address), cidr.prefix);
}

/** The same address however it is written (`fd00::1` and `fd00:0::1`). */
export function sameAddress(a: string, b: string): boolean {
  const family = ipFamily(a);
  if (family === undefined || ipFamily(b) !== family) return false;
  return ipaddr.parse(a).toNormalizedString() === ipaddr.parse(b).toNormalizedString();
}

/** "255.255.255.0" -> 24; undefined for anything that is not a contiguous IPv4 netmask. */
export function prefixFromMask(mask: string): number | undefined {
  if (ipFamily(mask) !== 4) return undefined;
  return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask() ?? undefined;
}

/** What kind of address this is, for deciding whether a VPN server could live there. */
export type AddressScope = 'public' | 'private' | 'special';

/**
 * `private`: RFC 1918, carrier-grade NAT and unique-local IPv6 (a self-hosted server on a LAN can live
 * there, and so can a forged answer). `special`: loopback, unspecified, link-local, multicast,
 * broadcast, documentation and other reserved space: no VPN server is ever reached there.
 * IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export function addressScope(address: string): AddressScope {
  if (ipFamily(address) === undefined) return 'special';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  if (range === 'private' || range === 'carrierGradeNat' || range === 'uniqueLocal') return 'private';
  return 'special';
}

function networkAddress(cidr: Cidr): ipaddr.IPv4 | ipaddr.IPv6 {
  const text = `${cidr.address}/${cidr.prefix}`;
  return cidr.family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
}

function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return `\`${short.replace(/`/g, "'")}\``;
}
