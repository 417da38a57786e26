import type { ConnectionSnapshot } from '../../../main/core/connection/state';
import type { ProfileSummary } from '../../../main/core/profiles/types';
import { FakeHoldfast, snapshot } from './fake-holdfast';

/** The one imported profile of the connection card's tests. */
export const TOKYO: ProfileSummary = {
  id: 'p-tokyo',
  name: 'Tokyo 1',
  kind: 'wireguard',
  sourceFile: 'tokyo.conf',
  importedAt: '2030-01-01T00:00:00.000Z',
  endpoints: ['198.51.100.7:51820'],
  warnings: [],
};

/** An api with Tokyo 1 imported and a connection to it in the snapshot the window opens on (`patch` says how). */
export function apiOnTokyo(patch: Partial<ConnectionSnapshot>): FakeHoldfast {
  return new FakeHoldfast()
    .respond('profiles.list', [TOKYO])
    .respond(
      'connection.snapshot',
      snapshot({ profileId: 'p-tokyo', profileName: 'Tokyo 1', since: '2030-01-01T00:00:01.000Z', ...patch }),
    );
}
