import { describe, expect, it } from 'vitest';
import type { NegotiatedSecurity } from '../../tunnel/driver';
import { assessStrength } from './assess';
import { meetsMinimum } from './minimum';

const negotiated = (over: Partial<NegotiatedSecurity>) =>
  assessStrength({
    protocol: 'openvpn',
    dataCipher: 'AES-256-GCM',
    controlTlsVersion: 'TLSv1.3',
    controlSuite: 'TLS_AES_256_GCM_SHA384',
    peerCertificate: { type: 'ECprime256v1', bits: 256 },
    ...over,
  });

describe('meetsMinimum', () => {
  it.each<[string, Partial<NegotiatedSecurity>, 0 | 128 | 256, boolean, boolean, string | undefined]>([
    ['no minimum accepts anything, even none', { dataCipher: 'none' }, 0, false, true, undefined],
    ['256 required, AES-256-GCM', {}, 256, false, true, undefined],
    ['256 required, AES-128-GCM', { dataCipher: 'AES-128-GCM' }, 256, false, false, 'below-minimum-key-bits'],
    ['128 required, AES-128-GCM', { dataCipher: 'AES-128-GCM' }, 128, false, true, undefined],
    ['128 required, none', { dataCipher: 'none' }, 128, false, false, 'below-minimum-key-bits'],
    ['128 required, BF-CBC has a 128-bit key', { dataCipher: 'BF-CBC' }, 128, false, true, undefined],
    ['legacy refused, BF-CBC', { dataCipher: 'BF-CBC' }, 0, true, false, 'legacy-refused'],
    [
      'legacy refused, AES-256-CBC',
      { dataCipher: 'AES-256-CBC', dataAuth: 'SHA256' },
      0,
      true,
      false,
      'legacy-refused',
    ],
    [
      'legacy refused, RSA-2048 is only acceptable',
      { peerCertificate: { type: 'RSA', bits: 2048 } },
      0,
      true,
      true,
      undefined,
    ],
    ['legacy refused, TLS 1.0', { controlTlsVersion: 'TLSv1' }, 0, true, false, 'legacy-refused'],
    ['legacy refused, AES-256-GCM', {}, 256, true, true, undefined],
  ])('%s', (_name, over, minimumKeyBits, refuseLegacyCiphers, ok, code) => {
    const check = meetsMinimum(negotiated(over), { minimumKeyBits, refuseLegacyCiphers });
    expect(check.ok).toBe(ok);
    if (!check.ok) expect(check.code).toBe(code);
  });

  it('names the cipher and the rule in the refusal', () => {
    const check = meetsMinimum(negotiated({ dataCipher: 'AES-128-GCM' }), {
      minimumKeyBits: 256,
      refuseLegacyCiphers: false,
    });
    expect(check).toEqual({
      ok: false,
      code: 'below-minimum-key-bits',
      reason: 'The server uses AES-128-GCM (128-bit key); your settings require at least 256-bit keys.',
      params: { cipher: 'AES-128-GCM', keyBits: 128, minimumKeyBits: 256 },
    });
  });

  it('explains a legacy refusal with the worst reason', () => {
    const check = meetsMinimum(negotiated({ dataCipher: 'BF-CBC', dataAuth: 'SHA1' }), {
      minimumKeyBits: 0,
      refuseLegacyCiphers: true,
    });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toContain('rated insecure');
      expect(check.reason).toContain('Sweet32');
      expect(check.params).toMatchObject({ why: 'sweet32', rating: 'insecure' });
    }
  });
});
