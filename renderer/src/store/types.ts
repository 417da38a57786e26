import type { StoreApi } from 'zustand/vanilla';
import type { IncidentRecord } from '../../../main/core/connection/failover/incidents';
import type { FailoverSettings } from '../../../main/core/connection/failover/settings';
import type { DisguiseListing } from '../../../main/core/disguise/disguise-listing';
import type { ErrorPayload } from '../../../main/core/errors';
import type { CredentialsRequestEvent, ImportProgressEvent, NotificationEvent } from '../../../main/core/events';
import type { ImportOutcome, ProfileSummary } from '../../../main/core/profiles/types';
import type { KillSwitchSettings } from '../../../main/core/security/killswitch/settings';
import type { Settings } from '../../../main/core/settings/schema';
import type { MeasureReport, ServerListing } from '../../../main/core/service/server-listing';
import type { AppInfo, HoldfastApi, RecoveryStatus } from '../../../preload/contract';
import type { ConnectionView } from '../connection/fold';
import type { PrefsStorage, UiPrefs } from './prefs';

export interface StoreDeps {
  api: HoldfastApi;
  prefs: PrefsStorage;
  /** Whether the window has the user's attention; toasts are for a focused window (default: document focus). */
  isFocused?: () => boolean;
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
  /** The native folder picker exists only where main offers it (AppInfo.capabilities.importDialog). */
  folderImportAvailable: boolean;
  /** The running import's name in `import-progress` events, for Cancel. */
  importJobId: string | null;
  /** The latest progress of the running import (null before its first report). */
  importProgress: Omit<ImportProgressEvent, 'type' | 'at'> | null;
  importCancelling: boolean;
  /** The last import was cancelled (nothing of it was kept). */
  importCancelled: boolean;
  receiveImportProgress(progress: ImportProgressEvent): void;
  cancelImport(): Promise<void>;
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

export const VIEWS = ['connection', 'servers', 'activity', 'settings'] as const;
export type View = (typeof VIEWS)[number];

export interface UiSlice {
  prefs: UiPrefs;
  view: View;
  setLanguage(language: UiPrefs['language']): void;
  setTheme(theme: UiPrefs['theme']): void;
  setView(view: View): void;
  /** Follows the shell's `navigate` events (a click on a system notification); returns the unsubscribe. */
  followNavigation(): () => void;
}

/**
 * Settings as the engine sends them. The failover and kill switch sections are optional here so the window
 * keeps working with an engine that does not have them yet (it then refuses those keys, which is shown).
 */
export type EngineSettings = Settings & { failover?: FailoverSettings; killSwitch?: KillSwitchSettings };

export interface SettingsSlice {
  settings: EngineSettings | null;
  /** The last refused change (or failed load, key null), shown beside the section it belongs to. */
  settingsError: { key: string | null; error: ErrorPayload } | null;
  savingKey: string | null;
  /** Values sent but not answered yet, by key: controls show them at once instead of springing back. */
  pendingSettings: Record<string, unknown>;
  /** Answer of the last "forget this network" (true: something was forgotten). */
  networkForgotten: boolean | null;
  loadSettings(): Promise<void>;
  /** Sends one dotted key; true when the engine accepted it. */
  updateSetting(key: string, value: unknown): Promise<boolean>;
  forgetNetwork(): Promise<void>;
  dismissSettingsError(): void;
}

/** One in-app toast for a `notification` event. */
export interface Toast {
  id: string;
  notification: NotificationEvent;
}

/** The incident the user asked to see; `request` grows with every ask, so asking twice shows it twice. */
export interface IncidentFocus {
  id: string;
  request: number;
}

export interface ActivitySlice {
  /** Newest first. */
  incidents: IncidentRecord[];
  incidentsLoaded: boolean;
  incidentsError: ErrorPayload | null;
  toasts: Toast[];
  /** Waiting for the timeline to open, scroll to and focus it; cleared once it has. */
  incidentFocus: IncidentFocus | null;
  loadIncidents(): Promise<void>;
  /**
   * Shows the activity view with this incident open (a toast's "What happened", a system notification's
   * click); loads the incidents first when it is not among them yet.
   */
  openIncident(id: string): Promise<void>;
  clearIncidentFocus(): void;
  receiveIncident(incident: IncidentRecord): void;
  receiveNotification(notification: NotificationEvent): void;
  dismissToast(id: string): void;
}

export interface RecoverySlice {
  recovery: RecoveryStatus | null;
  recoveryBusy: boolean;
  recoveryError: ErrorPayload | null;
  loadRecovery(): Promise<void>;
  clearRecovery(): Promise<void>;
}

/** The open question for a username and password; the password itself never enters the store. */
export type CredentialsRequest = Omit<CredentialsRequestEvent, 'type'>;

export interface CredentialsSlice {
  credentialsRequest: CredentialsRequest | null;
  credentialsError: ErrorPayload | null;
  /** Answer of the last "forget saved password", by profile id. */
  credentialsForgotten: { profileId: string; forgotten: boolean } | null;
  receiveCredentialsRequest(request: CredentialsRequest): void;
  /** Sends the answer and closes the question; resolves true when the engine took it. */
  provideCredentials(username: string, password: string, remember: boolean): Promise<boolean>;
  cancelCredentials(): Promise<void>;
  forgetCredentials(profileId: string): Promise<void>;
}

export interface ServersSlice {
  /** Null until loaded, and with an engine that has no server list (then nothing is shown). */
  serverList: ServerListing | null;
  /** The last failed load or change, shown above the list until dismissed or the next change. */
  serversError: ErrorPayload | null;
  /** The server (or profile) a change is being saved for; its controls wait meanwhile. */
  serverBusy: string | null;
  loadServers(): Promise<void>;
  /** Null or an empty name: the automatic name. Resolves true when saved. */
  renameServer(key: string, name: string | null): Promise<boolean>;
  /** A server key, a new `user:` key (a server of its own), or null (grouped by its host again). */
  moveProfile(profileId: string, serverKey: string | null): Promise<boolean>;
  /** Null: no preferred server. */
  preferServer(key: string | null): Promise<boolean>;
  favouriteServer(key: string, favourite: boolean): Promise<boolean>;
  /** Country (ISO code) and city (a code or a name) set by hand; both null: guessed again. */
  setServerPlace(key: string, country: string | null, city: string | null): Promise<boolean>;
  /** A latency measurement on request is running. */
  measuring: boolean;
  /** What the last measurement found (the new latencies are in the list). */
  measureReport: Omit<MeasureReport, 'listing'> | null;
  /** Measures the given servers, or every one. */
  measureServers(keys?: string[]): Promise<void>;
  dismissServersError(): void;
}

export interface PickerSlice {
  /** The server picker is open over the connection view. */
  pickerOpen: boolean;
  openPicker(): void;
  closePicker(): void;
  /**
   * Connects to a server (switching if connected: the engine supersedes the running attempt and keeps the
   * kill switch up in between) with its first profile, and closes the picker.
   */
  connectServer(key: string): Promise<void>;
}

export interface DisguisesSlice {
  /** Null until loaded, and with an engine that has no disguises (then nothing is shown). */
  disguiseList: DisguiseListing | null;
  /** The last failed load or change, shown in the server list until dismissed or the next change. */
  disguisesError: ErrorPayload | null;
  /** The disguise a change is being saved for; its buttons wait meanwhile. */
  disguiseBusy: string | null;
  loadDisguises(): Promise<void>;
  attachDisguise(id: string, serverKey: string): Promise<boolean>;
  detachDisguise(id: string): Promise<boolean>;
  removeDisguise(id: string): Promise<boolean>;
  dismissDisguisesError(): void;
}

export type AppState = ConnectionSlice &
  ProfilesSlice &
  InfoSlice &
  UiSlice &
  SettingsSlice &
  ActivitySlice &
  RecoverySlice &
  CredentialsSlice &
  ServersSlice &
  PickerSlice &
  DisguisesSlice;

export type AppStore = StoreApi<AppState>;

export type SliceCreator<T> = (set: AppStore['setState'], get: AppStore['getState'], deps: StoreDeps) => T;
