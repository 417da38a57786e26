import type { CommandName, CommandParams, CommandResults } from '../../../preload/contract';
import type { DisguiseListing, DisguiseSummary } from '../../core/disguise/disguise-listing';
import { HoldfastError } from '../../core/errors';
import type { HoldfastCore } from '../../core/service/core';
import type { ServerListing } from '../../core/service/server-listing';
import { EXIT_OK, type CliIo } from '../io';

type Core = Pick<HoldfastCore, 'dispatcher'>;

/**
 * `holdfast servers disguises` and `holdfast servers disguise attach|detach|auto|remove`: the same commands
 * as the window's server list, through the dispatcher, so input is validated and refused the same way.
 */
export async function disguisesCommand(
  core: Core,
  verb: 'disguises' | 'disguise',
  args: readonly string[],
  json: boolean,
  io: CliIo,
): Promise<number> {
  const [action = '', id = '', serverKey = ''] = args;
  const servers = await call(core, 'servers.list', {});
  const print = (listing: DisguiseListing, line: string): number => {
    io.stdout(json ? `${JSON.stringify(listing)}\n` : `${line}\n`);
    return EXIT_OK;
  };
  if (verb === 'disguises') {
    const listing = await call(core, 'disguises.list', {});
    io.stdout(json ? `${JSON.stringify(listing)}\n` : formatDisguises(listing, servers));
    return EXIT_OK;
  }
  switch (action) {
    case 'attach': {
      const listing = await call(core, 'disguises.attach', { id, serverKey });
      return print(listing, `Attached ${id} to ${serverName(servers, serverKey)}.`);
    }
    case 'detach': {
      const listing = await call(core, 'disguises.detach', { id });
      return print(listing, `${id} is no longer attached to a server.`);
    }
    case 'auto': {
      const listing = await call(core, 'disguises.auto', { id });
      const found = Object.entries(listing.byServer).find(([, list]) => list.some((d) => d.id === id));
      return print(
        listing,
        found
          ? `${id} follows the server with its host: ${serverName(servers, found[0])}.`
          : `${id} follows the server with its host; none has it yet, so it is unattached.`,
      );
    }
    default: {
      const { removed, listing } = await call(core, 'disguises.remove', { id });
      if (!removed) {
        throw new HoldfastError('disguise-not-found', `There is no disguise "${id}".`, { id });
      }
      return print(listing, `Removed ${id} and its sealed secrets.`);
    }
  }
}

/**
 * `holdfast servers --json`: each server with its disguises beside its transports, and the unattached ones
 * at the end. Public parameters only; secrets never leave the store.
 */
export function withDisguises(
  servers: ServerListing,
  disguises: DisguiseListing,
): ServerListing & { unattachedDisguises: object[] } {
  const brief = (d: DisguiseSummary) => ({
    id: d.id,
    kind: d.kind,
    host: d.host,
    port: d.port,
    label: d.label,
    attachment: d.attachment,
  });
  return {
    ...servers,
    servers: servers.servers.map((s) => ({ ...s, disguises: (disguises.byServer[s.key] ?? []).map(brief) })),
    unattachedDisguises: disguises.unattached.map(brief),
  };
}

/** Below the server table: how many disguises there are, and where to see them. Empty when there are none. */
export function disguiseHint(listing: DisguiseListing): string {
  const attached = Object.values(listing.byServer).reduce((sum, list) => sum + list.length, 0);
  const total = attached + listing.unattached.length;
  if (total === 0) return '';
  const loose = listing.unattached.length > 0 ? ` (${listing.unattached.length} unattached)` : '';
  return `\n${total} disguise${total === 1 ? '' : 's'}${loose}: holdfast servers disguises\n`;
}

/** The disguises of `holdfast servers disguises`, under their servers, then the unattached ones. */
export function formatDisguises(listing: DisguiseListing, servers: ServerListing): string {
  const keys = Object.keys(listing.byServer);
  if (keys.length === 0 && listing.unattached.length === 0) {
    return 'No disguises yet. Import ss:// links, obfs4 or tls lines, or a SIP008 file with: holdfast import FILE\n';
  }
  const out: string[] = [];
  const row = (d: DisguiseSummary) => {
    const label = d.label ? `  "${d.label}"` : '';
    const how = d.attachment === 'server' ? '  (attached by you)' : '';
    return `  ${d.id}  ${d.text}  ${d.detail}${label}${how}`;
  };
  for (const key of keys.sort((a, b) => serverName(servers, a).localeCompare(serverName(servers, b)))) {
    out.push(`${serverName(servers, key)}:`, ...(listing.byServer[key] ?? []).map(row), '');
  }
  if (listing.unattached.length > 0) {
    out.push('Unattached (no imported server has their host; attach with: holdfast servers disguise attach ID KEY):');
    for (const d of listing.unattached) {
      const why = d.serverMissing ? '  (its server is gone)' : d.attachment === 'detached' ? '  (detached by you)' : '';
      out.push(`${row(d)}${why}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function serverName(servers: ServerListing, key: string): string {
  const server = servers.servers.find((s) => s.key === key);
  return server && server.name !== key ? `${key} (${server.name})` : key;
}

async function call<C extends CommandName>(
  core: Core,
  command: C,
  params: CommandParams<C>,
): Promise<CommandResults[C]> {
  const reply = await core.dispatcher.dispatch(command, params);
  if (!reply.ok) throw new HoldfastError(reply.error.code, reply.error.message, reply.error.params);
  return reply.value as CommandResults[C];
}
