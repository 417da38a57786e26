import { describeSize, MAX_ARCHIVE_BYTES, MAX_PROFILE_BYTES } from './limits';
import type { SiblingReader } from './openvpn-files';
import { parseOpenVpn } from './parse-openvpn';
import { parseWireGuard } from './parse-wireguard';
import { ImportCancelled, type CommitResult, type PreparedProfile } from './import-commit';
import type { ProfileStore } from './profile-store';
import { archiveSiblingReader, diskSiblingReader } from './sibling-readers';
import type { ImportIssue, ImportOutcome, ParsedProfile, ParseResult, Profile } from './types';
import type { ImportSource } from './import-sources';
import { readZip, type ZipEntry } from './zip-archive';

export { readImportSources, type ImportSource } from './import-sources';
export { formatOutcome, describeIssue } from './format-outcome';

const PROFILE_NAME = /\.(conf|ovpn)$/i;
const ARCHIVE_NAME = /\.zip$/i;

/** Counts while an import runs; see ImportProgressEvent for what each means. */
export interface ImportProgress {
  read: number;
  total: number;
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  /** Called after every file read and once after the commit. */
  onProgress?: (progress: ImportProgress) => void;
  /** Profiles never removed by a re-import (the one connected now). */
  keep?: ReadonlySet<string>;
}

export interface ImportReport {
  outcomes: ImportOutcome[];
  /** Profiles an earlier import of the same bundle brought that this bundle no longer has: removed. */
  removed: Profile[];
  cancelled: boolean;
}

/** Where each outcome goes, in the order of the sources: decided at once, or a profile file still to read. */
type Slot = { outcome: ImportOutcome } | { unit: number };
type Checked = { outcome: ImportOutcome } | { prepared: number; warnings: ImportIssue[] };

/** One profile file to read: a loose file, or an entry of an archive. */
interface Unit {
  label: string;
  bytes: Uint8Array;
  siblings?: SiblingReader;
  bundle: string | null;
}

/**
 * Imports each source and answers one outcome per profile file: imported (perhaps with warnings, perhaps
 * updating a profile already there), duplicate, or refused with the reasons. Archives are opened in memory
 * and each profile inside is checked on its own; nothing is ever executed. Every file is read and checked
 * first, then the whole import is committed at once (ProfileStore.commitImport): a cancel or a failure leaves
 * the profiles exactly as they were.
 */
export async function importProfiles(
  store: ProfileStore,
  sources: ImportSource[],
  options: ImportOptions = {},
): Promise<ImportOutcome[]> {
  return (await runImport(store, sources, options)).outcomes;
}

export async function runImport(
  store: ProfileStore,
  sources: ImportSource[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const { signal } = options;
  const slots: Slot[] = [];
  const units = collectUnits(sources, slots);
  const progress: ImportProgress = {
    read: 0,
    total: units.length,
    imported: 0,
    updated: 0,
    unchanged: 0,
    refused: slots.length - units.length,
  };
  options.onProgress?.({ ...progress });
  const prepared: PreparedProfile[] = [];
  const unitSlots: Checked[] = [];
  for (const unit of units) {
    if (signal?.aborted) return { outcomes: [], removed: [], cancelled: true };
    const checked = await checkProfileFile(unit.label, unit.bytes, unit.siblings);
    if (checked.ok) {
      prepared.push({ parsed: checked.parsed, fileName: unit.label, bundle: unit.bundle });
      unitSlots.push({ prepared: prepared.length - 1, warnings: checked.parsed.warnings });
    } else {
      unitSlots.push({ outcome: checked.outcome });
      progress.refused += 1;
    }
    progress.read += 1;
    options.onProgress?.({ ...progress });
  }
  let committed: CommitResult = { outcomes: [], removed: [] };
  if (prepared.length > 0) {
    try {
      committed = await store.commitImport(prepared, {
        // Writing is most of a big import's time: the counts move while it happens.
        onWritten: (written) => {
          progress.imported = written.imported;
          progress.updated = written.updated;
          options.onProgress?.({ ...progress });
        },
        ...(signal ? { signal } : {}),
        ...(options.keep ? { keep: options.keep } : {}),
      });
    } catch (err) {
      if (err instanceof ImportCancelled) return { outcomes: [], removed: [], cancelled: true };
      const reason = err instanceof Error ? err.message : String(err);
      const outcomes = slots
        .map((s) => ('unit' in s ? (unitSlots[s.unit] as Checked) : s))
        .map((slot) =>
          'outcome' in slot
            ? slot.outcome
            : refused(
                prepared[slot.prepared]?.fileName ?? '',
                'storage-failed',
                `The profile is valid but could not be saved: ${reason}`,
              ),
        );
      return { outcomes, removed: [], cancelled: false };
    }
  }
  progress.imported = 0;
  progress.updated = 0;
  const checked = slots.map((s) => ('unit' in s ? (unitSlots[s.unit] as Checked) : s));
  const outcomes = checked.map((slot): ImportOutcome => {
    if ('outcome' in slot) return slot.outcome;
    const file = prepared[slot.prepared]?.fileName ?? '';
    const done = committed.outcomes[slot.prepared];
    if (!done) return refused(file, 'storage-failed', 'The profile is valid but could not be saved.');
    if (done.status === 'duplicate') {
      progress.unchanged += 1;
      return { file, status: 'duplicate', id: done.id, warnings: slot.warnings };
    }
    if (done.status === 'updated') progress.updated += 1;
    else progress.imported += 1;
    return {
      file,
      status: 'imported',
      id: done.id,
      warnings: slot.warnings,
      ...(done.status === 'updated' ? { updated: true } : {}),
    };
  });
  options.onProgress?.({ ...progress });
  return { outcomes, removed: committed.removed, cancelled: false };
}

/** Turns sources into profile files to read; what cannot be read at all becomes a refused outcome at once. */
function collectUnits(sources: ImportSource[], slots: Slot[]): Unit[] {
  const units: Unit[] = [];
  // Files dropped on the window arrive without a path; certificates and keys dropped together with a
  // profile serve as its neighbours, and are not themselves reported as "not a profile".
  const companions = companionFiles(sources);
  for (const source of sources) {
    if (source.problem !== undefined) {
      slots.push({ outcome: refused(source.name, 'unreadable', capitalize(`${source.problem}.`)) });
    } else if (isArchive(source)) {
      archiveUnits(source, units, slots);
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
      // A file found in a folder is named "folder/sub/file.conf": the folder is its bundle.
      const bundle = source.name.includes('/') ? (source.name.split('/')[0] ?? null) : null;
      slots.push({ unit: units.length });
      units.push({ label: source.name, bytes: source.bytes, ...(siblings ? { siblings } : {}), bundle });
    }
  }
  return units;
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

function archiveUnits(source: ImportSource, units: Unit[], slots: Slot[]): void {
  const say = (outcome: ImportOutcome) => slots.push({ outcome });
  if (source.bytes.length > MAX_ARCHIVE_BYTES) {
    say(
      refused(
        source.name,
        'too-large',
        `The archive is larger than ${describeSize(MAX_ARCHIVE_BYTES)}; profile archives are far smaller, so it was not opened.`,
      ),
    );
    return;
  }
  const zip = readZip(source.bytes);
  if (!zip.ok) {
    say(refused(source.name, 'bad-archive', `The archive cannot be opened: ${zip.reason}.`));
    return;
  }
  const entries = new Map<string, ZipEntry>(zip.entries.map((e) => [e.name, e]));
  const refusedEntries = new Map(zip.refused.map((r) => [r.name, r.reason]));
  let found = 0;
  for (const entry of zip.refused) {
    if (PROFILE_NAME.test(entry.name) || ARCHIVE_NAME.test(entry.name)) {
      found += 1;
      say(refused(`${source.name}/${entry.name}`, 'bad-archive-entry', capitalize(`${entry.reason}.`)));
    }
  }
  for (const entry of zip.entries) {
    if (isMacMetadata(entry.name)) continue;
    const label = `${source.name}/${entry.name}`;
    if (ARCHIVE_NAME.test(entry.name)) {
      found += 1;
      say(
        refused(
          label,
          'nested-archive',
          'Archives inside archives are not opened; extract this one and import it separately.',
        ),
      );
    } else if (PROFILE_NAME.test(entry.name)) {
      found += 1;
      if (entry.isLink) {
        say(refused(label, 'bad-archive-entry', 'It is a link, and links inside archives are not followed.'));
        continue;
      }
      const siblings = archiveSiblingReader(entries, refusedEntries, entry.name);
      slots.push({ unit: units.length });
      units.push({ label, bytes: entry.bytes, siblings, bundle: source.name });
    }
  }
  if (found === 0) say(refused(source.name, 'no-profiles', 'The archive holds no .conf or .ovpn profiles.'));
}

/** macOS zips carry `__MACOSX/._name` resource forks beside the real files. */
function isMacMetadata(name: string): boolean {
  return name.split('/').some((part) => part === '__MACOSX' || part.startsWith('._'));
}

/** Reads and checks one profile file without storing it: parsed, or refused with the reasons. */
export async function checkProfileFile(
  file: string,
  bytes: Uint8Array,
  siblings?: SiblingReader,
): Promise<{ ok: true; parsed: ParsedProfile } | { ok: false; outcome: ImportOutcome }> {
  const no = (outcome: ImportOutcome) => ({ ok: false as const, outcome });
  if (bytes.length > MAX_PROFILE_BYTES) {
    return no(
      refused(
        file,
        'too-large',
        `The file is larger than ${describeSize(MAX_PROFILE_BYTES)}; a VPN profile is a few kilobytes, so this is not one.`,
      ),
    );
  }
  const text = decodeText(bytes);
  if (text === undefined)
    return no(refused(file, 'not-text', 'The file contains binary data, so it is not a VPN profile.'));
  const kind = detectKind(file, text);
  if (!kind) {
    return no(refused(file, 'not-a-profile', 'This is neither a WireGuard (.conf) nor an OpenVPN (.ovpn) profile.'));
  }
  const parsed: ParseResult =
    kind === 'wireguard' ? parseWireGuard(text, file) : await parseOpenVpn(text, file, siblings);
  if (!parsed.ok) return no({ file, status: 'refused', errors: parsed.errors });
  return { ok: true, parsed: parsed.value };
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
