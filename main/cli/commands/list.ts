import type { HoldfastCore } from '../../core/service/core';
import { EXIT_OK, type CliIo } from '../io';

export async function listCommand(core: HoldfastCore, json: boolean, io: CliIo): Promise<number> {
  const profiles = await core.profiles.summaries();
  if (json) {
    io.stdout(`${JSON.stringify(profiles)}\n`);
    return EXIT_OK;
  }
  if (profiles.length === 0) {
    io.stdout('No profiles yet. Import one with: holdfast import FILE.conf\n');
    return EXIT_OK;
  }
  const idWidth = Math.max(2, ...profiles.map((p) => p.id.length));
  io.stdout(`${'ID'.padEnd(idWidth)}  ${'KIND'.padEnd(9)}  ${'ENDPOINT'.padEnd(28)}  NAME\n`);
  for (const p of profiles) {
    const endpoint = p.endpoints[0] ?? '-';
    const more = p.endpoints.length > 1 ? ` (+${p.endpoints.length - 1})` : '';
    io.stdout(`${p.id.padEnd(idWidth)}  ${p.kind.padEnd(9)}  ${(endpoint + more).padEnd(28)}  ${p.name}\n`);
  }
  return EXIT_OK;
}
