import { describe, expect, it } from 'vitest';
import type { NegotiatedSecurity } from '../../tunnel/driver';
import { assessStrength, toSecurityEventFields } from './assess';
import { rateControlChannel } from './control-channel';

const modern: NegotiatedSecurity = {
  protocol: 'openvpn',
  dataCipher: 'AES-256-GCM',
  controlTlsVersion: 'TLSv1.3',
  controlSuite: 'TLS_AES_256_GCM_SHA384',
  peerCertificate: { type: 'ECprime256v1', bits: 256 },
  temporaryKey: '253 bits X25519',
  tlsWrap: 'tls-crypt',
};

describe('assessStrength (OpenVPN)', () => {
  it.each<[string, Partial<NegotiatedSecurity>, string, number, number]>([
    ['modern EC + AES-256-GCM', {}, 'strong', 256, 128],
    ['AES-128-GCM', { dataCipher: 'AES-128-GCM' }, 'strong', 128, 128],
    ['ChaCha20', { dataCipher: 'CHACHA20-POLY1305' }, 'strong', 256, 128],
    [
      'P-384 everywhere',
      { peerCertificate: { type: 'ECsecp384r1', bits: 384 }, temporaryKey: '384 bits ECsecp384r1' },
      'strong',
      256,
      192,
    ],
    ['RSA-2048 certificate', { peerCertificate: { type: 'RSA', bits: 2048 } }, 'acceptable', 256, 112],
    ['RSA-3072 certificate', { peerCertificate: { type: 'RSA', bits: 3072 } }, 'strong', 256, 128],
    ['RSA-1024 certificate', { peerCertificate: { type: 'RSA', bits: 1024 } }, 'insecure', 256, 80],
    ['DH-1024 key exchange', { temporaryKey: '1024 bits DH' }, 'insecure', 256, 80],
    ['DH-2048 key exchange', { temporaryKey: '2048 bits DH' }, 'acceptable', 256, 112],
    ['AES-256-CBC + SHA256', { dataCipher: 'AES-256-CBC', dataAuth: 'SHA256' }, 'legacy', 256, 128],
    ['BF-CBC', { dataCipher: 'BF-CBC', dataAuth: 'SHA1' }, 'insecure', 128, 64],
    ['3DES', { dataCipher: 'DES-EDE3-CBC', dataAuth: 'SHA1' }, 'insecure', 168, 64],
    ['cipher none', { dataCipher: 'none' }, 'critical', 0, 0],
    ['TLS 1.0', { controlTlsVersion: 'TLSv1', controlSuite: 'ECDHE-RSA-AES256-SHA' }, 'insecure', 256, 128],
    ['TLS 1.1', { controlTlsVersion: 'TLSv1.1', controlSuite: 'ECDHE-RSA-AES256-SHA' }, 'insecure', 256, 128],
    ['TLS 1.2 GCM', { controlTlsVersion: 'TLSv1.2', controlSuite: 'ECDHE-RSA-AES256-GCM-SHA384' }, 'strong', 256, 128],
    ['TLS 1.2 CBC', { controlTlsVersion: 'TLSv1.2', controlSuite: 'ECDHE-RSA-AES256-SHA384' }, 'acceptable', 256, 128],
    [
      'TLS 1.2 no forward secrecy',
      { controlTlsVersion: 'TLSv1.2', controlSuite: 'AES256-GCM-SHA384' },
      'legacy',
      256,
      128,
    ],
    ['TLS 1.2 3DES suite', { controlTlsVersion: 'TLSv1.2', controlSuite: 'DES-CBC3-SHA' }, 'insecure', 256, 64],
    ['TLS 1.3 AES-128 suite', { controlSuite: 'TLS_AES_128_GCM_SHA256' }, 'strong', 256, 128],
    [
      'mbed TLS suite name',
      { controlTlsVersion: 'TLSv1.2', controlSuite: 'TLS-ECDHE-ECDSA-WITH-AES-256-GCM-SHA384' },
      'strong',
      256,
      128,
    ],
  ])('%s', (_name, overrides, rating, keyBits, securityBits) => {
    const result = assessStrength({ ...modern, ...overrides });
    expect(result.rating).toBe(rating);
    expect(result.dataKeyBits).toBe(keyBits);
    expect(result.securityBits).toBe(securityBits);
    expect(result.expected).toBe(false);
  });

  it('says the handshake, not the 256-bit key, sets the level, and names the weakest part', () => {
    const result = assessStrength({ ...modern, peerCertificate: { type: 'RSA', bits: 2048 } });
    expect(result.weakestPart).toBe('RSA-2048 server certificate');
    const codes = result.reasons.map((r) => r.code);
    expect(codes).toContain('certificate-below-128');
    expect(codes).toContain('limited-by');
    expect(result.reasons.find((r) => r.code === 'limited-by')?.params).toEqual({
      securityBits: 112,
      keyBits: 256,
      part: 'RSA-2048 server certificate',
    });
  });

  it('does not claim the handshake limits a cipher that is itself the weakest part', () => {
    const result = assessStrength({ ...modern, dataCipher: 'AES-128-GCM' });
    expect(result.weakestPart).toBe('AES-128-GCM data cipher');
    expect(result.reasons.map((r) => r.code)).not.toContain('limited-by');
  });

  it('reports no encryption as 0-bit security even with a strong handshake', () => {
    const result = assessStrength({ ...modern, dataCipher: 'none' });
    expect(result).toMatchObject({ dataCipher: 'none', dataKeyBits: 0, securityBits: 0, rating: 'critical' });
  });

  it('explains the handshake wrapping without changing the rating', () => {
    for (const [wrap, code] of [
      ['tls-crypt', 'tls-crypt'],
      ['tls-crypt-v2', 'tls-crypt-v2'],
      ['tls-auth', 'tls-auth'],
      ['none', 'no-tls-wrap'],
    ] as const) {
      const result = assessStrength({ ...modern, tlsWrap: wrap });
      expect(result.reasons.map((r) => r.code)).toContain(code);
      expect(result.rating).toBe('strong');
    }
  });

  it('rates what it can when only the data channel was reported', () => {
    const result = assessStrength({ protocol: 'openvpn', dataCipher: 'AES-256-GCM' });
    expect(result).toMatchObject({ controlChannel: null, securityBits: 256, rating: 'strong' });
    expect(result.reasons.map((r) => r.code)).toContain('control-not-reported');
  });

  it('never calls an unreported cipher strong', () => {
    const result = assessStrength({ ...modern, dataCipher: undefined });
    expect(result.rating).toBe('legacy');
    expect(result.dataCipher).toBe('unknown');
  });
});

describe('assessStrength (WireGuard)', () => {
  it('always reports the fixed suite at about 128-bit security', () => {
    const result = assessStrength({ protocol: 'wireguard', presharedKey: false });
    expect(result).toMatchObject({
      protocol: 'wireguard',
      dataCipher: 'CHACHA20-POLY1305',
      dataKeyBits: 256,
      securityBits: 128,
      rating: 'strong',
      weakestPart: 'X25519 key exchange',
    });
    expect(result.reasons.map((r) => r.code)).toEqual(['wireguard-suite', 'no-preshared-key', 'limited-by']);
  });

  it('mentions a pre-shared key when one is configured', () => {
    const result = assessStrength({ protocol: 'wireguard', presharedKey: true });
    expect(result.reasons.map((r) => r.code)).toContain('preshared-key');
  });
});

describe('toSecurityEventFields', () => {
  it('maps to the CLI security event shape with English reasons', () => {
    const fields = toSecurityEventFields(assessStrength(modern));
    expect(fields).toEqual({
      protocol: 'openvpn',
      dataCipher: 'AES-256-GCM',
      dataKeyBits: 256,
      securityBits: 128,
      controlChannel: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
      rating: 'strong',
      reasons: expect.arrayContaining([expect.stringContaining('authenticated encryption with a 256-bit key')]),
      explanation: {
        weakestPart: expect.any(String),
        expected: false,
        reasons: expect.arrayContaining([expect.objectContaining({ code: 'aead-cipher' })]),
      },
    });
    expect(fields.reasons.every((r) => typeof r === 'string' && r.endsWith('.'))).toBe(true);
    expect(fields.explanation?.reasons.map((r) => r.text)).toEqual(fields.reasons);
  });
});

describe('rateControlChannel', () => {
  it('returns null when nothing was reported', () => {
    expect(rateControlChannel().description).toBeNull();
  });
  it('flags weak suites', () => {
    for (const suite of ['RC4-MD5', 'NULL-SHA256', 'EXP-RC4-MD5', 'ADH-AES256-SHA']) {
      expect(rateControlChannel('TLSv1.2', suite).reasons.map((r) => r.code)).toContain('tls-weak-suite');
    }
  });
});
