import { z } from 'zod';
import { checkCidr, isIpAddress, networkOf } from '../../net/ip';

/**
 * What the kill switch lets through while a connection is wanted. Everything else is dropped: the
 * policy lists exceptions, never blocks. The same policy drives the Linux nftables table, the macOS pf
 * anchor and the Windows filter plan, and it crosses to the privileged helper, so it is validated
 * strictly here (interface names and addresses end up inside firewall rules).
 */
export interface KillSwitchEndpoint {
  ip: string;
  proto: 'udp' | 'tcp';
  port: number;
}

export interface KillSwitchPolicy {
  /** Tunnel interfaces whose traffic may pass (empty while the first tunnel is still being set up). */
  tunnelInterfaces: string[];
  /** Servers being connected to or raced (ip + proto + port); the only clear-text traffic allowed out. */
  endpoints: KillSwitchEndpoint[];
  allowLan: boolean;
  /** Local networks allowed when allowLan is on; DEFAULT_LAN_RANGES when absent. */
  lanRanges?: string[];
  /** Resolvers reached through the tunnel; DNS (53, 853) to any other address is dropped. */
  dnsServersInTunnel: string[];
  /** IPv6 through the tunnel is allowed only when the tunnel carries it; otherwise IPv6 is blocked. */
  allowIpv6InTunnel: boolean;
  /** Firewall mark the tunnel process puts on its own packets: endpoint traffic must carry it. */
  tunnelFwmark?: number;
}

/** Private, link-local and local multicast ranges: what "the local network" means when the user allows it. */
export const DEFAULT_LAN_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '224.0.0.0/24',
  '239.255.255.250/32',
  '255.255.255.255/32',
  'fe80::/10',
  'fc00::/7',
  'ff02::/16',
];

export const DNS_PORTS: readonly number[] = [53, 853];

/** Linux IFNAMSIZ is 16 with the terminating zero; utun and Windows adapter names we create are shorter. */
export const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;

export const KILL_SWITCH_LIMITS = { interfaces: 8, endpoints: 64, lanRanges: 64, dnsServers: 16 } as const;

const ipAddress = z.string().max(64).refine(isIpAddress, { message: 'must be an IPv4 or IPv6 address without a zone' });

export const killSwitchEndpointSchema = z.strictObject({
  ip: ipAddress,
  proto: z.enum(['udp', 'tcp']),
  port: z.number().int().min(1).max(65535),
});

export const killSwitchPolicySchema = z.strictObject({
  tunnelInterfaces: z
    .array(z.string().regex(INTERFACE_NAME, 'must be an interface name of 1-15 letters, digits, _ . -'))
    .max(KILL_SWITCH_LIMITS.interfaces),
  endpoints: z.array(killSwitchEndpointSchema).max(KILL_SWITCH_LIMITS.endpoints),
  allowLan: z.boolean(),
  lanRanges: z
    .array(
      z
        .string()
        .max(64)
        .refine((v) => v.includes('/') && checkCidr(v).ok, { message: 'must be a network such as 192.168.1.0/24' }),
    )
    .max(KILL_SWITCH_LIMITS.lanRanges)
    .optional(),
  dnsServersInTunnel: z.array(ipAddress).max(KILL_SWITCH_LIMITS.dnsServers),
  allowIpv6InTunnel: z.boolean(),
  tunnelFwmark: z.number().int().min(1).max(0xffffffff).optional(),
}) satisfies z.ZodType<KillSwitchPolicy>;

export class KillSwitchPolicyError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`kill switch policy: ${field} ${reason}`);
    this.name = 'KillSwitchPolicyError';
  }
}

/** A policy checked, de-duplicated and sorted, split by address family: what the rule builders consume. */
export interface NormalizedPolicy {
  interfaces: string[];
  endpoints4: KillSwitchEndpoint[];
  endpoints6: KillSwitchEndpoint[];
  dns4: string[];
  dns6: string[];
  lan4: string[];
  lan6: string[];
  allowIpv6InTunnel: boolean;
  fwmark?: number;
}

/** Validates (throws KillSwitchPolicyError naming the field) and normalizes a policy. Pure. */
export function normalizePolicy(policy: KillSwitchPolicy): NormalizedPolicy {
  const parsed = killSwitchPolicySchema.safeParse(policy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'policy';
    throw new KillSwitchPolicyError(field, issue?.message ?? 'is invalid');
  }
  const p = parsed.data;
  const endpoints = uniqueBy(p.endpoints, (e) => `${e.ip}|${e.proto}|${e.port}`).sort(compareEndpoints);
  const lan = p.allowLan ? [...new Set((p.lanRanges ?? DEFAULT_LAN_RANGES).map(networkOf))].sort() : [];
  const dns = [...new Set(p.dnsServersInTunnel)].sort();
  return {
    interfaces: [...new Set(p.tunnelInterfaces)].sort(),
    endpoints4: endpoints.filter((e) => !e.ip.includes(':')),
    endpoints6: endpoints.filter((e) => e.ip.includes(':')),
    dns4: dns.filter((a) => !a.includes(':')),
    dns6: dns.filter((a) => a.includes(':')),
    lan4: lan.filter((r) => !r.includes(':')),
    lan6: lan.filter((r) => r.includes(':')),
    allowIpv6InTunnel: p.allowIpv6InTunnel,
    ...(p.tunnelFwmark !== undefined ? { fwmark: p.tunnelFwmark } : {}),
  };
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

function compareEndpoints(a: KillSwitchEndpoint, b: KillSwitchEndpoint): number {
  return a.ip.localeCompare(b.ip) || a.proto.localeCompare(b.proto) || a.port - b.port;
}
