import type { ConnectionSnapshot } from '../core/connection/state';
import type { CoreEvent } from '../core/events';
import type { Envelope, RecoveryStatus } from '../../preload/contract';
import type { ServerListing } from '../core/service/server-listing';
import type { TrayInput } from './tray-model';
import { CHINESE_TRAY_SERVER_LABELS, ENGLISH_TRAY_SERVER_LABELS, trayServerItems } from './tray-servers-model';

/**
 * Keeps the tray's input current from core: the connection state on each state event, the profile list
 * when it changes, whether the kill switch is on, whether core has said no server is reachable, and
 * whether a previous session left the network blocked. It remembers the last profile used, so that the
 * tray's "Connect to Tokyo 1" connects to exactly that profile. Electron-free; the shell passes `update`.
 */
export interface TrayFeedSource {
  snapshot(): ConnectionSnapshot;
  events: { on(listener: (event: CoreEvent) => void): () => void };
  dispatcher: { dispatch(command: unknown, params: unknown): Promise<Envelope<unknown>> };
  /** Core's settings store (read on every update, so a changed setting shows at the next one). */
  settings: { get(): unknown };
}

export interface TrayFeed {
  /** Reads the profile list and the recovery status once and returns the first input. */
  start(): Promise<TrayInput>;
  current(): TrayInput;
  /** Asks core again whether a previous session still blocks the network, then updates the tray. */
  refreshRecovery(): Promise<void>;
  /** Recomputes the input (after a setting changed) and updates the tray. */
  refresh(): void;
  /** What the tray's Connect sends: the remembered profile, or nothing (core picks). */
  connectParams(): { profileId?: string };
  stop(): void;
}

/**
 * The kill switch setting, read defensively: `killSwitch.enabled` in core settings. Absent means core
 * does not apply a kill switch, so nothing is held back.
 */
export function killSwitchEnabled(settings: unknown): boolean {
  const killSwitch = (settings as { killSwitch?: { enabled?: unknown } } | null | undefined)?.killSwitch;
  return killSwitch?.enabled === true;
}

export function createTrayFeed(source: TrayFeedSource, update: (input: TrayInput) => void): TrayFeed {
  let profileIds = new Set<string>();
  let last: { id: string; name: string } | null = null;
  let unreachable = false;
  let leftoverBlock = false;
  let listing: ServerListing | null = null;

  const serverItems = (snapshot: ReturnType<TrayFeedSource['snapshot']>): TrayInput['servers'] => {
    if (!listing) return [];
    const profileId = snapshot.profileId ?? last?.id ?? null;
    const currentServer = profileId
      ? listing.servers.find((s) => s.profiles.some((p) => p.id === profileId))
      : undefined;
    const zh = (source.settings.get() as { ui?: { language?: unknown } } | null)?.ui?.language === 'zh-CN';
    return trayServerItems({
      listing,
      currentServerKey: currentServer?.key ?? null,
      active: snapshot.state !== 'disconnected' && snapshot.state !== 'failed',
      labels: zh ? CHINESE_TRAY_SERVER_LABELS : ENGLISH_TRAY_SERVER_LABELS,
      zh,
    });
  };

  const refreshServers = async (): Promise<void> => {
    const listed = await source.dispatcher.dispatch('servers.list', {});
    if (listed.ok && listed.value) listing = listed.value as ServerListing;
  };

  const current = (): TrayInput => {
    const snapshot = source.snapshot();
    if (snapshot.profileId && snapshot.profileName) last = { id: snapshot.profileId, name: snapshot.profileName };
    const remembered = last && profileIds.has(last.id) ? last : null;
    return {
      state: snapshot.state,
      profileName: snapshot.profileName ?? remembered?.name ?? null,
      hasProfiles: profileIds.size > 0,
      killSwitch: killSwitchEnabled(source.settings.get()),
      unreachable,
      leftoverBlock,
      servers: serverItems(snapshot),
    };
  };

  const refreshProfiles = async (): Promise<void> => {
    const listed = await source.dispatcher.dispatch('profiles.list', {});
    if (!listed.ok || !Array.isArray(listed.value)) return;
    profileIds = new Set((listed.value as { id: string }[]).map((p) => p.id));
  };

  const readRecovery = async (): Promise<void> => {
    const status = await source.dispatcher.dispatch('recovery.status', {});
    // A status core cannot read is not evidence of a block: keep what was known.
    if (status.ok) leftoverBlock = (status.value as RecoveryStatus | null)?.blocked === true;
  };

  const unsubscribe = source.events.on((event) => {
    switch (event.type) {
      case 'state':
        // "Unreachable" belongs to one outage: it ends with a tunnel, a failure or a disconnect.
        if (event.state === 'connected' || event.state === 'disconnected' || event.state === 'failed') {
          unreachable = false;
        }
        update(current());
        // A connection replaces leftover rules, and a disconnect may lift them: ask again. A connection also
        // changes Recent and what was measured.
        if (event.state === 'connected' || event.state === 'disconnected') {
          void Promise.all([readRecovery(), refreshServers()]).then(() => update(current()));
        }
        return;
      case 'servers-changed':
        void refreshServers().then(() => update(current()));
        return;
      case 'notification':
        if (event.kind === 'unresolved') unreachable = true;
        else if (event.kind === 'resolved' || event.kind === 'restored') unreachable = false;
        else return;
        update(current());
        return;
      case 'profiles-changed':
        void Promise.all([refreshProfiles(), refreshServers()]).then(() => update(current()));
        return;
    }
  });

  return {
    start: async () => {
      await Promise.all([refreshProfiles(), readRecovery(), refreshServers()]);
      return current();
    },
    current,
    refreshRecovery: async () => {
      await readRecovery();
      update(current());
    },
    refresh: () => update(current()),
    connectParams: () => (last && profileIds.has(last.id) ? { profileId: last.id } : {}),
    stop: unsubscribe,
  };
}
