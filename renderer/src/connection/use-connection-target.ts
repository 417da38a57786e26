import type { ProfileSummary } from '../../../main/core/profiles/types';
import { preferredProfileId } from '../servers/preferred';
import { useApp } from '../store/context';

/** The profile the big button would connect with: the selected one, else one on the preferred server, else the first. */
export function useConnectionTarget(): ProfileSummary | null {
  return useApp((s) => {
    const id = s.selectedProfileId ?? preferredProfileId(s);
    return s.profiles.find((p) => p.id === id) ?? s.profiles[0] ?? null;
  });
}

/** The name to show for the current connection: the engine's word, resolved against the list when it is an id. */
export function useConnectedProfileName(): string | null {
  return useApp((s) => {
    const { profileId, profileName } = s.connection;
    const byId = profileId ? s.profiles.find((p) => p.id === profileId) : undefined;
    if (byId) return byId.name;
    const byNameAsId = profileName ? s.profiles.find((p) => p.id === profileName) : undefined;
    return byNameAsId?.name ?? profileName;
  });
}
