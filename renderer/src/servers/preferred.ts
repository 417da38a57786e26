import type { ServerEntry } from '../../../main/core/service/server-listing';
import type { AppState } from '../store/types';

/** The server the user starred, when the engine lists one. */
export function preferredServerOf(state: Pick<AppState, 'serverList'>): ServerEntry | null {
  return state.serverList?.servers.find((s) => s.preferred) ?? null;
}

/**
 * A profile on the preferred server, for showing where "Connect" goes when no profile is selected. The engine
 * picks the best way onto that server itself (connect without a profile), so this is only for display.
 */
export function preferredProfileId(state: Pick<AppState, 'serverList' | 'profiles'>): string | null {
  const server = preferredServerOf(state);
  return server?.profiles.find((p) => state.profiles.some((q) => q.id === p.id))?.id ?? null;
}
