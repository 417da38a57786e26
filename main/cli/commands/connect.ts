import type { CoreEvent } from '../../core/events';
import { toErrorPayload } from '../../core/errors';
import type { HoldfastCore } from '../../core/service/core';
import { resolveConnectTarget } from '../connect-target';
import { serveControl } from '../control-socket';
import { formatEvent } from '../format-event';
import { EXIT_FAILURE, EXIT_OK, exitCodeFor, type CliIo } from '../io';

/**
 * Connects and stays in the foreground: prints events (NDJSON with --json), serves `status` and
 * `disconnect` to other terminals, and on SIGINT/SIGTERM disconnects and removes everything it added.
 */
export async function connectCommand(
  core: HoldfastCore,
  profileId: string | undefined,
  json: boolean,
  socketPath: string,
  io: CliIo,
  takeOver = false,
): Promise<number> {
  const print = (event: CoreEvent): void => {
    if (json) {
      io.stdout(`${JSON.stringify(event)}\n`);
      return;
    }
    const line = formatEvent(event);
    if (line) io.stdout(`${line}\n`);
  };
  const server = await serveControl(socketPath, core.dispatcher);
  const offEvents = core.events.on(print);
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const offState = core.events.on((event) => {
    if (event.type !== 'state') return;
    if (event.state === 'disconnected') finish(EXIT_OK);
    if (event.state === 'failed') finish(EXIT_FAILURE);
  });
  let stopping = false;
  const offSignal = io.onSignal((signal) => {
    if (stopping) {
      io.stderr('Still removing the tunnel; please wait.\n');
      return;
    }
    stopping = true;
    void core.controller.disconnect(`stopped by ${signal}`);
  });

  try {
    const leftover = await core.recovery.status();
    if (leftover.blocked) {
      print({
        type: 'log',
        at: new Date().toISOString(),
        level: 'warn',
        message: `${leftover.detail ?? 'A previous session left the network blocked'} Connecting replaces it without a gap.`,
      });
    }
    for (const line of await core.recoverLeftovers()) {
      print({ type: 'log', at: new Date().toISOString(), level: 'warn', message: line });
    }
    // Without an id the controller starts on the preferred server (failover.preferredServer), else the last used.
    // An id that is no profile may be a place: the best server there.
    const target = profileId === undefined ? undefined : await resolveConnectTarget(core, profileId);
    if (target?.note) {
      const message = `Connecting to ${target.note}`;
      if (json) io.stdout(`${JSON.stringify({ type: 'log', at: new Date().toISOString(), level: 'info', message })}\n`);
      else io.stdout(`${message}\n`);
    }
    // Only as the machine's one connection owner: refused (or taken over) before anything changes.
    await core.connect(target?.profileId, { takeOver });
  } catch (err) {
    const payload = toErrorPayload(err);
    if (json) io.stdout(`${JSON.stringify({ type: 'error', at: new Date().toISOString(), ...payload })}\n`);
    io.stderr(`holdfast: ${payload.message}\n`);
    finish(exitCodeFor(payload.code));
  }

  const code = await done;
  await core.shutdown();
  offSignal();
  offState();
  offEvents();
  await server.close();
  return code;
}
