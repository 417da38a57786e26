import { createStore } from 'zustand/vanilla';
import type { CoreEvent } from '../../../main/core/events';
import type { EventName, HoldfastApi } from '../../../preload/contract';
import { foldDrop, foldFailover, foldSecurity, foldState, foldStatus, isActive } from '../connection/fold';
import { createActivitySlice } from './activity-slice';
import { createConnectionSlice } from './connection-slice';
import { createCredentialsSlice } from './credentials-slice';
import { createDisguisesSlice } from './disguises-slice';
import { createInfoSlice } from './info-slice';
import { createProfilesSlice } from './profiles-slice';
import { createRecoverySlice } from './recovery-slice';
import { createPickerSlice } from './picker-slice';
import { createServersSlice } from './servers-slice';
import { createSettingsSlice } from './settings-slice';
import type { AppState, AppStore, StoreDeps } from './types';
import { createUiSlice } from './ui-slice';

export type { AppState, AppStore } from './types';

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createConnectionSlice(set, get, deps),
    ...createProfilesSlice(set, get, deps),
    ...createInfoSlice(set, get, deps),
    ...createUiSlice(set, get, deps),
    ...createSettingsSlice(set, get, deps),
    ...createActivitySlice(set, get, deps),
    ...createRecoverySlice(set, get, deps),
    ...createCredentialsSlice(set, get, deps),
    ...createServersSlice(set, get, deps),
    ...createPickerSlice(set, get, deps),
    ...createDisguisesSlice(set, get, deps),
  }));
}

/** Folds one pushed event into the store. Kept apart from the subscription so tests can drive it directly. */
export function applyEvent(store: AppStore, event: CoreEvent): void {
  const state = store.getState();
  switch (event.type) {
    case 'state': {
      const wasActive = isActive(state.connection.state);
      store.setState((s) => ({ connection: foldState(s.connection, event) }));
      // The event names the profile; the snapshot adds its id, connect time and first counters.
      void state.refreshConnection();
      // A question for credentials cannot outlive the attempt that asked it (answered here, in another
      // window, or abandoned): once the attempt settles, it is gone.
      if (event.state !== 'connecting' && event.state !== 'reconnecting' && event.state !== 'failing-over') {
        if (state.credentialsRequest) store.setState({ credentialsRequest: null });
      }
      // A landed connection updates what the picker shows: Recent, and the latency it just measured.
      if (event.state === 'connected') void state.loadServers();
      // Connecting or disconnecting takes over or clears a kill switch left by a crashed session.
      if (state.recovery?.blocked && (event.state === 'connected' || (wasActive && event.state === 'disconnected'))) {
        void state.loadRecovery();
      }
      return;
    }
    case 'status':
      store.setState((s) => ({ connection: foldStatus(s.connection, event) }));
      return;
    case 'security':
      store.setState((s) => ({ connection: foldSecurity(s.connection, event) }));
      return;
    case 'drop':
      store.setState((s) => ({ connection: foldDrop(s.connection, event) }));
      return;
    case 'failover':
      store.setState((s) => ({ connection: foldFailover(s.connection, event) }));
      return;
    case 'incident':
      state.receiveIncident(event.incident);
      return;
    case 'notification':
      state.receiveNotification(event);
      return;
    case 'credentials-request': {
      const { type: _type, ...request } = event;
      state.receiveCredentialsRequest(request);
      return;
    }
    case 'profiles-changed':
      void state.refreshProfiles();
      void state.loadServers();
      // A disguise follows the server with its host: new or removed profiles can move it.
      void state.loadDisguises();
      return;
    case 'servers-changed':
      // The preferred server and the grouping live in settings too: keep both views in step.
      void state.loadServers();
      void state.loadSettings();
      void state.loadDisguises();
      return;
    case 'disguises-changed':
      void state.loadDisguises();
      return;
    case 'import-progress':
      state.receiveImportProgress(event);
      return;
    case 'log':
      return;
  }
}

/** Every event the window folds (the contract's list minus `log`, which is for files and terminals). */
const FOLDED_EVENTS = [
  'state',
  'status',
  'security',
  'profiles-changed',
  'servers-changed',
  'import-progress',
  'disguises-changed',
  'drop',
  'failover',
  'notification',
  'incident',
  'credentials-request',
] as const satisfies readonly EventName[];

/** Subscribes the store to every event the border forwards; returns the unsubscribe. */
export function bindEvents(store: AppStore, api: HoldfastApi): () => void {
  const offs = FOLDED_EVENTS.map((name) => api.on(name, (e) => applyEvent(store, e as CoreEvent)));
  return () => offs.forEach((off) => off());
}

/** First load: everything the window shows, fetched in parallel. */
export async function loadAll(store: AppStore): Promise<void> {
  const s = store.getState();
  await Promise.all([
    s.loadInfo(),
    s.refreshProfiles(),
    s.refreshConnection(),
    s.loadSettings(),
    s.loadIncidents(),
    s.loadRecovery(),
    s.loadServers(),
    s.loadDisguises(),
  ]);
}
