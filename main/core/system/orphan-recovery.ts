import path from 'node:path';
import type { JournalDeps, JournalDocument, UndoFailure } from './change-journal';
import { JOURNAL_PREFIX, defaultJournalDeps, networkNamespaceOf, undoAction } from './change-journal';
import type { ProcessRunner } from './process-runner';
import { isSameProcessAlive } from './process-table';

export interface RecoveryReport {
  journal: string;
  label: string;
  ownerPid: number;
  undone: string[];
  failed: UndoFailure[];
}

/**
 * Finds journals in `runtimeDir` whose owner process is gone (killed, crashed, power loss) and undoes
 * what they recorded. Journals of live processes are left alone: they belong to a running connection.
 * Journals written for another network namespace are left alone too: their routes and rules are not
 * here. A journal whose steps could not all be undone keeps the failed steps, so the next run tries again.
 */
export async function recoverOrphans(
  runtimeDir: string,
  runner: ProcessRunner,
  deps: JournalDeps = defaultJournalDeps(),
): Promise<RecoveryReport[]> {
  const reports: RecoveryReport[] = [];
  let here: string | undefined | null = null;
  const names = (await deps.files.list(runtimeDir)).filter((n) => n.startsWith(JOURNAL_PREFIX) && n.endsWith('.json'));
  for (const name of names.sort()) {
    const file = path.join(runtimeDir, name);
    const doc = await readJournal(deps, file);
    if (!doc) continue;
    if (await isSameProcessAlive(deps.processes, doc.owner.pid, doc.owner.startTime)) continue;
    if (doc.netns !== undefined) {
      if (here === null) here = await networkNamespaceOf(runner);
      // Unknown here counts as different: undoing routes in the wrong namespace does harm.
      if (here !== doc.netns) continue;
    }
    const report: RecoveryReport = { journal: file, label: doc.label, ownerPid: doc.owner.pid, undone: [], failed: [] };
    const remaining = [...doc.entries];
    for (const entry of [...doc.entries].reverse()) {
      try {
        await undoAction(entry.undo, runner, deps);
        report.undone.push(entry.description);
        remaining.splice(remaining.indexOf(entry), 1);
      } catch (err) {
        report.failed.push({ description: entry.description, error: (err as Error).message });
      }
    }
    if (remaining.length === 0) {
      await deps.files.remove(file);
    } else {
      const kept: JournalDocument = { ...doc, entries: remaining };
      await deps.files.writeAtomic(file, `${JSON.stringify(kept, null, 2)}\n`, 0o600);
    }
    reports.push(report);
  }
  return reports;
}

async function readJournal(deps: JournalDeps, file: string): Promise<JournalDocument | undefined> {
  const text = await deps.files.readText(file);
  if (text === undefined) return undefined;
  try {
    const doc = JSON.parse(text) as JournalDocument;
    if (doc.version !== 1 || !Array.isArray(doc.entries) || typeof doc.owner?.pid !== 'number') return undefined;
    return doc;
  } catch {
    // A half-written journal cannot exist (writes are atomic); anything unreadable is not ours to act on.
    return undefined;
  }
}
