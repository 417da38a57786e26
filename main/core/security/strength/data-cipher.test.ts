import { describe, expect, it } from 'vitest';
import { describeDataCipher, rateDataCipher } from './data-cipher';

describe('rateDataCipher', () => {
  it.each([
    // cipher, auth, rating, keyBits, securityBits, codes
    ['AES-256-GCM', undefined, 'strong', 256, 256, ['aead-cipher']],
    ['aes-128-gcm', undefined, 'strong', 128, 128, ['aead-cipher']],
    ['AES-192-GCM', 'SHA256', 'strong', 192, 192, ['aead-cipher']],
    ['CHACHA20-POLY1305', undefined, 'strong', 256, 256, ['aead-cipher']],
    ['AES-256-CBC', 'SHA256', 'legacy', 256, 256, ['cbc-with-hmac']],
    ['AES-128-CBC', undefined, 'legacy', 128, 128, ['cbc-with-hmac']],
    ['AES-256-CBC', 'MD5', 'legacy', 256, 256, ['cbc-with-hmac', 'weak-hmac']],
    ['AES-256-CBC', 'none', 'insecure', 256, 256, ['no-integrity']],
    ['AES-256-CFB', 'SHA1', 'legacy', 256, 256, ['cbc-with-hmac']],
    ['BF-CBC', 'SHA1', 'insecure', 128, 64, ['cbc-with-hmac', 'sweet32']],
    ['DES-EDE3-CBC', 'SHA1', 'insecure', 168, 64, ['cbc-with-hmac', 'sweet32']],
    ['DES-CBC', 'SHA1', 'insecure', 56, 56, ['cbc-with-hmac', 'sweet32', 'short-key']],
    ['CAST5-CBC', 'SHA1', 'insecure', 128, 64, ['cbc-with-hmac', 'sweet32']],
    ['RC2-40-CBC', 'SHA1', 'insecure', 40, 40, ['cbc-with-hmac', 'sweet32', 'short-key']],
    ['CAMELLIA-256-CBC', 'SHA256', 'legacy', 256, 256, ['cbc-with-hmac']],
    ['ARIA-256-GCM', undefined, 'acceptable', 256, 256, ['aead-cipher']],
    ['none', undefined, 'critical', 0, 0, ['no-encryption']],
    ['NONE', 'none', 'critical', 0, 0, ['no-encryption']],
  ] as const)('%s with auth %s is %s', (cipher, auth, rating, keyBits, securityBits, codes) => {
    const result = rateDataCipher(cipher, auth);
    expect(result.rating).toBe(rating);
    expect(result.keyBits).toBe(keyBits);
    expect(result.securityBits).toBe(securityBits);
    expect(result.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('explains Sweet32 in plain words and names the cipher', () => {
    const sweet = rateDataCipher('BF-CBC', 'SHA1').reasons.find((r) => r.code === 'sweet32');
    expect(sweet?.text).toBe(
      'BF-CBC is a 64-bit block cipher: vulnerable to Sweet32 (data can be recovered) after long sessions.',
    );
    expect(sweet?.params).toEqual({ cipher: 'BF-CBC' });
  });

  it('rates an unknown cipher as legacy and guesses its key size from the name', () => {
    const result = rateDataCipher('FOO-256-XTS');
    expect(result).toMatchObject({ cipher: 'FOO-256-XTS', keyBits: 256, rating: 'legacy' });
    expect(result.reasons[0]?.code).toBe('unknown-cipher');
  });

  it('treats a missing cipher as unconfirmed, not as strong', () => {
    const result = rateDataCipher(undefined);
    expect(result).toMatchObject({ cipher: 'unknown', keyBits: 0, rating: 'legacy' });
  });

  it('normalizes names and caps 64-bit block ciphers at 64-bit security', () => {
    expect(describeDataCipher(' bf-cbc ')).toMatchObject({ name: 'BF-CBC', blockBits: 64, securityBits: 64 });
    expect(describeDataCipher('DES-EDE-CBC')).toMatchObject({ keyBits: 112, securityBits: 64 });
    expect(describeDataCipher('AES-256-GCM')).toMatchObject({ aead: true, blockBits: 128 });
    expect(describeDataCipher('AES-256-CBC')?.aead).toBe(false);
    expect(describeDataCipher('SERPENT-256-CBC')).toBeUndefined();
  });
});
