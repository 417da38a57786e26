import { createStore } from 'zustand/vanilla';
import type { CoreEvent } from '../../../main/core/events';
import type { HoldfastApi } from '../../../preload/contract';
import { foldSecurity, foldState, foldStatus } from '../connection/fold';
import { createConnectionSlice } from './connection-slice';
import { createInfoSlice } from './info-slice';
import { createProfilesSlice } from './profiles-slice';
import type { AppState, AppStore, StoreDeps } from './types';
import { createUiSlice } from './ui-slice';

export type { AppState, AppStore } from './types';

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createConnectionSlice(set, get, deps),
    ...createProfilesSlice(set, get, deps),
    ...createInfoSlice(set, get, deps),
    ...createUiSlice(set, get, deps),
  }));
}

/** Folds one pushed event into the store. Kept apart from the subscription so tests can drive it directly. */
export function applyEvent(store: AppStore, event: CoreEvent): void {
  switch (event.type) {
    case 'state':
      store.setState((s) => ({ connection: foldState(s.connection, event) }));
      // The event names the profile; the snapshot adds its id, connect time and first counters.
      void store.getState().refreshConnection();
      return;
    case 'status':
      store.setState((s) => ({ connection: foldStatus(s.connection, event) }));
      return;
    case 'security':
      store.setState((s) => ({ connection: foldSecurity(s.connection, event) }));
      return;
    case 'profiles-changed':
      void store.getState().refreshProfiles();
      return;
    case 'log':
      return;
  }
}

/** Subscribes the store to every event the border forwards; returns the unsubscribe. */
export function bindEvents(store: AppStore, api: HoldfastApi): () => void {
  const offs = [
    api.on('state', (e) => applyEvent(store, e)),
    api.on('status', (e) => applyEvent(store, e)),
    api.on('security', (e) => applyEvent(store, e)),
    api.on('profiles-changed', (e) => applyEvent(store, e)),
  ];
  return () => offs.forEach((off) => off());
}

/** First load: everything the window shows, fetched in parallel. */
export async function loadAll(store: AppStore): Promise<void> {
  const s = store.getState();
  await Promise.all([s.loadInfo(), s.refreshProfiles(), s.refreshConnection()]);
}
