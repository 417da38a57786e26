import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../storage/atomic-file';
import type { Vault, VaultInfo } from './vault';

const KEY_FILE = 'vault.key';
const PREFIX = 'fkv1:';

/**
 * AES-256-GCM with a random key kept in the data dir (0600). It protects against casual reading of the
 * profile files and backups without the key file, not against someone who can read the whole data dir:
 * that is why the UI says it is weaker than an OS keychain.
 */
export class FileKeyVault implements Vault {
  private constructor(private readonly key: Buffer) {}

  static async open(dataDir: string): Promise<FileKeyVault> {
    const keyPath = path.join(dataDir, KEY_FILE);
    let key: Buffer;
    try {
      key = Buffer.from((await fs.readFile(keyPath, 'utf8')).trim(), 'base64');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      key = randomBytes(32);
      await writeFileAtomic(keyPath, `${key.toString('base64')}\n`, 0o600);
    }
    if (key.length !== 32) throw new Error(`${keyPath} is damaged: expected a 32-byte key`);
    return new FileKeyVault(key);
  }

  async seal(plain: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  async open(sealed: string): Promise<string> {
    if (!sealed.startsWith(PREFIX)) throw new Error('This secret was sealed by another vault');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  info(): VaultInfo {
    return {
      backend: 'file-key',
      strength: 'file-key',
      warning:
        'Secrets are encrypted with a key stored in the Holdfast data folder. This is weaker than an OS keychain: anyone who can read that folder can read them.',
    };
  }
}
