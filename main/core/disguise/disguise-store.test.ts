import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, reversingVault, tempDir } from '../profiles/test-support';
import { importDisguiseFile, splitDisguiseSources } from './disguise-import';
import { DisguiseStore } from './disguise-store';
import { parseDisguises } from './parse-disguises';

afterAll(removeTempDirs);

const b64url = (text: string): string => Buffer.from(text).toString('base64url');
const CERT = Buffer.alloc(52, 9).toString('base64').replace(/=+$/, '');
const SS = `ss://${b64url('aes-256-gcm:correct horse battery')}@198.51.100.7:8388#Tokyo`;
const OBFS4 = `obfs4 203.0.113.5:443 cert=${CERT} iat-mode=0`;
const TLS = 'tls vpn.example.com:443 sni=www.example.org';

function ids(): () => string {
  let n = 0;
  return () => `d-${++n}`;
}

async function open(dir?: string) {
  const dataDir = dir ?? (await tempDir());
  return { dataDir, store: await DisguiseStore.open(dataDir, reversingVault(), { newId: ids() }) };
}

describe('DisguiseStore', () => {
  it('keeps public parameters in one 0600 file and seals every secret', async () => {
    const { dataDir, store } = await open();
    const [ss, obfs4] = parseDisguises('a.txt', `${SS}\n${OBFS4}`).disguises;
    await store.save(ss!, 'a.txt');
    await store.save(obfs4!, 'a.txt');

    const file = path.join(dataDir, 'disguises.json');
    const text = await fs.readFile(file, 'utf8');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(text).not.toContain('correct horse battery');
    expect(text).not.toContain(CERT);
    expect(text).toContain('198.51.100.7');
    expect(await store.openSecrets('d-1')).toEqual({ 'shadowsocks-password': 'correct horse battery' });
    expect(await store.openSecrets('d-2')).toEqual({ 'obfs4-cert': CERT });

    const again = await DisguiseStore.open(dataDir, reversingVault());
    expect(again.list().map((d) => [d.id, d.params.kind, d.attachment.mode])).toEqual([
      ['d-1', 'shadowsocks', 'auto'],
      ['d-2', 'obfs4', 'auto'],
    ]);
  });

  it('answers a duplicate for the same parameters and secrets, a new entry when the secret differs', async () => {
    const { store } = await open();
    const parse = (text: string) => parseDisguises('x.txt', text).disguises[0]!;
    expect(await store.save(parse(SS), 'x.txt')).toEqual({ id: 'd-1', duplicate: false });
    // The same link under another name is the same disguise.
    expect(await store.save(parse(SS.replace('#Tokyo', '#Other')), 'y.txt')).toEqual({ id: 'd-1', duplicate: true });
    const otherPassword = `ss://${b64url('aes-256-gcm:another password')}@198.51.100.7:8388`;
    expect(await store.save(parse(otherPassword), 'x.txt')).toEqual({ id: 'd-2', duplicate: false });
    expect(store.list()).toHaveLength(2);
  });

  it('changes nothing in memory or on disk when a write fails', async () => {
    const dataDir = await tempDir();
    let fail = false;
    const store = await DisguiseStore.open(dataDir, reversingVault(), {
      newId: ids(),
      writeFile: async (target, data, mode) => {
        if (fail) throw new Error('disk full');
        await fs.writeFile(target, data, { mode });
      },
    });
    await store.save(parseDisguises('a', TLS).disguises[0]!, 'a');
    fail = true;
    await expect(store.setAttachment('d-1', { mode: 'detached' })).rejects.toThrow(/could not be saved: disk full/);
    await expect(store.save(parseDisguises('a', OBFS4).disguises[0]!, 'a')).rejects.toThrow(/disk full/);
    expect(store.list().map((d) => [d.id, d.attachment.mode])).toEqual([['d-1', 'auto']]);
    const onDisk = await DisguiseStore.open(dataDir, reversingVault());
    expect(onDisk.list().map((d) => d.attachment.mode)).toEqual(['auto']);
  });

  it('saves a whole file in one write, and refuses only the entry whose name repeats its secret', async () => {
    const dataDir = await tempDir();
    let writes = 0;
    const store = await DisguiseStore.open(dataDir, reversingVault(), {
      newId: ids(),
      writeFile: async (target, data, mode) => {
        writes += 1;
        await fs.writeFile(target, data, { mode });
      },
    });
    const leaky = `ss://${b64url('aes-128-gcm:hunter2hunter2')}@192.0.2.8:8388#hunter2hunter2`;
    const parsed = parseDisguises('many.txt', [SS, OBFS4, TLS, leaky, SS].join('\n')).disguises;
    const results = await store.saveAll(parsed, 'many.txt');
    expect(writes).toBe(1);
    expect(results).toEqual([
      { id: 'd-1', duplicate: false },
      { id: 'd-2', duplicate: false },
      { id: 'd-3', duplicate: false },
      { error: expect.stringMatching(/appears in a public part such as its name/) },
      { id: 'd-1', duplicate: true },
    ]);
    expect(await fs.readFile(path.join(dataDir, 'disguises.json'), 'utf8')).not.toContain('hunter2hunter2');
  });

  it('refuses to overwrite a damaged file, and names it', async () => {
    const dataDir = await tempDir();
    await fs.writeFile(path.join(dataDir, 'disguises.json'), '{"format": 1, "disguises": [');
    const store = await DisguiseStore.open(dataDir, reversingVault());
    expect(store.loadProblem).toMatch(/disguises\.json is damaged/);
    await expect(store.save(parseDisguises('a', TLS).disguises[0]!, 'a')).rejects.toThrow(/nothing was changed/);
    expect(await fs.readFile(path.join(dataDir, 'disguises.json'), 'utf8')).toBe('{"format": 1, "disguises": [');
  });

  it('attaches, detaches and removes by id, and names an unknown id', async () => {
    const { store } = await open();
    await store.save(parseDisguises('a', TLS).disguises[0]!, 'a');
    await store.setAttachment('d-1', { mode: 'server', serverKey: 'user:home' });
    expect(store.get('d-1').attachment).toEqual({ mode: 'server', serverKey: 'user:home' });
    await expect(store.setAttachment('nope', { mode: 'auto' })).rejects.toThrow(/There is no disguise "nope"/);
    expect(await store.remove('d-1')).toBe(true);
    expect(await store.remove('d-1')).toBe(false);
    expect(store.list()).toEqual([]);
  });
});

describe('importDisguiseFile', () => {
  it('reports each line: imported, duplicate, refused naming the line, without repeating the line number', async () => {
    const { store } = await open();
    const text = ['# my disguises', SS, OBFS4, 'obfs4 1.2.3.4:443 iat-mode=0', SS, TLS].join('\n');
    const outcomes = await importDisguiseFile(store, 'mine.txt', text);
    const shape = outcomes.map((o) => [o.file, o.status, o.status === 'refused' ? o.errors[0]?.message : o.id]);
    expect(shape).toEqual([
      ['mine.txt', 'refused', expect.stringMatching(/^Line 4 \(.*\): /)],
      ['mine.txt line 2', 'imported', 'd-1'],
      ['mine.txt line 3', 'imported', 'd-2'],
      ['mine.txt line 5', 'duplicate', 'd-1'],
      ['mine.txt line 6', 'imported', 'd-3'],
    ]);
    const refused = outcomes[0];
    expect(refused?.status === 'refused' && refused.errors[0]?.line).toBeUndefined();
    expect(outcomes[1]?.disguise).toEqual({ kind: 'shadowsocks', host: '198.51.100.7', port: 8388, label: 'Tokyo' });
    expect(JSON.stringify(outcomes)).not.toContain('correct horse battery');
  });

  it('names SIP008 entries by their field, and refuses a file with nothing in it', async () => {
    const { store } = await open();
    const doc = JSON.stringify({
      version: 1,
      servers: [
        { server: '192.0.2.1', server_port: 8388, password: 'pw-one-long', method: 'chacha20-ietf-poly1305' },
        { server: '192.0.2.2', server_port: 8388, password: 'pw', method: 'rc4-md5' },
      ],
    });
    const outcomes = await importDisguiseFile(store, 'sub.json', doc);
    expect(outcomes.map((o) => [o.file, o.status])).toEqual([
      ['sub.json', 'refused'],
      ['sub.json servers[0]', 'imported'],
    ]);
    const empty = await importDisguiseFile(store, 'empty.txt', '# nothing\n');
    expect(empty).toEqual([
      { file: 'empty.txt', status: 'refused', errors: [expect.objectContaining({ code: 'no-disguises' })] },
    ]);
  });

  it('takes only disguise text out of a mixed import, leaving profiles, archives and unreadable files', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const split = splitDisguiseSources([
      { name: 'a.ovpn', bytes: bytes('client\nremote vpn.example.com 1194\n') },
      { name: 'b.txt', bytes: bytes(`# bridges\n${OBFS4}\n`) },
      { name: 'c.json', bytes: bytes('{"servers": []}') },
      { name: 'd.zip', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0]) },
      { name: 'e.txt', bytes: new Uint8Array(), problem: 'it could not be read' },
    ]);
    expect(split.disguises.map((d) => d.name)).toEqual(['b.txt', 'c.json']);
    expect(split.profiles.map((p) => p.name)).toEqual(['a.ovpn', 'd.zip', 'e.txt']);
  });
});
