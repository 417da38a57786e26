import type { KillSwitchEndpoint, KillSwitchPolicy, NormalizedPolicy } from './policy';
import { DNS_PORTS, normalizePolicy } from './policy';

/**
 * The Linux kill switch: one nftables table, `inet holdfast`, with drop policies on input, output and
 * forward. Each step of a connection (racing candidates, connected, failing over) replaces the whole
 * table in ONE `nft -f` transaction, so there is never a moment without rules.
 *
 * Living beside ufw/firewalld: our table has its own base chains. In nftables every base chain on a hook
 * sees the packet, and a drop anywhere is final while an accept only ends that one chain: we can block
 * what others allow, but our accepts cannot open what another table drops (the docs say so to users).
 */
export const NFT_FAMILY = 'inet';
export const NFT_TABLE = 'holdfast';
export const NFT_TABLE_REF = `${NFT_FAMILY} ${NFT_TABLE}`;

/** Before the usual filter chains (priority 0), after conntrack and NAT's prerouting. */
const CHAIN_PRIORITY = 'filter - 10';

/**
 * The full script for `nft -f -`. `add table` makes the following `delete` valid when no table exists
 * yet (a bare delete of a missing table fails the whole transaction), then the new table is defined.
 * The kernel applies the three statements atomically. Pure: same policy, same text.
 */
export function buildLinuxRuleset(policy: KillSwitchPolicy): string {
  const p = normalizePolicy(policy);
  return [
    '#!/usr/sbin/nft -f',
    '# Holdfast kill switch: generated, replaced as a whole at every connection step.',
    `add table ${NFT_TABLE_REF}`,
    `delete table ${NFT_TABLE_REF}`,
    '',
    `table ${NFT_TABLE_REF} {`,
    ...chain('output', 'output', outputRules(p)),
    '',
    ...chain('input', 'input', inputRules(p)),
    '',
    ...chain('forward', 'forward', forwardRules(p)),
    '}',
    '',
  ].join('\n');
}

/** Removes the table; succeeds whether or not it exists (same add-then-delete trick, one transaction). */
export function buildLinuxClearScript(): string {
  return `add table ${NFT_TABLE_REF}\ndelete table ${NFT_TABLE_REF}\n`;
}

function chain(name: string, hook: string, rules: string[]): string[] {
  return [
    `\tchain ${name} {`,
    `\t\ttype filter hook ${hook} priority ${CHAIN_PRIORITY}; policy drop;`,
    ...rules.map((rule) => `\t\t${rule}`),
    `\t}`,
  ];
}

function outputRules(p: NormalizedPolicy): string[] {
  return [
    'oifname "lo" accept',
    // Endpoints first: a server listening on port 53 must not be caught by the DNS block below.
    ...endpointRules(p, 'out'),
    ...tunnelDnsRules(p, 'oifname'),
    `meta l4proto { tcp, udp } th dport ${set(DNS_PORTS.map(String))} counter drop comment "DNS outside the tunnel"`,
    ...tunnelRules(p, 'oifname'),
    'meta nfproto ipv4 udp sport 68 udp dport 67 accept comment "DHCP"',
    'ip6 saddr fe80::/10 udp sport 546 udp dport 547 accept comment "DHCPv6"',
    'icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept',
    // Multicast listener reports: switches that snoop MLD stop delivering neighbour solicitations without them.
    'ip6 saddr { ::, fe80::/10 } icmpv6 type { mld-listener-report, mld2-listener-report } ip6 hoplimit 1 accept',
    ...lanRules(p, 'daddr'),
    'counter drop comment "blocked by the kill switch"',
  ];
}

function inputRules(p: NormalizedPolicy): string[] {
  return [
    'iifname "lo" accept',
    // ICMP errors about flows we allowed out (path MTU discovery towards the server needs them).
    'meta l4proto { icmp, ipv6-icmp } ct state related accept',
    ...endpointRules(p, 'in'),
    ...tunnelRules(p, 'iifname'),
    'meta nfproto ipv4 udp sport 67 udp dport 68 accept comment "DHCP"',
    'ip6 saddr fe80::/10 udp sport 547 udp dport 546 accept comment "DHCPv6"',
    'icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert, nd-redirect } ip6 hoplimit 255 accept',
    'ip6 saddr fe80::/10 icmpv6 type mld-listener-query ip6 hoplimit 1 accept',
    ...lanRules(p, 'saddr'),
    'counter drop comment "blocked by the kill switch"',
  ];
}

/**
 * Containers and virtual machines routed through this host must not leak either: forwarded traffic may
 * only leave through the tunnel (replies come back on it), or stay inside the allowed local networks.
 */
function forwardRules(p: NormalizedPolicy): string[] {
  const rules: string[] = [];
  if (p.interfaces.length > 0) {
    rules.push(...tunnelDnsRules(p, 'oifname'));
    rules.push(`meta l4proto { tcp, udp } th dport ${set(DNS_PORTS.map(String))} drop`);
    rules.push(...tunnelRules(p, 'oifname'));
    const family = p.allowIpv6InTunnel ? '' : 'meta nfproto ipv4 ';
    rules.push(`iifname ${ifaceSet(p)} ${family}ct state established,related accept`);
  }
  if (p.lan4.length > 0) rules.push(`ip saddr ${set(p.lan4)} ip daddr ${set(p.lan4)} accept`);
  if (p.lan6.length > 0) rules.push(`ip6 saddr ${set(p.lan6)} ip6 daddr ${set(p.lan6)} accept`);
  rules.push('counter drop comment "blocked by the kill switch"');
  return rules;
}

/**
 * Clear-text traffic to the servers, exactly ip + protocol + port. Outgoing packets must also carry the
 * tunnel's firewall mark when one is known, so only the tunnel process (not a browser) reaches them.
 */
function endpointRules(p: NormalizedPolicy, direction: 'in' | 'out'): string[] {
  const rule = (e: KillSwitchEndpoint): string => {
    const family = e.ip.includes(':') ? 'ip6' : 'ip';
    if (direction === 'in') return `${family} saddr ${e.ip} ${e.proto} sport ${e.port} accept`;
    const mark = p.fwmark !== undefined ? ` meta mark ${hex(p.fwmark)}` : '';
    return `${family} daddr ${e.ip} ${e.proto} dport ${e.port}${mark} accept`;
  };
  return [...p.endpoints4, ...p.endpoints6].map(rule);
}

function tunnelDnsRules(p: NormalizedPolicy, key: 'oifname'): string[] {
  if (p.interfaces.length === 0) return [];
  const rules: string[] = [];
  const ports = `meta l4proto { tcp, udp } th dport ${set(DNS_PORTS.map(String))}`;
  if (p.dns4.length > 0) rules.push(`${key} ${ifaceSet(p)} ip daddr ${set(p.dns4)} ${ports} accept`);
  if (p.dns6.length > 0 && p.allowIpv6InTunnel) {
    rules.push(`${key} ${ifaceSet(p)} ip6 daddr ${set(p.dns6)} ${ports} accept`);
  }
  return rules;
}

function tunnelRules(p: NormalizedPolicy, key: 'oifname' | 'iifname'): string[] {
  if (p.interfaces.length === 0) return [];
  // IPv6 that the tunnel does not carry would otherwise fall back to the clear path: block it outright.
  const family = p.allowIpv6InTunnel ? '' : ' meta nfproto ipv4';
  return [`${key} ${ifaceSet(p)}${family} accept`];
}

function lanRules(p: NormalizedPolicy, key: 'daddr' | 'saddr'): string[] {
  const rules: string[] = [];
  if (p.lan4.length > 0) rules.push(`ip ${key} ${set(p.lan4)} accept comment "local network"`);
  if (p.lan6.length > 0) rules.push(`ip6 ${key} ${set(p.lan6)} accept comment "local network"`);
  return rules;
}

function ifaceSet(p: NormalizedPolicy): string {
  return set(p.interfaces.map((name) => `"${name}"`));
}

function set(items: readonly string[]): string {
  return items.length === 1 ? (items[0] ?? '') : `{ ${items.join(', ')} }`;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
