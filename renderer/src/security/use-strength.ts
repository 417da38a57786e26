import { useMemo } from 'react';
import type { DisguiseInUse } from '../../../main/core/disguise/disguised-route';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { isActive } from '../connection/fold';
import { useConnectionTarget } from '../connection/use-connection-target';
import { useApp } from '../store/context';
import { fromProfile, fromSecurityEvent, type Strength } from './strength';

export interface ShownStrength {
  strength: Strength;
  /** The profile it belongs to, for "Expected with Berlin 1". */
  profileName: string | null;
  /** The disguise the running tunnel is inside: said apart from the rating, which it never changes. */
  disguise: DisguiseInUse | null;
}

/**
 * The strength to show on the connection view: what the running tunnel negotiated once it is known,
 * before that what the profile about to be (or being) connected allows, marked expected.
 */
export function useShownStrength(): ShownStrength | null {
  const security = useApp((s) => (isActive(s.connection.state) ? s.connection.security : null));
  const activeProfile = useApp((s) =>
    isActive(s.connection.state) && s.connection.profileId
      ? (s.profiles.find((p) => p.id === s.connection.profileId) ?? null)
      : null,
  );
  const target = useConnectionTarget();
  return useMemo(() => {
    if (security) {
      return {
        strength: fromSecurityEvent(security),
        profileName: activeProfile?.name ?? null,
        disguise: security.disguise ?? null,
      };
    }
    const profile = activeProfile ?? target;
    const expected = profile ? fromProfile(profile) : null;
    return expected && profile ? { strength: expected, profileName: profile.name, disguise: null } : null;
  }, [security, activeProfile, target]);
}

/** For one row of the profile list: negotiated when it is the connected profile, expected otherwise. */
export function useProfileStrength(profile: ProfileSummary): Strength | null {
  const security = useApp((s) =>
    isActive(s.connection.state) && s.connection.security?.profile === profile.id ? s.connection.security : null,
  );
  return useMemo(() => (security ? fromSecurityEvent(security) : fromProfile(profile)), [security, profile]);
}
