import { existsSync } from 'node:fs';
import { HoldfastError } from '../../core/errors';
import type { HoldfastCore } from '../../core/service/core';
import { callControl } from '../control-socket';
import { EXIT_OK, type CliIo } from '../io';

/**
 * `holdfast recover`: after a crash, lifts the kill switch the dead session left in place and undoes its
 * tunnels, routes and DNS changes. Refused while a `connect` runs: that one is protecting the user.
 */
export async function recoverCommand(
  core: HoldfastCore,
  socketPath: string,
  json: boolean,
  io: CliIo,
): Promise<number> {
  if (existsSync(socketPath)) {
    const running = await callControl(socketPath, 'connection.snapshot').then(
      () => true,
      () => false,
    );
    if (running) {
      throw new HoldfastError(
        'already-connected',
        'A `holdfast connect` is running and protecting this machine. Use `holdfast disconnect` instead.',
      );
    }
  }
  const { status, done } = await core.recovery.clear();
  if (json) {
    io.stdout(`${JSON.stringify({ blocked: status.blocked, done })}\n`);
  } else {
    for (const line of done) io.stdout(`${line}\n`);
    io.stdout(
      status.blocked
        ? `The network is still blocked: ${status.detail ?? ''}\n`
        : done.length === 0
          ? 'Nothing to recover: no previous session left anything behind.\n'
          : 'Normal networking is restored.\n',
    );
  }
  return EXIT_OK;
}
