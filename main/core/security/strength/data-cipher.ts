import { ratingOf, type Rating } from './rating';
import { reason, type StrengthReason } from './reasons';

/**
 * What Holdfast knows about a data-channel cipher named the way OpenVPN names it (OpenSSL names,
 * case-insensitive). Key bits are the effective key length (DES 56, 3DES 168), security bits what
 * an attacker must really spend: a 64-bit block caps it at 64 (codebook and birthday attacks).
 */
export interface DataCipherInfo {
  name: string;
  keyBits: number;
  /** 0 for stream ciphers. */
  blockBits: number;
  aead: boolean;
  securityBits: number;
  /** AES and ChaCha20 are the ciphers OpenVPN and WireGuard are built and reviewed around. */
  mainstream: boolean;
}

interface Family {
  pattern: RegExp;
  info: (match: RegExpMatchArray, name: string) => Omit<DataCipherInfo, 'name' | 'securityBits'>;
}

const AEAD_MODES = new Set(['GCM', 'CCM', 'OCB']);

const FAMILIES: Family[] = [
  {
    pattern: /^AES-(128|192|256)-([A-Z0-9]+)$/,
    info: (m) => ({ keyBits: Number(m[1]), blockBits: 128, aead: AEAD_MODES.has(m[2] ?? ''), mainstream: true }),
  },
  {
    pattern: /^CHACHA20-POLY1305$/,
    info: () => ({ keyBits: 256, blockBits: 0, aead: true, mainstream: true }),
  },
  {
    pattern: /^(CAMELLIA|ARIA)-(128|192|256)-([A-Z0-9]+)$/,
    info: (m) => ({ keyBits: Number(m[2]), blockBits: 128, aead: AEAD_MODES.has(m[3] ?? ''), mainstream: false }),
  },
  { pattern: /^(SEED|SM4)-[A-Z0-9]+$/, info: () => ({ keyBits: 128, blockBits: 128, aead: false, mainstream: false }) },
  { pattern: /^BF-[A-Z0-9]+$/, info: () => ({ keyBits: 128, blockBits: 64, aead: false, mainstream: false }) },
  { pattern: /^CAST5-[A-Z0-9]+$/, info: () => ({ keyBits: 128, blockBits: 64, aead: false, mainstream: false }) },
  { pattern: /^IDEA-[A-Z0-9]+$/, info: () => ({ keyBits: 128, blockBits: 64, aead: false, mainstream: false }) },
  {
    pattern: /^RC2-(?:(40|64)-)?[A-Z0-9]+$/,
    info: (m) => ({ keyBits: m[1] ? Number(m[1]) : 128, blockBits: 64, aead: false, mainstream: false }),
  },
  {
    pattern: /^DES-EDE3(?:-[A-Z0-9]+)?$/,
    info: () => ({ keyBits: 168, blockBits: 64, aead: false, mainstream: false }),
  },
  {
    pattern: /^DES-EDE(?:-[A-Z0-9]+)?$/,
    info: () => ({ keyBits: 112, blockBits: 64, aead: false, mainstream: false }),
  },
  { pattern: /^DESX(?:-[A-Z0-9]+)?$/, info: () => ({ keyBits: 120, blockBits: 64, aead: false, mainstream: false }) },
  { pattern: /^DES-[A-Z0-9]+$/, info: () => ({ keyBits: 56, blockBits: 64, aead: false, mainstream: false }) },
];

/** Symmetric key strength: 3DES loses a third to meet-in-the-middle, 2-key 3DES is about 80. */
function keySecurity(name: string, keyBits: number): number {
  if (name.startsWith('DES-EDE3')) return 112;
  if (name.startsWith('DES-EDE')) return 80;
  if (name.startsWith('DESX')) return 64;
  return keyBits;
}

export function canonicalCipherName(name: string): string {
  return name.trim().toUpperCase();
}

export function isNoCipher(name: string): boolean {
  return canonicalCipherName(name) === 'NONE' || canonicalCipherName(name) === '[NULL-CIPHER]';
}

export function describeDataCipher(name: string): DataCipherInfo | undefined {
  const canonical = canonicalCipherName(name);
  for (const family of FAMILIES) {
    const match = canonical.match(family.pattern);
    if (!match) continue;
    const info = family.info(match, canonical);
    const security = keySecurity(canonical, info.keyBits);
    return {
      name: canonical,
      ...info,
      securityBits: info.blockBits === 64 ? Math.min(security, 64) : security,
    };
  }
  return undefined;
}

/** Digits in an unknown cipher's name are the best guess at its key size ("FOO-256-XTS" -> 256). */
export function guessKeyBits(name: string): number {
  const match = canonicalCipherName(name).match(/-(\d{2,3})(?:-|$)/);
  return match ? Number(match[1]) : 0;
}

function isNoDigest(auth: string | undefined): boolean {
  if (auth === undefined) return false;
  const a = auth.trim().toUpperCase();
  return a === 'NONE' || a === '[NULL-DIGEST]';
}

export interface DataCipherRating {
  cipher: string;
  keyBits: number;
  securityBits: number;
  rating: Rating;
  reasons: StrengthReason[];
}

/**
 * Rates a data channel: AEAD (AES-GCM, ChaCha20-Poly1305) strong, CBC + HMAC legacy, 64-bit blocks
 * insecure (Sweet32), no integrity insecure, no encryption critical. `auth` matters only for non-AEAD.
 */
export function rateDataCipher(name: string | undefined, auth?: string): DataCipherRating {
  if (name === undefined || name.trim() === '') {
    return {
      cipher: 'unknown',
      keyBits: 0,
      securityBits: 0,
      rating: 'legacy',
      reasons: [reason('cipher-not-reported', 'legacy')],
    };
  }
  if (isNoCipher(name)) {
    return {
      cipher: 'none',
      keyBits: 0,
      securityBits: 0,
      rating: 'critical',
      reasons: [reason('no-encryption', 'critical')],
    };
  }
  const info = describeDataCipher(name);
  if (!info) {
    const cipher = canonicalCipherName(name);
    const keyBits = guessKeyBits(cipher);
    return {
      cipher,
      keyBits,
      securityBits: keyBits,
      rating: 'legacy',
      reasons: [reason('unknown-cipher', 'legacy', { cipher })],
    };
  }
  const reasons: StrengthReason[] = [];
  const cipher = info.name;
  if (info.aead) {
    reasons.push(reason('aead-cipher', info.mainstream ? 'info' : 'acceptable', { cipher, bits: info.keyBits }));
  } else if (isNoDigest(auth)) {
    reasons.push(reason('no-integrity', 'insecure', { cipher }));
  } else {
    const digest = (auth ?? 'SHA1').trim().toUpperCase();
    reasons.push(reason('cbc-with-hmac', 'legacy', { cipher, auth: digest }));
    if (digest === 'MD5' || digest === 'MD4') reasons.push(reason('weak-hmac', 'legacy', { auth: digest }));
  }
  if (info.blockBits === 64) reasons.push(reason('sweet32', 'insecure', { cipher }));
  if (info.keyBits < 80) reasons.push(reason('short-key', 'insecure', { cipher, bits: info.keyBits }));
  const rating = ratingOf(reasons.map((r) => r.impact));
  return { cipher, keyBits: info.keyBits, securityBits: info.securityBits, rating, reasons };
}
