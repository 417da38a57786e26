import type { RecoveryStatus } from '../../../preload/contract';
import type { ConnectionSnapshot } from '../../core/connection/state';
import { HoldfastError } from '../../core/errors';
import { callControl } from '../control-socket';
import { formatSnapshot } from '../format-event';
import { EXIT_OK, type CliIo } from '../io';
import type { OwnerRecord } from '../../core/system/owner/owner-record';
import { describeOwner } from '../../core/system/owner/owner-record';

/**
 * The running session to talk to: a `holdfast connect` of this data folder, else the app using it
 * (its `app-control.sock`) when that one is connected, else the first that answers.
 */
async function pickControl(socketPaths: readonly string[]): Promise<string> {
  let answering: string | undefined;
  for (const socketPath of socketPaths) {
    const reply = await callControl<ConnectionSnapshot>(socketPath, 'connection.snapshot', {}, 5000).catch(
      () => undefined,
    );
    if (!reply?.ok) continue;
    if (reply.value.state !== 'disconnected') return socketPath;
    answering ??= socketPath;
  }
  return answering ?? socketPaths[0] ?? '';
}

/** `status` and `disconnect` talk to the running `connect` (or the app) through a control socket. */
export async function statusCommand(
  socketPaths: string | readonly string[],
  json: boolean,
  io: CliIo,
  leftover: () => Promise<RecoveryStatus> = async () => ({ blocked: false, detail: null }),
  machineOwner: () => Promise<OwnerRecord | null> = async () => null,
): Promise<number> {
  let snap: ConnectionSnapshot;
  try {
    const socketPath = await pickControl(typeof socketPaths === 'string' ? [socketPaths] : socketPaths);
    const reply = await callControl<ConnectionSnapshot>(socketPath, 'connection.snapshot');
    if (!reply.ok) throw new HoldfastError(reply.error.code, reply.error.message);
    snap = reply.value;
  } catch (err) {
    if (!(err instanceof HoldfastError) || err.code !== 'not-connected') throw err;
    // Not connected, but a crashed session's kill switch may still block the network: say so.
    // Another session (the app, or another data folder) may hold this machine's connection: say whose it is.
    const owner = await machineOwner().catch(() => null);
    const blocked = owner
      ? { blocked: false, detail: null }
      : await leftover().catch(() => ({ blocked: false, detail: null }));
    const advice = owner
      ? describeOwner(owner)
      : blocked.blocked
        ? `${blocked.detail ?? 'A previous session left the network blocked.'} Run \`holdfast connect\` to be protected again, or \`holdfast recover\` to unblock.`
        : null;
    if (json) {
      io.stdout(
        `${JSON.stringify({ state: 'disconnected', reason: err.message, blocked: blocked.blocked, detail: advice, ...(owner ? { machineOwner: owner } : {}) })}\n`,
      );
    } else {
      io.stdout(`${err.message}\n${advice ? `${advice}\n` : ''}`);
    }
    return EXIT_OK;
  }
  io.stdout(json ? `${JSON.stringify(snap)}\n` : `${formatSnapshot(snap)}\n`);
  return EXIT_OK;
}

export async function disconnectCommand(socketPaths: string | readonly string[], io: CliIo): Promise<number> {
  const socketPath = await pickControl(typeof socketPaths === 'string' ? [socketPaths] : socketPaths);
  const reply = await callControl<ConnectionSnapshot>(socketPath, 'connection.disconnect');
  if (!reply.ok) throw new HoldfastError(reply.error.code, reply.error.message);
  io.stdout('Disconnected.\n');
  return EXIT_OK;
}
