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

// DER header of a PKCS#8 X25519 private key; the 32 raw key bytes follow it.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/** The public key wg would show for this private key (X25519 base point multiplication). */
export function wireGuardPublicKey(privateKeyBase64: string): string {
  const raw = Buffer.from(privateKeyBase64, 'base64');
  if (raw.length !== 32) throw new Error('A WireGuard private key is 32 bytes');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32).toString('base64');
}
