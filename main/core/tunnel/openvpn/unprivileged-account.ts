import { promises as fs } from 'node:fs';

/**
 * The account OpenVPN switches to once its device, routes and sockets are set up (`user`/`group`), so that
 * a flaw reached through the server's traffic does not run as root for the rest of the session. `nobody`
 * is on every Linux system; its group is `nogroup` on Debian and Ubuntu and `nobody` on Fedora and Arch.
 */
export interface UnprivilegedAccount {
  user: string;
  group: string;
}

const NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Picks the account from /etc/passwd and /etc/group text; undefined when `nobody` is missing. */
export function pickUnprivilegedAccount(passwd: string, groups: string): UnprivilegedAccount | undefined {
  const names = (text: string) => new Set(text.split('\n').map((line) => line.split(':')[0] ?? ''));
  const users = names(passwd);
  const groupNames = names(groups);
  if (!users.has('nobody')) return undefined;
  const group = ['nogroup', 'nobody'].find((g) => groupNames.has(g));
  if (!group || !NAME.test(group)) return undefined;
  return { user: 'nobody', group };
}

export async function systemUnprivilegedAccount(): Promise<UnprivilegedAccount | undefined> {
  try {
    const [passwd, groups] = await Promise.all([fs.readFile('/etc/passwd', 'utf8'), fs.readFile('/etc/group', 'utf8')]);
    return pickUnprivilegedAccount(passwd, groups);
  } catch {
    return undefined;
  }
}
