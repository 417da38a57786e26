import type { AppInfo } from '../../../preload/contract';
import type { Clock } from '../clock';
import type { ConnectionController } from '../connection/connection-controller';
import { HoldfastError } from '../errors';
import type { EventHub } from '../events';
import type { ImportSource } from '../profiles/importer';
import type { ProfileStore } from '../profiles/profile-store';
import type { ImportOutcome, ProfileSummary } from '../profiles/types';
import { rateExpected, toSecurityEventFields } from '../security/strength';
import type { SettingsStore } from '../settings/settings-store';
import type { CredentialsBroker } from './credentials-broker';
import type { CommandHandlers } from './dispatcher';
import type { ResilienceServices } from './resilience';
import { assertCanConnect } from './platform-support';
import { createServerHandlers } from './server-handlers';
import type { ServerService } from './server-service';

export interface HandlerDeps {
  clock: Clock;
  events: EventHub;
  controller: ConnectionController;
  profiles: ProfileStore;
  settings: SettingsStore;
  credentials: CredentialsBroker;
  resilience: ResilienceServices;
  servers: ServerService;
  info: () => AppInfo;
  importSources: (sources: ImportSource[], jobId?: string) => Promise<ImportOutcome[]>;
  /** Cancels a running import by its job id; false when no such import runs. */
  cancelImport: (jobId: string) => boolean;
  /** The system connects run on (process.platform; tests name another). */
  platform?: string;
}

/** The contract's commands, answered by the core. Validation happened in the dispatcher already. */
export function createHandlers(deps: HandlerDeps): Partial<CommandHandlers> {
  const { controller, profiles, settings, events, clock } = deps;
  const now = (): string => new Date(clock.now()).toISOString();

  const summaries = async (): Promise<ProfileSummary[]> => {
    const [list, full] = await Promise.all([profiles.summaries(), profiles.list()]);
    const byId = new Map(full.map((p) => [p.id, p]));
    return list.map((summary) => {
      const profile = byId.get(summary.id);
      if (!profile) return summary;
      const expected = toSecurityEventFields(rateExpected(profile));
      return {
        ...summary,
        expected: {
          dataCipher: expected.dataCipher,
          dataKeyBits: expected.dataKeyBits,
          securityBits: expected.securityBits,
          rating: expected.rating,
          reasons: expected.reasons,
          explanation: expected.explanation,
        },
      };
    });
  };

  return {
    'app.info': async () => deps.info(),
    'profiles.list': summaries,
    'profiles.import': async ({ files, jobId }) =>
      deps.importSources(
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.contentBase64, 'base64') })),
        jobId,
      ),
    'profiles.cancelImport': async ({ jobId }) => ({ cancelled: deps.cancelImport(jobId) }),
    'profiles.remove': async ({ id }) => {
      const snap = controller.snapshot();
      if (snap.profileId === id && snap.state !== 'disconnected')
        await controller.disconnect('the profile was removed');
      const before = await profiles.get(id).catch(() => null);
      const removed = await profiles.remove(id);
      if (removed) {
        await deps.credentials.forget(id);
        // Where the user had put it goes with it; so does the preference for a server that is now gone.
        if (before) await deps.servers.profileRemoved(before);
        events.emit({ type: 'profiles-changed', at: now() });
      }
      return { removed };
    },
    // Without a chosen profile the controller starts on the preferred server; a chosen profile always wins.
    'connection.connect': async ({ profileId }) => {
      // macOS and Windows are previews: say so before anything starts (platform-support.ts).
      assertCanConnect(deps.platform ?? process.platform);
      return controller.start(profileId);
    },
    'connection.disconnect': async () => {
      const snap = await controller.disconnect();
      deps.credentials.reset();
      return snap;
    },
    'connection.snapshot': async () => controller.snapshot(),
    'settings.get': async () => settings.get(),
    'settings.set': async ({ key, value }) => settings.setKey(key, value),
    'incidents.list': async () => deps.resilience.incidents(),
    'failover.forgetNetwork': async () => ({ forgotten: await deps.resilience.forgetNetwork() }),
    'recovery.status': async () => deps.resilience.recoveryStatus(),
    'recovery.clear': async () => {
      if (controller.snapshot().state !== 'disconnected') {
        throw new HoldfastError(
          'already-connected',
          'Disconnect first: the kill switch is protecting the current connection',
        );
      }
      return deps.resilience.clearRecovery();
    },
    'credentials.provide': async ({ requestId, username, password, remember }) => ({
      accepted: await deps.credentials.provide(requestId, { username, password }, remember),
    }),
    'credentials.cancel': async ({ requestId }) => ({ cancelled: deps.credentials.cancel(requestId) }),
    'credentials.forget': async ({ profileId }) => ({ forgotten: await deps.credentials.forget(profileId) }),
    ...createServerHandlers(deps.servers),
  };
}
