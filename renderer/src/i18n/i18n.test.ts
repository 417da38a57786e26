import { describe, expect, it } from 'vitest';
import type { HoldfastErrorCode } from '../../../main/core/errors';
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
  'profile-refused',
  'no-profiles',
  'not-privileged',
  'binary-missing',
  'interface-taken',
  'already-connected',
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
