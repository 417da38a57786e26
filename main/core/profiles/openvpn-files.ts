/**
 * File references in a profile (`ca ca.crt`, `tls-crypt keys/ta.key`) are read once, at import, and
 * stored inline. Only files next to the profile or below it qualify. The lexical checks here give the
 * precise message for `..`, devices and paths elsewhere; the SiblingReader then enforces the same rule
 * on the real file system (links, file types, sizes).
 */
export type SiblingReadResult = { ok: true; text: string; bytes?: Uint8Array } | { ok: false; reason: string };

export interface SiblingReader {
  read(relativePath: string): Promise<SiblingReadResult>;
}

export type ReferenceCheck = { ok: true; path: string } | { ok: false; reason: string };

const SAME_FOLDER_RULE = 'Holdfast only reads files that sit next to the profile or in a folder below it';

export function checkReference(written: string, hasReader: boolean): ReferenceCheck {
  if (written === '' || written.includes('\u0000')) return { ok: false, reason: 'names no usable file' };
  // Windows profiles write backslashes; after OpenVPN's unescaping they are path separators there.
  const path = written.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(path) || path.startsWith('//')) {
    return { ok: false, reason: `names a Windows path outside the profile's folder; ${SAME_FOLDER_RULE}` };
  }
  if (path.startsWith('~')) return { ok: false, reason: `names a file in a home folder; ${SAME_FOLDER_RULE}` };
  if (path.split('/').includes('..')) {
    return { ok: false, reason: `leads out of the profile's folder (\`..\`); ${SAME_FOLDER_RULE}` };
  }
  if (/^\/(dev|proc|sys)(\/|$)/.test(path)) {
    return { ok: false, reason: `names a device or system file, not a profile file; ${SAME_FOLDER_RULE}` };
  }
  if (path.startsWith('/') && !hasReader) {
    return { ok: false, reason: `names a file outside the profile's folder; ${SAME_FOLDER_RULE}` };
  }
  return { ok: true, path };
}

export const MISSING_FOLDER_REASON =
  "refers to a separate file that was not part of this import; import the profile's whole folder or zip archive, or paste the file's content into an inline block";

/** Reasons readers give, worded to follow "could not be used: ". */
export const READ_REASONS = {
  missing: 'there is no such file next to the profile',
  outside: `it is outside the profile's folder; ${SAME_FOLDER_RULE}`,
  linkOutside: `it is a link that leads outside the profile's folder; ${SAME_FOLDER_RULE}`,
  notFile: 'it is not a regular file',
  tooLarge: 'it is larger than 1 MiB, far more than a certificate or key',
  unreadable: 'it could not be read',
  isLink: 'it is a link, and links inside archives are not followed',
} as const;
