import type { ServerState } from './engine-types';
import type { FailoverMemory } from './memory';
import type { ServerCatalog } from './servers';
import { transportLabel } from './types';

/** Every server with its per-transport state on one network, for the server list and `holdfast servers`. */
export function serverStates(
  catalog: ServerCatalog,
  memory: FailoverMemory,
  networkKey: string,
  now: number,
): ServerState[] {
  return catalog.servers.map((server) => {
    const block = memory.serverBlock(networkKey, server.key, now);
    return {
      key: server.key,
      name: server.name,
      country: server.country,
      city: server.city,
      latency: memory.latency(networkKey, server.key, now) ?? null,
      hosts: [...server.hosts],
      profileIds: [...server.profileIds],
      blockedUntil: block?.blockedUntil ?? null,
      transports: server.transports.map((transport) => {
        // Memory is keyed by (server, transport): any profile reaching it that way shares the state.
        const pair = { profileId: '', endpointIndex: 0, serverKey: server.key, transport };
        const cool = memory.coolDown(networkKey, pair, now);
        return {
          transport: { ...transport },
          label: transportLabel(transport),
          coolingUntil: cool?.until ?? null,
          why: cool?.why ?? null,
          lastSuccessAt: memory.lastSuccess(networkKey, pair, now)?.at ?? null,
        };
      }),
    };
  });
}
