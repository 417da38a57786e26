import path from 'node:path';
import { HoldfastError, toErrorPayload } from '../core/errors';
import { createHoldfastCore, type HoldfastCore, type HoldfastCoreOptions } from '../core/service/core';
import { parseArgs, resolveDataDir, USAGE } from './args';
import { connectCommand } from './commands/connect';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { disconnectCommand, statusCommand } from './commands/remote';
import { recoverCommand } from './commands/recover';
import { settingsCommand } from './commands/settings';
import { serversCommand } from './commands/servers';
import type { TunnelCredentials } from '../core/tunnel/driver';
import { assertCanConnect } from '../core/service/platform-support';
import { readCredentials } from './credentials';
import { MachineOwnerLock } from '../core/system/owner/machine-owner-lock';
import { APP_CONTROL_SOCKET } from './control-socket';
import { adoptLegacyDataDir, legacyAppDataDir } from '../core/storage/data-dir';
import { openCliPrivileges, type CliPrivileges } from './privileged-backend';
import { EXIT_FAILURE, EXIT_OK, EXIT_REFUSED, exitCodeFor, type CliIo } from './io';

export const CONTROL_SOCKET = 'control.sock';

export interface CliDeps {
  version: string;
  createCore?: (options: HoldfastCoreOptions) => Promise<HoldfastCore>;
  openPrivileges?: typeof openCliPrivileges;
}

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(`holdfast: ${parsed.message}\n`);
    return EXIT_REFUSED;
  }
  const args = parsed.value;
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    io.stdout(`holdfast ${deps.version}\n`);
    return EXIT_OK;
  }
  const chosen = resolveDataDir(args.dataDir, io.env, io.home);
  // The folder the app used before it shared this one is moved here once (docs/desktop.md).
  const adoption =
    args.dataDir || io.env.HOLDFAST_DATA_DIR
      ? undefined
      : adoptLegacyDataDir(chosen, legacyAppDataDir(io.env, io.home));
  if (adoption?.note) io.stderr(`holdfast: ${adoption.note}\n`);
  const dataDir = path.resolve(adoption?.dataDir ?? chosen);
  const socketPath = path.join(dataDir, CONTROL_SOCKET);
  // A `holdfast connect` of this data folder first, then the app sharing it.
  const controlSockets = [socketPath, path.join(dataDir, APP_CONTROL_SOCKET)];
  let privileges: CliPrivileges | undefined;
  try {
    switch (args.command) {
      case 'status':
        return await statusCommand(
          socketPath,
          args.json,
          io,
          async () => {
            const core = await (deps.createCore ?? createHoldfastCore)({ dataDir, version: deps.version });
            return core.recovery.status();
          },
          () => new MachineOwnerLock().holder(),
        );
      case 'disconnect':
        return await disconnectCommand(controlSockets, io);
      default:
        break;
    }
    // macOS and Windows are previews: refuse plainly before asking for privileges (platform-support.ts).
    if (args.command === 'connect') assertCanConnect(process.platform);
    // Not root: `connect` starts the privileged helper first, or says what to do before changing anything.
    privileges = await (deps.openPrivileges ?? openCliPrivileges)(args.command, deps.version, io);
    if (!privileges.ok) {
      io.stderr(`holdfast: ${privileges.message}\n`);
      return EXIT_FAILURE;
    }
    const createCore = deps.createCore ?? createHoldfastCore;
    // Asked once per profile and kept in memory only, so a reconnect never prompts again.
    const asked = new Map<string, Promise<TunnelCredentials | undefined>>();
    const core = await createCore({
      ...privileges.coreOptions,
      dataDir,
      version: deps.version,
      credentials: (profile) => {
        const known = asked.get(profile.id) ?? readCredentials(profile, args.credentialsFile, io);
        asked.set(profile.id, known);
        return known;
      },
    });
    switch (args.command) {
      case 'import':
        return await importCommand(core, args.positionals, args.json, io);
      case 'list':
        return await listCommand(core, args.json, io);
      case 'settings':
        return await settingsCommand(core, args.positionals, args.json, io);
      case 'servers':
        return await serversCommand(
          core,
          args.positionals,
          { json: args.json, auto: args.auto, ...(args.search !== undefined ? { search: args.search } : {}) },
          io,
        );
      case 'connect':
        return await connectCommand(core, args.positionals[0], args.json, socketPath, io, args.takeOver === true);
      case 'recover':
        return await recoverCommand(core, socketPath, args.json, io);
    }
  } catch (err) {
    const payload = toErrorPayload(err);
    io.stderr(`holdfast: ${payload.message}\n`);
    return err instanceof HoldfastError ? exitCodeFor(err.code) : EXIT_FAILURE;
  } finally {
    if (privileges?.ok) await privileges.close();
  }
  return EXIT_FAILURE;
}
