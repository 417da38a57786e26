import { describeSize, MAX_ARCHIVE_BYTES, MAX_PROFILE_BYTES } from './limits';
import type { SiblingReader } from './openvpn-files';
import { parseOpenVpn } from './parse-openvpn';
import { parseWireGuard } from './parse-wireguard';
import type { ProfileStore } from './profile-store';
import { archiveSiblingReader, diskSiblingReader } from './sibling-readers';
import type { ImportIssue, ImportOutcome, ParseResult } from './types';
import type { ImportSource } from './import-sources';
import { readZip, type ZipEntry } from './zip-archive';

export { readImportSources, type ImportSource } from './import-sources';
export { formatOutcome, describeIssue } from './format-outcome';

const PROFILE_NAME = /\.(conf|ovpn)$/i;
const ARCHIVE_NAME = /\.zip$/i;

/**
 * Imports each source and answers one outcome per profile file: imported (perhaps with warnings),
 * duplicate, or refused with the reasons. Archives are opened in memory and each profile inside is
 * imported on its own; nothing is written unless a profile passes, and nothing is ever executed.
 */
export async function importProfiles(store: ProfileStore, sources: ImportSource[]): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  // Files dropped on the window arrive without a path; certificates and keys dropped together with a
  // profile serve as its neighbours, and are not themselves reported as "not a profile".
  const companions = companionFiles(sources);
  for (const source of sources) {
    if (source.problem !== undefined) {
      outcomes.push(refused(source.name, 'unreadable', capitalize(`${source.problem}.`)));
    } else if (isArchive(source)) {
      outcomes.push(...(await importArchive(store, source)));
    } else if (companions && !source.path && !PROFILE_NAME.test(source.name)) {
      continue;
    } else {
      const siblings = source.path
        ? diskSiblingReader(source.path)
        : companions
          ? archiveSiblingReader(
              companions,
              new Map(),
              baseName(source.name),
              'it was not among the files imported with the profile',
            )
          : undefined;
      outcomes.push(await importProfileFile(store, source.name, source.bytes, siblings));
    }
  }
  return outcomes;
}

function companionFiles(sources: ImportSource[]): Map<string, ZipEntry> | undefined {
  const loose = sources.filter((s) => !s.path && s.problem === undefined && !isArchive(s));
  if (!loose.some((s) => PROFILE_NAME.test(s.name)) || !loose.some((s) => !PROFILE_NAME.test(s.name))) return undefined;
  return new Map(loose.map((s) => [baseName(s.name), { name: baseName(s.name), bytes: s.bytes, isLink: false }]));
}

function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

function isArchive(source: ImportSource): boolean {
  const b = source.bytes;
  const zipMagic =
    b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);
  return ARCHIVE_NAME.test(source.name) || zipMagic;
}

async function importArchive(store: ProfileStore, source: ImportSource): Promise<ImportOutcome[]> {
  if (source.bytes.length > MAX_ARCHIVE_BYTES) {
    return [
      refused(
        source.name,
        'too-large',
        `The archive is larger than ${describeSize(MAX_ARCHIVE_BYTES)}; profile archives are far smaller, so it was not opened.`,
      ),
    ];
  }
  const zip = readZip(source.bytes);
  if (!zip.ok) return [refused(source.name, 'bad-archive', `The archive cannot be opened: ${zip.reason}.`)];

  const entries = new Map<string, ZipEntry>(zip.entries.map((e) => [e.name, e]));
  const refusedEntries = new Map(zip.refused.map((r) => [r.name, r.reason]));
  const outcomes: ImportOutcome[] = [];
  for (const entry of zip.refused) {
    if (PROFILE_NAME.test(entry.name) || ARCHIVE_NAME.test(entry.name)) {
      outcomes.push(refused(`${source.name}/${entry.name}`, 'bad-archive-entry', capitalize(`${entry.reason}.`)));
    }
  }
  for (const entry of zip.entries) {
    if (isMacMetadata(entry.name)) continue;
    const label = `${source.name}/${entry.name}`;
    if (ARCHIVE_NAME.test(entry.name)) {
      outcomes.push(
        refused(
          label,
          'nested-archive',
          'Archives inside archives are not opened; extract this one and import it separately.',
        ),
      );
    } else if (PROFILE_NAME.test(entry.name)) {
      if (entry.isLink) {
        outcomes.push(refused(label, 'bad-archive-entry', 'It is a link, and links inside archives are not followed.'));
        continue;
      }
      const siblings = archiveSiblingReader(entries, refusedEntries, entry.name);
      outcomes.push(await importProfileFile(store, label, entry.bytes, siblings));
    }
  }
  if (outcomes.length === 0) {
    outcomes.push(refused(source.name, 'no-profiles', 'The archive holds no .conf or .ovpn profiles.'));
  }
  return outcomes;
}

/** macOS zips carry `__MACOSX/._name` resource forks beside the real files. */
function isMacMetadata(name: string): boolean {
  return name.split('/').some((part) => part === '__MACOSX' || part.startsWith('._'));
}

export async function importProfileFile(
  store: ProfileStore,
  file: string,
  bytes: Uint8Array,
  siblings?: SiblingReader,
): Promise<ImportOutcome> {
  if (bytes.length > MAX_PROFILE_BYTES) {
    return refused(
      file,
      'too-large',
      `The file is larger than ${describeSize(MAX_PROFILE_BYTES)}; a VPN profile is a few kilobytes, so this is not one.`,
    );
  }
  const text = decodeText(bytes);
  if (text === undefined)
    return refused(file, 'not-text', 'The file contains binary data, so it is not a VPN profile.');

  const kind = detectKind(file, text);
  if (!kind) {
    return refused(file, 'not-a-profile', 'This is neither a WireGuard (.conf) nor an OpenVPN (.ovpn) profile.');
  }
  const parsed: ParseResult =
    kind === 'wireguard' ? parseWireGuard(text, file) : await parseOpenVpn(text, file, siblings);
  if (!parsed.ok) return { file, status: 'refused', errors: parsed.errors };
  try {
    const saved = await store.save(parsed.value, { fileName: file, text });
    return { file, status: saved.duplicate ? 'duplicate' : 'imported', id: saved.id, warnings: parsed.value.warnings };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return refused(file, 'storage-failed', `The profile is valid but could not be saved: ${reason}`);
  }
}

function decodeText(bytes: Uint8Array): string | undefined {
  // Windows editors save "Unicode" text as UTF-16 with a byte order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Old Windows profiles are often Latin-1 (accents in comments); every byte still maps to one character.
    return new TextDecoder('latin1').decode(bytes);
  }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string | undefined {
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** `.ovpn` is OpenVPN; `.conf` is either (OpenVPN on Linux uses .conf too), so the content decides. */
export function detectKind(file: string, text: string): 'wireguard' | 'openvpn' | undefined {
  if (/\.ovpn$/i.test(file)) return 'openvpn';
  const wireguard = /^[ \t\uFEFF]*\[[ \t]*(interface|peer)[ \t]*\]/im.test(text);
  const openvpn = /^[ \t\uFEFF]*(-{2})?(client|remote|dev|proto|tls-client)([ \t]|$)|^[ \t\uFEFF]*<ca>/m.test(text);
  if (wireguard) return 'wireguard';
  if (openvpn) return 'openvpn';
  return /\.conf$/i.test(file) ? 'wireguard' : undefined;
}

function refused(file: string, code: string, message: string): ImportOutcome {
  const issue: ImportIssue = { file, code, message };
  return { file, status: 'refused', errors: [issue] };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
