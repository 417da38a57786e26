import type { CommandHandlers } from './dispatcher';
import type { ServerService } from './server-service';

type ServerCommand =
  | 'servers.list'
  | 'servers.rename'
  | 'servers.setCountry'
  | 'servers.assign'
  | 'servers.prefer'
  | 'servers.setPlace'
  | 'servers.favourite'
  | 'servers.measure'
  | 'servers.best';

/** The `servers.*` commands of the contract; validation happened in the dispatcher already. */
export function createServerHandlers(servers: ServerService): Pick<CommandHandlers, ServerCommand> {
  return {
    'servers.list': () => servers.list(),
    'servers.rename': ({ key, name }) => servers.rename(key, name),
    'servers.setCountry': ({ key, country }) => servers.setCountry(key, country),
    'servers.assign': ({ profileId, serverKey }) => servers.assign(profileId, serverKey),
    'servers.prefer': ({ key }) => servers.prefer(key),
    'servers.setPlace': ({ key, country, city }) => servers.setPlace(key, country, city),
    'servers.favourite': ({ key, favourite }) => servers.favourite(key, favourite),
    'servers.measure': ({ keys }) => servers.measure(keys),
    'servers.best': ({ place, order }) => servers.best(place, order),
  };
}
