import { promises as fs } from 'node:fs';
import path from 'node:path';
import { host, hostChecked } from './lab-commands';

/**
 * An unprivileged account and a sudoers rule that lets it start exactly the privileged helper, for the
 * lab only. Both are removed afterwards, and any left by an interrupted run are removed first.
 */
export const LAB_USER = 'hfh-user';
export const SUDOERS_FILE = '/etc/sudoers.d/hfh-lab-helper';

export interface LabUser {
  name: string;
  uid: number;
  gid: number;
}

export async function createLabUser(): Promise<LabUser> {
  await removeLabUser();
  await hostChecked('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', LAB_USER]);
  const uid = Number((await hostChecked('id', ['-u', LAB_USER])).stdout.trim());
  const gid = Number((await hostChecked('id', ['-g', LAB_USER])).stdout.trim());
  return { name: LAB_USER, uid, gid };
}

export async function removeLabUser(): Promise<void> {
  await removeSudoersRule();
  // Absent is fine; processes of an interrupted run are ended with the lab's namespaces.
  await host('userdel', ['--force', LAB_USER]);
}

/**
 * Allows `sudo -n <node> <helper script> --uid <uid>` and nothing else, without a password. The
 * script must be root's and not writable by anyone else, or the rule would hand root to whoever can edit it.
 */
export async function installSudoersRule(user: LabUser, command: string[]): Promise<void> {
  for (const file of command.filter((part) => path.isAbsolute(part))) {
    const stat = await fs.stat(file);
    if (stat.uid !== 0 || (stat.mode & 0o022) !== 0)
      throw new Error(`${file} must be root's and not writable by others`);
  }
  const rule = `${user.name} ALL=(root) NOPASSWD: ${command.join(' ')}\n`;
  const staged = `${SUDOERS_FILE}.staged`;
  await fs.writeFile(staged, rule, { mode: 0o440 });
  try {
    await hostChecked('visudo', ['-c', '-q', '-f', staged]);
    await fs.rename(staged, SUDOERS_FILE);
  } finally {
    await fs.rm(staged, { force: true });
  }
}

export async function removeSudoersRule(): Promise<void> {
  await fs.rm(SUDOERS_FILE, { force: true });
}

/** A directory the lab user owns (0700), for its data dir and profile files. */
export async function userDir(user: LabUser, dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chown(dir, user.uid, user.gid);
  return dir;
}
