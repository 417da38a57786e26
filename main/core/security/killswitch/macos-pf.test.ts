import { describe, expect, it } from 'vitest';
import { buildPfAnchor } from './macos-pf';
import type { KillSwitchPolicy } from './policy';

const base: KillSwitchPolicy = {
  tunnelInterfaces: ['utun7'],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: ['10.64.0.1'],
  allowIpv6InTunnel: false,
};

const rules = (policy: KillSwitchPolicy): string[] =>
  buildPfAnchor(policy)
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));

describe('buildPfAnchor (untested on macOS)', () => {
  it('makes every rule quick and ends with a quick block, so later main-ruleset rules cannot reopen traffic', () => {
    const lines = rules(base);
    expect(lines.every((l) => / quick /.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('block drop quick all');
    expect(lines[0]).toBe('pass quick on lo0 all flags any keep state');
  });

  it('passes the endpoint by ip, protocol and port, and tunnel DNS before the DNS block', () => {
    const lines = rules(base);
    const endpoint = lines.indexOf('pass out quick inet proto udp from any to 198.51.100.7 port 51820 keep state');
    const dns = lines.indexOf(
      'pass out quick on utun7 proto { udp tcp } from any to 10.64.0.1 port { 53 853 } keep state',
    );
    const block = lines.indexOf('block drop quick proto { udp tcp } from any to any port { 53 853 }');
    expect(endpoint).toBeGreaterThan(0);
    expect(dns).toBeGreaterThan(endpoint);
    expect(block).toBe(dns + 1);
  });

  it('passes only IPv4 on the tunnel unless it carries IPv6', () => {
    expect(rules(base)).toContain('pass quick on utun7 inet all keep state');
    expect(rules({ ...base, allowIpv6InTunnel: true })).toContain('pass quick on utun7 all keep state');
  });

  it('passes the local network both ways only when allowed', () => {
    expect(buildPfAnchor(base)).not.toContain('192.168.0.0/16');
    const lan = rules({ ...base, allowLan: true, lanRanges: ['192.168.1.9/24'] });
    expect(lan).toContain('pass out quick inet from any to 192.168.1.0/24 keep state');
    expect(lan).toContain('pass in quick inet from 192.168.1.0/24 to any keep state');
  });

  it('refuses an interface name that could inject rules', () => {
    expect(() => buildPfAnchor({ ...base, tunnelInterfaces: ['utun7 all\npass'] })).toThrow(/tunnelInterfaces/);
  });
});
