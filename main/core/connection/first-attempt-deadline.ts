import type { Clock } from '../clock';
import { HoldfastError } from '../errors';
import type { Candidate } from './failover/types';
import type { OpenTunnel, TunnelLauncher } from './tunnel-launcher';

/**
 * Opens a full tunnel, giving up after `deadlineMs` (the first attempt of a session, when failover has other
 * routes to try): a handshake a censor swallows would otherwise hold the user for the driver's whole timeout.
 * With no deadline (null) the driver's own verdict is awaited. `signal` stops the attempt either way.
 */
export async function openWithinDeadline(
  deps: { launcher: TunnelLauncher; clock: Clock },
  candidate: Candidate,
  signal: AbortSignal,
  deadlineMs: number | null,
): Promise<OpenTunnel> {
  if (deadlineMs === null) return deps.launcher.open(candidate, { full: true, signal });
  const local = new AbortController();
  const follow = (): void => local.abort();
  signal.addEventListener('abort', follow, { once: true });
  let timedOut = false;
  let cancel = (): void => undefined;
  // The clock starts when the tunnel does: waiting for the user to type a password is not the server's time.
  const startClock = (): void => {
    cancel = deps.clock.setTimeout(() => {
      timedOut = true;
      local.abort();
    }, deadlineMs);
  };
  try {
    return await deps.launcher.open(candidate, { full: true, signal: local.signal, onLaunch: startClock });
  } catch (err) {
    if (timedOut && !signal.aborted) {
      throw new HoldfastError('tunnel-failed', `no data came through within ${Math.round(deadlineMs / 1000)} s`);
    }
    throw err;
  } finally {
    cancel();
    signal.removeEventListener('abort', follow);
  }
}
