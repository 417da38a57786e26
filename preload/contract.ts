/**
 * The border between the renderer and main, declared once. Main validates every incoming payload with
 * these schemas; the preload exposes exactly these names; the browser harness serves the same
 * dispatcher over a loopback WebSocket. Nothing here may carry a private key or password to the renderer.
 */
import { z } from 'zod';
import type { ConnectionSnapshot } from '../main/core/connection/state';
import type { ErrorPayload } from '../main/core/errors';
import type { CoreEvent } from '../main/core/events';
import type { ImportOutcome, ProfileSummary } from '../main/core/profiles/types';
import type { VaultInfo } from '../main/core/security/vault';
import type { Settings } from '../main/core/settings/schema';
import type { IncidentRecord } from '../main/core/connection/failover/incidents';
import type { BestServer, MeasureReport, ServerListing } from '../main/core/service/server-listing';
import type { DisguiseListing } from '../main/core/disguise/disguise-listing';

const profileId = z.string().min(1).max(200);
/** A server key from `servers.list` (a host name, or `user:NAME` for a server the user made). */
const serverKey = z.string().min(1).max(255);
const importJobId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore, at most 64');
/** A disguise id from `disguises.list`. */
const disguiseId = z.string().min(1).max(100);

export const commandParams = {
  'app.info': z.object({}).strict(),
  'profiles.list': z.object({}).strict(),
  'profiles.import': z
    .object({
      files: z
        .array(
          z
            .object({
              name: z.string().min(1).max(255),
              /** File bytes as base64 so that zip archives and odd encodings cross intact. */
              contentBase64: z.string().max(20 * 1024 * 1024),
            })
            .strict(),
        )
        .min(1)
        // A provider's folder dropped on the window: a whole fleet (docs/import-safety.md has the per-file limits).
        .max(20_000),
      /** Names this import in its `import-progress` events and for `profiles.cancelImport`; made up when absent. */
      jobId: importJobId.optional(),
    })
    .strict(),
  /** Electron only: opens the native picker (files or a folder) and imports what the user chose. */
  'profiles.importDialog': z.object({ folder: z.boolean().optional(), jobId: importJobId.optional() }).strict(),
  /** Stops an import that is still running; nothing of it is kept (a bundle is committed whole or not at all). */
  'profiles.cancelImport': z.object({ jobId: importJobId }).strict(),
  'profiles.remove': z.object({ id: profileId }).strict(),
  /** takeOver: take the machine's connection from another Holdfast session of the same user. */
  'connection.connect': z.object({ profileId: profileId.optional(), takeOver: z.boolean().optional() }).strict(),
  'connection.disconnect': z.object({}).strict(),
  'connection.snapshot': z.object({}).strict(),
  'settings.get': z.object({}).strict(),
  /** One dotted key at a time, validated by the settings schema (e.g. `failover.raceWidth`). */
  'settings.set': z.object({ key: z.string().min(1).max(100), value: z.unknown() }).strict(),
  'incidents.list': z.object({}).strict(),
  /** Forget what failover learned about the current network (cool-downs, blocked servers, successes). */
  'failover.forgetNetwork': z.object({}).strict(),
  /** Whether a previous session's kill switch still blocks the network (after a crash). */
  'recovery.status': z.object({}).strict(),
  /** Clears a previous session's kill switch and leftovers; refused while connected. */
  'recovery.clear': z.object({}).strict(),
  /** Answers a `credentials-request` event. The password crosses once, inward only, and is never echoed back. */
  'credentials.provide': z
    .object({
      requestId: z.string().min(1).max(100),
      username: z.string().min(1).max(512),
      password: z.string().max(4096),
      remember: z.boolean(),
    })
    .strict(),
  'credentials.cancel': z.object({ requestId: z.string().min(1).max(100) }).strict(),
  /** Forget remembered OpenVPN credentials of one profile. */
  'credentials.forget': z.object({ profileId: profileId }).strict(),
  /** Every server (profiles grouped by host or by the user), with its state on the current network. */
  'servers.list': z.object({}).strict(),
  /** The user's name for a server; null: the automatic name again. */
  'servers.rename': z
    .object({
      key: serverKey,
      name: z
        .string()
        .trim()
        .min(1, 'a name needs at least one character (null: the automatic name)')
        .max(100, 'at most 100 characters')
        .regex(/^[^\p{Cc}]*$/u, 'no control characters')
        .nullable(),
    })
    .strict(),
  /** A server's country (two letters, ISO 3166-1); null: guessed from file and host names again. */
  'servers.setCountry': z
    .object({
      key: serverKey,
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
        .nullable(),
    })
    .strict(),
  /** Moves a profile into a server (an existing key, or a new `user:NAME`); null: grouped by its host again. */
  'servers.assign': z.object({ profileId, serverKey: serverKey.nullable() }).strict(),
  /** The server failover tries first and returns to (failover.preferredServer); null: none. */
  'servers.prefer': z.object({ key: serverKey.nullable() }).strict(),
  /**
   * Where a server is, set by the user: a country (ISO 3166-1 alpha-2) and a city (a code from the city table
   * such as TYO or GOT, or a name in English or Chinese). Overrides the guess and survives re-import. A city
   * alone implies its country; null for both: guessed from file and host names again.
   */
  'servers.setPlace': z
    .object({
      key: serverKey,
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'a two-letter country code')
        .nullable(),
      city: z
        .string()
        .trim()
        .min(1)
        .max(60)
        .regex(/^[^\p{Cc}]*$/u, 'no control characters')
        .nullable(),
    })
    .strict(),
  /** Star or unstar a server: favourites come first in the picker and in the tray. */
  'servers.favourite': z.object({ key: serverKey, favourite: z.boolean() }).strict(),
  /**
   * Measures latency now (ICMP echo, else a TCP connect), a few servers at a time, rate-limited. Without keys:
   * every server. Servers the kill switch would block are skipped, never unblocked for a measurement.
   */
  'servers.measure': z.object({ keys: z.array(serverKey).min(1).max(10_000).optional() }).strict(),
  /**
   * The best server in a place (ISO code, or a country or city name in English or Chinese): the preferred one,
   * else what worked on this network, else the lowest latency. `fastest`: the lowest latency first (the tray's
   * "Fastest in ..."). Null when no server is there; an error when the text names no place.
   */
  'servers.best': z
    .object({ place: z.string().trim().min(1).max(60), order: z.enum(['best', 'fastest']).optional() })
    .strict(),
  /** Imported disguises by the server they are attached to, and the unattached ones. Never a secret. */
  'disguises.list': z.object({}).strict(),
  /** Attaches a disguise to a server of the user's choice (a key from `servers.list`). */
  'disguises.attach': z.object({ id: disguiseId, serverKey }).strict(),
  /** Leaves a disguise unattached, even when a server has its host. */
  'disguises.detach': z.object({ id: disguiseId }).strict(),
  /** Attaches a disguise to the server with its host again (the default after import). */
  'disguises.auto': z.object({ id: disguiseId }).strict(),
  /** Forgets a disguise and its sealed secrets. */
  'disguises.remove': z.object({ id: disguiseId }).strict(),
} as const;

export type CommandName = keyof typeof commandParams;
export type CommandParams<C extends CommandName> = z.infer<(typeof commandParams)[C]>;

export interface AppInfo {
  version: string;
  platform: string;
  /** Whether tunnels can be started (root, or a privileged helper is available). */
  privileged: boolean;
  privilegeHint: string | null;
  vault: VaultInfo;
  /** What this front door offers beyond the common commands. */
  capabilities: {
    importDialog: boolean;
    systemNotifications: boolean;
    /** The desktop app only: whether a tray icon can be seen (start minimised needs one). */
    tray?: boolean;
  };
  /** The desktop app only: how it was installed. An AppImage cannot start the helper (docs/desktop.md). */
  distribution?: 'package' | 'appimage' | 'source';
}

export interface RecoveryStatus {
  /** A kill switch from a session that ended unexpectedly still blocks traffic. */
  blocked: boolean;
  detail: string | null;
}

export interface CommandResults {
  'app.info': AppInfo;
  'profiles.list': ProfileSummary[];
  'profiles.import': ImportOutcome[];
  'profiles.importDialog': ImportOutcome[];
  'profiles.cancelImport': { cancelled: boolean };
  'profiles.remove': { removed: boolean };
  'connection.connect': ConnectionSnapshot;
  'connection.disconnect': ConnectionSnapshot;
  'connection.snapshot': ConnectionSnapshot;
  'settings.get': Settings;
  'settings.set': Settings;
  'incidents.list': IncidentRecord[];
  'failover.forgetNetwork': { forgotten: boolean };
  'recovery.status': RecoveryStatus;
  'recovery.clear': RecoveryStatus;
  'credentials.provide': { accepted: boolean };
  'credentials.cancel': { cancelled: boolean };
  'credentials.forget': { forgotten: boolean };
  'servers.list': ServerListing;
  'servers.rename': ServerListing;
  'servers.setCountry': ServerListing;
  'servers.assign': ServerListing;
  'servers.prefer': ServerListing;
  'servers.setPlace': ServerListing;
  'servers.favourite': ServerListing;
  'servers.measure': MeasureReport;
  'servers.best': BestServer | null;
  'disguises.list': DisguiseListing;
  'disguises.attach': DisguiseListing;
  'disguises.detach': DisguiseListing;
  'disguises.auto': DisguiseListing;
  'disguises.remove': { removed: boolean; listing: DisguiseListing };
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

export const COMMAND_NAMES = Object.keys(commandParams) as CommandName[];

/**
 * Events the Electron shell itself sends to its window, on the same channel as core events. They are
 * about the window, not the connection, so core never emits them (and the CLI and the browser harness
 * have nothing to send).
 */
export interface NavigateEvent {
  type: 'navigate';
  at: string;
  /** The user clicked the system notification about this incident: show it (the activity timeline). */
  view: 'incident';
  incidentId: string;
}

export type ShellEvent = NavigateEvent;

/** Everything that reaches the renderer on the event channel. */
export type AppEvent = CoreEvent | ShellEvent;

export const SHELL_EVENT_NAMES = ['navigate'] as const satisfies readonly ShellEvent['type'][];

/** Events pushed from main to the renderer; the payload is the core (or shell) event itself. */
export const EVENT_NAMES = [
  'state',
  'status',
  'security',
  'profiles-changed',
  'servers-changed',
  'import-progress',
  'disguises-changed',
  'log',
  'drop',
  'failover',
  'notification',
  'incident',
  'credentials-request',
  ...SHELL_EVENT_NAMES,
] as const satisfies readonly AppEvent['type'][];
export type EventName = (typeof EVENT_NAMES)[number];
export type EventPayload<E extends EventName> = Extract<AppEvent, { type: E }>;

/** What window.holdfast looks like to the renderer. */
export interface HoldfastApi {
  invoke<C extends CommandName>(command: C, params: CommandParams<C>): Promise<Envelope<CommandResults[C]>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export const IPC_INVOKE_CHANNEL = 'holdfast:invoke';
export const IPC_EVENT_CHANNEL = 'holdfast:event';
