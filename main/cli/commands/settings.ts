import type { HoldfastCore } from '../../core/service/core';
import { EXIT_OK, type CliIo } from '../io';
import { readSettingInput } from './settings-input';

export async function settingsCommand(core: HoldfastCore, args: string[], json: boolean, io: CliIo): Promise<number> {
  const [verb, key, value] = args;
  if (verb === 'set' && key !== undefined && value !== undefined) {
    await core.settings.setKey(key, readSettingInput(key, value));
    const stored = core.settings.getKey(key);
    io.stdout(json ? `${JSON.stringify({ [key]: stored })}\n` : `${key} = ${JSON.stringify(stored)}\n`);
    return EXIT_OK;
  }
  if (key !== undefined) {
    const stored = core.settings.getKey(key);
    io.stdout(
      json ? `${JSON.stringify(stored)}\n` : `${typeof stored === 'string' ? stored : JSON.stringify(stored)}\n`,
    );
    return EXIT_OK;
  }
  const entries = core.settings.entries();
  if (json) io.stdout(`${JSON.stringify(Object.fromEntries(entries))}\n`);
  else for (const [k, v] of entries) io.stdout(`${k} = ${JSON.stringify(v)}\n`);
  return EXIT_OK;
}
