import { describe, expect, it } from 'vitest';
import type { SiblingReader } from './openvpn-files';
import { DEFAULT_DATA_CIPHERS, openVpnBlockRef, parseOpenVpn } from './parse-openvpn';
import { minimalOvpn, pem } from './test-support';
import type { OpenVpnProfile, ParseResult } from './types';

async function ok(pending: Promise<ParseResult<OpenVpnProfile>>) {
  const result = await pending;
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return result.value;
}

async function errors(pending: Promise<ParseResult<OpenVpnProfile>>) {
  const result = await pending;
  if (result.ok) throw new Error('expected a refusal');
  return result.errors;
}

function siblingsFrom(files: Record<string, string>): SiblingReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async read(relativePath) {
      asked.push(relativePath);
      const text = files[relativePath];
      return text === undefined
        ? { ok: false, reason: 'there is no such file next to the profile' }
        : { ok: true, text };
    },
  };
}

describe('parseOpenVpn: remotes', () => {
  it('defaults to UDP 1194 and applies the final global proto/port to plain remote lines', async () => {
    const p = await ok(
      parseOpenVpn(
        minimalOvpn('remote b.example.com\nremote c.example.com 53 tcp-client\nremote 2001:db8::7 443 udp6\n'),
        'a.ovpn',
      ),
    );
    expect(p.profile.remotes).toEqual([
      { host: 'vpn.example.com', port: 1194, proto: 'udp' },
      { host: 'b.example.com', port: 1194, proto: 'udp' },
      { host: 'c.example.com', port: 53, proto: 'tcp' },
      { host: '2001:db8::7', port: 443, proto: 'udp' },
    ]);
    const ca = `<ca>\n${pem.ca}</ca>\n`;
    const tcp = await ok(
      parseOpenVpn(
        `client\ndev tun\nremote a.example.com\nremote b.example.com 1194 udp\nproto tcp\nport 443\n${ca}`,
        'a.ovpn',
      ),
    );
    expect(tcp.profile.remotes).toEqual([
      { host: 'a.example.com', port: 443, proto: 'tcp' },
      { host: 'b.example.com', port: 1194, proto: 'udp' },
    ]);
    const rport = await ok(
      parseOpenVpn(`client\ndev tun\nremote a.example.com\nrport 8443\nproto tcp4-client\n${ca}`, 'a.ovpn'),
    );
    expect(rport.profile.remotes).toEqual([{ host: 'a.example.com', port: 8443, proto: 'tcp' }]);
  });

  it('keeps <connection> blocks in file order with their own options, using the globals seen before them', async () => {
    const text = `client\ndev tun\nproto tcp\n<connection>\nremote a.example.com\nexplicit-exit-notify\n</connection>\nport 993\n<connection>\nremote b.example.com 80\nproto udp\n</connection>\nremote c.example.com\n<ca>\n${pem.ca}</ca>\n`;
    const p = await ok(parseOpenVpn(text, 'c.ovpn'));
    expect(p.profile.remotes).toEqual([
      { host: 'a.example.com', port: 1194, proto: 'tcp', options: [{ name: 'explicit-exit-notify', args: [] }] },
      { host: 'b.example.com', port: 80, proto: 'udp' },
      { host: 'c.example.com', port: 993, proto: 'tcp' },
    ]);
    expect(p.profile.directives.map((d) => d.name)).toEqual(['client', 'dev']);
  });

  it('refuses a <connection> without or with several remotes, and options OpenVPN forbids there', async () => {
    const none = await errors(parseOpenVpn(minimalOvpn('<connection>\nnobind\n</connection>\n'), 'c.ovpn'));
    expect(none[0]).toMatchObject({ code: 'no-remote', line: 4 });
    const two = await errors(parseOpenVpn(minimalOvpn('<connection>\nremote a\nremote b\n</connection>\n'), 'c.ovpn'));
    expect(two[0]).toMatchObject({ code: 'syntax', line: 4 });
    const cipher = await errors(
      parseOpenVpn(minimalOvpn('<connection>\nremote a\ncipher AES-256-GCM\n</connection>\n'), 'c.ovpn'),
    );
    expect(cipher[0]).toMatchObject({ code: 'not-in-connection', line: 6, directive: 'cipher' });
  });

  it('refuses bad hosts, ports and protocols', async () => {
    for (const [line, code] of [
      ['remote bad_host! 1194', 'invalid-host'],
      ['remote a.example.com 70000', 'invalid-port'],
      ['remote a.example.com 1194 sctp', 'bad-arguments'],
      ['remote a.example.com 1194 tcp-server', 'server-only'],
      ['port 0', 'invalid-port'],
    ]) {
      expect((await errors(parseOpenVpn(minimalOvpn(`${line}\n`), 'r.ovpn')))[0]).toMatchObject({ code, line: 4 });
    }
  });
});

describe('parseOpenVpn: keys and blocks', () => {
  const identity = `<cert>\n${pem.cert}</cert>\n<key>\n${pem.key}</key>\n<tls-auth>\n${pem.ta}</tls-auth>\n<ca>\n${pem.ca}</ca>\n`;

  it('seals keys as secrets and keeps certificates in clear', async () => {
    const p = await ok(parseOpenVpn(minimalOvpn('key-direction 1\n', identity), 'k.ovpn'));
    expect(p.profile.blocks).toEqual([
      { name: 'cert', text: expect.stringContaining('-----BEGIN CERTIFICATE-----') },
      { name: 'key', secret: openVpnBlockRef('key') },
      { name: 'tls-auth', secret: openVpnBlockRef('tls-auth') },
      { name: 'ca', text: expect.stringContaining('-----BEGIN CERTIFICATE-----') },
    ]);
    expect(p.secrets[openVpnBlockRef('key')]).toContain('PRIVATE KEY');
    expect(p.secrets[openVpnBlockRef('tls-auth')]).toContain('OpenVPN Static key V1');
    expect(p.profile.keyDirection).toBe(1);
    const clear = JSON.stringify(p.profile);
    expect(clear).not.toContain('PRIVATE KEY');
    expect(clear).not.toContain('Static key');
  });

  it('drops the human-readable text openssl puts before a certificate', async () => {
    const cert = `Certificate:\n    Data:\n        Version: 3 (0x2)\n${pem.cert}`;
    const p = await ok(
      parseOpenVpn(
        minimalOvpn('', `<ca>\n${pem.ca}</ca>\n<cert>\n${cert}</cert>\n<key>\n${pem.key}</key>\n`),
        'k.ovpn',
      ),
    );
    expect(p.profile.blocks.find((b) => b.name === 'cert')?.text?.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
  });

  it('takes the key direction from `tls-auth [inline] 1` and refuses a contradicting key-direction', async () => {
    const p = await ok(
      parseOpenVpn(
        minimalOvpn('tls-auth [inline] 1\n', `<ca>\n${pem.ca}</ca>\n<tls-auth>\n${pem.ta}</tls-auth>\n`),
        'k.ovpn',
      ),
    );
    expect(p.profile.keyDirection).toBe(1);
    const clash = await errors(
      parseOpenVpn(
        minimalOvpn(
          'tls-auth [inline] 1\nkey-direction 0\n',
          `<ca>\n${pem.ca}</ca>\n<tls-auth>\n${pem.ta}</tls-auth>\n`,
        ),
        'k.ovpn',
      ),
    );
    expect(clash[0]).toMatchObject({ code: 'conflicting-keys', line: 5 });
    const missing = await errors(parseOpenVpn(minimalOvpn('tls-crypt [inline]\n'), 'k.ovpn'));
    expect(missing[0]).toMatchObject({ code: 'missing-block', line: 4 });
  });

  it('refuses repeated blocks, wrong content, a key without a certificate and a missing CA', async () => {
    expect(
      (await errors(parseOpenVpn(minimalOvpn('', `<ca>\n${pem.ca}</ca>\n<ca>\n${pem.ca}</ca>\n`), 'k.ovpn')))[0]?.code,
    ).toBe('repeated');
    expect((await errors(parseOpenVpn(minimalOvpn('', `<ca>\n${pem.key}</ca>\n`), 'k.ovpn')))[0]?.code).toBe(
      'invalid-block',
    );
    expect(
      (await errors(parseOpenVpn(minimalOvpn('', `<ca>\n${pem.ca}</ca>\n<key>\n${pem.key}</key>\n`), 'k.ovpn')))[0]
        ?.code,
    ).toBe('incomplete-identity');
    expect((await errors(parseOpenVpn(minimalOvpn('', ''), 'k.ovpn')))[0]?.code).toBe('no-ca');
    const both = `<ca>\n${pem.ca}</ca>\n<tls-auth>\n${pem.ta}</tls-auth>\n<tls-crypt>\n${pem.ta}</tls-crypt>\n`;
    expect((await errors(parseOpenVpn(minimalOvpn('', both), 'k.ovpn')))[0]?.code).toBe('conflicting-keys');
  });

  it('inlines referenced files through the sibling reader and says which file failed', async () => {
    const siblings = siblingsFrom({ 'ca.crt': pem.ca, 'keys/ta.key': pem.ta });
    const p = await ok(
      parseOpenVpn('client\ndev tun\nremote a.example.com\nca ca.crt\ntls-crypt keys/ta.key\n', 'f.ovpn', siblings),
    );
    expect(siblings.asked).toEqual(['ca.crt', 'keys/ta.key']);
    expect(p.profile.blocks.map((b) => b.name)).toEqual(['ca', 'tls-crypt']);
    expect(p.secrets[openVpnBlockRef('tls-crypt')]).toBe(pem.ta.slice(pem.ta.indexOf('-----BEGIN')));

    const missing = await errors(parseOpenVpn('client\ndev tun\nremote a\nca nope.crt\n', 'f.ovpn', siblingsFrom({})));
    expect(missing[0]).toMatchObject({ code: 'file-unusable', line: 4, directive: 'ca' });
    expect(missing[0]?.message).toBe('`ca nope.crt` could not be used: there is no such file next to the profile.');
  });

  it('without a sibling reader, explains that referenced files were not part of the import', async () => {
    const e = await errors(parseOpenVpn('client\ndev tun\nremote a\nca ca.crt\n', 'f.ovpn'));
    expect(e[0]).toMatchObject({ code: 'file-not-imported', line: 4, column: 1, directive: 'ca' });
    expect(e[0]?.message).toContain('import the profile');
  });

  it('never asks the reader for paths outside the folder', async () => {
    const siblings = siblingsFrom({});
    for (const target of [
      '../ca.crt',
      'a/../../ca.crt',
      '/dev/zero',
      '/proc/self/environ',
      '~/ca.crt',
      'C:\\\\ca.crt',
    ]) {
      const e = await errors(parseOpenVpn(`client\ndev tun\nremote a\nca ${target}\n`, 'f.ovpn', siblings));
      expect(e[0]?.code).toBe('file-outside-folder');
    }
    expect(siblings.asked).toEqual([]);
  });
});

describe('parseOpenVpn: normalization', () => {
  it('records auth-user-pass without a file and keeps only allowed directives, in order', async () => {
    const p = await ok(
      parseOpenVpn(
        minimalOvpn('--nobind\nauth-user-pass\nverb 3\nredirect-gateway def1 bypass-dhcp\nlog /tmp/x.log\n'),
        'n.ovpn',
      ),
    );
    expect(p.profile.authUserPass).toBe(true);
    expect(p.profile.directives).toEqual([
      { name: 'client', args: [] },
      { name: 'dev', args: ['tun'] },
      { name: 'nobind', args: [] },
      { name: 'redirect-gateway', args: ['def1', 'bypass-dhcp'] },
    ]);
    expect(p.warnings.map((w) => [w.code, w.line, w.directive])).toEqual([
      ['owned-by-holdfast', 6, 'verb'],
      ['owned-by-holdfast', 8, 'log'],
    ]);
  });

  it('summarizes data ciphers as OpenVPN 2.6 negotiates them', async () => {
    const plain = await ok(parseOpenVpn(minimalOvpn(), 'c.ovpn'));
    expect(plain.profile.dataCiphers).toEqual(DEFAULT_DATA_CIPHERS);
    // 2.6 ignores --cipher for negotiation...
    const ignored = await ok(parseOpenVpn(minimalOvpn('cipher BF-CBC\nauth SHA1\n'), 'c.ovpn'));
    expect(ignored.profile.dataCiphers).toEqual(DEFAULT_DATA_CIPHERS);
    expect(ignored.profile.auth).toBe('SHA1');
    // ...unless told to behave like a version before 2.5.
    const legacy = await ok(parseOpenVpn(minimalOvpn('cipher BF-CBC\ncompat-mode 2.4.7\n'), 'c.ovpn'));
    expect(legacy.profile.dataCiphers).toEqual([...DEFAULT_DATA_CIPHERS, 'BF-CBC']);
    const optional = await ok(parseOpenVpn(minimalOvpn('data-ciphers AES-256-GCM:?CHACHA20-POLY1305\n'), 'c.ovpn'));
    expect(optional.profile.dataCiphers).toEqual(['AES-256-GCM', 'CHACHA20-POLY1305']);
    const listed = await ok(
      parseOpenVpn(
        minimalOvpn('data-ciphers AES-256-GCM:AES-128-CBC\ncipher AES-256-CBC\ndata-ciphers-fallback AES-128-CBC\n'),
        'c.ovpn',
      ),
    );
    expect(listed.profile.dataCiphers).toEqual(['AES-256-GCM', 'AES-128-CBC']);
    expect(listed.profile.dataCiphersFallback).toBe('AES-128-CBC');
  });

  it('keeps only compression framing and warns about compression', async () => {
    const cases: Array<[string, { name: string; args: string[] } | undefined, boolean]> = [
      ['comp-lzo', { name: 'comp-lzo', args: ['no'] }, true],
      ['comp-lzo no', { name: 'comp-lzo', args: ['no'] }, false],
      ['compress lz4', { name: 'compress', args: [] }, true],
      ['compress lz4-v2', { name: 'compress', args: ['stub-v2'] }, true],
      ['compress', { name: 'compress', args: [] }, false],
      ['allow-compression yes', undefined, true],
    ];
    for (const [line, kept, warned] of cases) {
      const p = await ok(parseOpenVpn(minimalOvpn(`${line}\n`), 'z.ovpn'));
      expect(p.profile.directives.slice(2)).toEqual(kept ? [kept] : []);
      expect(p.warnings.some((w) => w.code === 'compression-disabled')).toBe(warned);
    }
  });

  it('keeps the device type but not the device name', async () => {
    const named = await ok(parseOpenVpn('client\ndev tun7\nremote a\n' + `<ca>\n${pem.ca}</ca>\n`, 'd.ovpn'));
    expect(named.profile.directives).toContainEqual({ name: 'dev', args: ['tun'] });
    expect(named.warnings[0]).toMatchObject({ code: 'owned-by-holdfast', line: 2 });
    const typed = await ok(
      parseOpenVpn('client\ndev office\ndev-type tap\nremote a\n' + `<ca>\n${pem.ca}</ca>\n`, 'd.ovpn'),
    );
    expect(typed.profile.directives).toContainEqual({ name: 'dev', args: ['tap'] });
    expect(
      (await errors(parseOpenVpn('client\ndev office\nremote a\n' + `<ca>\n${pem.ca}</ca>\n`, 'd.ovpn')))[0]?.code,
    ).toBe('bad-arguments');
    const none = await ok(parseOpenVpn('client\nremote a\n' + `<ca>\n${pem.ca}</ca>\n`, 'd.ovpn'));
    expect(none.profile.directives[0]).toEqual({ name: 'dev', args: ['tun'] });
  });

  it('unwraps setenv opt: known settings obey the policy, unknown ones are left out', async () => {
    const p = await ok(
      parseOpenVpn(
        minimalOvpn('setenv opt tun-mtu-extra 32\nsetenv opt frobnicate 1\nsetenv opt block-outside-dns\n'),
        's.ovpn',
      ),
    );
    expect(p.profile.directives.slice(2)).toEqual([{ name: 'tun-mtu-extra', args: ['32'] }]);
    expect(p.warnings.map((w) => w.code)).toEqual(['ignored-unknown', 'windows-only']);
  });

  it('accepts IV_/UV_ variables and CLIENT_CERT 0 only', async () => {
    const p = await ok(
      parseOpenVpn(minimalOvpn('setenv UV_ID "a b"\nsetenv IV_GUI_VER x\nsetenv CLIENT_CERT 0\n'), 's.ovpn'),
    );
    expect(p.profile.directives.slice(2)).toEqual([
      { name: 'setenv', args: ['UV_ID', 'a b'] },
      { name: 'setenv', args: ['IV_GUI_VER', 'x'] },
      { name: 'setenv', args: ['CLIENT_CERT', '0'] },
    ]);
    for (const line of ['setenv CLIENT_CERT 1', 'setenv LD_PRELOAD /tmp/x.so', 'setenv-safe X 1']) {
      expect((await errors(parseOpenVpn(minimalOvpn(`${line}\n`), 's.ovpn')))[0]?.code).toBe('sets-environment');
    }
    // PATH only reaches scripts (update-systemd-resolved's instructions add it): left out, never passed on.
    const path = await ok(parseOpenVpn(minimalOvpn('setenv PATH /tmp\n'), 's.ovpn'));
    expect(path.profile.directives.some((d) => d.name === 'setenv')).toBe(false);
    expect(path.profile.warnings.map((w) => w.code)).toContain('owned-by-holdfast');
  });

  it('refuses control characters smuggled into quoted arguments', async () => {
    const e = await errors(parseOpenVpn(minimalOvpn('verify-x509-name "a\tb"\n'), 'c.ovpn'));
    expect(e[0]).toMatchObject({ code: 'bad-arguments', line: 4 });
  });

  it('checks argument counts', async () => {
    const e = await errors(parseOpenVpn(minimalOvpn('nobind now\nroute\n'), 'a.ovpn'));
    expect(e.map((x) => [x.line, x.message])).toEqual([
      [4, '`nobind now` takes no parameters, not 1.'],
      [5, '`route` takes 1 to 4 parameters, not 0.'],
    ]);
  });
});

describe('parseOpenVpn: hostile input', () => {
  it('refuses 10 MB of input with a size message', async () => {
    const e = await errors(parseOpenVpn(`client\n${'#'.repeat(10 * 1024 * 1024)}\n`, 'big.ovpn'));
    expect(e).toEqual([{ file: 'big.ovpn', code: 'too-large', message: expect.stringContaining('10.0 MiB') }]);
  });

  it('refuses NUL bytes', async () => {
    expect((await errors(parseOpenVpn('client\u0000\n', 'bin.ovpn')))[0]?.code).toBe('not-text');
  });

  it('caps the problems it reports', async () => {
    const e = await errors(parseOpenVpn('up /x\n'.repeat(20_000), 'many.ovpn'));
    expect(e).toHaveLength(51);
    expect(e.at(-1)?.code).toBe('more-problems');
  });

  it('refuses stray and mismatched tags', async () => {
    expect((await errors(parseOpenVpn(minimalOvpn('</ca>\n'), 't.ovpn')))[0]).toMatchObject({
      code: 'syntax',
      line: 4,
    });
    expect((await errors(parseOpenVpn(minimalOvpn('</connection>\n'), 't.ovpn')))[0]).toMatchObject({
      code: 'syntax',
      line: 4,
    });
    expect((await errors(parseOpenVpn(minimalOvpn('<connection>\n<connection>\n'), 't.ovpn')))[0]).toMatchObject({
      code: 'syntax',
      line: 5,
    });
    expect((await errors(parseOpenVpn(minimalOvpn('<connection>\nremote a\n<ca>\n'), 't.ovpn')))[0]).toMatchObject({
      code: 'syntax',
      line: 6,
    });
    expect((await errors(parseOpenVpn(minimalOvpn('<ca> extra\n'), 't.ovpn')))[0]).toMatchObject({
      code: 'syntax',
      line: 4,
    });
  });
});
