import type { Settings } from '../../settings/schema';
import type { StrengthAssessment } from './assess';
import { isWorseThan } from './rating';

export type SecuritySettings = Settings['security'];

export type MinimumCheck =
  | { ok: true }
  | {
      ok: false;
      /** Stable code for translation: which rule refused the connection. */
      code: 'below-minimum-key-bits' | 'legacy-refused';
      /** One plain English sentence naming the cipher and the rule. */
      reason: string;
      params: Record<string, string | number>;
    };

/**
 * Checks a negotiated (or expected) assessment against the user's minimum. The key-size rule compares
 * the data-channel key, the number users are told to look at ("prefer 256-bit"); the legacy rule
 * refuses anything rated legacy or worse, so it also catches a weak handshake or no encryption.
 */
export function meetsMinimum(assessment: StrengthAssessment, settings: SecuritySettings): MinimumCheck {
  const { dataCipher, dataKeyBits, rating } = assessment;
  if (settings.minimumKeyBits > 0 && dataKeyBits < settings.minimumKeyBits) {
    return {
      ok: false,
      code: 'below-minimum-key-bits',
      reason: `The server uses ${dataCipher} (${dataKeyBits}-bit key); your settings require at least ${settings.minimumKeyBits}-bit keys.`,
      params: { cipher: dataCipher, keyBits: dataKeyBits, minimumKeyBits: settings.minimumKeyBits },
    };
  }
  if (settings.refuseLegacyCiphers && isWorseThan(rating, 'acceptable')) {
    const why = assessment.reasons.find((r) => r.impact === rating);
    return {
      ok: false,
      code: 'legacy-refused',
      reason: `The connection is rated ${rating}${why ? ` (${why.text.replace(/\.$/, '')})` : ''}; your settings refuse legacy encryption.`,
      params: { cipher: dataCipher, rating, ...(why ? { why: why.code } : {}) },
    };
  }
  return { ok: true };
}
