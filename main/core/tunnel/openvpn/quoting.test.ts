import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuotingError, quoteAlways, quoteToken, tokenize } from './quoting';

describe('quoting for OpenVPN config lines and management commands', () => {
  it.each([
    ['AES-256-GCM', 'AES-256-GCM'],
    ['vpn.example.net', 'vpn.example.net'],
    ['2001:db8::1', '2001:db8::1'],
    ['with space', '"with space"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['#not-a-comment', '"#not-a-comment"'],
    [';also-not', '";also-not"'],
    ["it's", '"it\'s"'],
    ['', '""'],
  ])('%s -> %s', (value, quoted) => {
    expect(quoteToken(value)).toBe(quoted);
    expect(tokenize(`x ${quoted}`)).toEqual(['x', value]);
  });

  it('always quotes credentials, and they read back exactly', () => {
    expect(quoteAlways('alice')).toBe('"alice"');
    expect(tokenize(`password "Auth" ${quoteAlways('p@ss "w\\rd" #1')}`)).toEqual([
      'password',
      'Auth',
      'p@ss "w\\rd" #1',
    ]);
  });

  it('round-trips any printable single-line value', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }).filter((s) => !/[\r\n\0]/.test(s)),
        (value) => {
          expect(tokenize(`cmd ${quoteToken(value)} ${quoteAlways(value)}`)).toEqual(['cmd', value, value]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses line breaks, NUL and over-long tokens instead of writing something else', () => {
    expect(() => quoteToken('a\nb')).toThrow(QuotingError);
    expect(() => quoteAlways('a\rb')).toThrow(QuotingError);
    expect(() => quoteToken('a\0b')).toThrow(QuotingError);
    expect(() => quoteAlways('x'.repeat(256))).toThrow(/longer than 255/);
    expect(quoteAlways('x'.repeat(255))).toHaveLength(257);
  });

  it('reads comments, single quotes and escaped spaces like OpenVPN', () => {
    expect(tokenize('remote host 1194 # comment')).toEqual(['remote', 'host', '1194']);
    expect(tokenize("a 'b \\ c' d\\ e")).toEqual(['a', 'b \\ c', 'd e']);
    expect(tokenize('   ; whole line comment')).toEqual([]);
  });
});
