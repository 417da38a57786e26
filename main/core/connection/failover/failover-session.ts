import type { ErrorPayload } from '../../errors';
import type { FailoverMessage } from './messages';
import type { ServerCatalog } from './servers';
import type { Candidate } from './types';

/** Failover stopped: only the user can help (a password, a missing program, nothing usable at all). */
export interface NeedsUser {
  reason: FailoverMessage;
  error: ErrorPayload;
}

/**
 * Where one session (connect to disconnect) stands between the engine's calls. One object shared by the engine
 * and the parts that record attempts, run rounds and choose the next step, so they all see the same session.
 */
export class FailoverSession {
  current: Candidate | null = null;
  /** The server of the profile the user picked: it outranks the preferred-server setting for this session. */
  preferred: string | null = null;
  /** The profile the user picked; with failover off, the session stays on its endpoints. */
  profile: string | null = null;
  /** The candidate that just died: blamed only once a round shows the network is fine. */
  pendingFrom: Candidate | null = null;
  needsUser: NeedsUser | null = null;
  round = 0;
  /** What was usable when the last step was planned: the evidence a failed round is judged against. */
  usableAtStep: Candidate[] = [];
  /** The latest failure of this incident with a known cause, told to the user while Holdfast keeps trying. */
  cause: ErrorPayload | null = null;

  /** A new session, or the end of one. */
  reset(): void {
    this.current = null;
    this.pendingFrom = null;
    this.needsUser = null;
    this.cause = null;
    this.preferred = null;
    this.profile = null;
    this.round = 0;
  }

  /** The catalog was rebuilt: the candidates held point into the new one. */
  relink(catalog: ServerCatalog): void {
    const relink = (c: Candidate | null) => (c ? catalog.relink(c) : null);
    this.current = relink(this.current);
    this.pendingFrom = relink(this.pendingFrom);
  }
}
