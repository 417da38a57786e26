import { HoldfastError, type ErrorPayload } from '../errors';
import type { Profile } from '../profiles/types';
import type { FailoverEngine } from './failover/engine';
import type { Candidate } from './failover/types';
import type { ProfileSource } from './tunnel-launcher';

/**
 * The profile a connect starts with: the one asked for; else, for one click, the preferred server when the user
 * chose one, the last profile used, or the first. `all` is already in the failover engine's catalog.
 */
export async function startProfile(
  deps: { profiles: ProfileSource; failover: FailoverEngine },
  profileId: string | undefined,
  all: readonly Profile[],
  lastProfileId: string | null,
): Promise<Profile> {
  if (profileId) return deps.profiles.get(profileId);
  const onPreferred = deps.failover.preferredStart();
  const preferred = all.find((p) => p.id === onPreferred) ?? all.find((p) => p.id === lastProfileId) ?? all[0];
  if (!preferred) throw new HoldfastError('no-profiles', 'No profiles yet: import a WireGuard or OpenVPN file first');
  return preferred;
}

/** Begins the session on `profile`: its first candidate, or an error saying why there is none. */
export function firstCandidate(failover: FailoverEngine, profile: Profile): Candidate {
  const first = failover.begin(profile.id);
  if (!first) {
    const why = failover.noStartReason() ?? `${profile.name} has no server address to connect to`;
    throw new HoldfastError('tunnel-failed', why);
  }
  return first;
}

/** Problems that retrying cannot fix: the user has to act, so a failed first attempt does not fail over. */
export function needsUser(error: ErrorPayload): boolean {
  return [
    'auth-failed',
    'credentials-needed',
    'encryption-too-weak',
    'binary-missing',
    'not-privileged',
    'profile-not-found',
    'connection-held',
  ].includes(error.code);
}
