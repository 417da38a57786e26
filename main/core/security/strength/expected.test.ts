import { describe, expect, it } from 'vitest';
import type { OpenVpnProfile, WireGuardProfile } from '../../profiles/types';
import { allowedDataCiphers, rateExpected } from './expected';

const base: OpenVpnProfile = {
  id: 'p1',
  name: 'Test',
  kind: 'openvpn',
  sourceFile: 'test.ovpn',
  contentHash: 'x',
  importedAt: '2026-01-01T00:00:00.000Z',
  warnings: [],
  remotes: [{ host: 'vpn.example.net', port: 1194, proto: 'udp' }],
  directives: [],
  blocks: [{ name: 'ca', text: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----' }],
  authUserPass: false,
  dataCiphers: [],
};

describe('rateExpected', () => {
  it('uses OpenVPN 2.6 defaults when the profile names no ciphers, and rates the weakest', () => {
    const result = rateExpected(base);
    expect(result).toMatchObject({ expected: true, dataCipher: 'AES-128-GCM', dataKeyBits: 128, rating: 'strong' });
    expect(result.reasons[0]?.code).toBe('expected');
    expect(result.reasons.map((r) => r.code)).toContain('no-tls-wrap');
  });

  it('rates a profile that allows only AES-256-GCM as 256-bit', () => {
    const result = rateExpected({ ...base, dataCiphers: ['AES-256-GCM'] });
    expect(result).toMatchObject({ dataCipher: 'AES-256-GCM', dataKeyBits: 256, rating: 'strong' });
    expect(result.reasons.map((r) => r.code)).not.toContain('allows-weaker');
  });

  it('lets a weak fallback cipher drag the expectation down', () => {
    const result = rateExpected({ ...base, dataCiphers: ['AES-256-GCM'], dataCiphersFallback: 'BF-CBC' });
    expect(result).toMatchObject({ dataCipher: 'BF-CBC', rating: 'insecure' });
    const codes = result.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['sweet32', 'allows-weaker', 'fallback-cipher']));
  });

  it('rates CBC with the profile auth digest', () => {
    const result = rateExpected({ ...base, dataCiphers: ['AES-256-CBC'], auth: 'SHA512' });
    expect(result).toMatchObject({ dataCipher: 'AES-256-CBC', rating: 'legacy' });
    expect(result.reasons.find((r) => r.code === 'cbc-with-hmac')?.params).toEqual({
      cipher: 'AES-256-CBC',
      auth: 'SHA512',
    });
  });

  it('recognizes the handshake wrapping from the blocks', () => {
    const result = rateExpected({ ...base, blocks: [...base.blocks, { name: 'tls-crypt', secret: 'tls-crypt' }] });
    expect(result.reasons.map((r) => r.code)).toContain('tls-crypt');
  });

  it('flags a profile that caps TLS below 1.2', () => {
    const result = rateExpected({ ...base, directives: [{ name: 'tls-version-max', args: ['1.1'] }] });
    expect(result.rating).toBe('insecure');
    expect(result.reasons.map((r) => r.code)).toContain('old-tls');
  });

  it('deduplicates the allowed list case-insensitively', () => {
    expect(
      allowedDataCiphers({ ...base, dataCiphers: ['AES-256-GCM', 'aes-256-gcm'], dataCiphersFallback: 'AES-256-GCM' }),
    ).toEqual(['AES-256-GCM']);
  });

  it('rates a WireGuard profile with its fixed suite and notes a pre-shared key', () => {
    const wg: WireGuardProfile = {
      id: 'w1',
      name: 'WG',
      kind: 'wireguard',
      sourceFile: 'wg.conf',
      contentHash: 'y',
      importedAt: '2026-01-01T00:00:00.000Z',
      warnings: [],
      interface: { privateKey: 'priv', addresses: ['10.0.0.2/32'], dns: [], dnsSearch: [] },
      peers: [{ publicKey: 'pub', presharedKey: 'psk', allowedIps: ['0.0.0.0/0'] }],
    };
    const result = rateExpected(wg);
    expect(result).toMatchObject({ expected: true, protocol: 'wireguard', dataKeyBits: 256, securityBits: 128 });
    expect(result.reasons.map((r) => r.code)).toEqual(['expected', 'wireguard-suite', 'preshared-key', 'limited-by']);
  });
});
