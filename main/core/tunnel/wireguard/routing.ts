import type { ProcessRunner } from '../../system/process-runner';
import type { SystemChange } from '../../system/system-change';
import { runUndo } from '../../system/system-change';

/**
 * Full-tunnel routing the way wg-quick does it, with explicit rule priorities so that teardown deletes
 * exactly the rules this session added and nothing else:
 *   priority P:   lookup main, but ignore its default route (suppress_prefixlength 0)
 *   priority P+1: everything not carrying the tunnel's fwmark -> private table T
 *   table T:      default route into the tunnel
 * The tunnel's own UDP packets carry fwmark T, skip rule P+1 and leave through the main table.
 */
export type Family = 4 | 6;

export interface PolicyRouting {
  table: number;
  /** Priority of the suppress rule; the fwmark rule uses priority + 1. */
  priority: number;
}

const FIRST_TABLE = 51820;
const FIRST_PRIORITY = 32764;

/** Finds a table (also used as fwmark) and a pair of rule priorities nothing else uses, in both families. */
export async function findFreePolicyRouting(runner: ProcessRunner): Promise<PolicyRouting> {
  const rules = (
    await Promise.all([runner.run('ip', ['-4', 'rule', 'show']), runner.run('ip', ['-6', 'rule', 'show'])])
  )
    .map((r) => r.stdout)
    .join('\n');
  const priorities = new Set<number>();
  const tables = new Set<string>();
  for (const line of rules.split('\n')) {
    const priority = /^(\d+):/.exec(line.trim());
    if (priority) priorities.add(Number(priority[1]));
    const table = /lookup (\S+)/.exec(line);
    if (table?.[1]) tables.add(table[1]);
    const mark = /fwmark (0x[0-9a-f]+|\d+)/i.exec(line);
    if (mark?.[1]) tables.add(String(Number(mark[1])));
  }
  let table = FIRST_TABLE;
  for (; table < FIRST_TABLE + 1000; table += 1) {
    if (!tables.has(String(table))) {
      const routes = await Promise.all(
        (['-4', '-6'] as const).map((f) => runner.run('ip', [f, 'route', 'show', 'table', String(table)])),
      );
      if (routes.every((r) => r.stdout.trim() === '')) break;
    }
  }
  let priority = FIRST_PRIORITY;
  while (priorities.has(priority) || priorities.has(priority + 1)) priority -= 2;
  return { table, priority };
}

/**
 * The fwmark of a Holdfast full tunnel that is already up, if any. A route-less probe or standby tunnel
 * carries the same mark, so its own encrypted packets skip the live tunnel's policy rule and reach
 * their server directly instead of being swallowed by the tunnel they are meant to replace.
 */
export async function findActiveTunnelMark(runner: ProcessRunner): Promise<number | undefined> {
  const rules = (await runner.run('ip', ['-4', 'rule', 'show'])).stdout;
  for (const line of rules.split('\n')) {
    const match = /not from all fwmark (0x[0-9a-f]+|\d+) lookup (\d+)/i.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const mark = Number(match[1]);
    const table = Number(match[2]);
    if (mark === table && table >= FIRST_TABLE && table < FIRST_TABLE + 1000) return mark;
  }
  return undefined;
}

export function fullTunnelChanges(ifname: string, family: Family, routing: PolicyRouting): SystemChange[] {
  const f = `-${family}`;
  const t = String(routing.table);
  const route = ['route', 'add', 'default', 'dev', ifname, 'table', t];
  const markRule = ['not', 'fwmark', t, 'table', t, 'priority', String(routing.priority + 1)];
  const suppressRule = ['table', 'main', 'suppress_prefixlength', '0', 'priority', String(routing.priority)];
  return [
    {
      description: `IPv${family} default route through ${ifname} in table ${t}`,
      command: 'ip',
      args: [f, ...route],
      undo: runUndo('ip', [f, 'route', 'del', 'default', 'dev', ifname, 'table', t]),
    },
    {
      description: `IPv${family} rule ${routing.priority + 1}: unmarked traffic uses table ${t}`,
      command: 'ip',
      args: [f, 'rule', 'add', ...markRule],
      undo: runUndo('ip', [f, 'rule', 'del', ...markRule]),
    },
    {
      description: `IPv${family} rule ${routing.priority}: main table without its default route`,
      command: 'ip',
      args: [f, 'rule', 'add', ...suppressRule],
      undo: runUndo('ip', [f, 'rule', 'del', ...suppressRule]),
    },
  ];
}

export function plainRouteChange(ifname: string, cidr: string): SystemChange {
  const f = cidr.includes(':') ? '-6' : '-4';
  return {
    description: `route ${cidr} through ${ifname}`,
    command: 'ip',
    args: [f, 'route', 'add', cidr, 'dev', ifname],
    undo: runUndo('ip', [f, 'route', 'del', cidr, 'dev', ifname]),
  };
}

/**
 * Reverse-path filtering drops replies to fwmark-routed packets unless src_valid_mark is on (wg-quick
 * sets it too). Returns the change only when the setting is off, so the undo restores what was there.
 */
export async function srcValidMarkChange(runner: ProcessRunner): Promise<SystemChange | undefined> {
  const key = 'net.ipv4.conf.all.src_valid_mark';
  const current = await runner.run('sysctl', ['-n', key]);
  if (current.code !== 0 || current.stdout.trim() !== '0') return undefined;
  return {
    description: `${key}=1`,
    command: 'sysctl',
    args: ['-q', '-w', `${key}=1`],
    undo: runUndo('sysctl', ['-q', '-w', `${key}=0`]),
  };
}
