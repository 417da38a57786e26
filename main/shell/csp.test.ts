import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const parse = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('contentSecurityPolicy', () => {
  it('allows nothing remote and nothing inline in production', () => {
    const policy = contentSecurityPolicy('production');
    const directives = parse(policy);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-|https?:|ws:|\*/);
  });

  it('loosens only what the dev server needs, for its own origin', () => {
    const directives = parse(contentSecurityPolicy('development', 'http://localhost:5173'));
    expect(directives.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).not.toContain("'unsafe-eval'");
  });
});
