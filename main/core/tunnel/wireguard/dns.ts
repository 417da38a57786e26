import path from 'node:path';
import type { ChangeJournal } from '../../system/change-journal';
import type { FilePort } from '../../system/file-port';
import type { ProcessRunner } from '../../system/process-runner';
import { HoldfastError } from '../../errors';
import { checkDnsValues } from '../../net/dns-values';
import { applyChange, runUndo } from '../../system/system-change';

/**
 * Points name resolution at the tunnel's DNS servers for the life of the session.
 * - systemd-resolved (when it runs): per-link servers with `resolvectl`, and the `~.` routing domain so
 *   every query goes to them; `resolvectl revert` undoes it.
 * - otherwise a managed resolv.conf: the original is backed up in the session directory, the file is
 *   rewritten in place (under `ip netns exec` it is a bind mount, which a rename cannot replace) and
 *   the backup is written back on stop.
 */
export type DnsMode = 'auto' | 'resolved' | 'resolv-conf' | 'off';

export const RESOLVED_SOCKET = '/run/systemd/resolve/io.systemd.Resolve';

export interface DnsRequest {
  ifname: string;
  servers: string[];
  searchDomains: string[];
  mode: DnsMode;
  resolvConfPath: string;
  /** Private directory of the session, for the backup. */
  sessionDir: string;
}

export interface DnsContext {
  runner: ProcessRunner;
  files: FilePort;
  journal: ChangeJournal;
}

export async function applyDns(ctx: DnsContext, request: DnsRequest): Promise<'resolved' | 'resolv-conf' | 'none'> {
  if (request.servers.length === 0 || request.mode === 'off') return 'none';
  const checked = checkDnsValues(request.servers, request.searchDomains);
  if (!checked.ok) throw new HoldfastError('tunnel-failed', `Refusing to set the tunnel DNS: ${checked.reason}`);
  const useResolved =
    request.mode === 'resolved' || (request.mode === 'auto' && (await ctx.files.exists(RESOLVED_SOCKET)));
  if (useResolved) {
    await applyResolved(ctx, request);
    return 'resolved';
  }
  await applyResolvConf(ctx, request);
  return 'resolv-conf';
}

/**
 * The `resolvectl` calls for a link, each with `--` before the positional arguments so that nothing can be
 * read as an option, whatever it says. Values are checked first (IP literals, DNS names) and refused otherwise.
 */
export function resolvedArgs(
  ifname: string,
  servers: readonly string[],
  searchDomains: readonly string[],
): { dns: string[]; domain: string[]; revert: string[] } {
  const checked = checkDnsValues(servers, searchDomains);
  if (!checked.ok) throw new HoldfastError('tunnel-failed', `Refusing to set the tunnel DNS: ${checked.reason}`);
  return {
    dns: ['dns', '--', ifname, ...servers],
    domain: ['domain', '--', ifname, '~.', ...searchDomains],
    revert: ['revert', '--', ifname],
  };
}

async function applyResolved(ctx: DnsContext, request: DnsRequest): Promise<void> {
  const { ifname } = request;
  const args = resolvedArgs(ifname, request.servers, request.searchDomains);
  const revert = runUndo('resolvectl', args.revert);
  await applyChange(ctx.journal, ctx.runner, {
    description: `DNS servers of ${ifname}`,
    command: 'resolvectl',
    args: args.dns,
    undo: revert,
  });
  await applyChange(ctx.journal, ctx.runner, {
    description: `DNS domains of ${ifname}`,
    command: 'resolvectl',
    args: args.domain,
    undo: revert,
  });
}

export function renderResolvConf(ifname: string, servers: string[], searchDomains: string[]): string {
  const checked = checkDnsValues(servers, searchDomains);
  if (!checked.ok) throw new HoldfastError('tunnel-failed', `Refusing to set the tunnel DNS: ${checked.reason}`);
  const lines = [
    `# Written by Holdfast while connected through ${ifname}.`,
    '# The previous version of this file is put back on disconnect.',
    ...servers.map((server) => `nameserver ${server}`),
  ];
  if (searchDomains.length > 0) lines.push(`search ${searchDomains.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

async function applyResolvConf(ctx: DnsContext, request: DnsRequest): Promise<void> {
  const { files, journal } = ctx;
  const target = request.resolvConfPath;
  const content = renderResolvConf(request.ifname, request.servers, request.searchDomains);
  const original = await files.readText(target);
  if (original === undefined) {
    await journal.record(`${target} (created)`, { kind: 'remove-path', path: target });
    await files.writeAtomic(target, content, 0o644);
    return;
  }
  // Backup first, journal second, change last: whatever instant a crash hits, recovery can restore.
  const backupPath = path.join(request.sessionDir, 'resolv.conf.original');
  await files.writeAtomic(backupPath, original, 0o600);
  const identity = await files.identity(target);
  await journal.record(`${target} (rewritten)`, { kind: 'restore-file', path: target, backupPath, identity });
  await files.writeInPlace(target, content);
}
