import type { ImportProgressEvent } from '../../core/events';
import { formatDisguiseOutcome } from '../../core/disguise/disguise-import';
import { formatOutcome } from '../../core/profiles/importer';
import type { HoldfastCore } from '../../core/service/core';
import { EXIT_FAILURE, EXIT_OK, EXIT_REFUSED, type CliIo } from '../io';

/** An import shorter than this shows no progress line: most are a handful of files. */
const PROGRESS_AFTER_MS = 300;

/**
 * `holdfast import PATH...`: one line per file, then a summary. On a terminal a long import redraws one
 * progress line on stderr; Ctrl-C cancels it and nothing of it is kept (the bundle is committed whole).
 */
export async function importCommand(
  core: Pick<HoldfastCore, 'importPaths' | 'events' | 'dispatcher'>,
  paths: string[],
  json: boolean,
  io: CliIo,
  now: () => number = Date.now,
): Promise<number> {
  const jobId = `cli-${process.pid}-${now().toString(36)}`;
  const started = now();
  let drawn = false;
  let last: ImportProgressEvent | null = null;
  const offEvents = core.events.on((event) => {
    if (event.type !== 'import-progress' || event.jobId !== jobId) return;
    last = event;
    if (json || !io.stderrIsTerminal || event.done || now() - started < PROGRESS_AFTER_MS) return;
    io.stderr(`\r${progressLine(event)}\u001b[K`);
    drawn = true;
  });
  const offSignal = io.onSignal(() => {
    void core.dispatcher.dispatch('profiles.cancelImport', { jobId });
  });
  try {
    const outcomes = await core.importPaths(paths, jobId);
    if (drawn) io.stderr('\r\u001b[K');
    const final = last as ImportProgressEvent | null;
    if (final?.cancelled) {
      io.stderr('Import cancelled; nothing was changed.\n');
      return EXIT_FAILURE;
    }
    if (json) io.stdout(`${JSON.stringify(outcomes)}\n`);
    else {
      for (const outcome of outcomes) io.stdout(`${formatDisguiseOutcome(outcome) ?? formatOutcome(outcome)}\n`);
      if (outcomes.some((o) => 'disguise' in o && o.status === 'imported')) {
        io.stdout('See which server each disguise is attached to with: holdfast servers disguises\n');
      }
      if (final && (final.total > 1 || final.removed.length > 0)) io.stdout(`${summaryLine(final)}\n`);
    }
    return outcomes.some((o) => o.status === 'refused') || outcomes.length === 0 ? EXIT_REFUSED : EXIT_OK;
  } finally {
    offSignal();
    offEvents();
  }
}

export function progressLine(p: ImportProgressEvent): string {
  const saved = p.imported + p.updated;
  if (p.total > 0 && p.read >= p.total && saved > 0) {
    return `Saving profiles: ${saved} saved (${p.read} read, ${p.refused} refused)`;
  }
  const total = p.total > 0 ? ` of ${p.total}` : '';
  return `Reading profiles: ${p.read}${total} (${p.refused} refused so far)`;
}

/** "1000 files: 990 new, 8 updated, 2 already there, 0 refused; 3 removed (no longer in the bundle): a, b, c" */
export function summaryLine(p: ImportProgressEvent): string {
  const head = `${p.total} file${p.total === 1 ? '' : 's'}: ${p.imported} new, ${p.updated} updated, ${p.unchanged} already there, ${p.refused} refused`;
  if (p.removed.length === 0) return head;
  const shown = p.removed.slice(0, 10).join(', ');
  const more = p.removed.length > 10 ? ` and ${p.removed.length - 10} more` : '';
  return `${head}; ${p.removed.length} removed (no longer in the bundle): ${shown}${more}`;
}
