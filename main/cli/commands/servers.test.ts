import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliOnCore } from '../testing-cli';
import type { ServerEntry, ServerListing } from '../../core/service/server-listing';
import { formatServers } from './servers';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');

function entry(patch: Partial<ServerEntry> & Pick<ServerEntry, 'key' | 'name'>): ServerEntry {
  return {
    customName: false,
    automaticName: patch.name,
    country: null,
    customCountry: false,
    city: null,
    customPlace: false,
    favourite: false,
    lastUsedAt: null,
    latency: null,
    hosts: [patch.key],
    transports: [],
    profiles: [],
    preferred: false,
    state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: null },
    ...patch,
  };
}

const transport = (label: string, coolingUntil: string | null = null) => ({
  protocol: label === 'WireGuard' ? ('wireguard' as const) : ('openvpn' as const),
  proto: label.startsWith('TCP') ? ('tcp' as const) : ('udp' as const),
  port: 1,
  label,
  coolingUntil,
  why: coolingUntil ? ('failed' as const) : null,
  lastWorkedAt: null,
});

describe('formatServers', () => {
  it('prints one aligned row per server with the preferred marker and the state on this network', () => {
    const listing: ServerListing = {
      preferredServer: 'tokyo.example.net',
      preferredMissing: false,
      servers: [
        entry({
          key: 'osaka.example.net',
          name: 'Osaka 2',
          favourite: true,
          transports: [transport('WireGuard', '2030-01-01T12:00:45.000Z'), transport('TCP 443')],
          profiles: [{ id: 'osaka-wg', name: 'Osaka 2', assigned: false }],
          state: { blockedUntil: '2030-01-01T12:12:00.000Z', coolingUntil: null, lastWorkedAt: null },
        }),
        entry({
          key: 'tokyo.example.net',
          name: 'Tokyo home',
          country: 'JP',
          city: { code: 'TYO', en: 'Tokyo', zh: '东京' },
          latency: { ms: 42, method: 'icmp', measuredAt: '2030-01-01T11:58:00.000Z' },
          preferred: true,
          transports: [transport('WireGuard'), transport('UDP 1194')],
          profiles: [
            { id: 'tokyo-wg', name: 'Tokyo 1', assigned: false },
            { id: 'tokyo-ovpn', name: 'Tokyo 1 TCP', assigned: false },
          ],
          state: { blockedUntil: null, coolingUntil: null, lastWorkedAt: '2030-01-01T11:57:00.000Z' },
        }),
      ],
    };
    expect(formatServers(listing, NOW).split('\n')).toEqual([
      '  KEY                NAME        CC  CITY   LATENCY                      TRANSPORTS           PROFILES              STATE',
      '+ osaka.example.net  Osaka 2     -   -      -                            WireGuard, TCP 443   osaka-wg              blocked here, 12 min 0 s left; cooling down: WireGuard',
      '* tokyo.example.net  Tokyo home  JP  Tokyo  42 ms (icmp, 2 min 0 s ago)  WireGuard, UDP 1194  tokyo-wg, tokyo-ovpn  worked 3 min 0 s ago',
      '',
      '* preferred: failover tries it first and returns to it',
      '+ favourite',
      '',
    ]);
  });

  it('says when the stored preference matches no server, and when there is nothing yet', () => {
    const missing = formatServers(
      { preferredServer: 'kyoto', preferredMissing: true, servers: [entry({ key: 'a', name: 'A' })] },
      NOW,
    );
    expect(missing).toContain('The preferred server "kyoto" does not exist, so none is preferred.');
    expect(formatServers({ preferredServer: null, preferredMissing: false, servers: [] }, NOW)).toMatch(
      /^No servers yet\. Import a profile with: holdfast import/,
    );
  });
});

describe('holdfast servers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hf-cli-servers-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => runCliOnCore(dir, dir, argv);

  async function importWorld() {
    const files = [
      await conf('tokyo-udp.conf', 'tokyo.example.net:51820'),
      await conf('tokyo-53.conf', 'TOKYO.example.net.:53'),
      await conf('fr-paris.conf', 'paris.example.net:51820'),
    ];
    expect((await run('import', ...files)).code).toBe(0);
  }

  async function conf(name: string, endpoint: string): Promise<string> {
    const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
    const { privateKey } = generateKeyPairSync('x25519');
    const peer = generateKeyPairSync('x25519').publicKey;
    const file = path.join(dir, name);
    await writeFile(
      file,
      [
        '[Interface]',
        `PrivateKey = ${b64(privateKey.export({ format: 'jwk' }).d)}`,
        'Address = 10.66.0.2/32',
        '',
        '[Peer]',
        `PublicKey = ${b64(peer.export({ format: 'jwk' }).x)}`,
        'AllowedIPs = 0.0.0.0/0',
        `Endpoint = ${endpoint}`,
        '',
      ].join('\n'),
    );
    return file;
  }

  it('lists, renames, regroups and prefers through the real core, saved in the settings file', async () => {
    await importWorld();
    const listed = await run('servers');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ {2}KEY +NAME +CC +CITY +LATENCY +TRANSPORTS +PROFILES +STATE\n/);
    expect(listed.out).toMatch(/paris\.example\.net +FR Paris +FR +Paris +- +WireGuard +fr-paris +-/);
    // Profiles are in name order ("Tokyo 53" before "Tokyo UDP"); one server with two transports. The
    // file names say Tokyo, so the city (and with it the country) is known.
    expect(listed.out).toMatch(
      /tokyo\.example\.net +Tokyo +JP +Tokyo +- +WireGuard \(UDP 53\), WireGuard +tokyo-53, tokyo-udp +-/,
    );

    expect(await run('servers', 'rename', 'tokyo.example.net', 'Tokyo', 'home')).toMatchObject({
      code: 0,
      out: 'Renamed tokyo.example.net to "Tokyo home".\n',
    });
    expect(await run('servers', 'country', 'tokyo.example.net', 'jp')).toMatchObject({
      out: 'tokyo.example.net is in JP.\n',
    });
    expect(await run('servers', 'group', 'tokyo-53', 'user:tokyo-dns')).toMatchObject({
      code: 0,
      out: 'Moved tokyo-53 into user:tokyo-dns (Tokyo 53).\n',
    });
    expect(await run('servers', 'prefer', 'user:tokyo-dns')).toMatchObject({
      out: 'Preferred server: user:tokyo-dns (Tokyo 53). Failover tries it first and returns to it.\n',
    });
    const json = JSON.parse((await run('servers', '--json')).out) as ServerListing;
    expect(json.servers.map((s) => [s.key, s.name, s.country, s.preferred])).toEqual([
      ['paris.example.net', 'FR Paris', 'FR', false],
      // The moved profile's file says Tokyo, so its new server is placed in Japan too.
      ['user:tokyo-dns', 'Tokyo 53', 'JP', true],
      ['tokyo.example.net', 'Tokyo home', 'JP', false],
    ]);
    const stored = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(stored.failover).toMatchObject({
      preferredServer: 'user:tokyo-dns',
      servers: {
        names: { 'tokyo.example.net': 'Tokyo home' },
        countries: { 'tokyo.example.net': 'JP' },
        assignments: { 'tokyo-53': 'user:tokyo-dns' },
      },
    });

    // Back to automatic: ungrouping empties user:tokyo-dns, so the preference goes with it.
    expect((await run('servers', 'ungroup', 'tokyo-53')).out).toBe(
      'tokyo-53 is grouped by its host again: tokyo.example.net (Tokyo home).\n',
    );
    expect((await run('servers', 'rename', 'tokyo.example.net', '--auto')).out).toBe(
      'tokyo.example.net uses its automatic name again: "Tokyo".\n',
    );
    expect((await run('servers', 'prefer', 'none')).out).toMatch(/^No preferred server/);
    const after = JSON.parse((await run('servers', '--json')).out) as ServerListing;
    expect(after.preferredServer).toBeNull();
  });

  it('refuses unknown servers and bad input with exit status 2 and the reason', async () => {
    await importWorld();
    const unknown = await run('servers', 'prefer', 'kyoto.example.net');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      'holdfast: key: there is no server "kyoto.example.net". Run `holdfast servers` to see the servers.\n',
    );
    const rename = await run('servers', 'rename', 'kyoto.example.net', 'Kyoto');
    expect(rename).toMatchObject({ code: 2, err: expect.stringContaining('no server "kyoto.example.net"') });
    const country = await run('servers', 'country', 'tokyo.example.net', 'XX');
    expect(country).toMatchObject({ code: 2, err: expect.stringContaining('country: "XX" is not a two-letter') });
    const profile = await run('servers', 'group', 'nagoya', 'tokyo.example.net');
    expect(profile).toMatchObject({ code: 2, err: expect.stringContaining('There is no profile "nagoya"') });
    const badKey = await run('servers', 'group', 'tokyo-53', 'Not A Key');
    expect(badKey).toMatchObject({ code: 2, err: expect.stringContaining('user:NAME') });
  });
});
