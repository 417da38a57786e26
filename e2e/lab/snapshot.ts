import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inNs } from './lab-commands';

/**
 * The network state of a namespace as comparable text: links, addresses, rules, every routing table,
 * the nftables ruleset, the sysctls a tunnel may touch and the namespace's resolv.conf. Counters, link
 * indexes and lifetimes are left out, so "before == after" means "nothing was left behind".
 */
export async function snapshotNetns(ns: string): Promise<string> {
  const sections: Array<[string, string]> = [];
  const run = async (args: string[]): Promise<string> => {
    const [cmd = '', ...rest] = args;
    const result = await inNs(ns, cmd, rest);
    if (result.code !== 0) throw new Error(`snapshot of ${ns}: ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  };

  const links = JSON.parse(await run(['ip', '-j', 'link', 'show'])) as Array<Record<string, unknown>>;
  sections.push([
    'links',
    links
      .map(
        (l) =>
          `${String(l.ifname)} ${[...((l.flags as string[]) ?? [])].sort().join(',')} mtu ${String(l.mtu)} ${String(l.link_type)}`,
      )
      .sort()
      .join('\n'),
  ]);
  const addrs = JSON.parse(await run(['ip', '-j', 'address', 'show'])) as Array<{
    ifname: string;
    addr_info?: Array<{ local: string; prefixlen: number; scope: string }>;
  }>;
  sections.push([
    'addresses',
    addrs
      .flatMap((a) => (a.addr_info ?? []).map((i) => `${a.ifname} ${i.local}/${i.prefixlen} ${i.scope}`))
      .sort()
      .join('\n'),
  ]);
  sections.push(['rules -4', await run(['ip', '-4', 'rule', 'show'])]);
  sections.push(['rules -6', await run(['ip', '-6', 'rule', 'show'])]);
  sections.push(['routes -4', normalizeRoutes(await run(['ip', '-4', 'route', 'show', 'table', 'all']))]);
  sections.push(['routes -6', normalizeRoutes(await run(['ip', '-6', 'route', 'show', 'table', 'all']))]);
  // -s: stateless, no counter or quota values.
  sections.push(['nftables', await run(['nft', '-s', 'list', 'ruleset'])]);
  sections.push([
    'sysctl',
    await run(['sysctl', 'net.ipv4.ip_forward', 'net.ipv4.conf.all.src_valid_mark', 'net.ipv4.conf.all.rp_filter']),
  ]);
  const resolv = await fs.readFile(path.join('/etc/netns', ns, 'resolv.conf'), 'utf8').catch(() => '(none)');
  sections.push(['resolv.conf', resolv]);

  return sections.map(([title, body]) => `## ${title}\n${body.trim()}\n`).join('\n');
}

function normalizeRoutes(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+expires \S+/g, '').trimEnd())
    .filter((line) => line.length > 0)
    .sort()
    .join('\n');
}
