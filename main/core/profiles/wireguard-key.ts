import { createPrivateKey, createPublicKey } from 'node:crypto';

/**
 * WireGuard keys are 32 bytes in standard base64 (44 characters ending in `=`). The character before
 * the `=` carries only 4 meaningful bits, so only 16 of the 64 base64 letters can appear there: wg
 * itself refuses the others, and so do we.
 */
const KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function isWireGuardKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** The public key wg would show for this private key (X25519 base point multiplication). */
export function wireGuardPublicKey(privateKeyBase64: string): string {
  const raw = Buffer.from(privateKeyBase64, 'base64');
  if (raw.length !== 32) throw new Error('A WireGuard private key is 32 bytes');
  // JWK import is several times faster than DER here. For a private key Node derives the public part
  // itself and ignores `x` (it only insists that the field exists); the RFC 7748 vector test guards this.
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'X25519', d: raw.toString('base64url'), x: '' },
    format: 'jwk',
  });
  const x = createPublicKey(key).export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('X25519 public key derivation failed');
  return Buffer.from(x, 'base64url').toString('base64');
}
