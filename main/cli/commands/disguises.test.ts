import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliOnCore } from '../testing-cli';
import type { DisguiseListing } from '../../core/disguise/disguise-listing';
import { buildDisguiseListing, serverForHost } from '../../core/disguise/disguise-listing';
import type { StoredDisguise } from '../../core/disguise/disguise-store';

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
const CERT = Buffer.alloc(52, 5).toString('base64').replace(/=+$/, '');
const PASSWORD = 'a long shadowsocks password';

describe('disguise listing', () => {
  const stored = (id: string, host: string, attachment: StoredDisguise['attachment']): StoredDisguise => ({
    id,
    params: { kind: 'tls', host, port: 443, sni: 'www.example.org' },
    attachment,
    importedAt: '2030-01-01T00:00:00.000Z',
    sourceFile: 'x.txt',
  });
  const servers = [
    { key: 'tokyo.example.net', hosts: ['tokyo.example.net', '198.51.100.7'] },
    { key: 'user:v6', hosts: ['2001:db8::1'] },
  ];

  it('matches the host by name (any case, final dot) or by address however it is written', () => {
    expect(serverForHost('TOKYO.example.net.', servers)).toBe('tokyo.example.net');
    expect(serverForHost('198.51.100.7', servers)).toBe('tokyo.example.net');
    expect(serverForHost('2001:db8:0:0::1', servers)).toBe('user:v6');
    expect(serverForHost('198.51.100.8', servers)).toBeNull();
  });

  it('puts each disguise under its server, or unattached with the reason', () => {
    const listing = buildDisguiseListing(
      [
        stored('a', '198.51.100.7', { mode: 'auto' }),
        stored('b', '198.51.100.7', { mode: 'detached' }),
        stored('c', '192.0.2.9', { mode: 'server', serverKey: 'user:v6' }),
        stored('d', '192.0.2.9', { mode: 'server', serverKey: 'user:gone' }),
        stored('e', '192.0.2.9', { mode: 'auto' }),
      ],
      servers,
    );
    expect(Object.fromEntries(Object.entries(listing.byServer).map(([k, v]) => [k, v.map((d) => d.id)]))).toEqual({
      'tokyo.example.net': ['a'],
      'user:v6': ['c'],
    });
    expect(listing.unattached.map((d) => [d.id, d.attachment, d.serverMissing])).toEqual([
      ['b', 'detached', false],
      ['d', 'server', true],
      ['e', 'auto', false],
    ]);
    expect(listing.byServer['tokyo.example.net']?.[0]).toMatchObject({
      text: 'TLS 198.51.100.7:443',
      detail: 'sni=www.example.org',
      label: null,
    });
  });
});

describe('holdfast import and servers disguise(s)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'holdfast-disguises-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => runCliOnCore(dir, dir, argv);

  async function file(name: string, text: string): Promise<string> {
    const target = path.join(dir, name);
    await writeFile(target, text);
    return target;
  }

  async function wireguard(name: string, endpoint: string): Promise<string> {
    const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
    const { privateKey } = generateKeyPairSync('x25519');
    const peer = generateKeyPairSync('x25519').publicKey;
    return file(
      name,
      [
        '[Interface]',
        `PrivateKey = ${b64(privateKey.export({ format: 'jwk' }).d)}`,
        'Address = 10.66.0.2/32',
        '[Peer]',
        `PublicKey = ${b64(peer.export({ format: 'jwk' }).x)}`,
        'AllowedIPs = 0.0.0.0/0',
        `Endpoint = ${endpoint}`,
        '',
      ].join('\n'),
    );
  }

  it('imports lines beside a profile, attaches by host, and lets the user attach, detach and remove', async () => {
    const profile = await wireguard('tokyo.conf', 'tokyo.example.net:51820');
    const lines = await file(
      'disguises.txt',
      [
        '# from my provider',
        `ss://${b64url(`chacha20-ietf-poly1305:${PASSWORD}`)}@TOKYO.example.net:8388#Tokyo%20SS`,
        `obfs4 203.0.113.5:443 cert=${CERT} iat-mode=0`,
        'tls 1.2.3.4:99999 sni=x',
      ].join('\n'),
    );
    const imported = await run('import', profile, lines);
    expect(imported.code).toBe(2);
    expect(imported.out.split('\n')).toEqual([
      'imported tokyo (tokyo.conf)',
      expect.stringMatching(/^refused disguises\.txt: Line 4 \(`tls 1\.2\.3\.4:99999 sni=x`\): /),
      expect.stringMatching(
        /^imported Shadowsocks TOKYO\.example\.net:8388 "Tokyo SS" as d-[0-9a-f]{10} \(disguises\.txt line 2\)$/,
      ),
      expect.stringMatching(/^imported obfs4 203\.0\.113\.5:443 as d-[0-9a-f]{10} \(disguises\.txt line 3\)$/),
      'See which server each disguise is attached to with: holdfast servers disguises',
      '',
    ]);
    // Importing the same file again adds nothing.
    const again = await run('import', lines);
    expect(again.out).toMatch(/already imported Shadowsocks .* \(disguises\.txt line 2\): same as d-/);

    expect((await run('servers')).out).toMatch(/\n\n2 disguises \(1 unattached\): holdfast servers disguises\n$/);
    const listed = await run('servers', 'disguises');
    expect(listed.code).toBe(0);
    const ssId = /(d-[0-9a-f]{10}) {2}Shadowsocks/.exec(listed.out)?.[1] ?? '';
    const obfs4Id = /(d-[0-9a-f]{10}) {2}obfs4/.exec(listed.out)?.[1] ?? '';
    expect(listed.out).toMatch(/^tokyo\.example\.net \(Tokyo\):\n {2}d-\S+ {2}Shadowsocks .* chacha20-ietf-poly1305/);
    expect(listed.out).toMatch(/Unattached .*\n {2}d-\S+ {2}obfs4 203\.0\.113\.5:443 {2}iat-mode=0\n/);

    const json = JSON.parse((await run('servers', '--json')).out) as {
      servers: Array<{ key: string; transports: unknown[]; disguises: unknown[] }>;
      unattachedDisguises: unknown[];
    };
    expect(json.servers[0]?.disguises).toEqual([
      { id: ssId, kind: 'shadowsocks', host: 'TOKYO.example.net', port: 8388, label: 'Tokyo SS', attachment: 'auto' },
    ]);
    expect(json.unattachedDisguises).toHaveLength(1);

    expect((await run('servers', 'disguise', 'attach', obfs4Id, 'tokyo.example.net')).out).toBe(
      `Attached ${obfs4Id} to tokyo.example.net (Tokyo).\n`,
    );
    expect((await run('servers', 'disguise', 'detach', ssId)).out).toBe(`${ssId} is no longer attached to a server.\n`);
    const afterMoves = JSON.parse((await run('servers', 'disguises', '--json')).out) as DisguiseListing;
    expect(afterMoves.byServer['tokyo.example.net']?.map((d) => [d.id, d.attachment])).toEqual([[obfs4Id, 'server']]);
    expect(afterMoves.unattached.map((d) => [d.id, d.attachment])).toEqual([[ssId, 'detached']]);
    expect((await run('servers', 'disguise', 'auto', ssId)).out).toBe(
      `${ssId} follows the server with its host: tokyo.example.net (Tokyo).\n`,
    );
    expect((await run('servers', 'disguise', 'remove', obfs4Id)).out).toBe(
      `Removed ${obfs4Id} and its sealed secrets.\n`,
    );

    const onDisk = await readFile(path.join(dir, 'disguises.json'), 'utf8');
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).not.toContain(obfs4Id);
    expect(onDisk).toContain(ssId);
  });

  it("imports a provider's folder with its disguise list and subscription, passing over other text files", async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'bundle', 'extra'), { recursive: true });
    await wireguard('bundle/tokyo.conf', 'tokyo.example.net:51820');
    await file('bundle/README.txt', 'Thank you for choosing our service.\nss:// links are in disguises.txt\n');
    await file('bundle/servers.json', JSON.stringify({ servers: [{ name: 'tokyo', load: 12 }] }));
    await file('bundle/disguises.txt', `tls tokyo.example.net:443 sni=www.example.org\n`);
    await file(
      'bundle/extra/subscription.json',
      JSON.stringify({
        version: 1,
        servers: [
          { server: 'tokyo.example.net', server_port: 8388, method: 'aes-256-gcm', password: PASSWORD, remarks: 'T' },
        ],
      }),
    );
    const imported = await run('import', path.join(dir, 'bundle'));
    expect(imported.code, imported.out + imported.err).toBe(0);
    const lines = imported.out.split('\n');
    expect(lines).toContain('imported tokyo (bundle/tokyo.conf)');
    expect(lines.filter((l) => l.startsWith('imported TLS') || l.startsWith('imported Shadowsocks'))).toHaveLength(2);
    // Files that are not disguise lists are not imported, nor reported as refused profiles.
    expect(imported.out).not.toMatch(/README|servers\.json/);
    const listing = JSON.parse((await run('servers', 'disguises', '--json')).out) as DisguiseListing;
    expect(listing.byServer['tokyo.example.net']?.map((d) => d.kind).sort()).toEqual(['shadowsocks', 'tls']);
  });

  it('refuses unknown disguises, unknown servers and bad arity with exit status 2 and the reason', async () => {
    expect(await run('servers', 'disguise', 'attach', 'd-nope', 'nowhere')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/there is no server "nowhere"/),
    });
    const lines = await file('b.txt', `obfs4 203.0.113.5:443 cert=${CERT} iat-mode=0\n`);
    await run('import', lines);
    expect(await run('servers', 'disguise', 'remove', 'd-nope')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/There is no disguise "d-nope"/),
    });
    expect(await run('servers', 'disguise', 'attach', 'd-nope')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/usage: holdfast servers disguise attach ID SERVER_KEY/),
    });
    expect(await run('servers', 'disguises')).toMatchObject({ code: 0, out: expect.stringMatching(/^Unattached/) });
  });
});
