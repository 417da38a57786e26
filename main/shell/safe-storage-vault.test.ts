import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileKeyVault } from '../core/security/file-key-vault';
import { createShellVault, type SafeStorageLike } from './safe-storage-vault';

/** A stand-in keychain: reversible, marked, and counting which API was used. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; async?: boolean; key?: string } = {}) {
  const { available = true, backend, async = true, key = 'k1' } = opts;
  const enc = (plain: string) => Buffer.from(`${key}|${plain}`, 'utf8');
  const dec = (buf: Buffer) => {
    const text = buf.toString('utf8');
    if (!text.startsWith(`${key}|`))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(key.length + 1);
  };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: vi.fn(() => available),
    encryptString: vi.fn(enc),
    decryptString: vi.fn(dec),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    ...(async
      ? {
          isAsyncEncryptionAvailable: vi.fn(async () => available),
          encryptStringAsync: vi.fn(async (p: string) => enc(p)),
          decryptStringAsync: vi.fn(async (b: Buffer) => ({ result: dec(b), shouldReEncrypt: false })),
        }
      : {}),
  };
  return storage;
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'holdfast-vault-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const openFileVault = () => FileKeyVault.open(dataDir);

describe('createShellVault with a keychain', () => {
  it('seals through the async API and reports the keychain', async () => {
    const safeStorage = fakeSafeStorage();
    const vault = await createShellVault({ safeStorage, platform: 'darwin', openFileVault });
    const sealed = await vault.seal('private-key-material');
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('private-key-material');
    expect(await vault.open(sealed)).toBe('private-key-material');
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledOnce();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(vault.info()).toEqual({ backend: 'macos-keychain', strength: 'os-keychain' });
    // No data-folder key is created while the keychain does the work.
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('uses the synchronous API on an Electron without the async one', async () => {
    const safeStorage = fakeSafeStorage({ async: false });
    const vault = await createShellVault({ safeStorage, platform: 'win32', openFileVault });
    expect(await vault.open(await vault.seal('pw'))).toBe('pw');
    expect(safeStorage.encryptString).toHaveBeenCalledOnce();
    expect(vault.info().backend).toBe('windows-dpapi');
  });

  it('trusts a Linux Secret Service backend', async () => {
    const vault = await createShellVault({
      safeStorage: fakeSafeStorage({ backend: 'gnome_libsecret' }),
      platform: 'linux',
      openFileVault,
    });
    expect(vault.info()).toEqual({ backend: 'linux-gnome_libsecret', strength: 'os-keychain' });
  });

  it('still opens secrets sealed with the data-folder key before the keychain appeared', async () => {
    const before = await createShellVault({
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      platform: 'linux',
      openFileVault,
    });
    const sealed = await before.seal('psk');
    const after = await createShellVault({
      safeStorage: fakeSafeStorage({ backend: 'kwallet5' }),
      platform: 'linux',
      openFileVault,
    });
    expect(await after.open(sealed)).toBe('psk');
  });

  it('explains a secret the keychain cannot open, without echoing it', async () => {
    const sealed = await (
      await createShellVault({ safeStorage: fakeSafeStorage({ key: 'old' }), platform: 'darwin', openFileVault })
    ).seal('topsecret');
    const vault = await createShellVault({
      safeStorage: fakeSafeStorage({ key: 'new' }),
      platform: 'darwin',
      openFileVault,
    });
    const err = await vault.open(sealed).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'storage-failed', message: expect.stringMatching(/keychain could not open/) });
    expect(String((err as Error).message)).not.toContain('topsecret');
  });
});

describe('createShellVault without a keychain', () => {
  it('uses the data-folder key instead of basic_text on Linux and says why', async () => {
    const safeStorage = fakeSafeStorage({ backend: 'basic_text' });
    const vault = await createShellVault({ safeStorage, platform: 'linux', openFileVault });
    const sealed = await vault.seal('secret');
    expect(sealed.startsWith('fkv1:')).toBe(true);
    expect(await vault.open(sealed)).toBe('secret');
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    const info = vault.info();
    expect(info.strength).toBe('file-key');
    expect(info.warning).toMatch(/No system keychain is available/);
    expect(info.warning).toMatch(/Secret Service/);
  });

  it('treats an "unknown" backend (asked before ready) as no keychain', async () => {
    const vault = await createShellVault({
      safeStorage: fakeSafeStorage({ backend: 'unknown' }),
      platform: 'linux',
      openFileVault,
    });
    expect(vault.info().strength).toBe('file-key');
  });

  it('falls back when encryption is unavailable or the check throws', async () => {
    const unavailable = await createShellVault({
      safeStorage: fakeSafeStorage({ available: false }),
      platform: 'win32',
      openFileVault,
    });
    expect(unavailable.info().strength).toBe('file-key');
    expect(unavailable.info().warning).not.toMatch(/Secret Service/);
    const throwing = fakeSafeStorage();
    throwing.isAsyncEncryptionAvailable = async () => {
      throw new Error('no dbus');
    };
    expect((await createShellVault({ safeStorage: throwing, platform: 'darwin', openFileVault })).info().strength).toBe(
      'file-key',
    );
  });

  it('says how to recover a keychain-sealed secret while the keychain is missing', async () => {
    const sealed = await (
      await createShellVault({
        safeStorage: fakeSafeStorage({ backend: 'gnome_libsecret' }),
        platform: 'linux',
        openFileVault,
      })
    ).seal('x');
    const vault = await createShellVault({
      safeStorage: fakeSafeStorage({ backend: 'basic_text' }),
      platform: 'linux',
      openFileVault,
    });
    await expect(vault.open(sealed)).rejects.toMatchObject({
      code: 'storage-failed',
      message: expect.stringMatching(/not available now/),
    });
    await expect(vault.open('rot13:abc')).rejects.toMatchObject({ message: expect.stringMatching(/unknown vault/) });
  });
});
