/**
 * Strict base64 / base64url decoding to UTF-8 text. Node's decoder skips characters it does not know, so a
 * mangled value would decode to something; checking the alphabet first turns that into a clear refusal.
 */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export function decodeBase64Text(value: string): string | undefined {
  const standard = BASE64.test(value);
  if (!standard && !BASE64URL.test(value)) return undefined;
  const bytes = Buffer.from(value, standard ? 'base64' : 'base64url');
  const text = bytes.toString('utf8');
  // A replacement character means the bytes were not UTF-8: not the text we were promised.
  if (text.includes('\ufffd') || bytes.length === 0) return undefined;
  return text;
}

/** Length in bytes of what a base64 value (standard alphabet, padding optional) decodes to, or undefined. */
export function base64ByteLength(value: string): number | undefined {
  if (!BASE64.test(value)) return undefined;
  return Buffer.from(value, 'base64').length;
}
