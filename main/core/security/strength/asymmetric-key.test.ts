import { describe, expect, it } from 'vitest';
import { describeKey, finiteFieldSecurityBits, parseKeyDescription } from './asymmetric-key';

describe('asymmetric key security levels', () => {
  it.each([
    [512, 56],
    [1024, 80],
    [1536, 80],
    [2048, 112],
    [3072, 128],
    [4096, 128],
    [7680, 192],
    [15360, 256],
  ])('RSA/DH %i bits -> %i-bit security', (bits, level) => {
    expect(finiteFieldSecurityBits(bits)).toBe(level);
  });

  it.each([
    ['RSA', 2048, 'RSA-2048', 112],
    ['RSA', 4096, 'RSA-4096', 128],
    ['ECprime256v1', 256, 'P-256', 128],
    ['EC, curve prime256v1', 256, 'P-256', 128],
    ['EC secp384r1', 384, 'P-384', 192],
    ['ECsecp521r1', 521, 'P-521', 256],
    ['ED25519', 253, 'Ed25519', 128],
    ['ED448', 456, 'Ed448', 224],
    ['X25519', 253, 'X25519', 128],
    ['DSA', 1024, 'DSA-1024', 80],
    ['DH', 2048, 'DH-2048', 112],
    ['EC', 256, 'EC-256', 128],
  ] as const)('%s %i -> %s (%i-bit)', (type, bits, label, level) => {
    expect(describeKey(type, bits)).toMatchObject({ label, securityBits: level });
  });

  it.each([
    ['253 bits X25519', 'X25519', 128],
    ['256 bits ECprime256v1', 'P-256', 128],
    ['384 bits ECsecp384r1', 'P-384', 192],
    ['256 bit EC, curve prime256v1', 'P-256', 128],
    ['2048 bits DH', 'DH-2048', 112],
    ['1024 bits DH', 'DH-1024', 80],
    ['X448', 'X448', 224],
    ['ffdhe3072', 'DH-3072', 128],
  ] as const)('parses temporary key "%s"', (text, label, level) => {
    expect(parseKeyDescription(text)).toMatchObject({ label, securityBits: level });
  });

  it('does not invent a key from text it cannot read', () => {
    expect(parseKeyDescription('something odd')).toBeUndefined();
  });
});
