import path from 'node:path';
import type { Vault } from '../security/vault';
import { readJsonFile, writeJsonFile } from '../storage/atomic-file';
import type { TunnelCredentials } from '../tunnel/driver';

type Sealed = Record<string, { username: string; password: string }>;

/** Remembered OpenVPN usernames and passwords, both sealed by the vault, one file, written atomically. */
export class CredentialStore {
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly vault: Vault,
  ) {
    this.file = path.join(dataDir, 'credentials.json');
  }

  async get(profileId: string): Promise<TunnelCredentials | undefined> {
    const all = (await readJsonFile<Sealed>(this.file)) ?? {};
    const entry = Object.hasOwn(all, profileId) ? all[profileId] : undefined;
    if (!entry) return undefined;
    return { username: await this.vault.open(entry.username), password: await this.vault.open(entry.password) };
  }

  async remember(profileId: string, credentials: TunnelCredentials): Promise<void> {
    const all = (await readJsonFile<Sealed>(this.file)) ?? {};
    all[profileId] = {
      username: await this.vault.seal(credentials.username),
      password: await this.vault.seal(credentials.password),
    };
    await writeJsonFile(this.file, all);
  }

  async forget(profileId: string): Promise<boolean> {
    const all = (await readJsonFile<Sealed>(this.file)) ?? {};
    if (!Object.hasOwn(all, profileId)) return false;
    delete all[profileId];
    await writeJsonFile(this.file, all);
    return true;
  }
}
