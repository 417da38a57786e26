import { describeSize, MAX_PROFILE_BYTES } from './limits';

/** Checks shared by both parsers before any line is read: size first, so huge input costs nothing. */
export function checkTextSize(text: string): { code: string; message: string } | undefined {
  // A string of n UTF-16 units is at least n UTF-8 bytes, so the cheap check catches huge input at once.
  const bytes = text.length > MAX_PROFILE_BYTES ? text.length : Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PROFILE_BYTES) {
    return {
      code: 'too-large',
      message: `The file is ${describeSize(bytes)}; a VPN profile is at most ${describeSize(MAX_PROFILE_BYTES)}, so this is not one.`,
    };
  }
  if (text.includes('\u0000')) {
    return { code: 'not-text', message: 'The file contains binary data (NUL bytes), so it is not a VPN profile.' };
  }
  return undefined;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface NumberedLine {
  /** 1-based. */
  number: number;
  /** Without the line break; a CR before it is removed too (CRLF files). */
  text: string;
}

export function* splitLines(text: string): Generator<NumberedLine> {
  let start = 0;
  let number = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield { number, text: text.slice(start, lineEnd) };
    number += 1;
    start = end + 1;
  }
}
