import type { CommandName, CommandParams, CommandResults } from '../../../preload/contract';
import { HoldfastError } from '../../core/errors';
import type { HoldfastCore } from '../../core/service/core';
import type { ServerEntry, ServerListing } from '../../core/service/server-listing';
import { formatDuration } from '../format-units';
import { EXIT_OK, type CliIo } from '../io';

/**
 * `holdfast servers [list|rename|country|group|ungroup|prefer]`: the same commands as the window's server
 * list, through the core's dispatcher so input is validated and refused the same way. `now` is injected so
 * "worked 3 min ago" is testable.
 */
export async function serversCommand(
  core: Pick<HoldfastCore, 'dispatcher'>,
  args: readonly string[],
  options: { json: boolean; auto?: boolean },
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const [verb = 'list', first = '', ...rest] = args;
  const auto = options.auto === true;
  const done = (listing: ServerListing, line: string): number => {
    io.stdout(options.json ? `${JSON.stringify(listing)}\n` : `${line}\n`);
    return EXIT_OK;
  };
  const nameOf = (listing: ServerListing, key: string): string => {
    const server = listing.servers.find((s) => s.key === key);
    return server ? `${key} (${server.name})` : key;
  };
  switch (verb) {
    case 'rename': {
      const name = auto ? null : rest.join(' ');
      const listing = await call(core, 'servers.rename', { key: first, name });
      const server = listing.servers.find((s) => s.key === first);
      return done(
        listing,
        auto
          ? `${first} uses its automatic name again: "${server?.name ?? first}".`
          : `Renamed ${first} to "${server?.name ?? name}".`,
      );
    }
    case 'country': {
      const listing = await call(core, 'servers.setCountry', { key: first, country: auto ? null : (rest[0] ?? '') });
      const country = listing.servers.find((s) => s.key === first)?.country ?? null;
      return done(
        listing,
        auto
          ? `${first}: the country is guessed again (${country ?? 'unknown'}).`
          : `${first} is in ${country ?? '?'}.`,
      );
    }
    case 'group': {
      const serverKey = rest[0] ?? '';
      const listing = await call(core, 'servers.assign', { profileId: first, serverKey });
      return done(listing, `Moved ${first} into ${nameOf(listing, serverKey)}.`);
    }
    case 'ungroup': {
      const listing = await call(core, 'servers.assign', { profileId: first, serverKey: null });
      const home = listing.servers.find((s) => s.profiles.some((p) => p.id === first));
      return done(listing, `${first} is grouped by its host again: ${home ? nameOf(listing, home.key) : 'no server'}.`);
    }
    case 'prefer': {
      const key = first === 'none' ? null : first;
      const listing = await call(core, 'servers.prefer', { key });
      return done(
        listing,
        key === null
          ? 'No preferred server: failover starts from the server you connect to.'
          : `Preferred server: ${nameOf(listing, key)}. Failover tries it first and returns to it.`,
      );
    }
    default: {
      const listing = await call(core, 'servers.list', {});
      io.stdout(options.json ? `${JSON.stringify(listing)}\n` : formatServers(listing, now));
      return EXIT_OK;
    }
  }
}

async function call<C extends CommandName>(
  core: Pick<HoldfastCore, 'dispatcher'>,
  command: C,
  params: CommandParams<C>,
): Promise<CommandResults[C]> {
  const reply = await core.dispatcher.dispatch(command, params);
  if (!reply.ok) throw new HoldfastError(reply.error.code, reply.error.message, reply.error.params);
  return reply.value as CommandResults[C];
}

/** A table for people: `*` marks the preferred server; STATE is about the current network. */
export function formatServers(listing: ServerListing, now: number): string {
  if (listing.servers.length === 0) return 'No servers yet. Import a profile with: holdfast import FILE.conf\n';
  const header = ['KEY', 'NAME', 'CC', 'CITY', 'TRANSPORTS', 'PROFILES', 'STATE'];
  const rows = listing.servers.map((s) => [
    s.key,
    s.name,
    s.country ?? '-',
    s.city?.en ?? '-',
    s.transports.map((t) => t.label).join(', '),
    s.profiles.map((p) => p.id).join(', '),
    stateText(s, now),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], mark: string) =>
    `${mark} ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  const out = [line(header, ' '), ...rows.map((r, i) => line(r, listing.servers[i]?.preferred ? '*' : ' '))];
  if (listing.preferredMissing) {
    out.push(
      '',
      `The preferred server "${listing.preferredServer ?? ''}" does not exist, so none is preferred. ` +
        'Choose one with: holdfast servers prefer KEY',
    );
  } else if (listing.servers.some((s) => s.preferred)) {
    out.push('', '* preferred: failover tries it first and returns to it');
  }
  return `${out.join('\n')}\n`;
}

function stateText(s: ServerEntry, now: number): string {
  const until = (iso: string) => formatDuration(Date.parse(iso) - now);
  const parts: string[] = [];
  if (s.state.blockedUntil) parts.push(`blocked here, ${until(s.state.blockedUntil)} left`);
  if (s.state.coolingUntil) parts.push(`cooling down, ${until(s.state.coolingUntil)} left`);
  else {
    const cooling = s.transports.filter((t) => t.coolingUntil).map((t) => t.label);
    if (cooling.length > 0) parts.push(`cooling down: ${cooling.join(', ')}`);
  }
  if (s.state.lastWorkedAt) parts.push(`worked ${formatDuration(now - Date.parse(s.state.lastWorkedAt))} ago`);
  return parts.length > 0 ? parts.join('; ') : '-';
}
