import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HoldfastError } from '../errors';
import { FileKeyVault } from '../security/file-key-vault';
import { writeFileAtomic } from '../storage/atomic-file';
import { parseOpenVpn } from './parse-openvpn';
import { parseWireGuard } from './parse-wireguard';
import { ProfileStore } from './profile-store';
import { minimalOvpn, minimalWg, pem, removeTempDirs, reversingVault, tempDir, wgKeyPair } from './test-support';
import type { ParsedProfile } from './types';

afterAll(removeTempDirs);

function wg(text: string, file = 'home.conf'): ParsedProfile {
  const result = parseWireGuard(text, file);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

async function ovpn(text: string, file = 'work.ovpn'): Promise<ParsedProfile> {
  const result = await parseOpenVpn(text, file);
  if (!result.ok) throw new Error(result.errors[0]?.message);
  return result.value;
}

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const fixedNow = () => new Date('2030-01-02T03:04:05.000Z');

describe('ProfileStore', () => {
  it('saves, lists, summarizes, reads back and removes a profile', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, reversingVault(), { now: fixedNow });
    const keys = wgKeyPair();
    const { id, duplicate } = await store.save(wg(minimalWg(keys.privateKey), 'US East_01.conf'), {
      fileName: 'US East_01.conf',
      text: '',
    });
    expect({ id, duplicate }).toEqual({ id: 'us-east_01', duplicate: false });

    const profile = await store.get(id);
    expect(profile).toMatchObject({
      id,
      name: 'US East 01',
      kind: 'wireguard',
      sourceFile: 'US East_01.conf',
      importedAt: '2030-01-02T03:04:05.000Z',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await store.summaries()).toEqual([
      {
        id,
        name: 'US East 01',
        kind: 'wireguard',
        sourceFile: 'US East_01.conf',
        importedAt: '2030-01-02T03:04:05.000Z',
        endpoints: ['198.51.100.1:51820'],
        warnings: [],
      },
    ]);
    expect(await store.openSecrets(id)).toEqual({ 'interface.privateKey': keys.privateKey });

    const profileFile = path.join(dir, 'profiles', `${id}.json`);
    const secretsFile = path.join(dir, 'profiles', `${id}.secrets.json`);
    expect(statSync(profileFile).mode & 0o777).toBe(0o600);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);

    expect(await store.remove(id)).toBe(true);
    expect(await store.remove(id)).toBe(false);
    expect(existsSync(profileFile) || existsSync(secretsFile)).toBe(false);
    await expect(store.get(id)).rejects.toMatchObject({ code: 'profile-not-found', params: { id } });
  });

  it('keeps every secret sealed on disk: no plaintext key in any file under the data dir', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, await FileKeyVault.open(dir));
    const keys = wgKeyPair();
    const psk = wgKeyPair().privateKey;
    const text = minimalWg(keys.privateKey).replace('AllowedIPs', `PresharedKey = ${psk}\nAllowedIPs`);
    const a = await store.save(wg(text), { fileName: 'a.conf', text });
    const b = await store.save(
      await ovpn(
        minimalOvpn(
          '',
          `<ca>\n${pem.ca}</ca>\n<cert>\n${pem.cert}</cert>\n<key>\n${pem.key}</key>\n<tls-crypt>\n${pem.ta}</tls-crypt>\n`,
        ),
      ),
      {
        fileName: 'b.ovpn',
        text: '',
      },
    );

    const keyBody = pem.key.split('\n')[1] as string;
    const taBody = pem.ta.split('\n').find((l) => /^[0-9a-f]{32}$/.test(l)) as string;
    const rawKey = Buffer.from(keys.privateKey, 'base64');
    for (const file of allFiles(dir)) {
      const content = readFileSync(file);
      for (const secret of [keys.privateKey, psk, keyBody, taBody])
        expect(content.includes(secret), `${file} holds a secret`).toBe(false);
      expect(content.includes(rawKey)).toBe(false);
    }
    // ...and they still open.
    expect((await store.openSecrets(a.id))['peer.0.presharedKey']).toBe(psk);
    expect((await store.openSecrets(b.id))['block.key']).toContain(keyBody);
  });

  it('detects the same content as a duplicate, even written differently, and keeps one copy', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, reversingVault());
    const text = minimalWg();
    const first = await store.save(wg(text), { fileName: 'a.conf', text });
    const reformatted = `# exported again\r\n${text.replace(/ = /g, '=').replace(/\n/g, '\r\n')}`;
    const again = await store.save(wg(reformatted, 'renamed.conf'), { fileName: 'renamed.conf', text: reformatted });
    expect(again).toEqual({ id: first.id, duplicate: true });
    expect(await store.list()).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'profiles')).sort()).toEqual(['a.json', 'a.secrets.json']);
  });

  it('gives unique, sanitized ids to different profiles from files with the same name', async () => {
    const store = await ProfileStore.open(tempDir(), reversingVault());
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push((await store.save(wg(minimalWg()), { fileName: 'Ünïcode Server!.conf', text: '' })).id);
    expect(ids).toEqual(['unicode-server', 'unicode-server-2', 'unicode-server-3']);
    // Concurrent saves are serialized, so they cannot take the same id either.
    const parallel = await Promise.all(
      [0, 1, 2].map(() => store.save(wg(minimalWg()), { fileName: '../../x.secrets.conf', text: '' })),
    );
    expect(parallel.map((p) => p.id).sort()).toEqual(['x-secrets', 'x-secrets-2', 'x-secrets-3']);
  });

  it('refuses ids that are not its own (path traversal) as not found', async () => {
    const store = await ProfileStore.open(tempDir(), reversingVault());
    for (const id of ['../../etc/passwd', 'a/b', '', '.hidden', 'x.secrets']) {
      const error = await store.get(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HoldfastError);
      expect(error).toMatchObject({ code: 'profile-not-found' });
      expect(await store.remove(id)).toBe(false);
    }
  });

  it('persists across reopening and ignores leftover temp files and damaged entries', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, reversingVault());
    const saved = await store.save(wg(minimalWg()), { fileName: 'keep.conf', text: '' });
    const profiles = path.join(dir, 'profiles');
    writeFileSync(path.join(profiles, '.keep.json.1a2b3c.tmp'), '{"format":1,"profile":{"id":"ke');
    writeFileSync(path.join(profiles, 'broken.json'), 'not json');
    writeFileSync(
      path.join(profiles, 'other.json'),
      JSON.stringify({ format: 1, profile: { id: 'someone-else', kind: 'wireguard' } }),
    );

    const reopened = await ProfileStore.open(dir, reversingVault());
    expect((await reopened.list()).map((p) => p.id)).toEqual([saved.id]);
    expect(await reopened.get(saved.id)).toEqual(await store.get(saved.id));
  });

  it('a crash while writing leaves the previous profiles readable and no half-saved profile', async () => {
    const dir = tempDir();
    const first = await ProfileStore.open(dir, reversingVault());
    const kept = await first.save(wg(minimalWg()), { fileName: 'kept.conf', text: '' });
    const before = readFileSync(path.join(dir, 'profiles', 'kept.json'), 'utf8');

    // The profile file write dies after its temp file exists (as a power cut would leave it).
    const crashing = await ProfileStore.open(dir, reversingVault(), {
      writeFile: async (target, data, mode) => {
        if (target.endsWith('.secrets.json')) return writeFileAtomic(target, data, mode);
        await fs.writeFile(path.join(path.dirname(target), `.${path.basename(target)}.dead.tmp`), data.slice(0, 10));
        throw new Error('simulated crash');
      },
    });
    await expect(crashing.save(wg(minimalWg()), { fileName: 'new.conf', text: '' })).rejects.toMatchObject({
      code: 'storage-failed',
    });
    expect((await crashing.list()).map((p) => p.id)).toEqual(['kept']);

    const names = readdirSync(path.join(dir, 'profiles'));
    expect(names.filter((n) => n.startsWith('new'))).toEqual([]);
    expect(readFileSync(path.join(dir, 'profiles', 'kept.json'), 'utf8')).toBe(before);

    // A crash between the two writes (the process died, nothing cleaned up) leaves only sealed secrets;
    // the next start removes them.
    writeFileSync(path.join(dir, 'profiles', 'orphan.secrets.json'), '{"format":1,"vault":"x","sealed":{}}');
    const reopened = await ProfileStore.open(dir, reversingVault());
    expect((await reopened.list()).map((p) => p.id)).toEqual([kept.id]);
    expect(readdirSync(path.join(dir, 'profiles')).filter((n) => !n.startsWith('.'))).toEqual([
      'kept.json',
      'kept.secrets.json',
    ]);
    expect(await reopened.openSecrets(kept.id)).toHaveProperty('interface.privateKey');
  });

  it('explains secrets it cannot open', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, reversingVault());
    const { id } = await store.save(wg(minimalWg()), { fileName: 'a.conf', text: '' });
    const other = await ProfileStore.open(dir, await FileKeyVault.open(dir));
    await expect(other.openSecrets(id)).rejects.toMatchObject({
      code: 'storage-failed',
      message: expect.stringContaining('test-reversing'),
    });
    await fs.rm(path.join(dir, 'profiles', `${id}.secrets.json`));
    await expect(store.openSecrets(id)).rejects.toMatchObject({ code: 'storage-failed' });
  });

  it('refuses to store a profile whose clear part would hold a secret', async () => {
    const dir = tempDir();
    const store = await ProfileStore.open(dir, reversingVault());
    const parsed = wg(minimalWg());
    const leaky: ParsedProfile = {
      ...parsed,
      warnings: [{ file: 'x', code: 'x', message: parsed.secrets['interface.privateKey'] as string }],
    };
    await expect(store.save(leaky, { fileName: 'leak.conf', text: '' })).rejects.toMatchObject({ code: 'internal' });
    expect(readdirSync(path.join(dir, 'profiles'))).toEqual([]);
  });
});
