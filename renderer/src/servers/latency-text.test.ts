import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { ageText, latencyFull, latencyShort, standingOf } from './latency-text';

const now = Date.parse('2030-01-01T12:00:00Z');

describe('latency words', () => {
  it('says "not measured" for an unknown latency, in both languages, never 0', () => {
    expect(latencyShort(createI18n('en').t, null)).toBe('Not measured');
    expect(latencyShort(createI18n('zh-CN').t, null)).toBe('未测量');
    expect(latencyFull(createI18n('en').t, null, 'en', now)).toBe('Not measured');
  });

  it('says how and when a latency was measured', () => {
    const latency = { ms: 41.6, method: 'handshake' as const, measuredAt: '2030-01-01T11:57:00Z' };
    expect(latencyShort(createI18n('en').t, latency)).toBe('42 ms');
    expect(latencyFull(createI18n('en').t, latency, 'en', now)).toBe('42 ms, handshake, 3 minutes ago');
    expect(latencyFull(createI18n('zh-CN').t, latency, 'zh-CN', now)).toBe('42 毫秒，握手，3分钟前');
  });

  it('gives the age in the largest whole unit', () => {
    expect(ageText('2030-01-01T11:59:50Z', 'en', now)).toBe('now');
    expect(ageText('2030-01-01T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(ageText('2029-12-31T11:00:00Z', 'en', now)).toBe('yesterday');
  });

  it('names the worst state first', () => {
    const at = '2030-01-01T13:00:00Z';
    expect(standingOf({ blockedUntil: at, coolingUntil: at, lastWorkedAt: at })?.standing).toBe('blocked');
    expect(standingOf({ blockedUntil: null, coolingUntil: at, lastWorkedAt: at })?.standing).toBe('cooling');
    expect(standingOf({ blockedUntil: null, coolingUntil: null, lastWorkedAt: at })?.standing).toBe('worked');
    expect(standingOf({ blockedUntil: null, coolingUntil: null, lastWorkedAt: null })).toBeNull();
  });
});
