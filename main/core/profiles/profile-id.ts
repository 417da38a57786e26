/**
 * Profile ids come from file names: lowercase, only [a-z0-9._-], never starting with a dot or dash, never
 * ending in `.secrets` (that name is taken by the sealed secrets file), unique within the store.
 */
export const PROFILE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;
const MAX_ID_LENGTH = 64;

export function isProfileId(value: string): boolean {
  return PROFILE_ID_PATTERN.test(value) && !value.endsWith('.secrets') && !value.includes('..');
}

export function stripExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

export function baseIdFromFileName(fileName: string): string {
  let id = stripExtension(fileName)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/-{2,}/g, '-')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/[._-]+$/, '');
  if (id.endsWith('.secrets')) id = `${id.slice(0, -'.secrets'.length)}-secrets`;
  return id === '' ? 'profile' : id;
}

/** `name`, then `name-2`, `name-3`, ... whichever is free. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

const UPPERCASE_WORDS = new Set(['tcp', 'udp', 'wg', 'vpn', 'ovpn', 'ipv4', 'ipv6', 'nyc', 'la', 'sf', 'dc']);

/** A readable title: `us-nyc-01_tcp443.ovpn` -> `US NYC 01 TCP443`. */
export function nameFromFileName(fileName: string): string {
  const words = stripExtension(fileName)
    .replace(/[_\-.+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return 'Profile';
  const title = words
    .map((word) => {
      if (word !== word.toLowerCase()) return word; // the author chose a case: keep it
      const letters = word.replace(/\d+$/, '');
      if (/^[a-z]{2}$/.test(word) || UPPERCASE_WORDS.has(letters)) return word.toUpperCase();
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
  return title.length > 120 ? `${title.slice(0, 119)}…` : title;
}
