import type { Candidate } from './failover/types';
import { sameCandidate } from './failover/types';
import type { KillSwitchGuard } from './kill-switch-guard';
import type { ProfileSource, TunnelLauncher } from './tunnel-launcher';

/**
 * Lets clear-text traffic through the kill switch to exactly these candidates' servers (to the disguise server
 * for a disguised route), each pair once.
 */
export async function allowOnlyCandidates(
  deps: { launcher: TunnelLauncher; profiles: ProfileSource; guard: KillSwitchGuard },
  candidates: readonly Candidate[],
): Promise<void> {
  const unique = candidates.filter((c, i) => candidates.findIndex((d) => sameCandidate(c, d)) === i);
  const servers = await Promise.all(
    unique.map(async (c) => {
      const via = deps.launcher.disguiseEndpoint(c);
      return {
        profile: await deps.profiles.get(c.profileId),
        endpointIndex: c.endpointIndex,
        ...(via ? { via } : {}),
      };
    }),
  );
  await deps.guard.allowServers(servers);
}
