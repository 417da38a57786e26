/**
 * OpenVPN reads its config file and management commands with the same tokenizer (parse_line):
 * whitespace separates, "double quotes" group, a backslash escapes \, " and space, and a token that
 * starts with # or ; starts a comment. A single token may hold at most 255 characters and a config
 * line at most 255 (longer lines are silently split), so both limits are checked here.
 */
export const MAX_TOKEN_CHARS = 255;
export const MAX_CONFIG_LINE_CHARS = 255;

export class QuotingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuotingError';
  }
}

/** Quotes when needed so that OpenVPN reads back exactly `value`. Throws on what cannot be expressed. */
export function quoteToken(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new QuotingError('contains a line break or NUL character');
  if (value.length > MAX_TOKEN_CHARS) throw new QuotingError(`is longer than ${MAX_TOKEN_CHARS} characters`);
  if (value !== '' && /^[A-Za-z0-9_.:/@+=,%[\]-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Always quoted: credentials are never passed bare, so no character of theirs is ever interpreted. */
export function quoteAlways(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new QuotingError('contains a line break or NUL character');
  if (value.length > MAX_TOKEN_CHARS) throw new QuotingError(`is longer than ${MAX_TOKEN_CHARS} characters`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Reads a line back the way OpenVPN's parse_line does. Used by tests to prove quoting round-trips, and
 * by the config generator to double-check what it wrote.
 */
export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current: string | undefined;
  let quote: '"' | "'" | undefined;
  let backslash = false;
  for (const c of line) {
    if (!backslash && c === '\\' && quote !== "'") {
      backslash = true;
      continue;
    }
    if (current === undefined) {
      if (!backslash && /\s/.test(c)) continue;
      if (!backslash && (c === '#' || c === ';')) break;
      if (!backslash && (c === '"' || c === "'")) {
        quote = c;
        current = '';
      } else {
        current = c;
      }
    } else if (quote === undefined) {
      if (!backslash && /\s/.test(c)) {
        tokens.push(current);
        current = undefined;
      } else {
        current += c;
      }
    } else if (!backslash && c === quote) {
      tokens.push(current);
      current = undefined;
      quote = undefined;
    } else {
      current += c;
    }
    backslash = false;
  }
  if (current !== undefined) tokens.push(current);
  return tokens;
}
