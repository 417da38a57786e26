import type { TFunction } from 'i18next';
import type { SecurityEvent, SecurityExplanation } from '../../../main/core/security/strength/security-event';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import type { Tone } from '../components/Badge';
import type { IconName } from '../components/icons';

export type Rating = SecurityEvent['rating'];
export type ExplainedReason = SecurityExplanation['reasons'][number];

/**
 * What the strength badge and the explanation panel show, whether it was negotiated by the running
 * tunnel or rated from what a profile allows. Reasons without a code (an older engine, or the expected
 * rating of a profile list) carry only their English text.
 */
export interface Strength {
  source: 'negotiated' | 'expected';
  protocol: 'wireguard' | 'openvpn' | null;
  dataCipher: string;
  dataKeyBits: number;
  securityBits: number;
  controlChannel: string | null;
  rating: Rating;
  /** The engine's words for the part that sets the security level ("P-256 server certificate"). */
  weakestPart: string | null;
  reasons: Array<{ code: string | null; impact: string | null; params: ExplainedReason['params']; text: string }>;
}

/** The expected rating of a profile, with the explanation a newer engine may add. */
type ExpectedStrength = NonNullable<ProfileSummary['expected']> & { explanation?: SecurityExplanation };

export function fromSecurityEvent(security: Omit<SecurityEvent, 'type' | 'at' | 'profile'>): Strength {
  const explanation = security.explanation;
  return {
    source: explanation?.expected ? 'expected' : 'negotiated',
    protocol: security.protocol,
    dataCipher: security.dataCipher,
    dataKeyBits: security.dataKeyBits,
    securityBits: security.securityBits,
    controlChannel: security.controlChannel,
    rating: security.rating,
    weakestPart: explanation?.weakestPart ?? null,
    reasons: explanation
      ? explanation.reasons.map((r) => ({ ...r }))
      : security.reasons.map((text) => ({ code: null, impact: null, params: {}, text })),
  };
}

/** WireGuard's handshake never varies, so it is known before connecting (engine-defaults.test.ts checks it). */
export const WIREGUARD_HANDSHAKE = 'Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s';

export function fromProfile(profile: ProfileSummary): Strength | null {
  const expected = profile.expected as ExpectedStrength | undefined;
  if (!expected) return null;
  const explanation = expected.explanation;
  return {
    source: 'expected',
    protocol: profile.kind,
    dataCipher: expected.dataCipher,
    dataKeyBits: expected.dataKeyBits,
    securityBits: expected.securityBits,
    controlChannel: profile.kind === 'wireguard' ? WIREGUARD_HANDSHAKE : null,
    rating: expected.rating,
    weakestPart: explanation?.weakestPart ?? null,
    reasons: explanation
      ? explanation.reasons.map((r) => ({ ...r }))
      : expected.reasons.map((text) => ({ code: null, impact: null, params: {}, text })),
  };
}

export const RATING_TONE: Record<Rating, Tone> = {
  strong: 'good',
  acceptable: 'fair',
  legacy: 'warn',
  insecure: 'bad',
  critical: 'bad',
};

/** Shape as well as colour, so the rating reads in monochrome and for people who do not see colour. */
export const RATING_ICON: Record<Rating, IconName> = {
  strong: 'shield-check',
  acceptable: 'check',
  legacy: 'warning',
  insecure: 'danger',
  critical: 'stop',
};

/** In the reasons list a check would read as "fine": a point that lowers the rating to acceptable gets a dash. */
export const IMPACT_ICON: Record<string, IconName> = { ...RATING_ICON, acceptable: 'minus', info: 'info' };
export const IMPACT_TONE: Record<string, Tone> = { ...RATING_TONE, info: 'neutral' };

const IMPACT_ORDER = ['critical', 'insecure', 'legacy', 'acceptable', 'strong'];

/** What lowers the rating first, worst first; explanations keep the engine's order after them. */
export function orderReasons<R extends { impact: string | null; code: string | null }>(reasons: readonly R[]): R[] {
  const rank = (r: R) => {
    if (r.code === 'expected') return -1;
    const index = r.impact ? IMPACT_ORDER.indexOf(r.impact) : -1;
    return index === -1 ? IMPACT_ORDER.length : index;
  };
  return reasons
    .map((reason, index) => ({ reason, index }))
    .sort((a, b) => rank(a.reason) - rank(b.reason) || a.index - b.index)
    .map((x) => x.reason);
}

/** "AES-256-GCM" -> "AES-GCM": the key size is shown on its own, in front, as users were told to look for it. */
export function cipherFamily(cipher: string): string {
  const upper = cipher.trim().toUpperCase();
  const sized = /^(AES|CAMELLIA|ARIA)-(?:128|192|256)-([A-Z0-9]+)$/.exec(upper);
  if (sized) return `${sized[1] === 'AES' ? 'AES' : capitalize(sized[1] ?? '')}-${sized[2]}`;
  if (upper === 'CHACHA20-POLY1305') return 'ChaCha20-Poly1305';
  return cipher.trim();
}

const capitalize = (word: string) => word.charAt(0) + word.slice(1).toLowerCase();

export function hasNoEncryption(strength: Pick<Strength, 'dataCipher' | 'rating'>): boolean {
  const c = strength.dataCipher.trim().toLowerCase();
  return strength.rating === 'critical' && (c === 'none' || c === '[null-cipher]');
}

/** "256-bit AES-GCM · Strong". */
export function badgeText(t: TFunction, strength: Strength): string {
  const rating = t(`rating.${strength.rating}`);
  if (hasNoEncryption(strength)) return rating;
  const cipher = cipherFamily(strength.dataCipher);
  if (strength.dataKeyBits <= 0) return t('strength.badgeNoBits', { cipher, rating });
  return t('strength.badge', { bits: strength.dataKeyBits, cipher, rating });
}

type PartKind = 'data' | 'suite' | 'certificate' | 'keyExchange' | 'none' | 'other';

/** Reads the engine's name for a part ("P-256 server certificate") so it can be said in the user's language. */
export function parsePart(part: string): { kind: PartKind; name: string } {
  const trimmed = part.trim();
  if (trimmed === 'data cipher (none)') return { kind: 'none', name: '' };
  const patterns: Array<[PartKind, RegExp]> = [
    ['data', /^(.+) data cipher$/],
    ['suite', /^(.+) TLS suite$/],
    ['certificate', /^(.+) server certificate$/],
    ['keyExchange', /^(.+) key exchange$/],
  ];
  for (const [kind, pattern] of patterns) {
    const match = pattern.exec(trimmed);
    if (match?.[1]) return { kind, name: match[1] };
  }
  return { kind: 'other', name: trimmed };
}

/** "the P-256 certificate", for use inside a sentence. */
export function partInSentence(t: TFunction, part: string): string {
  const { kind, name } = parsePart(part);
  return t(`strength.part.${kind}`, { name });
}

/** "P-256 server certificate", for a label. */
export function partTitle(t: TFunction, part: string): string {
  const { kind, name } = parsePart(part);
  return t(`strength.partTitle.${kind}`, { name });
}

/** "256-bit key · about 128-bit security, limited by the P-256 certificate". */
export function levelText(t: TFunction, strength: Strength): string {
  if (hasNoEncryption(strength)) return t('strength.levelNone');
  const { dataKeyBits: keyBits, securityBits } = strength;
  if (securityBits <= 0) return t('strength.levelUnknown', { keyBits });
  if (securityBits >= keyBits) return t('strength.levelFull', { keyBits, securityBits });
  if (strength.weakestPart && parsePart(strength.weakestPart).kind !== 'other') {
    return t('strength.levelLimited', { keyBits, securityBits, part: partInSentence(t, strength.weakestPart) });
  }
  return t('strength.levelAbout', { keyBits, securityBits });
}

/** "About 128-bit security, limited by the P-256 certificate": the panel's line under the key size. */
export function securityText(t: TFunction, strength: Strength): string {
  if (hasNoEncryption(strength)) return t('strength.levelNone');
  const { dataKeyBits: keyBits, securityBits } = strength;
  if (securityBits <= 0) return t('strength.securityUnknown');
  if (securityBits >= keyBits) return t('strength.securityFull', { securityBits });
  if (strength.weakestPart && parsePart(strength.weakestPart).kind !== 'other') {
    return t('strength.securityLimited', { securityBits, part: partInSentence(t, strength.weakestPart) });
  }
  return t('strength.securityAbout', { securityBits });
}

/** One reason in the user's language by its code; the engine's English sentence when the code is new. */
export function reasonText(t: TFunction, reason: Strength['reasons'][number]): string {
  if (!reason.code) return reason.text;
  const params: Record<string, string | number> = { ...reason.params };
  if (typeof params.part === 'string') params.part = partInSentence(t, params.part);
  return t(`strength.reason.${reason.code}`, { ...params, defaultValue: reason.text });
}

/** How the handshake is protected, from the reasons that say so (OpenVPN only). */
export function handshakeWrap(strength: Strength): 'tls-crypt' | 'tls-crypt-v2' | 'tls-auth' | 'no-tls-wrap' | null {
  for (const code of ['tls-crypt-v2', 'tls-crypt', 'tls-auth', 'no-tls-wrap'] as const) {
    if (strength.reasons.some((r) => r.code === code)) return code;
  }
  return null;
}
