import { describe, expect, it } from 'vitest';
import { MAX_PROFILE_BYTES } from './limits';
import { parseWireGuard, WG_PRIVATE_KEY_REF, wgPresharedKeyRef } from './parse-wireguard';
import { wgKeyPair } from './test-support';
import type { ParseResult, WireGuardProfile } from './types';
import { isWireGuardKey, wireGuardPublicKey } from './wireguard-key';

function ok(result: ParseResult<WireGuardProfile>) {
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return result.value;
}

function errors(result: ParseResult<WireGuardProfile>) {
  if (result.ok) throw new Error('expected a refusal');
  return result.errors;
}

const me = wgKeyPair();
const server = wgKeyPair();
const other = wgKeyPair();
const psk = wgKeyPair().privateKey;

describe('parseWireGuard', () => {
  it('reads every allowed setting, moves keys to secrets and derives the public key', () => {
    const parsed = ok(
      parseWireGuard(
        [
          '[Interface]',
          `PrivateKey = ${me.privateKey}`,
          'ListenPort = 51821',
          'Address = 10.0.0.2/32, fd00::2/128',
          'DNS = 10.0.0.1, fd00::1, corp.example',
          'MTU = 1380',
          '',
          '[Peer]',
          `PublicKey = ${server.publicKey}`,
          `PresharedKey = ${psk}`,
          'AllowedIPs = 0.0.0.0/0, ::/0',
          'Endpoint = vpn.example.com:51820',
          'PersistentKeepalive = 25',
        ].join('\n'),
        'home.conf',
      ),
    );
    expect(parsed.profile.interface).toEqual({
      privateKey: WG_PRIVATE_KEY_REF,
      publicKey: me.publicKey,
      addresses: ['10.0.0.2/32', 'fd00::2/128'],
      dns: ['10.0.0.1', 'fd00::1'],
      dnsSearch: ['corp.example'],
      mtu: 1380,
      listenPort: 51821,
    });
    expect(parsed.profile.peers).toEqual([
      {
        publicKey: server.publicKey,
        presharedKey: wgPresharedKeyRef(0),
        allowedIps: ['0.0.0.0/0', '::/0'],
        endpoint: { host: 'vpn.example.com', port: 51820 },
        persistentKeepalive: 25,
      },
    ]);
    expect(parsed.secrets).toEqual({ [WG_PRIVATE_KEY_REF]: me.privateKey, [wgPresharedKeyRef(0)]: psk });
    expect(JSON.stringify(parsed.profile)).not.toContain(me.privateKey);
    expect(JSON.stringify(parsed.profile)).not.toContain(psk);
  });

  it('derives public keys exactly like wg (RFC 7748 test vector)', () => {
    const alicePrivate = Buffer.from('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', 'hex');
    const alicePublic = Buffer.from('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a', 'hex');
    expect(wireGuardPublicKey(alicePrivate.toString('base64'))).toBe(alicePublic.toString('base64'));
  });

  it('accepts case-insensitive keys and sections, comments, CRLF, a BOM and repeated [Peer]', () => {
    const text =
      '\uFEFF# exported\r\n[interface]\r\nprivatekey=' +
      me.privateKey +
      '   # trailing comment\r\naddress = 10.1.0.2/24\r\n[PEER]\r\nPUBLICKEY = ' +
      server.publicKey +
      '\r\nallowedips = 10.1.0.0/24\r\nEndpoint = [2001:db8::1]:443\r\n[Peer]\r\nPublicKey = ' +
      other.publicKey +
      '\r\nAllowedIPs =\r\n';
    const parsed = ok(parseWireGuard(text, 'odd.conf'));
    expect(parsed.profile.interface.addresses).toEqual(['10.1.0.2/24']);
    expect(parsed.profile.peers.map((p) => p.publicKey)).toEqual([server.publicKey, other.publicKey]);
    expect(parsed.profile.peers[0]?.endpoint).toEqual({ host: '2001:db8::1', port: 443 });
    expect(parsed.profile.peers[1]?.allowedIps).toEqual([]);
  });

  it('splits on the first "=" so base64 padding stays in the value', () => {
    const parsed = ok(
      parseWireGuard(`[Interface]\nPrivateKey=${me.privateKey}\n[Peer]\nPublicKey=${server.publicKey}\n`, 'a.conf'),
    );
    expect(parsed.secrets[WG_PRIVATE_KEY_REF]).toBe(me.privateKey);
    expect(me.privateKey.endsWith('=')).toBe(true);
  });

  it('treats PersistentKeepalive off and 0 as no keepalive', () => {
    for (const value of ['off', '0']) {
      const parsed = ok(
        parseWireGuard(
          `[Interface]\nPrivateKey=${me.privateKey}\n[Peer]\nPublicKey=${server.publicKey}\nPersistentKeepalive = ${value}\n`,
          'a.conf',
        ),
      );
      expect(parsed.profile.peers[0]?.persistentKeepalive).toBeUndefined();
    }
  });

  it.each([
    ['PostUp = iptables -F', 'runs-program'],
    ['postup = x', 'runs-program'],
    ['PreUp = x', 'runs-program'],
    ['PREDOWN = x', 'runs-program'],
    ['PostDown = x', 'runs-program'],
    ['SaveConfig = true', 'writes-file'],
    ['Table = off', 'owned-by-holdfast'],
    ['FwMark = 51820', 'owned-by-holdfast'],
    ['Jmin = 40', 'unknown-key'],
  ])('refuses `%s` with code %s, naming line and key', (line, code) => {
    const [e] = errors(
      parseWireGuard(
        `[Interface]\nPrivateKey = ${me.privateKey}\n${line}\n[Peer]\nPublicKey = ${server.publicKey}\n`,
        'x.conf',
      ),
    );
    expect(e).toMatchObject({ file: 'x.conf', code, line: 3, column: 1, directive: line.split('=')[0]?.trim() });
  });

  it('refuses hooks even before any section or in a [Peer]', () => {
    const errs = errors(
      parseWireGuard(
        `PostUp = x\n[Interface]\nPrivateKey = ${me.privateKey}\n[Peer]\nPublicKey = ${server.publicKey}\nPostDown = y\n`,
        'x.conf',
      ),
    );
    expect(errs.map((e) => [e.code, e.line])).toEqual([
      ['runs-program', 1],
      ['runs-program', 6],
    ]);
  });

  it.each([
    ['Address = 10.0.0.300/32', 'invalid-address'],
    ['Address = 10.0.0.1/33', 'invalid-address'],
    ['Address = fd00::1/129', 'invalid-address'],
    ['DNS = not a domain!', 'invalid-dns'],
    ['MTU = 100', 'invalid-mtu'],
    ['MTU = 1e3', 'invalid-mtu'],
    ['ListenPort = 70000', 'invalid-port'],
    ['Endpoint = 1.2.3.4:1', 'wrong-section'],
    ['PrivateKey = ' + other.privateKey, 'repeated-key'],
    ['no equals sign here', 'syntax'],
  ])('refuses interface line `%s` as %s', (line, code) => {
    const errs = errors(
      parseWireGuard(
        `[Interface]\nPrivateKey = ${me.privateKey}\n${line}\n[Peer]\nPublicKey = ${server.publicKey}\n`,
        'x.conf',
      ),
    );
    expect(errs[0]).toMatchObject({ code, line: 3 });
  });

  it.each([
    ['Endpoint = 2001:db8::1:51820', 'invalid-endpoint'],
    ['Endpoint = [2001:db8::1]:0', 'invalid-endpoint'],
    ['Endpoint = host.example', 'invalid-endpoint'],
    ['Endpoint = bad_host!:51820', 'invalid-endpoint'],
    ['AllowedIPs = 0.0.0.0/0, nonsense', 'invalid-address'],
    ['PersistentKeepalive = 99999', 'invalid-keepalive'],
    ['PresharedKey = short', 'invalid-key'],
    ['Address = 10.0.0.2/32', 'wrong-section'],
  ])('refuses peer line `%s` as %s', (line, code) => {
    const errs = errors(
      parseWireGuard(
        `[Interface]\nPrivateKey = ${me.privateKey}\n[Peer]\nPublicKey = ${server.publicKey}\n${line}\n`,
        'x.conf',
      ),
    );
    expect(errs[0]).toMatchObject({ code, line: 5 });
  });

  it('never echoes a malformed private key', () => {
    const secretish = 'hunter2hunter2hunter2hunter2hunter2hunter2AB';
    const errs = errors(
      parseWireGuard(`[Interface]\nPrivateKey = ${secretish}\n[Peer]\nPublicKey = ${server.publicKey}\n`, 'x.conf'),
    );
    expect(errs[0]?.code).toBe('invalid-key');
    expect(JSON.stringify(errs)).not.toContain('hunter2');
  });

  it('rejects keys whose last base64 character carries non-zero padding bits, as wg does', () => {
    const bad = `${me.privateKey.slice(0, 42)}B=`;
    expect(isWireGuardKey(bad)).toBe(false);
    expect(isWireGuardKey(me.privateKey)).toBe(true);
  });

  it('requires an interface key and at least one peer with a public key, and distinct peers', () => {
    expect(errors(parseWireGuard('[Interface]\nAddress = 10.0.0.2/32\n', 'x.conf')).map((e) => e.code)).toEqual([
      'missing-key',
      'missing-peer',
    ]);
    expect(
      errors(parseWireGuard(`[Interface]\nPrivateKey=${me.privateKey}\n[Peer]\nAllowedIPs=0.0.0.0/0\n`, 'x.conf'))[0],
    ).toMatchObject({
      code: 'missing-key',
      line: 3,
    });
    const dup = errors(
      parseWireGuard(
        `[Interface]\nPrivateKey=${me.privateKey}\n[Peer]\nPublicKey=${server.publicKey}\n[Peer]\nPublicKey=${server.publicKey}\n`,
        'x.conf',
      ),
    );
    expect(dup[0]).toMatchObject({ code: 'duplicate-peer', line: 5 });
    expect(errors(parseWireGuard('', 'empty.conf')).map((e) => e.code)).toEqual(['missing-interface', 'missing-peer']);
    expect(errors(parseWireGuard('[Server]\n', 'x.conf'))[0]?.code).toBe('unknown-section');
  });

  it('refuses 10 MB of input with a size message before reading it', () => {
    const huge = `[Interface]\n${'# padding\n'.repeat(1024 * 1024)}`;
    const errs = errors(parseWireGuard(huge, 'huge.conf'));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ code: 'too-large' });
    expect(errs[0]?.message).toContain('10.0 MiB');
    expect(errs[0]?.message).toContain(`${MAX_PROFILE_BYTES / 1024 / 1024}.0 MiB`);
  });

  it('caps the number of reported problems on a file full of bad lines', () => {
    const errs = errors(parseWireGuard('PostUp = x\n'.repeat(10_000), 'many.conf'));
    expect(errs.length).toBe(51);
    expect(errs.at(-1)?.code).toBe('more-problems');
  });
});
