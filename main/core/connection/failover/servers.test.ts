import { describe, expect, it } from 'vitest';
import { guessCountry, leadingCountryCode, normalizeCountry } from './countries';
import { ServerCatalog, normalizeHost, sharedName, type CatalogProfile } from './servers';
import { ovpn, wg } from './test-fixtures';

describe('ServerCatalog', () => {
  it('groups profiles that reach the same host into one server with several transports', () => {
    const catalog = ServerCatalog.build([
      wg('t-wg', 'Tokyo 1', 'Tokyo1.Example.net'),
      ovpn('t-ovpn', 'Tokyo 1 TCP', [
        ['tokyo1.example.net.', 1194, 'udp'],
        ['tokyo1.example.net', 443, 'tcp'],
      ]),
      wg('o-wg', 'Osaka 2', '198.51.100.2'),
    ]);
    expect(catalog.servers.map((s) => [s.key, s.name, s.transports.length])).toEqual([
      ['tokyo1.example.net', 'Tokyo 1', 3],
      ['198.51.100.2', 'Osaka 2', 1],
    ]);
    expect(catalog.candidates).toHaveLength(4);
    expect(catalog.candidatesOf('t-ovpn').map((c) => [c.endpointIndex, c.transport.proto, c.transport.port])).toEqual([
      [0, 'udp', 1194],
      [1, 'tcp', 443],
    ]);
    expect(catalog.server('tokyo1.example.net')?.profileIds).toEqual(['t-wg', 't-ovpn']);
  });

  it('regroups by user assignment (profile or single endpoint) and renames', () => {
    const catalog = ServerCatalog.build(
      [
        wg('a', 'A', 'a.example.net'),
        ovpn('b', 'B', [
          ['b.example.net', 1194, 'udp'],
          ['c.example.net', 443, 'tcp'],
        ]),
      ],
      { assignments: { a: 'home', 'b#1': 'home' }, names: { home: 'Home office' } },
    );
    expect(catalog.servers.map((s) => [s.key, s.name, s.hosts])).toEqual([
      ['home', 'Home office', ['a.example.net', 'c.example.net']],
      ['b.example.net', 'B', ['b.example.net']],
    ]);
    expect(catalog.find('b', 1)?.serverKey).toBe('home');
  });

  it('skips WireGuard peers without an endpoint and names servers apart when names collide', () => {
    const listenOnly: CatalogProfile = {
      id: 'l',
      name: 'Listen',
      kind: 'wireguard',
      sourceFile: 'l.conf',
      peers: [{ publicKey: 'pk', allowedIps: [] }],
    };
    const catalog = ServerCatalog.build([
      listenOnly,
      ovpn('p', 'Provider JP', [
        ['jp-1.example.net', 1194, 'udp'],
        ['jp-2.example.net', 1194, 'udp'],
      ]),
    ]);
    expect(catalog.candidates.map((c) => c.profileId)).toEqual(['p', 'p']);
    expect(catalog.servers.map((s) => s.name)).toEqual([
      'Provider JP (jp-1.example.net)',
      'Provider JP (jp-2.example.net)',
    ]);
  });

  it('counts WireGuard endpoints among the peers that have one, as the driver does', () => {
    const profile: CatalogProfile = {
      id: 'mesh',
      name: 'Mesh',
      kind: 'wireguard',
      sourceFile: 'mesh.conf',
      peers: [
        { publicKey: 'a', allowedIps: ['10.0.0.2/32'] },
        { publicKey: 'b', allowedIps: ['0.0.0.0/0'], endpoint: { host: 'b.example.net', port: 51820 } },
        { publicKey: 'c', allowedIps: ['10.0.0.3/32'] },
        { publicKey: 'd', allowedIps: ['0.0.0.0/0'], endpoint: { host: 'd.example.net', port: 51821 } },
      ],
    };
    const catalog = ServerCatalog.build([profile]);
    expect(catalog.candidates.map((c) => [c.endpointIndex, c.serverKey])).toEqual([
      [0, 'b.example.net'],
      [1, 'd.example.net'],
    ]);
    expect(catalog.find('mesh', 1)?.transport.port).toBe(51821);
  });

  it('takes the country from the user, then the file name (a code or a city name), then the host, never an IP', () => {
    const catalog = ServerCatalog.build(
      [
        wg('a', 'Tokyo 1', '203.0.113.1', 51820, 'jp-tokyo-1.conf'),
        wg('b', 'Somewhere', 'us12.example.net', 51820, 'somewhere.conf'),
        wg('c', 'Plain', '203.0.113.3', 51820, 'Tokyo 1.conf'),
        wg('d', 'Mine', '203.0.113.4', 51820, 'fr-paris.conf'),
        wg('e', 'Home', '203.0.113.5', 51820, 'home-router.conf'),
      ],
      { countries: { '203.0.113.4': 'de' } },
    );
    expect(catalog.servers.map((s) => s.country)).toEqual(['JP', 'US', 'JP', 'DE', null]);
    // A country set by hand drops a guessed city of another country.
    expect(catalog.servers.map((s) => s.city?.en ?? null)).toEqual(['Tokyo', null, 'Tokyo', null, null]);
  });

  it('views candidates with names and transport labels', () => {
    const catalog = ServerCatalog.build([ovpn('o', 'Osaka 2', [['osaka.example.net', 443, 'tcp']])]);
    const view = catalog.view(catalog.candidates[0]!);
    expect(view).toMatchObject({ serverName: 'Osaka 2', transportLabel: 'TCP 443', endpointIndex: 0 });
  });
});

describe('names, hosts and countries', () => {
  it.each([
    [['Tokyo 1'], 'Tokyo 1'],
    [['Tokyo 1 UDP', 'Tokyo 1 TCP 443'], 'Tokyo 1'],
    [['Tokyo 1', 'Tokyo 1 TCP'], 'Tokyo 1'],
    [['jp-tokyo-01-udp', 'jp-tokyo-01-tcp'], 'jp-tokyo-01'],
    [['Osaka WG', 'Osaka OpenVPN'], 'Osaka'],
    [['Alpha', 'Beta'], 'Alpha'],
    [['udp a', 'udp b'], 'udp a'],
  ])('sharedName(%j) = %s', (names, expected) => {
    expect(sharedName(names)).toBe(expected);
  });

  it.each([
    ['VPN.Example.COM.', 'vpn.example.com'],
    ['[2001:DB8::1]', '2001:db8::1'],
    ['  198.51.100.7 ', '198.51.100.7'],
  ])('normalizeHost(%s) = %s', (host, expected) => {
    expect(normalizeHost(host)).toBe(expected);
  });

  it.each([
    ['jp-tokyo-1.conf', 'JP'],
    ['se-got-wg-001.conf', 'SE'],
    ['nl.protonvpn.udp.ovpn', 'NL'],
    ['de1.conf', 'DE'],
    ['uk_london.ovpn', 'GB'],
    ['/imports/ch-zurich.conf', 'CH'],
    ['tokyo-1.conf', null],
    ['wg0.conf', null],
    ['Tokyo 1.conf', null],
    ['xx-nowhere.conf', null],
  ])('leadingCountryCode(%s) = %s', (name, expected) => {
    expect(leadingCountryCode(name)).toBe(expected);
  });

  it('guesses from the host label only for names, and normalizes user codes', () => {
    expect(guessCountry('server.conf', 'fr3.example.net')).toBe('FR');
    expect(guessCountry('server.conf', '192.0.2.1')).toBeNull();
    expect(guessCountry(undefined, '2001:db8::1')).toBeNull();
    expect(normalizeCountry(' jp ')).toBe('JP');
    expect(normalizeCountry('Japan')).toBeNull();
  });
});
