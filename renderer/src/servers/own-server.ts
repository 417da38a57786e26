import type { ServerEntry } from '../../../main/core/service/server-listing';

/**
 * The key for "a server of its own": `user:` and the profile id (ids are already lowercase slugs), with a
 * number added when another server has that key. The engine accepts any new `user:` key as a new server.
 */
export function ownServerKey(profileId: string, servers: readonly ServerEntry[]): string {
  const taken = new Set(servers.map((s) => s.key));
  let key = `user:${profileId}`;
  for (let n = 2; taken.has(key); n += 1) key = `user:${profileId}-${n}`;
  return key;
}

/** Alone in a server the user made for it: "a server of its own" would change nothing. */
export function isOnItsOwn(profileId: string, server: ServerEntry): boolean {
  return server.key.startsWith('user:') && server.profiles.length === 1 && server.profiles[0]?.id === profileId;
}
