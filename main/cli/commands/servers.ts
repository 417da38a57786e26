import type { CommandName, CommandParams, CommandResults } from '../../../preload/contract';
import { HoldfastError } from '../../core/errors';
import type { HoldfastCore } from '../../core/service/core';
import type { MeasureReport, ServerEntry, ServerListing } from '../../core/service/server-listing';
import { searchServers } from '../../../preload/places/server-match';
import { formatDuration } from '../format-units';
import { disguiseHint, disguisesCommand, withDisguises } from './disguises';
import { EXIT_OK, type CliIo } from '../io';

/**
 * `holdfast servers [list|rename|country|group|ungroup|prefer|disguises|disguise]`: the same commands as the window's server
 * list, through the core's dispatcher so input is validated and refused the same way. `now` is injected so
 * "worked 3 min ago" is testable.
 */
export async function serversCommand(
  core: Pick<HoldfastCore, 'dispatcher'>,
  args: readonly string[],
  options: { json: boolean; auto?: boolean; search?: string },
  io: CliIo,
  now: number = Date.now(),
): Promise<number> {
  const [verb = 'list', first = '', ...rest] = args;
  const auto = options.auto === true;
  const done = (listing: ServerListing, line: string): number => {
    io.stdout(options.json ? `${JSON.stringify(jsonListing(listing))}\n` : `${line}\n`);
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
    case 'place': {
      const country = auto ? null : (rest[0] ?? '');
      const city = auto ? null : rest.slice(1).join(' ') || null;
      const listing = await call(core, 'servers.setPlace', { key: first, country, city });
      const server = listing.servers.find((s) => s.key === first);
      const where = [server?.city?.en, server?.country].filter(Boolean).join(', ') || 'Other';
      return done(listing, auto ? `${first}: the place is guessed again (${where}).` : `${first} is in ${where}.`);
    }
    case 'favourite':
    case 'unfavourite': {
      const listing = await call(core, 'servers.favourite', { key: first, favourite: verb === 'favourite' });
      return done(
        listing,
        verb === 'favourite'
          ? `${nameOf(listing, first)} is a favourite.`
          : `${nameOf(listing, first)} is no longer a favourite.`,
      );
    }
    case 'measure': {
      const keys = [first, ...rest].filter(Boolean);
      const report = await call(core, 'servers.measure', keys.length > 0 ? { keys } : {});
      if (options.json) {
        io.stdout(`${JSON.stringify({ ...report, listing: jsonListing(report.listing) })}\n`);
        return EXIT_OK;
      }
      io.stdout(`${formatMeasureReport(report)}\n`);
      return EXIT_OK;
    }
    case 'disguises':
    case 'disguise':
      return disguisesCommand(core, verb, [first, ...rest], options.json, io);
    default: {
      const full = await call(core, 'servers.list', {});
      const listing =
        options.search === undefined ? full : { ...full, servers: searchServers(full.servers, options.search) };
      if (!options.json && options.search !== undefined && listing.servers.length === 0 && full.servers.length > 0) {
        io.stdout(`No server matches "${options.search}".\n`);
        return EXIT_OK;
      }
      const disguises = await call(core, 'disguises.list', {});
      io.stdout(
        options.json
          ? `${JSON.stringify(jsonListing(withDisguises(listing, disguises)))}\n`
          : `${formatServers(listing, now)}${disguiseHint(disguises)}`,
      );
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

/**
 * `--json`: the listing with `country` as the ISO code and `city` as its English name (the code and the
 * Chinese name beside it), so scripts can read `{"servers":[{"country":"JP","city":"Tokyo",...}]}`.
 */
export function jsonListing(listing: ServerListing): unknown {
  return {
    ...listing,
    servers: listing.servers.map((s) => ({
      ...s,
      city: s.city?.en ?? null,
      cityCode: s.city?.code ?? null,
      cityZh: s.city?.zh ?? null,
    })),
  };
}

export function formatMeasureReport(report: MeasureReport): string {
  const lines = [
    `Measured ${report.measured} server${report.measured === 1 ? '' : 's'}; ${report.noAnswer} did not answer in time.`,
  ];
  if (report.skipped > 0) {
    const why =
      report.skippedBecause === 'kill-switch'
        ? 'the kill switch is up, and a measurement never opens it'
        : report.skippedBecause === 'connected'
          ? 'a tunnel is up, so a probe would measure the tunnel instead'
          : 'they have no address to measure';
    lines.push(`${report.skipped} not measured: ${why}.`);
  }
  return lines.join('\n');
}

/** A table for people: `*` marks the preferred server; STATE is about the current network. */
export function formatServers(listing: ServerListing, now: number): string {
  if (listing.servers.length === 0) return 'No servers yet. Import a profile with: holdfast import FILE.conf\n';
  const header = ['KEY', 'NAME', 'CC', 'CITY', 'LATENCY', 'TRANSPORTS', 'PROFILES', 'STATE'];
  const rows = listing.servers.map((s) => [
    s.key,
    s.name,
    s.country ?? '-',
    s.city?.en ?? '-',
    latencyText(s, now),
    s.transports.map((t) => t.label).join(', '),
    s.profiles.map((p) => p.id).join(', '),
    stateText(s, now),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[], mark: string) =>
    `${mark} ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  const mark = (s: ServerEntry | undefined) => (s?.preferred ? '*' : s?.favourite ? '+' : ' ');
  const out = [line(header, ' '), ...rows.map((r, i) => line(r, mark(listing.servers[i])))];
  if (listing.preferredMissing) {
    out.push(
      '',
      `The preferred server "${listing.preferredServer ?? ''}" does not exist, so none is preferred. ` +
        'Choose one with: holdfast servers prefer KEY',
    );
  } else if (listing.servers.some((s) => s.preferred)) {
    out.push('', '* preferred: failover tries it first and returns to it');
  }
  if (listing.servers.some((s) => s.favourite && !s.preferred)) out.push('+ favourite');
  return `${out.join('\n')}\n`;
}

/** "42 ms (icmp, 3 min 0 s ago)"; "-" when not measured (never 0). */
function latencyText(s: ServerEntry, now: number): string {
  if (!s.latency) return '-';
  return `${s.latency.ms} ms (${s.latency.method}, ${formatDuration(now - Date.parse(s.latency.measuredAt))} ago)`;
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
