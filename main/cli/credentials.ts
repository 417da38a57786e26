import { promises as fs } from 'node:fs';
import { HoldfastError } from '../core/errors';
import type { Profile } from '../core/profiles/types';
import type { TunnelCredentials } from '../core/tunnel/driver';
import type { CliIo } from './io';

/**
 * OpenVPN profiles with `auth-user-pass` need a username and password: from --credentials FILE (two
 * lines, like OpenVPN's own auth file) or asked on the terminal. Never echoed, never logged.
 */
export async function readCredentials(
  profile: Profile,
  file: string | undefined,
  io: CliIo,
): Promise<TunnelCredentials | undefined> {
  if (profile.kind !== 'openvpn' || !profile.authUserPass) return undefined;
  if (file) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      throw new HoldfastError(
        'credentials-needed',
        `Cannot read the credentials file ${file}: ${(err as Error).message}`,
      );
    }
    const [username, password] = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    if (!username || password === undefined) {
      throw new HoldfastError(
        'credentials-needed',
        `${file}: expected the username on line 1 and the password on line 2`,
      );
    }
    return { username, password };
  }
  if (!io.prompt) {
    throw new HoldfastError(
      'credentials-needed',
      `${profile.name} needs a username and password: pass --credentials FILE (username on line 1, password on line 2)`,
    );
  }
  const username = await io.prompt(`Username for ${profile.name}: `, false);
  const password = username === undefined ? undefined : await io.prompt('Password: ', true);
  if (!username || password === undefined)
    throw new HoldfastError('credentials-needed', 'No username or password given');
  return { username, password };
}
