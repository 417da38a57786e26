import { describe, expect, it } from 'vitest';
import type { AttemptOutcome, RoundVerdict } from '../../../main/core/connection/failover/incidents';
import type { DetectionKind, FailoverMessageCode } from '../../../main/core/connection/failover/messages';
import type { NotificationKind } from '../../../main/core/connection/failover/notifications';
import type { HoldfastErrorCode } from '../../../main/core/errors';
import type { StrengthReasonCode } from '../../../main/core/security/strength/reasons';
import { en } from './en';
import { createI18n, errorText, resolveLanguage } from './index';
import type { Messages } from './messages';
import { zhCN } from './zh-CN';

/** Leaf keys with plural suffixes folded, so "warnings_one" and "warnings_other" count as "warnings". */
function keys(tree: Messages, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.add(path.replace(/_(zero|one|two|few|many|other)$/, ''));
    else for (const k of keys(value, path)) out.add(k);
  }
  return out;
}

const ERROR_CODES: HoldfastErrorCode[] = [
  'invalid-request',
  'unknown-command',
  'profile-not-found',
  'server-not-found',
  'disguise-not-found',
  'profile-refused',
  'no-profiles',
  'not-privileged',
  'platform-unsupported',
  'binary-missing',
  'interface-taken',
  'already-connected',
  'connection-held',
  'not-connected',
  'tunnel-failed',
  'no-data-through-tunnel',
  'auth-failed',
  'credentials-needed',
  'encryption-too-weak',
  'settings-invalid',
  'storage-failed',
  'internal',
];

describe('translations', () => {
  it('Simplified Chinese has every English string and nothing English lacks', () => {
    // Import issues are the one exception: English shows the engine's own sentences.
    const enKeys = keys(en);
    const zhKeys = new Set([...keys(zhCN)].filter((k) => !k.startsWith('issues.')));
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
  });

  it('every error code has words in both languages', () => {
    for (const lng of ['en', 'zh-CN'] as const) {
      const i18n = createI18n(lng);
      for (const code of ERROR_CODES) {
        expect(i18n.exists(`errors.${code}`, { lng, fallbackLng: false }), `${lng} errors.${code}`).toBe(true);
      }
    }
  });

  it('falls back to the engine message for a code it does not know', () => {
    const i18n = createI18n('zh-CN');
    const text = errorText(i18n.t, { code: 'brand-new' as HoldfastErrorCode, message: 'Plain sentence.' });
    expect(text).toBe('Plain sentence.');
    expect(errorText(i18n.t, { code: 'auth-failed', message: 'x' })).toBe('服务器不接受该用户名或密码。');
  });

  it('follows the system language unless one is chosen', () => {
    expect(resolveLanguage('system', ['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(resolveLanguage('system', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLanguage('system', ['fr-FR'])).toBe('en');
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
  });
});

// Every code the engine can send, listed as records so the compiler fails when the engine adds one.
const STRENGTH_CODES: Record<StrengthReasonCode, true> = {
  'aead-cipher': true,
  'cbc-with-hmac': true,
  sweet32: true,
  'short-key': true,
  'no-encryption': true,
  'no-integrity': true,
  'weak-hmac': true,
  'unknown-cipher': true,
  'cipher-not-reported': true,
  'old-tls': true,
  'tls-no-forward-secrecy': true,
  'tls-weak-suite': true,
  'tls-cbc-suite': true,
  'control-not-reported': true,
  'weak-certificate': true,
  'certificate-below-128': true,
  'weak-key-exchange': true,
  'key-exchange-below-128': true,
  'limited-by': true,
  'tls-crypt': true,
  'tls-crypt-v2': true,
  'tls-auth': true,
  'no-tls-wrap': true,
  'wireguard-suite': true,
  'preshared-key': true,
  'no-preshared-key': true,
  expected: true,
  'allows-weaker': true,
  'fallback-cipher': true,
};
const DETECTIONS: Record<DetectionKind, true> = {
  'no-answer': true,
  'server-unreachable': true,
  'handshake-stale': true,
  'tunnel-exited': true,
  'server-dropped': true,
  'connect-failed': true,
  'landing-failed': true,
  other: true,
};
const OUTCOMES: Record<AttemptOutcome, true> = {
  won: true,
  failed: true,
  'timed-out': true,
  cancelled: true,
  landed: true,
  'landing-failed': true,
  lost: true,
};
const VERDICTS: Record<RoundVerdict, true> = {
  won: true,
  failed: true,
  'network-down': true,
  'needs-user': true,
  cancelled: true,
};
const NOTIFICATION_KINDS: Record<NotificationKind, true> = {
  resolved: true,
  unresolved: true,
  restored: true,
  'needs-user': true,
};
const NOTIFICATION_CODES: FailoverMessageCode[] = [
  'failover.switched',
  'failover.reconnected',
  'failover.connected',
  'failover.unreachable',
  'failover.restored',
  'failover.returned',
  'failover.needs-user',
  'failover.no-usable-server',
];

describe('engine codes', () => {
  it('have words in both languages', () => {
    const keys = [
      ...Object.keys(STRENGTH_CODES).map((c) => `strength.reason.${c}`),
      ...Object.keys(DETECTIONS).flatMap((d) => [`incident.title.${d}`, `incident.how.${d}`, `notification.what.${d}`]),
      ...Object.keys(OUTCOMES).map((o) => `incident.outcome.${o}`),
      ...Object.keys(VERDICTS).map((v) => `incident.verdict.${v}`),
      ...Object.keys(NOTIFICATION_KINDS).map((k) => `notification.title.${k}`),
      'notification.title.connected',
      ...NOTIFICATION_CODES.map((c) => `notification.body.${c.slice('failover.'.length)}`),
    ];
    for (const lng of ['en', 'zh-CN'] as const) {
      const i18n = createI18n(lng);
      for (const key of keys) expect(i18n.exists(key, { lng, fallbackLng: false }), `${lng} ${key}`).toBe(true);
    }
  });
});
