import { existsSync } from 'node:fs';
import { inNs, inNsChecked, waitUntil } from './lab-commands';

/**
 * IPv6 link-local addresses (and their routes) appear a moment after a link comes up, and stay
 * "tentative" during duplicate address detection. Lab namespaces turn DAD off before any link exists,
 * and startLab waits for every link's address, so a snapshot taken right after startLab is final.
 */
export async function disableDad(ns: string): Promise<void> {
  if (!existsSync('/proc/sys/net/ipv6')) return;
  await inNsChecked(ns, 'sysctl', ['-q', '-w', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
}

interface AddressDump {
  ifname: string;
  addr_info?: Array<{ family: string; local: string; scope: string; tentative?: boolean; dadfailed?: boolean }>;
}

async function linksWithoutLinkLocal(ns: string): Promise<string[]> {
  const links = JSON.parse((await inNsChecked(ns, 'ip', ['-j', 'link', 'show'])).stdout) as Array<{
    ifname: string;
    flags?: string[];
  }>;
  const addrs = JSON.parse((await inNsChecked(ns, 'ip', ['-j', '-6', 'address', 'show'])).stdout) as AddressDump[];
  const missing: string[] = [];
  for (const link of links) {
    if (link.ifname === 'lo' || !(link.flags ?? []).includes('UP')) continue;
    const disabled = await inNs(ns, 'sysctl', ['-n', `net.ipv6.conf.${link.ifname}.disable_ipv6`]);
    if (disabled.stdout.trim() === '1') continue;
    const info = addrs.find((a) => a.ifname === link.ifname)?.addr_info ?? [];
    const settled = info.some((i) => i.scope === 'link' && i.local.startsWith('fe80') && !i.tentative && !i.dadfailed);
    if (!settled) missing.push(link.ifname);
  }
  return missing;
}

export async function waitForLinkLocal(namespaces: string[], timeoutMs = 10_000): Promise<void> {
  if (!existsSync('/proc/sys/net/ipv6')) return;
  let missing: string[] = [];
  const settled = await waitUntil(
    async () => {
      missing = [];
      for (const ns of namespaces) missing.push(...(await linksWithoutLinkLocal(ns)).map((l) => `${ns}/${l}`));
      return missing.length === 0;
    },
    timeoutMs,
    100,
  );
  if (!settled) throw new Error(`lab: IPv6 link-local addresses did not settle on ${missing.join(', ')}`);
}
