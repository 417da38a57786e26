import { describe, expect, it } from 'vitest';
import { quoteOpenVpnParam, tokenizeOpenVpnLine } from './openvpn-tokenize';

function tokens(line: string): string[] {
  const result = tokenizeOpenVpnLine(line);
  if (!result.ok) throw new Error(result.reason);
  return result.tokens.map((t) => t.text);
}

describe('tokenizeOpenVpnLine (as OpenVPN parse_line)', () => {
  it.each([
    ['remote vpn.example.com 1194 udp', ['remote', 'vpn.example.com', '1194', 'udp']],
    ['  \tremote   a  ', ['remote', 'a']],
    ['# a comment', []],
    ['; a comment', []],
    ['remote a 1194 # trailing comment', ['remote', 'a', '1194']],
    ['remote a 1194 ; trailing comment', ['remote', 'a', '1194']],
    ['verify-x509-name a#b', ['verify-x509-name', 'a#b']],
    ['setenv UV_X "two words"', ['setenv', 'UV_X', 'two words']],
    ["setenv UV_X 'single \\ quoted'", ['setenv', 'UV_X', 'single \\ quoted']],
    ['setenv UV_X "esc \\"quote\\" and \\\\ slash"', ['setenv', 'UV_X', 'esc "quote" and \\ slash']],
    ['setenv UV_X a\\ b', ['setenv', 'UV_X', 'a b']],
    ['pull-filter ignore "route-gateway"', ['pull-filter', 'ignore', 'route-gateway']],
    ['"up"x', ['up', 'x']],
    ['up"x"', ['up"x"']],
    ['setenv UV_X ""', ['setenv', 'UV_X', '']],
    ['remote a\r', ['remote', 'a']],
  ])('%j -> %j', (line, expected) => {
    expect(tokens(line)).toEqual(expected);
  });

  it('reports the column where a problem starts', () => {
    expect(tokenizeOpenVpnLine('remote "unclosed')).toMatchObject({ ok: false, column: 8 });
    expect(tokenizeOpenVpnLine("remote 'unclosed")).toMatchObject({ ok: false });
    expect(tokenizeOpenVpnLine('remote a\\x')).toMatchObject({ ok: false });
    expect(tokenizeOpenVpnLine('remote a\\')).toMatchObject({ ok: false });
  });

  it('gives token columns (1-based)', () => {
    const result = tokenizeOpenVpnLine('  up  "/bin/x"');
    expect(result).toEqual({
      ok: true,
      tokens: [
        { text: 'up', column: 3 },
        { text: '/bin/x', column: 7 },
      ],
    });
  });

  it('refuses more parameters or longer parameters than OpenVPN accepts', () => {
    expect(tokenizeOpenVpnLine(Array.from({ length: 17 }, (_, i) => `a${i}`).join(' ')).ok).toBe(false);
    expect(tokenizeOpenVpnLine(`remote ${'a'.repeat(300)}`).ok).toBe(false);
  });

  it.each(['plain', '', 'two words', 'a"b', "it's", 'back\\slash', '#hash', ';semi', 'tab\there'])(
    'quoteOpenVpnParam(%j) reads back unchanged',
    (value) => {
      expect(tokens(`x ${quoteOpenVpnParam(value)}`)).toEqual(['x', value]);
    },
  );
});
