import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const parse = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );

const NONCE = 'q1w2e3r4t5y6u7i8o9p0aZ==';

describe('contentSecurityPolicy', () => {
  it('allows nothing remote and nothing inline in production', () => {
    const policy = contentSecurityPolicy('production');
    const directives = parse(policy);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-|nonce-|https?:|ws:|\*/);
  });

  it('in development allows inline code only with the dev server nonce, and connections only to itself', () => {
    const policy = contentSecurityPolicy('development', { nonce: NONCE });
    const directives = parse(policy);
    expect(directives.get('script-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(directives.get('style-src')).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-|https?:|ws:|\*/);
  });

  it('differs from production only in scripts, styles and connections', () => {
    const dev = parse(contentSecurityPolicy('development', { nonce: NONCE }));
    const prod = parse(contentSecurityPolicy('production'));
    const changed = [...prod.keys()].filter((name) => dev.get(name)?.join(' ') !== prod.get(name)?.join(' '));
    expect(changed.sort()).toEqual(['connect-src', 'script-src', 'style-src']);
  });

  it('refuses a development policy without a real nonce', () => {
    expect(() => contentSecurityPolicy('development', { nonce: '' })).toThrow(/nonce/);
    expect(() => contentSecurityPolicy('development', { nonce: "abc' 'unsafe-inline" })).toThrow(/nonce/);
  });
});
