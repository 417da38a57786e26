import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../storage/atomic-file';
import { fleetFiles, fleetZip, type FleetFile } from '../testing/fleet-fixture';
import { runImport, type ImportProgress } from './importer';
import { planImport, type PlanItem, type StoredForPlan } from './import-plan';
import { ProfileStore } from './profile-store';
import { removeTempDirs, reversingVault, tempDir } from './test-support';

afterAll(removeTempDirs);

const bundle = (files: readonly FleetFile[], name = 'mullvad_wireguard_linux_all_all.zip') => [
  { name, bytes: fleetZip(files) },
];

function profileFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'profiles')).sort();
}

async function openStore(writeFile?: (target: string, data: string, mode: number) => Promise<void>) {
  const dir = tempDir();
  const store = await ProfileStore.open(dir, reversingVault(), writeFile ? { writeFile } : {});
  return { dir, store };
}

describe('importing a provider bundle', () => {
  it('imports every file of the bundle and reports progress from the first file to the last', async () => {
    const { store } = await openStore();
    const seen: ImportProgress[] = [];
    const report = await runImport(store, bundle(fleetFiles(40)), { onProgress: (p) => seen.push(p) });
    expect(report.cancelled).toBe(false);
    expect(report.outcomes.filter((o) => o.status === 'imported')).toHaveLength(40);
    expect(seen[0]).toMatchObject({ read: 0, total: 40 });
    expect(seen.map((p) => p.read)).toContain(20);
    expect(seen.at(-1)).toMatchObject({ read: 40, total: 40, imported: 40, updated: 0, refused: 0 });
    expect((await store.list()).every((p) => p.bundle === 'mullvad_wireguard_linux_all_all.zip')).toBe(true);
  });

  it('keeps nothing when cancelled while reading', async () => {
    const { dir, store } = await openStore();
    const controller = new AbortController();
    const report = await runImport(store, bundle(fleetFiles(30)), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.read === 10) controller.abort();
      },
    });
    expect(report).toMatchObject({ cancelled: true, outcomes: [] });
    expect(await store.list()).toEqual([]);
    expect(profileFiles(dir)).toEqual([]);
  });

  it('rolls the whole bundle back when a write fails part-way, and leaves an earlier import as it was', async () => {
    let writes = 0;
    let failAt = Infinity;
    const { dir, store } = await openStore(async (target, data, mode) => {
      writes += 1;
      if (writes === failAt) throw new Error('disk full');
      await writeFileAtomic(target, data, mode);
    });
    const first = fleetFiles(10);
    await runImport(store, bundle(first));
    const before = Object.fromEntries(
      profileFiles(dir).map((f) => [f, readFileSync(path.join(dir, 'profiles', f), 'utf8')]),
    );
    // The second import updates the ten (new keys, same names and addresses) and adds ten; the 25th write fails.
    const second = [...fleetFiles(10), ...fleetFiles(20).slice(10)].map((f, i) =>
      i < 10
        ? {
            ...f,
            name: first[i]?.name ?? f.name,
            text: f.text.replace(/Endpoint = .*/, /Endpoint = .*/.exec(first[i]?.text ?? '')?.[0] ?? ''),
          }
        : { ...f, name: `x-${f.name}` },
    );
    writes = 0;
    failAt = 25;
    const report = await runImport(store, bundle(second));
    expect(report.outcomes.every((o) => o.status === 'refused' && o.errors[0]?.code === 'storage-failed')).toBe(true);
    const after = Object.fromEntries(
      profileFiles(dir).map((f) => [f, readFileSync(path.join(dir, 'profiles', f), 'utf8')]),
    );
    expect(after).toEqual(before);
    expect((await store.list()).map((p) => p.contentHash).sort()).toEqual(
      Object.keys(before)
        .filter((f) => !f.endsWith('.secrets.json'))
        .map((f) => (JSON.parse(before[f] ?? '{}') as { profile: { contentHash: string } }).profile.contentHash)
        .sort(),
    );
  });

  it('updates a re-imported bundle in place: same ids and names, new content, retired servers removed', async () => {
    const { store } = await openStore();
    const original = fleetFiles(12);
    await runImport(store, bundle(original));
    const ids = new Map((await store.list()).map((p) => [p.sourceFile, p.id]));

    // The provider rotated keys on three servers, retired one and opened one.
    const rotated = fleetFiles(3);
    const updated = original.slice(0, 11).map((f, i) =>
      i < 3
        ? {
            name: f.name,
            text: (rotated[i] as FleetFile).text.replace(/Endpoint = .*/, /Endpoint = .*/.exec(f.text)?.[0] ?? ''),
          }
        : f,
    );
    const opened = { name: 'zz-new-wg-001.conf', text: fleetFiles(1, { endpointOffset: 5000 })[0]?.text ?? '' };
    const report = await runImport(store, bundle([...updated, opened]));

    const statuses = report.outcomes.map((o) => (o.status === 'imported' && o.updated ? 'updated' : o.status));
    expect(statuses.filter((s) => s === 'updated')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(8);
    expect(statuses.filter((s) => s === 'imported')).toHaveLength(1);
    expect(report.removed.map((p) => p.sourceFile)).toEqual([
      `mullvad_wireguard_linux_all_all.zip/${original[11]?.name}`,
    ]);
    const after = await store.list();
    expect(after).toHaveLength(12);
    for (const f of updated) {
      const label = `mullvad_wireguard_linux_all_all.zip/${f.name}`;
      expect(after.find((p) => p.sourceFile === label)?.id).toBe(ids.get(label));
    }
  });

  it('keeps the profile in use even when its bundle no longer has it', async () => {
    const { store } = await openStore();
    const files = fleetFiles(3);
    await runImport(store, bundle(files));
    const keep = (await store.list()).find((p) => p.sourceFile.endsWith(files[2]?.name ?? ''))?.id ?? '';
    const report = await runImport(store, bundle(files.slice(0, 2)), { keep: new Set([keep]) });
    expect(report.removed).toEqual([]);
    expect((await store.list()).map((p) => p.id)).toContain(keep);
  });
});

describe('planImport', () => {
  const item = (patch: Partial<PlanItem>): PlanItem => ({
    index: 0,
    pathInBundle: 'client.conf',
    bundle: null,
    contentHash: 'new',
    kind: 'wireguard',
    endpoints: ['198.51.100.1:51820/udp'],
    ...patch,
  });
  const stored = (patch: Partial<StoredForPlan>): StoredForPlan => ({
    id: 'a',
    contentHash: 'old',
    kind: 'wireguard',
    sourceFile: 'client.conf',
    endpoints: ['198.51.100.1:51820/udp'],
    ...patch,
  });

  it('never lets a generic name from another provider overwrite a profile', () => {
    const plan = planImport([item({ endpoints: ['203.0.113.9:51820/udp'] })], [stored({})]);
    expect(plan.steps).toEqual([{ action: 'add', index: 0 }]);
  });

  it('updates by the same name and host, or by the very same endpoints under another name', () => {
    expect(planImport([item({})], [stored({})]).steps).toEqual([{ action: 'update', index: 0, id: 'a' }]);
    expect(planImport([item({ pathInBundle: 'renamed.conf' })], [stored({})]).steps).toEqual([
      { action: 'update', index: 0, id: 'a' },
    ]);
  });

  it('removes nothing for a bundle of the same name that matches none of the stored one', () => {
    const plan = planImport(
      [item({ bundle: 'configs.zip', endpoints: ['203.0.113.9:1/udp'], pathInBundle: 'x.conf' })],
      [stored({ bundle: 'configs.zip', sourceFile: 'configs.zip/client.conf' })],
    );
    expect(plan.removed).toEqual([]);
  });

  it('reports the same content twice in one import as a duplicate of the first', () => {
    const plan = planImport([item({ index: 0 }), item({ index: 1, pathInBundle: 'copy.conf' })], []);
    expect(plan.steps).toEqual([
      { action: 'add', index: 0 },
      { action: 'same-in-batch', index: 1, firstIndex: 0 },
    ]);
  });
});
