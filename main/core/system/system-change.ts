import type { ChangeJournal, UndoAction } from './change-journal';
import type { ProcessRunner, RunResult } from './process-runner';
import { CommandFailedError } from './process-runner';

/** One command that changes the system, and what undoes it. */
export interface SystemChange {
  description: string;
  command: string;
  args: string[];
  undo: UndoAction;
}

/**
 * Records the change in the journal, then runs it. When the command fails the change never happened,
 * so the entry is dropped again and the failure is thrown (CommandFailedError with the full result).
 */
export async function applyChange(
  journal: ChangeJournal,
  runner: ProcessRunner,
  change: SystemChange,
): Promise<RunResult> {
  const id = await journal.record(change.description, change.undo);
  const result = await runner.run(change.command, change.args, { timeoutMs: 15_000 });
  if (result.code !== 0) {
    await journal.forget(id);
    throw new CommandFailedError(change.command, change.args, result);
  }
  return result;
}

/** The undo of a change that is itself a single command. */
export const runUndo = (command: string, args: string[]): UndoAction => ({ kind: 'run', command, args });
