import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderResolvConf, resolvedArgs } from '../wireguard/dns';
import { parsePushReply } from './log-facts';

/**
 * Whatever a server pushes, what reaches `resolvectl` and resolv.conf (as root) is IP literals for servers and
 * DNS names for domains, nothing starts with `-`, positionals come after `--`, and resolv.conf gets exactly one
 * line per value. The oracles here are independent of the code under test (node:net's isIP, a plain regex).
 */
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

const hostile = fc.constantFrom(
  '-h',
  '--help',
  '--set-dns=1.1.1.1',
  '-1.2.3.4',
  '1.2.3.4\nnameserver 6.6.6.6',
  '1.2.3.4 5.6.7.8',
  'example.com\noptions ndots:15',
  '~.',
  '.',
  '/etc/passwd',
  '$(id)',
  '`id`',
  'fe80::1%eth0',
  '010.1.1.1',
  '[::1]:53',
  '10.8.0.1:53',
  '-example.com',
  'a..b',
);
const value = fc.oneof(
  hostile,
  fc.ipV4(),
  fc.ipV6(),
  fc.domain(),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('-', '.', ':', ' ', 'a', '1', '\n', '\t', '[', ']', '~'), maxLength: 20 }),
);
const option = fc.oneof(
  fc
    .tuple(fc.constantFrom('DNS', 'DNS6', 'DOMAIN', 'DOMAIN-SEARCH', 'ADAPTER_DOMAIN_SUFFIX'), value, fc.option(value))
    .map(([kind, v, extra]) => `dhcp-option ${kind} ${v}${extra === null ? '' : ` ${extra}`}`),
  fc.array(value, { maxLength: 3 }).map((vs) => `dns server 0 address ${vs.join(' ')}`),
  fc.array(value, { maxLength: 3 }).map((vs) => `dns search-domains ${vs.join(' ')}`),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'route-gateway 10.8.0.1',
    'topology subnet',
    'ifconfig 10.8.0.2 255.255.255.0',
    'redirect-gateway def1',
  ),
);

function expectSafe(servers: string[], domains: string[]): void {
  const args = resolvedArgs('hf0', servers, domains);
  expect(args.dns.slice(0, 3)).toEqual(['dns', '--', 'hf0']);
  expect(args.domain.slice(0, 4)).toEqual(['domain', '--', 'hf0', '~.']);
  for (const server of args.dns.slice(3)) {
    expect(isIP(server)).not.toBe(0);
    expect(server.includes('%')).toBe(false);
  }
  for (const domain of args.domain.slice(4)) expect(domain).toMatch(DNS_NAME);
  for (const arg of [...args.dns.slice(2), ...args.domain.slice(2)]) {
    expect(arg.startsWith('-')).toBe(false);
    expect(/\s/.test(arg)).toBe(false);
  }
  const lines = renderResolvConf('hf0', servers, domains).trimEnd().split('\n');
  expect(lines).toHaveLength(2 + servers.length + (domains.length > 0 ? 1 : 0));
  expect(lines.filter((l) => l.startsWith('nameserver ')).map((l) => l.slice(11))).toEqual(servers);
}

describe('pushed DNS on its way to root', () => {
  it('keeps only IP literals and DNS names, never an option, never a second line', () => {
    fc.assert(
      fc.property(fc.array(option, { maxLength: 12 }), (options) => {
        const reply = parsePushReply(`PUSH: Received control message: 'PUSH_REPLY,${options.join(',')}'`);
        if (!reply) return;
        expectSafe(reply.dns, reply.dnsDomains);
      }),
      { numRuns: 2000 },
    );
  });

  it('the argument builder refuses whatever the parser would have dropped', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), fc.array(value, { maxLength: 4 }), (servers, domains) => {
        let built = true;
        try {
          resolvedArgs('hf0', servers, domains);
        } catch {
          built = false;
        }
        const clean =
          servers.every((s) => isIP(s) !== 0 && !s.includes('%')) &&
          domains.every((d) => DNS_NAME.test(d) && !/^[\d.]+$/.test(d));
        expect(built).toBe(clean);
        if (built) expectSafe(servers, domains);
      }),
      { numRuns: 2000 },
    );
  });

  it('still passes on what real servers push', () => {
    const reply = parsePushReply(
      "PUSH: Received control message: 'PUSH_REPLY,dhcp-option DNS 10.8.0.1,dhcp-option DNS6 fd00::1,dhcp-option DOMAIN corp.example,dns server 0 address 10.8.0.2:53 [fd00::2]:53,dns search-domains a.example b.example,dhcp-option DNS -h,dhcp-option DOMAIN --x'",
    );
    expect(reply?.dns).toEqual(['10.8.0.1', 'fd00::1', '10.8.0.2', 'fd00::2']);
    expect(reply?.dnsDomains).toEqual(['corp.example', 'a.example', 'b.example']);
  });
});
