import { HoldfastError } from '../core/errors';
import type { Vault, VaultInfo } from '../core/security/vault';

/**
 * The app's secret vault: Electron's safeStorage (macOS Keychain, Windows DPAPI, Secret Service or
 * KWallet on Linux) when a real keychain is there, the data-folder key (FileKeyVault) when it is not.
 *
 * Why not safeStorage's `basic_text` backend on Linux: it encrypts with a password compiled into
 * Chromium, so anyone who copies the sealed file can open it. The data-folder key is random per
 * install and kept 0600, which is at least as strong, and its caveat is one we can state honestly.
 *
 * Sealed values carry a prefix naming their vault, so a secret sealed while the keychain was missing
 * still opens after it appears (and the reverse fails with a message that says what to do).
 */

/** The slice of Electron's safeStorage used here, so that tests can pass a fake. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  // The asynchronous API is newer; used when this Electron has it.
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface ShellVaultOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /** Opens the data-folder vault; called only when it is needed (no key file is made otherwise). */
  openFileVault: () => Promise<Vault>;
}

const OS_PREFIX = 'ss1:';
const FILE_PREFIX = 'fkv1:';

/** Linux backends that are not a keychain: basic_text is a fixed key, unknown means "asked before ready". */
const NOT_A_KEYCHAIN = new Set(['basic_text', 'unknown']);

function keychainName(platform: NodeJS.Platform, linuxBackend: string | undefined): string {
  if (platform === 'darwin') return 'macos-keychain';
  if (platform === 'win32') return 'windows-dpapi';
  return `linux-${linuxBackend ?? 'unknown'}`;
}

async function encryptionAvailable(safeStorage: SafeStorageLike): Promise<boolean> {
  try {
    if (safeStorage.isAsyncEncryptionAvailable) return await safeStorage.isAsyncEncryptionAvailable();
    return safeStorage.isEncryptionAvailable();
  } catch {
    return false;
  }
}

/** Decides which vault seals new secrets. Call after Electron's `ready`: before it Linux reports 'unknown'. */
export async function createShellVault(options: ShellVaultOptions): Promise<Vault> {
  const { safeStorage, platform } = options;
  const linuxBackend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const keychain =
    (await encryptionAvailable(safeStorage)) && !(linuxBackend !== undefined && NOT_A_KEYCHAIN.has(linuxBackend));
  return new ShellVault(options, keychain, keychainName(platform, linuxBackend));
}

class ShellVault implements Vault {
  private fileVault: Promise<Vault> | null = null;

  constructor(
    private readonly options: ShellVaultOptions,
    private readonly keychain: boolean,
    private readonly backend: string,
  ) {}

  private file(): Promise<Vault> {
    this.fileVault ??= this.options.openFileVault();
    return this.fileVault;
  }

  async seal(plain: string): Promise<string> {
    if (!this.keychain) return (await this.file()).seal(plain);
    const { safeStorage } = this.options;
    const encrypted = safeStorage.encryptStringAsync
      ? await safeStorage.encryptStringAsync(plain)
      : safeStorage.encryptString(plain);
    return OS_PREFIX + encrypted.toString('base64');
  }

  async open(sealed: string): Promise<string> {
    if (sealed.startsWith(FILE_PREFIX)) {
      try {
        return await (await this.file()).open(sealed);
      } catch {
        throw new HoldfastError(
          'storage-failed',
          'A saved secret was sealed with the Holdfast data-folder key, which is missing or has changed. Import the profile again.',
        );
      }
    }
    if (!sealed.startsWith(OS_PREFIX)) {
      throw new HoldfastError(
        'storage-failed',
        'A saved secret was sealed by an unknown vault. Import the profile again.',
      );
    }
    if (!this.keychain) {
      throw new HoldfastError(
        'storage-failed',
        'A saved secret was sealed with the system keychain, which is not available now. Unlock or start the keychain (and sign in to the desktop session), then try again.',
      );
    }
    const { safeStorage } = this.options;
    const encrypted = Buffer.from(sealed.slice(OS_PREFIX.length), 'base64');
    try {
      // shouldReEncrypt (a rotated keychain key) is not acted on: the value still opens, and the profile
      // store re-seals secrets whenever a profile is saved again.
      return safeStorage.decryptStringAsync
        ? (await safeStorage.decryptStringAsync(encrypted)).result
        : safeStorage.decryptString(encrypted);
    } catch {
      throw new HoldfastError(
        'storage-failed',
        'The system keychain could not open a saved secret (was the keychain reset or the profile copied from another account?). Import the profile again.',
      );
    }
  }

  info(): VaultInfo {
    if (this.keychain) return { backend: this.backend, strength: 'os-keychain' };
    return {
      backend: 'file-key',
      strength: 'file-key',
      warning:
        'No system keychain is available, so secrets are encrypted with a key stored in the Holdfast data folder. Anyone who can read that folder can read them.' +
        (this.options.platform === 'linux'
          ? ' Install and unlock a Secret Service keyring (GNOME Keyring, KWallet) and restart Holdfast to use it.'
          : ''),
    };
  }
}
