import type { StoreApi } from 'zustand/vanilla';
import type { ErrorPayload } from '../../../main/core/errors';
import type { ImportOutcome, ProfileSummary } from '../../../main/core/profiles/types';
import type { AppInfo, HoldfastApi } from '../../../preload/contract';
import type { ConnectionView } from '../connection/fold';
import type { PrefsStorage, UiPrefs } from './prefs';

export interface StoreDeps {
  api: HoldfastApi;
  prefs: PrefsStorage;
}

export interface ConnectionSlice {
  connection: ConnectionView;
  /** A command in flight, so the big button cannot be pressed twice. */
  pending: 'connect' | 'disconnect' | null;
  /** The last connect/disconnect command that failed, until dismissed or retried. */
  commandError: ErrorPayload | null;
  connect(profileId?: string): Promise<void>;
  disconnect(): Promise<void>;
  refreshConnection(): Promise<void>;
  dismissConnectionError(): void;
}

/** An uploaded file as the import command wants it. */
export interface ImportFile {
  name: string;
  contentBase64: string;
}

export interface ProfilesSlice {
  profiles: ProfileSummary[];
  profilesLoaded: boolean;
  profilesError: ErrorPayload | null;
  selectedProfileId: string | null;
  importing: boolean;
  importResults: ImportOutcome[] | null;
  importError: ErrorPayload | null;
  /** The native folder picker exists only in the desktop app. */
  folderImportAvailable: boolean;
  refreshProfiles(): Promise<void>;
  selectProfile(id: string): void;
  importFiles(files: ImportFile[], unreadable?: ImportOutcome[]): Promise<void>;
  importFolder(): Promise<void>;
  removeProfile(id: string): Promise<void>;
  dismissImport(): void;
}

export interface InfoSlice {
  info: AppInfo | null;
  infoError: ErrorPayload | null;
  loadInfo(): Promise<void>;
}

export interface UiSlice {
  prefs: UiPrefs;
  settingsOpen: boolean;
  setLanguage(language: UiPrefs['language']): void;
  setTheme(theme: UiPrefs['theme']): void;
  openSettings(): void;
  closeSettings(): void;
}

export type AppState = ConnectionSlice & ProfilesSlice & InfoSlice & UiSlice;

export type AppStore = StoreApi<AppState>;

export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], deps: StoreDeps) => T;
