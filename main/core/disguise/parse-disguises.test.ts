import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeDisguises, parseDisguises } from './parse-disguises';

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
// 52 bytes (node id + public key), written as Tor writes it: 70 characters, no padding.
const CERT = Buffer.alloc(52, 7).toString('base64').replace(/=+$/, '');

describe('ss:// links', () => {
  it('reads SIP002 with base64url userinfo, a tag and an IPv6 server', () => {
    const text = [
      `ss://${b64url('chacha20-ietf-poly1305:p@ss:word')}@198.51.100.7:8388#Tokyo%201`,
      `ss://${b64url('aes-256-gcm:secret')}@[2001:db8::1]:443/`,
    ].join('\n');
    const result = parseDisguises('links.txt', text);
    expect(result.errors).toEqual([]);
    expect(result.disguises.map((d) => d.params)).toEqual([
      {
        kind: 'shadowsocks',
        host: '198.51.100.7',
        port: 8388,
        method: 'chacha20-ietf-poly1305',
        password: 'shadowsocks-password',
        label: 'Tokyo 1',
      },
      { kind: 'shadowsocks', host: '2001:db8::1', port: 443, method: 'aes-256-gcm', password: 'shadowsocks-password' },
    ]);
    expect(result.disguises[0]?.secrets).toEqual({ 'shadowsocks-password': 'p@ss:word' });
    expect(result.disguises[0]?.line).toBe(1);
  });

  it('reads the older fully encoded form and percent-encoded clear userinfo', () => {
    const legacy = `ss://${Buffer.from('aes-128-gcm:pw@ss.example.net:8443').toString('base64')}#old`;
    const clear = 'ss://aes-256-gcm:pa%20ss@vpn.example.org:8388';
    const result = parseDisguises('l.txt', `${legacy}\n${clear}`);
    expect(result.errors).toEqual([]);
    expect(result.disguises.map((d) => [d.params.host, d.params.port, d.secrets['shadowsocks-password']])).toEqual([
      ['ss.example.net', 8443, 'pw'],
      ['vpn.example.org', 8388, 'pa ss'],
    ]);
  });

  it('refuses plugins, stream ciphers and 2022 methods with the line, and never quotes the secret', () => {
    const text = [
      '# my links',
      `ss://${b64url('aes-256-gcm:topsecret1')}@1.2.3.4:443/?plugin=obfs-local%3Bobfs%3Dhttp`,
      `ss://${b64url('rc4-md5:topsecret2')}@1.2.3.4:443`,
      `ss://${b64url('2022-blake3-aes-256-gcm:topsecret3')}@1.2.3.4:443`,
      `ss://${b64url('aes-256-gcm:topsecret4')}@1.2.3.4:99999`,
    ].join('\n');
    const result = parseDisguises('bad.txt', text);
    expect(result.disguises).toEqual([]);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'plugin-unsupported'],
      [3, 'ss-method'],
      [4, 'ss-method'],
      [5, 'bad-endpoint'],
    ]);
    expect(result.errors[1]?.message).toMatch(/only authenticated \(AEAD\) methods/);
    expect(result.errors[2]?.message).toMatch(/Shadowsocks 2022/);
    expect(JSON.stringify(result.errors)).not.toMatch(/topsecret/);
    expect(JSON.stringify(result.errors)).not.toContain(b64url('aes-256-gcm:topsecret4'));
  });
});

describe('bridge and TLS lines', () => {
  it('reads obfs4 lines with and without Bridge and a fingerprint', () => {
    const fp = 'A'.repeat(40);
    const text = `Bridge obfs4 203.0.113.5:443 ${fp} cert=${CERT} iat-mode=1\nobfs4 [2001:db8::5]:9443 cert=${CERT} iat-mode=0 extra=1`;
    const result = parseDisguises('bridges.txt', text);
    expect(result.errors).toEqual([]);
    expect(result.disguises.map((d) => d.params)).toEqual([
      { kind: 'obfs4', host: '203.0.113.5', port: 443, fingerprint: fp, cert: 'obfs4-cert', iatMode: 1 },
      { kind: 'obfs4', host: '2001:db8::5', port: 9443, cert: 'obfs4-cert', iatMode: 0 },
    ]);
    expect(result.disguises[0]?.secrets['obfs4-cert']).toBe(CERT);
    expect(result.warnings).toEqual([expect.objectContaining({ line: 2, message: expect.stringContaining('extra') })]);
  });

  it('refuses obfs4 lines without a usable cert or with a bad iat-mode', () => {
    const text = `obfs4 1.2.3.4:443 iat-mode=0\nobfs4 1.2.3.4:443 cert=abc iat-mode=0\nobfs4 1.2.3.4:443 cert=${CERT} iat-mode=7`;
    const result = parseDisguises('b.txt', text);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [1, 'obfs4-cert-missing'],
      [2, 'obfs4-cert-invalid'],
      [3, 'bad-iat-mode'],
    ]);
    expect(JSON.stringify(result.errors)).not.toContain(CERT);
  });

  it('reads tls lines, taking the host as the name when none is given', () => {
    const result = parseDisguises(
      't.txt',
      'tls 198.51.100.9:443 sni=cdn.example.com\ntls vpn.example.net:443\ntls 1.2.3.4:443',
    );
    expect(result.disguises.map((d) => d.params)).toEqual([
      { kind: 'tls', host: '198.51.100.9', port: 443, sni: 'cdn.example.com' },
      { kind: 'tls', host: 'vpn.example.net', port: 443, sni: 'vpn.example.net' },
    ]);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([[3, 'tls-sni-missing']]);
  });

  it('names an unknown line', () => {
    const result = parseDisguises('x.txt', 'vmess://abc');
    expect(result.errors).toEqual([expect.objectContaining({ file: 'x.txt', line: 1, code: 'unknown-line' })]);
  });
});

describe('SIP008 documents', () => {
  it('reads each entry and refuses bad ones by their field', () => {
    const doc = {
      version: 1,
      servers: [
        {
          id: '1',
          remarks: 'Osaka',
          server: '198.51.100.20',
          server_port: 8388,
          password: 'pw1',
          method: 'aes-256-gcm',
        },
        { id: '2', server: '198.51.100.21', server_port: 8388, password: 'pw2', method: 'aes-256-cfb' },
        {
          id: '3',
          server: '198.51.100.22',
          server_port: 8388,
          password: 'pw3',
          method: 'aes-256-gcm',
          plugin: 'v2ray-plugin',
        },
        { id: '4', server: '2001:db8::9', server_port: 8389, password: 'pw4', method: 'CHACHA20-IETF-POLY1305' },
      ],
    };
    const result = parseDisguises('sub.json', JSON.stringify(doc));
    expect(result.disguises.map((d) => [d.params.host, d.params.label ?? null, d.field])).toEqual([
      ['198.51.100.20', 'Osaka', 'servers[0]'],
      ['2001:db8::9', null, 'servers[3]'],
    ]);
    expect(result.errors.map((e) => [e.directive, e.code])).toEqual([
      ['servers[1].method', 'ss-method'],
      ['servers[2].plugin', 'plugin-unsupported'],
    ]);
  });

  it('says when JSON is not a subscription', () => {
    expect(looksLikeDisguises('{"servers": []}')).toBe(true);
    expect(looksLikeDisguises('{"peers": []}')).toBe(false);
    expect(parseDisguises('a.json', '{"version":1,"servers":"x"}').errors[0]?.code).toBe('not-sip008');
    expect(parseDisguises('a.json', '{"servers": [').errors[0]?.code).toBe('bad-json');
  });
});

describe('telling disguise files from profiles', () => {
  it('looks at the first meaningful line only', () => {
    expect(looksLikeDisguises('# bridges\n\nobfs4 1.2.3.4:1 cert=x')).toBe(true);
    expect(looksLikeDisguises('\ufeffss://abc@h:1')).toBe(true);
    expect(looksLikeDisguises('[Interface]\nPrivateKey = x')).toBe(false);
    expect(looksLikeDisguises('client\nremote vpn.example.com 1194')).toBe(false);
  });

  it('never throws and every refusal names the file and a line or field', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom('ss://', 'obfs4 ', 'tls ', 'Bridge obfs4 ', '# ', 'ss://YWVzLTI1Ni1nY206eA@'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.string()), { maxLength: 20 }), (parts) => {
        const text = parts.map(([a, b]) => a + b).join('\n');
        const result = parseDisguises('f.txt', text);
        for (const error of result.errors) {
          expect(error.file).toBe('f.txt');
          expect(error.line !== undefined || error.directive !== undefined || error.code === 'too-large').toBe(true);
        }
        for (const d of result.disguises) expect(d.params.port).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
