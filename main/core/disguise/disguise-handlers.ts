import type { CommandHandlers } from '../service/dispatcher';
import type { DisguiseService } from './disguise-service';

type DisguiseCommand =
  'disguises.list' | 'disguises.attach' | 'disguises.detach' | 'disguises.auto' | 'disguises.remove';

/** The `disguises.*` commands of the contract; validation happened in the dispatcher already. */
export function createDisguiseHandlers(disguises: DisguiseService): Pick<CommandHandlers, DisguiseCommand> {
  return {
    'disguises.list': () => disguises.list(),
    'disguises.attach': ({ id, serverKey }) => disguises.attach(id, serverKey),
    'disguises.detach': ({ id }) => disguises.detach(id),
    'disguises.auto': ({ id }) => disguises.auto(id),
    'disguises.remove': ({ id }) => disguises.remove(id),
  };
}
