import { OPENVPN_MAX_PARAM_LENGTH, OPENVPN_MAX_PARAMS } from './limits';

export interface Token {
  text: string;
  /** 1-based column of the token's first character (its opening quote when quoted). */
  column: number;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; reason: string; column: number };

const enum State {
  Initial,
  Unquoted,
  DoubleQuoted,
  SingleQuoted,
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n' || ch === '\v' || ch === '\f';
}

/**
 * Splits one config line the way OpenVPN's parse_line does, so that Holdfast sees exactly the tokens
 * OpenVPN would: whitespace separates; `"..."` groups with backslash escapes; `'...'` groups literally;
 * outside single quotes a backslash escapes `\`, `"` or a space and anything else is an error; a `#` or
 * `;` where a token would start begins a comment. Linear in the line length.
 */
export function tokenizeOpenVpnLine(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let state = State.Initial;
  let backslash = false;
  let current = '';
  let start = 0;

  for (let i = 0; i <= line.length; i += 1) {
    // OpenVPN walks the terminating NUL too: it ends an unquoted token.
    const ch = i < line.length ? (line[i] as string) : '\u0000';
    const atEnd = i === line.length;
    let out = '';

    if (!backslash && ch === '\\' && state !== State.SingleQuoted) {
      backslash = true;
      continue;
    }
    let done = false;
    if (state === State.Initial) {
      if (!isSpace(ch) && !atEnd) {
        if (ch === '#' || ch === ';') break;
        start = backslash ? i - 1 : i;
        if (!backslash && ch === '"') state = State.DoubleQuoted;
        else if (!backslash && ch === "'") state = State.SingleQuoted;
        else {
          out = ch;
          state = State.Unquoted;
        }
      }
    } else if (state === State.Unquoted) {
      if (!backslash && (isSpace(ch) || atEnd)) done = true;
      else out = ch;
    } else if (state === State.DoubleQuoted) {
      if (!backslash && ch === '"') done = true;
      else if (!atEnd) out = ch;
    } else if (state === State.SingleQuoted) {
      if (ch === "'") done = true;
      else if (!atEnd) out = ch;
    }

    if (backslash && out !== '' && !(out === '\\' || out === '"' || isSpace(out))) {
      return {
        ok: false,
        reason: 'a backslash may only escape `\\`, `"` or a space (write `\\\\` for a backslash)',
        column: i,
      };
    }
    backslash = false;

    if (out !== '') {
      if (current.length >= OPENVPN_MAX_PARAM_LENGTH) {
        return {
          ok: false,
          reason: `a parameter is longer than ${OPENVPN_MAX_PARAM_LENGTH} characters`,
          column: start + 1,
        };
      }
      current += out;
    }
    if (done) {
      if (tokens.length >= OPENVPN_MAX_PARAMS) {
        return { ok: false, reason: `more than ${OPENVPN_MAX_PARAMS} parameters on one line`, column: start + 1 };
      }
      tokens.push({ text: current, column: start + 1 });
      current = '';
      state = State.Initial;
    }
  }

  if (state === State.DoubleQuoted) return { ok: false, reason: 'a `"` quote is never closed', column: start + 1 };
  if (state === State.SingleQuoted) return { ok: false, reason: "a `'` quote is never closed", column: start + 1 };
  return { ok: true, tokens };
}

/** Quotes a parameter for a generated config so that tokenizeOpenVpnLine reads it back unchanged. */
export function quoteOpenVpnParam(value: string): string {
  if (value !== '' && /^[^\s"'\\#;]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
