import { describe, expect, it } from 'vitest';
import { buildLinuxClearScript, buildLinuxRuleset } from './linux-nft';
import { type KillSwitchPolicy, KillSwitchPolicyError } from './policy';

const base: KillSwitchPolicy = {
  tunnelInterfaces: ['hf0'],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: ['10.64.0.1'],
  allowIpv6InTunnel: false,
};

/** The rules of one chain, in order, without indentation. */
function chainRules(script: string, name: string): string[] {
  const start = script.indexOf(`chain ${name} {`);
  const end = script.indexOf('\n\t}', start);
  expect(start).toBeGreaterThan(-1);
  return script
    .slice(start, end)
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter(Boolean);
}

describe('buildLinuxRuleset', () => {
  it('replaces the table atomically: add, delete, then define, in one script', () => {
    const lines = buildLinuxRuleset(base).split('\n');
    const add = lines.indexOf('add table inet holdfast');
    const del = lines.indexOf('delete table inet holdfast');
    const define = lines.indexOf('table inet holdfast {');
    expect(add).toBeGreaterThan(-1);
    expect(del).toBe(add + 1);
    expect(define).toBeGreaterThan(del);
    expect(lines.filter((l) => l.startsWith('table ')).length).toBe(1);
  });

  it('gives every chain a drop policy on its own hook and ends with a counted drop', () => {
    const script = buildLinuxRuleset(base);
    for (const hook of ['input', 'output', 'forward']) {
      const rules = chainRules(script, hook);
      expect(rules[0]).toBe(`type filter hook ${hook} priority filter - 10; policy drop;`);
      expect(rules.at(-1)).toBe('counter drop comment "blocked by the kill switch"');
    }
  });

  it('allows the endpoint exactly by ip, protocol and port, both ways', () => {
    const script = buildLinuxRuleset({
      ...base,
      endpoints: [...base.endpoints, { ip: '2001:db8::9', proto: 'tcp', port: 443 }],
    });
    expect(chainRules(script, 'output')).toContain('ip daddr 198.51.100.7 udp dport 51820 accept');
    expect(chainRules(script, 'output')).toContain('ip6 daddr 2001:db8::9 tcp dport 443 accept');
    expect(chainRules(script, 'input')).toContain('ip saddr 198.51.100.7 udp sport 51820 accept');
    expect(script).not.toMatch(/daddr 198\.51\.100\.7 (tcp|udp) dport (?!51820)/);
  });

  it('requires the tunnel mark on endpoint traffic when one is given', () => {
    const rules = chainRules(buildLinuxRuleset({ ...base, tunnelFwmark: 51820 }), 'output');
    expect(rules).toContain('ip daddr 198.51.100.7 udp dport 51820 meta mark 0x0000ca6c accept');
    expect(rules.filter((r) => r.includes('198.51.100.7')).every((r) => r.includes('meta mark'))).toBe(true);
  });

  it('lets DNS out only to the tunnel resolvers on the tunnel interface, after endpoints and before the tunnel', () => {
    const rules = chainRules(
      buildLinuxRuleset({ ...base, endpoints: [{ ip: '198.51.100.8', proto: 'udp', port: 53 }] }),
      'output',
    );
    const endpoint = rules.indexOf('ip daddr 198.51.100.8 udp dport 53 accept');
    const dnsAccept = rules.indexOf(
      'oifname "hf0" ip daddr 10.64.0.1 meta l4proto { tcp, udp } th dport { 53, 853 } accept',
    );
    const dnsDrop = rules.findIndex((r) => r.startsWith('meta l4proto { tcp, udp } th dport { 53, 853 } counter drop'));
    const tunnel = rules.indexOf('oifname "hf0" meta nfproto ipv4 accept');
    expect(endpoint).toBeGreaterThan(0);
    expect(dnsAccept).toBeGreaterThan(endpoint);
    expect(dnsDrop).toBe(dnsAccept + 1);
    expect(tunnel).toBeGreaterThan(dnsDrop);
    expect(chainRules(buildLinuxRuleset(base), 'forward')).toContain(
      'meta l4proto { tcp, udp } th dport { 53, 853 } drop',
    );
  });

  it('blocks IPv6 through the tunnel (and IPv6 resolvers) unless the tunnel carries it', () => {
    const policy = { ...base, dnsServersInTunnel: ['10.64.0.1', 'fd00::1'] };
    const blocked = buildLinuxRuleset(policy);
    expect(chainRules(blocked, 'output')).toContain('oifname "hf0" meta nfproto ipv4 accept');
    expect(chainRules(blocked, 'input')).toContain('iifname "hf0" meta nfproto ipv4 accept');
    expect(blocked).not.toContain('fd00::1');
    const carried = buildLinuxRuleset({ ...policy, allowIpv6InTunnel: true });
    expect(chainRules(carried, 'output')).toContain('oifname "hf0" accept');
    expect(chainRules(carried, 'output')).toContain(
      'oifname "hf0" ip6 daddr fd00::1 meta l4proto { tcp, udp } th dport { 53, 853 } accept',
    );
  });

  it('has no tunnel rules while no tunnel is up yet (racing candidates)', () => {
    const script = buildLinuxRuleset({
      ...base,
      tunnelInterfaces: [],
      endpoints: [
        { ip: '198.51.100.7', proto: 'udp', port: 51820 },
        { ip: '198.51.100.9', proto: 'tcp', port: 443 },
      ],
    });
    expect(script).not.toMatch(/[io]ifname "(?!lo")/);
    expect(chainRules(script, 'output')).toContain('ip daddr 198.51.100.9 tcp dport 443 accept');
  });

  it('allows DHCP and neighbour discovery always', () => {
    const out = chainRules(buildLinuxRuleset(base), 'output');
    const inp = chainRules(buildLinuxRuleset(base), 'input');
    expect(out).toContain('meta nfproto ipv4 udp sport 68 udp dport 67 accept comment "DHCP"');
    expect(inp).toContain('meta nfproto ipv4 udp sport 67 udp dport 68 accept comment "DHCP"');
    expect(
      out.some((r) =>
        r.startsWith('icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255'),
      ),
    ).toBe(true);
    expect(inp.some((r) => r.includes('nd-router-advert') && r.includes('ip6 hoplimit 255'))).toBe(true);
    expect(out.some((r) => r.includes('mld2-listener-report') && r.includes('ip6 hoplimit 1'))).toBe(true);
  });

  it('opens the local network only when allowed, with masked custom ranges', () => {
    expect(buildLinuxRuleset({ ...base, lanRanges: ['192.168.1.0/24'] })).not.toContain('local network');
    const defaults = chainRules(buildLinuxRuleset({ ...base, allowLan: true }), 'output');
    expect(defaults.some((r) => r.startsWith('ip daddr { 10.0.0.0/8,') && r.includes('192.168.0.0/16'))).toBe(true);
    expect(defaults.some((r) => r.startsWith('ip6 daddr { fc00::/7, fe80::/10, ff02::/16 }'))).toBe(true);
    const custom = buildLinuxRuleset({ ...base, allowLan: true, lanRanges: ['192.168.1.77/24', 'fd12:3456::1/48'] });
    expect(chainRules(custom, 'output')).toContain('ip daddr 192.168.1.0/24 accept comment "local network"');
    expect(chainRules(custom, 'input')).toContain('ip6 saddr fd12:3456::/48 accept comment "local network"');
    expect(custom).not.toContain('10.0.0.0/8');
  });

  it('is deterministic: order and duplicates in the policy do not change the script', () => {
    const a = buildLinuxRuleset({
      ...base,
      tunnelInterfaces: ['hf1', 'hf0'],
      endpoints: [
        { ip: '198.51.100.9', proto: 'tcp', port: 443 },
        { ip: '198.51.100.7', proto: 'udp', port: 51820 },
        { ip: '198.51.100.9', proto: 'tcp', port: 443 },
      ],
    });
    const b = buildLinuxRuleset({
      ...base,
      tunnelInterfaces: ['hf0', 'hf1', 'hf0'],
      endpoints: [
        { ip: '198.51.100.7', proto: 'udp', port: 51820 },
        { ip: '198.51.100.9', proto: 'tcp', port: 443 },
      ],
    });
    expect(a).toBe(b);
    expect(a.match(/198\.51\.100\.9 tcp dport 443/g)).toHaveLength(1);
  });

  it.each([
    [
      'an interface name that would break out of the quotes',
      { tunnelInterfaces: ['hf0"; flush ruleset; "'] },
      'tunnelInterfaces.0',
    ],
    ['an interface name longer than Linux allows', { tunnelInterfaces: ['a'.repeat(16)] }, 'tunnelInterfaces.0'],
    [
      'an endpoint that is a host name',
      { endpoints: [{ ip: 'vpn.example.com', proto: 'udp', port: 1 }] },
      'endpoints.0.ip',
    ],
    ['an address with a zone', { endpoints: [{ ip: 'fe80::1%eth0', proto: 'udp', port: 1 }] }, 'endpoints.0.ip'],
    ['port 0', { endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 0 }] }, 'endpoints.0.port'],
    ['an unknown protocol', { endpoints: [{ ip: '198.51.100.7', proto: 'icmp', port: 1 }] }, 'endpoints.0.proto'],
    ['a LAN range with rules after it', { allowLan: true, lanRanges: ['10.0.0.0/8 accept'] }, 'lanRanges.0'],
    ['a bare address as LAN range', { allowLan: true, lanRanges: ['10.0.0.1'] }, 'lanRanges.0'],
    ['a resolver that is not an address', { dnsServersInTunnel: ['1.1.1.1; drop'] }, 'dnsServersInTunnel.0'],
    ['mark 0', { tunnelFwmark: 0 }, 'tunnelFwmark'],
    ['an extra field', { extra: 'x' }, 'policy'],
  ])('refuses %s, naming the field', (_what, patch, field) => {
    const policy = { ...base, ...patch } as unknown as KillSwitchPolicy;
    let error: unknown;
    try {
      buildLinuxRuleset(policy);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KillSwitchPolicyError);
    expect((error as KillSwitchPolicyError).field).toBe(field);
  });

  it('refuses more endpoints than a policy may hold', () => {
    const endpoints = Array.from({ length: 65 }, (_, i) => ({ ip: `198.51.100.${i}`, proto: 'udp' as const, port: 1 }));
    expect(() => buildLinuxRuleset({ ...base, endpoints })).toThrow(KillSwitchPolicyError);
  });
});

describe('buildLinuxClearScript', () => {
  it('removes the table whether or not it exists, in one transaction', () => {
    expect(buildLinuxClearScript()).toBe('add table inet holdfast\ndelete table inet holdfast\n');
  });
});
