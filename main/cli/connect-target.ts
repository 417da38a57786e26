import type { CommandResults, Envelope } from '../../preload/contract';
import { HoldfastError } from '../core/errors';
import type { HoldfastCore } from '../core/service/core';
import type { BestServer } from '../core/service/server-listing';
import { resolvePlace } from '../../preload/places/places';

const WHY: Record<BestServer['why'], string> = {
  preferred: 'your preferred server',
  'worked-here': 'it worked on this network',
  'lowest-latency': 'the lowest latency measured',
  first: 'the first there; nothing is known yet about the others on this network',
};

/**
 * What `holdfast connect TEXT` connects to: a profile whose id is exactly TEXT wins; otherwise TEXT is a
 * place (an ISO code, a country or city in English or Chinese) and the best server there is chosen the way
 * the tray's and the window's "connect to a place" do (servers.best). Says which and why in one line.
 */
export async function resolveConnectTarget(
  core: Pick<HoldfastCore, 'dispatcher'>,
  text: string,
): Promise<{ profileId: string; note: string | null }> {
  const profiles = (await core.dispatcher.dispatch('profiles.list', {})) as Envelope<CommandResults['profiles.list']>;
  if (profiles.ok && profiles.value.some((p) => p.id === text)) return { profileId: text, note: null };
  if (!resolvePlace(text)) {
    throw new HoldfastError(
      'profile-not-found',
      `There is no profile or place "${text.slice(0, 100)}". Run \`holdfast list\` for profiles; a place is a country or city code or name (se, JP, Tokyo, 东京).`,
      { id: text.slice(0, 100) },
    );
  }
  const reply = (await core.dispatcher.dispatch('servers.best', { place: text })) as Envelope<
    CommandResults['servers.best']
  >;
  if (!reply.ok) throw new HoldfastError(reply.error.code, reply.error.message, reply.error.params);
  const best = reply.value;
  if (!best) {
    throw new HoldfastError(
      'server-not-found',
      `No server is in ${text.slice(0, 60)}. Run \`holdfast servers --search ${text.slice(0, 60)}\` to look, or set a server's place with \`holdfast servers place\`.`,
      { key: text.slice(0, 60) },
    );
  }
  const where = [best.server.city?.en, best.server.country].filter(Boolean).join(', ');
  return {
    profileId: best.profileId,
    note: `${best.server.name}${where ? ` (${where})` : ''}: ${WHY[best.why]}.`,
  };
}
