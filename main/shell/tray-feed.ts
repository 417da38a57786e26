import type { ConnectionSnapshot } from '../core/connection/state';
import type { CoreEvent } from '../core/events';
import type { Envelope } from '../../preload/contract';
import type { TrayInput } from './tray-model';

/**
 * Keeps the tray's input current from core (the connection state on each state event, the profile list
 * when it changes) and remembers the last profile used, so that the tray's "Connect to Tokyo 1" connects
 * to exactly that profile. Electron-free; the shell passes `update`.
 */
export interface TrayFeedSource {
  snapshot(): ConnectionSnapshot;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  dispatcher: { dispatch(command: unknown, params: unknown): Promise<Envelope<unknown>> };
}

export interface TrayFeed {
  /** Reads the profile list once and returns the first input. */
  start(): Promise<TrayInput>;
  current(): TrayInput;
  /** What the tray's Connect sends: the remembered profile, or nothing (core picks). */
  connectParams(): { profileId?: string };
  stop(): void;
}

export function createTrayFeed(source: TrayFeedSource, update: (input: TrayInput) => void): TrayFeed {
  let profileIds = new Set<string>();
  let last: { id: string; name: string } | null = null;

  const current = (): TrayInput => {
    const snapshot = source.snapshot();
    if (snapshot.profileId && snapshot.profileName) last = { id: snapshot.profileId, name: snapshot.profileName };
    const remembered = last && profileIds.has(last.id) ? last : null;
    return {
      state: snapshot.state,
      profileName: snapshot.profileName ?? remembered?.name ?? null,
      hasProfiles: profileIds.size > 0,
    };
  };

  const refreshProfiles = async (): Promise<void> => {
    const listed = await source.dispatcher.dispatch('profiles.list', {});
    if (!listed.ok || !Array.isArray(listed.value)) return;
    profileIds = new Set((listed.value as { id: string }[]).map((p) => p.id));
  };

  const unsubscribe = source.events.on((event) => {
    if (event.type === 'state') update(current());
    if (event.type === 'profiles-changed') void refreshProfiles().then(() => update(current()));
  });

  return {
    start: async () => {
      await refreshProfiles();
      return current();
    },
    current,
    connectParams: () => (last && profileIds.has(last.id) ? { profileId: last.id } : {}),
    stop: unsubscribe,
  };
}
