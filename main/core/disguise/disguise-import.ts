import type { ImportSource } from '../profiles/import-sources';
import { MAX_PROFILE_BYTES } from '../profiles/limits';
import type { ImportIssue, ImportOutcome } from '../profiles/types';
import { formatHostPort } from '../profiles/net-syntax';
import { DISGUISE_NAMES } from './types';
import type { DisguiseStore } from './disguise-store';
import { looksLikeDisguises, parseDisguises } from './parse-disguises';
import type { DisguiseKind, ParsedDisguise } from './types';

/** One line (or SIP008 entry) of a disguise file, with what was imported: never a secret. */
export type DisguiseImportOutcome = ImportOutcome & {
  disguise?: { kind: DisguiseKind; host: string; port: number; label: string | null };
};

/**
 * Which of the sources are disguise files (ss:// links, obfs4 and tls lines, SIP008 JSON) rather than
 * profiles. Only readable UTF-8 text within the profile size limit is looked at; everything else goes on to
 * the profile importer, which refuses it with its own reasons.
 */
/** Whether a .txt or .json file found in an imported folder is a disguise list (strictly: not any `servers` JSON). */
export function isDisguiseSource(source: ImportSource): boolean {
  const text = source.problem === undefined ? readableText(source.bytes) : undefined;
  return text !== undefined && looksLikeDisguises(text, true);
}

export function splitDisguiseSources(sources: readonly ImportSource[]): {
  disguises: Array<{ name: string; text: string }>;
  profiles: ImportSource[];
} {
  const disguises: Array<{ name: string; text: string }> = [];
  const profiles: ImportSource[] = [];
  for (const source of sources) {
    const text = source.problem === undefined ? readableText(source.bytes) : undefined;
    if (text !== undefined && looksLikeDisguises(text)) disguises.push({ name: source.name, text });
    else profiles.push(source);
  }
  return { disguises, profiles };
}

/**
 * Imports one disguise file: one outcome per line or entry, so the window and the CLI say which were
 * imported, which were already there, and which were refused and why. Secrets are sealed by the store.
 */
export async function importDisguiseFile(
  store: DisguiseStore,
  file: string,
  text: string,
): Promise<DisguiseImportOutcome[]> {
  const parsed = parseDisguises(file, text);
  const outcomes: DisguiseImportOutcome[] = [];
  for (const error of parsed.errors) outcomes.push({ file, status: 'refused', errors: [withoutLine(error)] });
  const warningsAt = (place: ParsedDisguise): ImportIssue[] =>
    parsed.warnings.filter((w) => w.line !== undefined && w.line === place.line).map(withoutLine);
  let saved: Awaited<ReturnType<DisguiseStore['saveAll']>>;
  try {
    saved = await store.saveAll(parsed.disguises, file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    saved = parsed.disguises.map(() => ({ error: `The disguise is valid but could not be saved: ${reason}` }));
  }
  parsed.disguises.forEach((disguise, index) => {
    const where = placeOf(file, disguise);
    const { kind, host, port, label } = disguise.params;
    const result = saved[index] ?? { error: 'The disguise was not saved.' };
    if ('error' in result) {
      outcomes.push({
        file: where,
        status: 'refused',
        errors: [{ file, code: 'storage-failed', message: result.error }],
      });
      return;
    }
    outcomes.push({
      file: where,
      status: result.duplicate ? 'duplicate' : 'imported',
      id: result.id,
      warnings: warningsAt(disguise),
      disguise: { kind, host, port, label: label ?? null },
    });
  });
  // Warnings about the whole document (not one entry) still reach the user once.
  const loose = parsed.warnings.filter((w) => w.line === undefined || !parsed.disguises.some((d) => d.line === w.line));
  const first = outcomes.find((o) => o.status !== 'refused');
  if (first && 'warnings' in first) first.warnings.push(...loose.map(withoutLine));
  if (outcomes.length === 0) {
    outcomes.push({
      file,
      status: 'refused',
      errors: [{ file, code: 'no-disguises', message: 'The file holds no disguise lines.' }],
    });
  }
  return outcomes;
}

/** `servers.txt line 3`, or `sub.json servers[2]` for a SIP008 entry. */
function placeOf(file: string, disguise: ParsedDisguise): string {
  if (disguise.line !== undefined) return `${file} line ${disguise.line}`;
  if (disguise.field !== undefined) return `${file} ${disguise.field}`;
  return file;
}

/** The messages already name their line ("Line 3 (…): …"); the outcome must not say it twice. */
function withoutLine(issue: ImportIssue): ImportIssue {
  const { line: _line, ...rest } = issue;
  return rest;
}

function readableText(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_PROFILE_BYTES || bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** `imported Shadowsocks 203.0.113.5:8388 "Tokyo" as d-1a2b (subs.json servers[0])`; other outcomes as profiles'. */
export function formatDisguiseOutcome(outcome: DisguiseImportOutcome): string | undefined {
  if (!outcome.disguise || outcome.status === 'refused') return undefined;
  const { kind, host, port, label } = outcome.disguise;
  const what = `${DISGUISE_NAMES[kind]} ${formatHostPort(host, port)}${label ? ` "${label}"` : ''}`;
  return outcome.status === 'imported'
    ? `imported ${what} as ${outcome.id} (${outcome.file})`
    : `already imported ${what} (${outcome.file}): same as ${outcome.id}`;
}
