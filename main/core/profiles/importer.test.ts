import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { formatOutcome, importProfiles, readImportSources, type ImportSource } from './importer';
import { ProfileStore } from './profile-store';
import { minimalOvpn, minimalWg, pem, removeTempDirs, reversingVault, tempDir } from './test-support';
import type { ImportOutcome } from './types';

afterAll(removeTempDirs);

async function freshStore() {
  const dataDir = tempDir('holdfast-data-');
  return { dataDir, store: await ProfileStore.open(dataDir, reversingVault()) };
}

function storedFiles(dataDir: string): string[] {
  return readdirSync(path.join(dataDir, 'profiles'));
}

function source(name: string, text: string | Uint8Array): ImportSource {
  return { name, bytes: typeof text === 'string' ? strToU8(text) : text };
}

function statuses(outcomes: ImportOutcome[]): Array<[string, string]> {
  return outcomes.map((o) => [o.file, o.status]);
}

function errorsOf(outcome: ImportOutcome | undefined) {
  if (!outcome || outcome.status !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(outcome)}`);
  return outcome.errors;
}

const providerOvpn = 'client\ndev tun\nremote vpn.example.com 1194\nca ca.crt\ntls-crypt keys/ta.key\n';

describe('importProfiles from disk', () => {
  it('imports a folder recursively, inlining files next to each profile', async () => {
    const folder = tempDir('holdfast-import-');
    mkdirSync(path.join(folder, 'provider', 'keys'), { recursive: true });
    writeFileSync(path.join(folder, 'provider', 'nl.ovpn'), providerOvpn);
    writeFileSync(path.join(folder, 'provider', 'ca.crt'), pem.ca);
    writeFileSync(path.join(folder, 'provider', 'keys', 'ta.key'), pem.ta);
    writeFileSync(path.join(folder, 'home.conf'), minimalWg());
    writeFileSync(path.join(folder, 'README.txt'), 'not a profile');
    const { store, dataDir } = await freshStore();

    const outcomes = await importProfiles(store, await readImportSources([folder]));
    const label = path.basename(folder);
    expect(statuses(outcomes)).toEqual([
      [`${label}/home.conf`, 'imported'],
      [`${label}/provider/nl.ovpn`, 'imported'],
    ]);
    const nl = await store.get('nl');
    expect(nl.kind === 'openvpn' && nl.blocks.map((b) => b.name)).toEqual(['ca', 'tls-crypt']);
    expect(storedFiles(dataDir).sort()).toEqual(['home.json', 'home.secrets.json', 'nl.json', 'nl.secrets.json']);

    // Importing the same folder again finds only duplicates.
    const again = await importProfiles(store, await readImportSources([folder]));
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect(formatOutcome(again[0] as ImportOutcome)).toBe(`already imported ${label}/home.conf: same content as home`);
  });

  it('refuses references that leave the folder through links, and files that are not regular, leaving no trace', async () => {
    const outside = tempDir('holdfast-outside-');
    writeFileSync(path.join(outside, 'ca.crt'), pem.ca);
    const folder = tempDir('holdfast-import-');
    symlinkSync(path.join(outside, 'ca.crt'), path.join(folder, 'ca-link.crt'));
    symlinkSync(outside, path.join(folder, 'linked-dir'));
    symlinkSync('/etc/passwd', path.join(folder, 'passwd-link'));
    symlinkSync('/dev/zero', path.join(folder, 'zero-link'));
    execFileSync('mkfifo', [path.join(folder, 'fifo.crt')]);
    const cases: Array<[string, string]> = [
      ['ca ca-link.crt', 'a link that leads outside'],
      ['ca linked-dir/ca.crt', 'a link that leads outside'],
      ['ca passwd-link', 'a link that leads outside'],
      ['extra-certs zero-link', 'a link that leads outside'],
      ['ca fifo.crt', 'not a regular file'],
      ['ca /etc/passwd', "outside the profile's folder"],
      [`ca ${path.join(outside, 'ca.crt')}`, "outside the profile's folder"],
      ['ca ../ca.crt', '`..`'],
      ['ca /dev/zero', 'device'],
      ['ca missing.crt', 'no such file'],
    ];
    cases.forEach(([line], i) =>
      writeFileSync(path.join(folder, `case${i}.ovpn`), `client\ndev tun\nremote a.example.com\n${line}\n`),
    );
    const { store, dataDir } = await freshStore();

    const outcomes = await importProfiles(store, await readImportSources([folder]));
    expect(outcomes).toHaveLength(cases.length);
    cases.forEach(([line, fragment], i) => {
      const errors = errorsOf(outcomes.find((o) => o.file.endsWith(`case${i}.ovpn`)));
      expect(errors[0], line).toMatchObject({ line: 4, directive: line.split(' ')[0] });
      expect(errors[0]?.message, line).toContain(fragment);
    });
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('accepts an absolute path and a link that stay inside the folder', async () => {
    const folder = tempDir('holdfast-import-');
    mkdirSync(path.join(folder, 'certs'));
    writeFileSync(path.join(folder, 'certs', 'real-ca.crt'), pem.ca);
    symlinkSync('certs/real-ca.crt', path.join(folder, 'ca.crt'));
    writeFileSync(
      path.join(folder, 'a.ovpn'),
      `client\ndev tun\nremote a.example.com\nca ${path.join(folder, 'ca.crt')}\n`,
    );
    const { store } = await freshStore();
    expect(statuses(await importProfiles(store, await readImportSources([path.join(folder, 'a.ovpn')])))).toEqual([
      ['a.ovpn', 'imported'],
    ]);
  });

  it('reports missing paths, huge files and profile links leading out of an imported folder', async () => {
    const folder = tempDir('holdfast-import-');
    writeFileSync(path.join(folder, 'huge.ovpn'), Buffer.alloc(10 * 1024 * 1024, 0x23));
    const elsewhere = tempDir('holdfast-outside-');
    writeFileSync(path.join(elsewhere, 'x.conf'), minimalWg());
    symlinkSync(path.join(elsewhere, 'x.conf'), path.join(folder, 'x.conf'));
    const { store, dataDir } = await freshStore();

    const outcomes = await importProfiles(store, await readImportSources([folder, path.join(folder, 'nope.ovpn')]));
    const label = path.basename(folder);
    expect(statuses(outcomes)).toEqual([
      [`${label}/huge.ovpn`, 'refused'],
      [`${label}/x.conf`, 'refused'],
      ['nope.ovpn', 'refused'],
    ]);
    expect(errorsOf(outcomes[0])[0]?.message).toMatch(/10\.0 MiB.*not a profile/);
    expect(errorsOf(outcomes[1])[0]?.message).toContain('link that leads outside');
    expect(errorsOf(outcomes[2])[0]?.message).toBe('There is no such file or folder.');
    expect(storedFiles(dataDir)).toEqual([]);
  });
});

describe('importProfiles from memory', () => {
  it('imports a profile together with its certificate files dropped alongside', async () => {
    const { store } = await freshStore();
    const outcomes = await importProfiles(store, [
      source('work.ovpn', 'client\ndev tun\nremote a.example.com\nca ca.crt\n'),
      source('ca.crt', pem.ca),
    ]);
    expect(statuses(outcomes)).toEqual([['work.ovpn', 'imported']]);
  });

  it('refuses file references when the files were not given, oversized input and binary data', async () => {
    const { store, dataDir } = await freshStore();
    const outcomes = await importProfiles(store, [
      source('alone.ovpn', 'client\ndev tun\nremote a.example.com\nca ca.crt\n'),
      source('big.conf', new Uint8Array(10 * 1024 * 1024).fill(0x41)),
      source('bin.conf', new Uint8Array([0x5b, 0x00, 0x01, 0x02])),
    ]);
    expect(outcomes.map((o) => (o.status === 'refused' ? o.errors[0]?.code : o.status))).toEqual([
      'file-not-imported',
      'too-large',
      'not-text',
    ]);
    const [notes] = await importProfiles(store, [source('notes.txt', 'hello')]);
    expect(errorsOf(notes)[0]?.code).toBe('not-a-profile');
    // Dropped with other files, a missing one is named as such.
    const [partial] = await importProfiles(store, [
      source('p.ovpn', 'client\ndev tun\nremote a.example.com\nca ca.crt\n'),
      source('ta.key', pem.ta),
    ]);
    expect(errorsOf(partial)[0]?.message).toBe(
      '`ca ca.crt` could not be used: it was not among the files imported with the profile.',
    );
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('reads profiles saved as UTF-16 by Windows editors', async () => {
    const { store } = await freshStore();
    const text = minimalWg();
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    const outcomes = await importProfiles(store, [source('le.conf', le), source('be.conf', be)]);
    expect(outcomes.map((o) => o.status)).toEqual(['imported', 'duplicate']);
  });

  it('recognises an OpenVPN profile saved as .conf', async () => {
    const { store } = await freshStore();
    const [outcome] = await importProfiles(store, [source('office.conf', minimalOvpn())]);
    expect(outcome?.status).toBe('imported');
    expect((await store.get('office')).kind).toBe('openvpn');
  });
});

describe('importProfiles from zip archives', () => {
  const zip = (files: Zippable) => zipSync(files);

  it('imports every profile inside, with files from its own folder of the archive', async () => {
    const { store } = await freshStore();
    const archive = zip({
      'provider/se.ovpn': strToU8(providerOvpn),
      'provider/ca.crt': strToU8(pem.ca),
      'provider/keys/ta.key': strToU8(pem.ta),
      'provider/wg/se-wg.conf': strToU8(minimalWg()),
      '__MACOSX/provider/._se.ovpn': strToU8('junk'),
      'README.md': strToU8('hello'),
    });
    const outcomes = await importProfiles(store, [source('provider.zip', archive)]);
    expect(statuses(outcomes)).toEqual([
      ['provider.zip/provider/se.ovpn', 'imported'],
      ['provider.zip/provider/wg/se-wg.conf', 'imported'],
    ]);
  });

  it('refuses zip-slip names, nested archives and references outside the profile folder of the archive', async () => {
    const { store, dataDir } = await freshStore();
    const archive = zip({
      '../evil.ovpn': strToU8(minimalOvpn()),
      '/etc/evil.conf': strToU8(minimalWg()),
      'inner.zip': zip({ 'x.conf': strToU8(minimalWg()) }),
      'a/b/climb.ovpn': strToU8('client\ndev tun\nremote a.example.com\nca ../ca.crt\n'),
      'a/ca.crt': strToU8(pem.ca),
    });
    const outcomes = await importProfiles(store, [source('evil.zip', archive)]);
    const byFile = Object.fromEntries(
      outcomes.map((o) => [o.file, o.status === 'refused' ? o.errors[0]?.message : o.status]),
    );
    expect(byFile).toEqual({
      'evil.zip/../evil.ovpn': expect.stringContaining('zip-slip'),
      'evil.zip//etc/evil.conf': expect.stringContaining('zip-slip'),
      'evil.zip/inner.zip': expect.stringContaining('Archives inside archives are not opened'),
      'evil.zip/a/b/climb.ovpn': expect.stringContaining('`..`'),
    });
    expect(storedFiles(dataDir)).toEqual([]);
  });

  it('stops an entry that inflates to more than it declares (zip bomb) without unpacking it', async () => {
    const { store } = await freshStore();
    const archive = zip({ 'bomb.conf': strToU8('#'.repeat(900_000)) });
    // Patch the declared size (central directory, offset 24) down to 100 bytes.
    const view = new DataView(archive.buffer);
    const central = archive.findLastIndex((_, i) => i + 4 <= archive.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(central + 24, 100, true);
    const [outcome] = await importProfiles(store, [source('bomb.zip', archive)]);
    expect(errorsOf(outcome)[0]?.message).toContain('damaged');
  });

  it('refuses archives with too many entries or too much content, and those that are not archives', async () => {
    const { store } = await freshStore();
    // Both limits are checked on the table of contents, so declaring is enough to be refused.
    const many = zip({ 'a.conf': strToU8(minimalWg()) });
    new DataView(many.buffer).setUint16(many.length - 22 + 10, 20_100, true);
    const small: Zippable = {};
    for (let i = 0; i < 102; i += 1) small[`f${i}.crt`] = strToU8(pem.ca);
    const big = zip(small);
    const view = new DataView(big.buffer);
    for (let i = 0; i + 4 <= big.length; i += 1) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 1_000_000, true);
    }
    const outcomes = await importProfiles(store, [
      source('many.zip', many),
      source('big.zip', big),
      source('fake.zip', 'not a zip at all'),
      source('empty.zip', zip({ 'notes.txt': strToU8('hi') })),
    ]);
    expect(outcomes.map((o) => errorsOf(o)[0]?.message)).toEqual([
      expect.stringContaining('20100 entries'),
      expect.stringContaining('unpacks to more than 96.0 MiB'),
      expect.stringContaining('not a zip archive'),
      'The archive holds no .conf or .ovpn profiles.',
    ]);
  });

  it('does not follow links stored in an archive', async () => {
    const { store } = await freshStore();
    const link = { os: 3, attrs: (0o120777 << 16) >>> 0 };
    const archive = zip({
      'p.ovpn': strToU8('client\ndev tun\nremote a.example.com\nca ca.crt\n'),
      'ca.crt': [strToU8('/etc/ssl/certs/ca-certificates.crt'), link],
    });
    const [outcome] = await importProfiles(store, [source('links.zip', archive)]);
    expect(errorsOf(outcome)[0]?.message).toContain('links inside archives are not followed');
  });
});

describe('formatOutcome', () => {
  it('prints one line per result, warnings indented, refusals with their line', () => {
    expect(formatOutcome({ file: 'a.conf', status: 'imported', id: 'a', warnings: [] })).toBe('imported a (a.conf)');
    expect(
      formatOutcome({
        file: 'b.ovpn',
        status: 'imported',
        id: 'b',
        warnings: [{ file: 'b.ovpn', line: 3, code: 'owned-by-holdfast', message: '`verb 3` is managed.' }],
      }),
    ).toBe('imported b (b.ovpn), with 1 warning:\n  line 3: `verb 3` is managed.');
    expect(
      formatOutcome({
        file: 'evil.ovpn',
        status: 'refused',
        errors: [
          { file: 'evil.ovpn', line: 12, code: 'runs-program', message: '`up x` would run a program.' },
          { file: 'evil.ovpn', code: 'no-ca', message: 'No CA.' },
        ],
      }),
    ).toBe('refused evil.ovpn: line 12: `up x` would run a program.\nrefused evil.ovpn: No CA.');
  });
});
