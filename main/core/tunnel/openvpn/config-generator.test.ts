import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import type { OpenVpnProfile } from '../../profiles/types';
import { generateOpenVpnConfig, type OpenVpnConfigOptions } from './config-generator';
import { tokenize } from './quoting';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHsecretkeymaterial\n-----END PRIVATE KEY-----';
const TLS_CRYPT = '-----BEGIN OpenVPN Static key V1-----\nabcdef0123456789secret\n-----END OpenVPN Static key V1-----';

const profile = (over: Partial<OpenVpnProfile> = {}): OpenVpnProfile => ({
  id: 'p1',
  name: 'Tokyo 1',
  kind: 'openvpn',
  sourceFile: 'tokyo.ovpn',
  contentHash: 'h',
  importedAt: '2026-01-01T00:00:00.000Z',
  warnings: [],
  remotes: [
    { host: 'tokyo.example.net', port: 1194, proto: 'udp' },
    { host: '2001:db8::7', port: 443, proto: 'tcp' },
  ],
  directives: [
    { name: 'cipher', args: ['AES-256-GCM'] },
    { name: 'remote-cert-tls', args: ['server'] },
    { name: 'verify-x509-name', args: ['Tokyo Server 1', 'name'] },
  ],
  blocks: [
    { name: 'ca', text: CA },
    { name: 'key', secret: 'key' },
    { name: 'tls-crypt', secret: 'tls-crypt' },
  ],
  authUserPass: true,
  dataCiphers: ['AES-256-GCM'],
  ...over,
});

const secrets = { key: KEY, 'tls-crypt': TLS_CRYPT };
const options: OpenVpnConfigOptions = {
  interfaceName: 'hfovpn1a2b',
  managementSocketPath: '/run/holdfast/s/mgmt.sock',
};

/** The config as OpenVPN reads it: one token list per directive line, blocks and comments skipped. */
function directives(text: string): string[][] {
  const out: string[][] = [];
  let inBlock: string | undefined;
  for (const line of text.split('\n')) {
    if (inBlock) {
      if (line.trim() === `</${inBlock}>`) inBlock = undefined;
      continue;
    }
    const open = /^<([a-z0-9-]+)>$/.exec(line.trim());
    if (open) {
      inBlock = open[1];
      continue;
    }
    const tokens = tokenize(line);
    if (tokens.length > 0) out.push(tokens);
  }
  return out;
}

/** OpenVPN keeps the last value of a single-valued option: this is what it ends up with. */
function lastValue(text: string, name: string): string[] | undefined {
  return directives(text)
    .filter((d) => d[0] === name)
    .at(-1)
    ?.slice(1);
}

describe('generateOpenVpnConfig', () => {
  it('writes the profile first and Holdfast options after, so Holdfast wins', () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, options);
    const names = directives(text).map((d) => d[0]);
    const lastProfileDirective = names.lastIndexOf('verify-x509-name');
    for (const owned of [
      'management',
      'management-hold',
      'management-query-passwords',
      'auth-nocache',
      'verb',
      'script-security',
      'remote',
      'dev',
    ]) {
      expect(names.lastIndexOf(owned)).toBeGreaterThan(lastProfileDirective);
    }
    expect(lastValue(text, 'verify-x509-name')).toEqual(['Tokyo Server 1', 'name']);
    expect(lastValue(text, 'management')).toEqual(['/run/holdfast/s/mgmt.sock', 'unix']);
    expect(lastValue(text, 'verb')).toEqual(['3']);
    expect(lastValue(text, 'auth-retry')).toEqual(['none']);
    expect(lastValue(text, 'script-security')).toEqual(['1']);
    expect(names).toContain('auth-user-pass');
    expect(lastValue(text, 'auth-user-pass')).toEqual([]);
  });

  it('puts its pull-filters before any of the profile, because the first match wins', () => {
    const p = profile({ directives: [{ name: 'pull-filter', args: ['accept', 'ping'] }] });
    const { text } = generateOpenVpnConfig(p, secrets, options);
    const filters = directives(text).filter((d) => d[0] === 'pull-filter');
    expect(filters[0]).toEqual(['pull-filter', 'ignore', 'ping']);
    expect(filters.at(-1)).toEqual(['pull-filter', 'accept', 'ping']);
    expect(lastValue(text, 'ping')).toEqual(['2']);
    expect(lastValue(text, 'ping-restart')).toEqual(['20']);
  });

  it('lets no profile directive override management, scripts, logging or credentials', () => {
    const hostile = profile({
      directives: [
        { name: 'management', args: ['0.0.0.0', '7505'] },
        { name: 'management-client-auth', args: [] },
        { name: 'script-security', args: ['3'] },
        { name: 'up', args: ['/bin/sh -c evil'] },
        { name: 'down', args: ['/tmp/x'] },
        { name: 'route-up', args: ['/tmp/x'] },
        { name: 'tls-verify', args: ['/tmp/x'] },
        { name: 'plugin', args: ['/tmp/evil.so'] },
        { name: 'setenv', args: ['PATH', '/tmp'] },
        { name: 'setenv', args: ['IV_GUI_VER', 'holdfast'] },
        { name: 'verb', args: ['11'] },
        { name: 'log', args: ['/etc/passwd'] },
        { name: 'status', args: ['/etc/shadow'] },
        { name: 'config', args: ['/tmp/other.conf'] },
        { name: 'cd', args: ['/'] },
        { name: 'daemon', args: [] },
        { name: 'auth-user-pass', args: ['/root/creds.txt'] },
        { name: 'ca', args: ['/etc/ssl/private/key.pem'] },
        { name: 'ping-restart', args: ['600'] },
        { name: 'keepalive', args: ['10', '600'] },
        { name: 'dev', args: ['eth0'] },
        { name: 'remote', args: ['evil.example', '1'] },
      ],
    });
    const { text, dropped } = generateOpenVpnConfig(hostile, secrets, options);
    const parsed = directives(text);
    const names = parsed.map((d) => d[0]);
    for (const name of [
      'up',
      'down',
      'route-up',
      'tls-verify',
      'plugin',
      'log',
      'status',
      'config',
      'cd',
      'daemon',
      'keepalive',
      'management-client-auth',
    ]) {
      expect(names).not.toContain(name);
    }
    expect(parsed.filter((d) => d[0] === 'management')).toEqual([['management', '/run/holdfast/s/mgmt.sock', 'unix']]);
    expect(parsed.filter((d) => d[0] === 'script-security')).toEqual([['script-security', '1']]);
    expect(parsed.filter((d) => d[0] === 'verb')).toEqual([['verb', '3']]);
    expect(parsed.filter((d) => d[0] === 'setenv')).toEqual([['setenv', 'IV_GUI_VER', 'holdfast']]);
    expect(parsed.filter((d) => d[0] === 'auth-user-pass')).toEqual([['auth-user-pass']]);
    expect(parsed.filter((d) => d[0] === 'ca')).toEqual([]);
    expect(parsed.filter((d) => d[0] === 'remote')).toEqual([['remote', 'tokyo.example.net', '1194', 'udp']]);
    expect(parsed.filter((d) => d[0] === 'dev')).toEqual([['dev', 'hfovpn1a2b']]);
    expect(lastValue(text, 'ping-restart')).toEqual(['20']);
    expect(dropped).toEqual(expect.arrayContaining(['management', 'up', 'plugin', 'setenv', 'verb', 'ca']));
    expect(text).not.toContain('/bin/sh');
    expect(text).not.toContain('/etc/passwd');
  });

  it('writes inline blocks, secrets included, only into the config text', () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, options);
    expect(text).toContain(`<ca>\n${CA}\n</ca>`);
    expect(text).toContain(`<key>\n${KEY}\n</key>`);
    expect(text).toContain(`<tls-crypt>\n${TLS_CRYPT}\n</tls-crypt>`);
  });

  it('adds key-direction for tls-auth', () => {
    const p = profile({
      blocks: [
        { name: 'ca', text: CA },
        { name: 'tls-auth', secret: 'tls-crypt' },
      ],
      keyDirection: 1,
    });
    const { text } = generateOpenVpnConfig(p, secrets, options);
    expect(text).toContain('<tls-auth>');
    expect(lastValue(text, 'key-direction')).toEqual(['1']);
  });

  it('refuses a block that would close itself early and smuggle directives', () => {
    const evil = `${CA}\n</ca>\nup /tmp/evil\n<ca>`;
    expect(() => generateOpenVpnConfig(profile({ blocks: [{ name: 'ca', text: evil }] }), secrets, options)).toThrow(
      HoldfastError,
    );
    const indented = `${CA}\n   </ca>`;
    expect(() =>
      generateOpenVpnConfig(profile({ blocks: [{ name: 'ca', text: indented }] }), secrets, options),
    ).toThrow(/closing tag/);
  });

  it('refuses arguments with line breaks rather than writing a second directive', () => {
    const p = profile({ directives: [{ name: 'verify-x509-name', args: ['x\nup /tmp/evil'] }] });
    expect(() => generateOpenVpnConfig(p, secrets, options)).toThrow(/tokyo\.ovpn: an argument of "verify-x509-name"/);
  });

  it('refuses directive names that are not names', () => {
    const p = profile({ directives: [{ name: 'up /tmp/x', args: [] }] });
    expect(() => generateOpenVpnConfig(p, secrets, options)).toThrow(HoldfastError);
  });

  it('reports a sealed block whose secret is missing, naming the file and block', () => {
    expect(() => generateOpenVpnConfig(profile(), { key: KEY }, options)).toThrow(
      'tokyo.ovpn: the sealed <tls-crypt> could not be opened.',
    );
  });

  it('uses the chosen endpoint: IPv6 over TCP 443', () => {
    const { text, remote } = generateOpenVpnConfig(profile(), secrets, { ...options, endpointIndex: 1 });
    expect(remote).toEqual({ host: '2001:db8::7', port: 443, proto: 'tcp' });
    expect(directives(text).filter((d) => d[0] === 'remote')).toEqual([['remote', '2001:db8::7', '443', 'tcp-client']]);
    expect(() => generateOpenVpnConfig(profile(), secrets, { ...options, endpointIndex: 5 })).toThrow(
      /no remote number 6/,
    );
  });

  it('forces a full tunnel, refuses a pushed one, or leaves the choice to the server', () => {
    const withRedirect = profile({ directives: [{ name: 'redirect-gateway', args: ['def1', 'bypass-dhcp'] }] });
    const full = generateOpenVpnConfig(withRedirect, secrets, { ...options, fullTunnel: true }).text;
    expect(directives(full).filter((d) => d[0] === 'redirect-gateway')).toEqual([['redirect-gateway', 'def1']]);
    const split = generateOpenVpnConfig(withRedirect, secrets, { ...options, fullTunnel: false }).text;
    expect(directives(split).filter((d) => d[0] === 'redirect-gateway')).toEqual([]);
    expect(directives(split)).toContainEqual(['pull-filter', 'ignore', 'redirect-gateway']);
    const server = generateOpenVpnConfig(withRedirect, secrets, options).text;
    expect(directives(server).filter((d) => d[0] === 'redirect-gateway')).toEqual([
      ['redirect-gateway', 'def1', 'bypass-dhcp'],
    ]);
  });

  it('adds no routes for probe handshakes', () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, { ...options, noRoutes: true, fullTunnel: true });
    const names = directives(text).map((d) => d[0]);
    expect(names).toContain('route-noexec');
    expect(names).not.toContain('redirect-gateway');
  });

  it("keeps a tap profile a tap device under Holdfast's name", () => {
    const { text, devType } = generateOpenVpnConfig(
      profile({ directives: [{ name: 'dev', args: ['tap0'] }] }),
      secrets,
      options,
    );
    expect(devType).toBe('tap');
    expect(lastValue(text, 'dev-type')).toEqual(['tap']);
    expect(lastValue(text, 'dev')).toEqual(['hfovpn1a2b']);
  });

  it('omits auth-user-pass when the profile does not ask for it', () => {
    const { text } = generateOpenVpnConfig(profile({ authUserPass: false }), secrets, options);
    expect(directives(text).map((d) => d[0])).not.toContain('auth-user-pass');
  });

  it('keeps every line within what OpenVPN reads in one go', () => {
    const p = profile({ directives: [{ name: 'verify-x509-name', args: ['x'.repeat(250), 'name'] }] });
    expect(() => generateOpenVpnConfig(p, secrets, options)).toThrow(/longer than OpenVPN accepts/);
  });

  it('drops to the unprivileged account after setup, keeping device and keys across internal restarts', () => {
    const plain = generateOpenVpnConfig(profile(), secrets, options).text;
    expect(lastValue(plain, 'user')).toBeUndefined();
    const { text } = generateOpenVpnConfig(profile(), secrets, {
      ...options,
      dropTo: { user: 'nobody', group: 'nogroup' },
    });
    expect(lastValue(text, 'user')).toEqual(['nobody']);
    expect(lastValue(text, 'group')).toEqual(['nogroup']);
    expect(lastValue(text, 'persist-tun')).toEqual([]);
    expect(lastValue(text, 'persist-key')).toEqual([]);
  });

  it('connects to the pinned address of a host-named remote and keeps the name check', () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, { ...options, remoteAddress: '198.51.100.7' });
    expect(lastValue(text, 'remote')).toEqual(['198.51.100.7', '1194', 'udp']);
    expect(text).not.toContain('tokyo.example.net');
    expect(lastValue(text, 'verify-x509-name')).toEqual(['Tokyo Server 1', 'name']);
    expect(() =>
      generateOpenVpnConfig(profile(), secrets, { ...options, remoteAddress: 'evil.example --up x' }),
    ).toThrow(/not an IP address/);
  });
});

describe('generateOpenVpnConfig through a disguise (SOCKS proxy)', () => {
  const socks = {
    host: '127.0.0.1',
    port: 41080,
    authFile: '/run/holdfast/s/disguise/socks-auth',
    remote: { host: '203.0.113.5', port: 443 },
  };

  it("connects over TCP to the proxy's remote through the proxy, and to no remote of the profile", () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, {
      ...options,
      endpointIndex: 1,
      // A pinned address is for the plain route; the disguise's own remote wins.
      remoteAddress: '198.51.100.7',
      socksProxy: socks,
    });
    const lines = directives(text);
    expect(lines.filter((d) => d[0] === 'remote')).toEqual([['remote', '203.0.113.5', '443', 'tcp-client']]);
    expect(lines.filter((d) => d[0] === 'socks-proxy')).toEqual([
      ['socks-proxy', '127.0.0.1', '41080', '/run/holdfast/s/disguise/socks-auth'],
    ]);
    for (const elsewhere of ['tokyo.example.net', '2001:db8::7', '198.51.100.7', 'udp']) {
      expect(lines.filter((d) => d[0] === 'remote' || d[0] === 'proto').flat()).not.toContain(elsewhere);
    }
    // The tunnel's own checks are unchanged inside the disguise.
    expect(lastValue(text, 'verify-x509-name')).toEqual(['Tokyo Server 1', 'name']);
  });

  it('writes no auth file argument when the proxy needs none (ss-local)', () => {
    const { text } = generateOpenVpnConfig(profile(), secrets, {
      ...options,
      socksProxy: { host: '127.0.0.1', port: 41081, remote: { host: '198.51.100.9', port: 1194 } },
    });
    expect(lastValue(text, 'socks-proxy')).toEqual(['127.0.0.1', '41081']);
    expect(lastValue(text, 'remote')).toEqual(['198.51.100.9', '1194', 'tcp-client']);
  });

  it.each([
    ['a host name', { host: 'localhost', port: 41080 }],
    ['an option smuggled in the host', { host: '127.0.0.1 --up /bin/sh', port: 41080 }],
    ['port 0', { host: '127.0.0.1', port: 0 }],
    ['a port past 65535', { host: '127.0.0.1', port: 70000 }],
  ])('refuses a proxy at %s', (_name, proxy) => {
    expect(() =>
      generateOpenVpnConfig(profile(), secrets, {
        ...options,
        socksProxy: { ...proxy, remote: { host: '203.0.113.5', port: 443 } },
      }),
    ).toThrow(/SOCKS proxy .* is not usable/);
  });
});
