import type { KillSwitchEndpoint, KillSwitchPolicy, NormalizedPolicy } from './policy';
import { DNS_PORTS, normalizePolicy } from './policy';

/**
 * The macOS kill switch as a pf anchor (UNTESTED: written to the pf.conf manual, not yet run on a Mac;
 * docs/kill-switch.md lists what remains to verify).
 *
 * The stock /etc/pf.conf evaluates `anchor "com.apple/*"`, so an anchor below it is reached without
 * editing the main ruleset. pf decides by the LAST matching rule unless a rule is `quick`, so every rule
 * here is `quick` and the anchor ends with a quick block: our verdict is final for every packet that
 * reaches the anchor. Loaded with `pfctl -a <anchor> -f -` (atomic per anchor), removed with
 * `pfctl -a <anchor> -F all`; pf itself is enabled with `pfctl -E` and the returned token released with
 * `pfctl -X <token>` on clear, so pf returns to its previous on/off state.
 */
export const PF_ANCHOR = 'com.apple/250.HoldfastKillSwitch';

export function buildPfAnchor(policy: KillSwitchPolicy): string {
  const p = normalizePolicy(policy);
  const dnsPorts = list(DNS_PORTS.map(String));
  const lines = [
    '# Holdfast kill switch: generated, replaced as a whole at every connection step.',
    'pass quick on lo0 all flags any keep state',
    ...[...p.endpoints4, ...p.endpoints6].map(endpointRule),
    ...tunnelDns(p, dnsPorts),
    `block drop quick proto { udp tcp } from any to any port ${dnsPorts}`,
    ...tunnel(p),
    'pass out quick inet proto udp from any port 68 to any port 67 keep state',
    'pass in quick inet proto udp from any port 67 to any port 68 keep state',
    'pass quick inet6 proto udp from fe80::/10 port { 546 547 } to any port { 546 547 } keep state',
    'pass quick inet6 proto icmp6 icmp6-type { routersol routeradv neighbrsol neighbradv redir } keep state',
    // Multicast listener query, report and MLDv2 report (130, 131, 143): MLD-snooping switches need them.
    'pass quick inet6 proto icmp6 from { :: fe80::/10 } to ff02::/16 icmp6-type { 130 131 143 } keep state',
    ...lan(p),
    'block drop quick all',
    '',
  ];
  return lines.join('\n');
}

function endpointRule(e: KillSwitchEndpoint): string {
  const family = e.ip.includes(':') ? 'inet6' : 'inet';
  // pf has no packet marks on macOS; restricting to the tunnel's user (`user root`) is left to verify.
  return `pass out quick ${family} proto ${e.proto} from any to ${e.ip} port ${e.port} keep state`;
}

function tunnelDns(p: NormalizedPolicy, ports: string): string[] {
  if (p.interfaces.length === 0) return [];
  const on = list(p.interfaces);
  const rules: string[] = [];
  if (p.dns4.length > 0)
    rules.push(`pass out quick on ${on} proto { udp tcp } from any to ${list(p.dns4)} port ${ports} keep state`);
  if (p.dns6.length > 0 && p.allowIpv6InTunnel) {
    rules.push(`pass out quick on ${on} proto { udp tcp } from any to ${list(p.dns6)} port ${ports} keep state`);
  }
  return rules;
}

function tunnel(p: NormalizedPolicy): string[] {
  if (p.interfaces.length === 0) return [];
  const on = list(p.interfaces);
  return p.allowIpv6InTunnel ? [`pass quick on ${on} all keep state`] : [`pass quick on ${on} inet all keep state`];
}

function lan(p: NormalizedPolicy): string[] {
  const rules: string[] = [];
  for (const [family, ranges] of [
    ['inet', p.lan4],
    ['inet6', p.lan6],
  ] as const) {
    if (ranges.length === 0) continue;
    rules.push(`pass out quick ${family} from any to ${list(ranges)} keep state`);
    rules.push(`pass in quick ${family} from ${list(ranges)} to any keep state`);
  }
  return rules;
}

function list(items: readonly string[]): string {
  return items.length === 1 ? (items[0] ?? '') : `{ ${items.join(' ')} }`;
}
