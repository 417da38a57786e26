import { formatOutcome } from '../../core/profiles/importer';
import type { HoldfastCore } from '../../core/service/core';
import { EXIT_OK, EXIT_REFUSED, type CliIo } from '../io';

export async function importCommand(core: HoldfastCore, paths: string[], json: boolean, io: CliIo): Promise<number> {
  const outcomes = await core.importPaths(paths);
  if (json) io.stdout(`${JSON.stringify(outcomes)}\n`);
  else for (const outcome of outcomes) io.stdout(`${formatOutcome(outcome)}\n`);
  return outcomes.some((o) => o.status === 'refused') || outcomes.length === 0 ? EXIT_REFUSED : EXIT_OK;
}
