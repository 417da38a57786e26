import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliOnCore } from '../testing-cli';
import { createHoldfastCore } from '../../core/service/core';
import { fleetFiles } from '../../core/testing/fleet-fixture';
import { parseArgs } from '../args';
import { resolveConnectTarget } from '../connect-target';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hf-cli-fleet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCliOnCore(path.join(dir, 'data'), dir, argv);

/** A provider's folder: the first files of the fixture are Tokyo, Osaka, ... (the order of the city table). */
async function importFleet(count = 8, options: { rewrite?: boolean } = { rewrite: true }) {
  const folder = path.join(dir, 'mullvad');
  await mkdir(folder, { recursive: true });
  // New files have new keys (and the same names and addresses): the provider rotated its keys.
  if (options.rewrite) for (const f of fleetFiles(count)) await writeFile(path.join(folder, f.name), f.text);
  return run('import', folder);
}

interface JsonServer {
  key: string;
  country: string | null;
  city: string | null;
  cityCode: string | null;
  cityZh: string | null;
  favourite: boolean;
  profiles: { id: string }[];
}

describe('holdfast with a fleet', () => {
  it('imports a folder and sums up what happened; a second import finds everything already there', async () => {
    const first = await importFleet();
    expect(first.code).toBe(0);
    expect(first.out).toContain('8 files: 8 new, 0 updated, 0 already there, 0 refused');
    const again = await importFleet(8, { rewrite: false });
    expect(again.out).toContain('8 files: 0 new, 0 updated, 8 already there, 0 refused');
    const rotated = await importFleet();
    expect(rotated.out).toContain('8 files: 0 new, 8 updated, 0 already there, 0 refused');
    expect(rotated.out).toMatch(/^updated jp-tyo-wg-001 \(mullvad\/jp-tyo-wg-001\.conf\)$/m);
  });

  it('prints {"servers":[...]} with the country code and the city in English', async () => {
    await importFleet();
    const listed = await run('servers', '--json');
    const json = JSON.parse(listed.out) as { servers: JsonServer[] };
    const tokyo = json.servers.find((s) => s.cityCode === 'TYO');
    expect(tokyo).toMatchObject({ country: 'JP', city: 'Tokyo', cityZh: '东京' });
    expect(json.servers).toHaveLength(8);
  });

  it('searches like the window: codes and names in English or Chinese', async () => {
    await importFleet();
    const zh = await run('servers', '--search', '东京');
    expect(zh.out.split('\n').filter((l) => /198\.18\./.test(l))).toHaveLength(1);
    expect(zh.out).toMatch(/JP +Tokyo/);
    const jp = JSON.parse((await run('servers', '--search', 'japan', '--json')).out) as { servers: JsonServer[] };
    // The first eight cities of the table: five in Japan, then Seoul, Busan and Hong Kong.
    expect(jp.servers.map((s) => s.cityCode).sort()).toEqual(['FUK', 'NGO', 'OSA', 'SPK', 'TYO']);
    expect((await run('servers', '--search', 'atlantis')).out).toBe('No server matches "atlantis".\n');
  });

  it('places, stars and measures servers', async () => {
    await importFleet();
    const key = (JSON.parse((await run('servers', '--json')).out) as { servers: JsonServer[] }).servers[0]?.key ?? '';
    expect(await run('servers', 'place', key, 'se', 'Gothenburg')).toMatchObject({
      code: 0,
      out: `${key} is in Gothenburg, SE.\n`,
    });
    expect((await run('servers', 'favourite', key)).out).toContain('is a favourite.');
    const json = JSON.parse((await run('servers', '--json')).out) as { servers: JsonServer[] };
    expect(json.servers.find((s) => s.key === key)).toMatchObject({
      country: 'SE',
      city: 'Gothenburg',
      favourite: true,
    });
    expect((await run('servers', 'place', key, '--auto')).out).toMatch(/the place is guessed again/);
    const measured = await run('servers', 'measure');
    expect(measured).toMatchObject({ code: 0, out: 'Measured 0 servers; 8 did not answer in time.\n' });
    expect((await run('servers', 'place', key, 'xx')).code).toBe(2);
  });

  it('connects by place: an exact profile id wins, else the best server there', async () => {
    await importFleet();
    const core = await createHoldfastCore({ dataDir: path.join(dir, 'data'), drivers: {}, killSwitch: null });
    const tokyo = await resolveConnectTarget(core, '东京');
    expect(tokyo.profileId).toMatch(/^jp-tyo/);
    expect(tokyo.note).toMatch(/\(Tokyo, JP\): the first there/);
    expect(await resolveConnectTarget(core, tokyo.profileId)).toEqual({ profileId: tokyo.profileId, note: null });
    await expect(resolveConnectTarget(core, 'atlantis')).rejects.toMatchObject({ code: 'profile-not-found' });
    await expect(resolveConnectTarget(core, 'iceland')).rejects.toMatchObject({ code: 'server-not-found' });
  });
});

describe('parseArgs for fleets', () => {
  it('takes --search for the server list only, and the new servers verbs', () => {
    expect(parseArgs(['servers', '--search', 'tokyo'])).toMatchObject({ ok: true, value: { search: 'tokyo' } });
    expect(parseArgs(['list', '--search', 'x'])).toMatchObject({ ok: false });
    expect(parseArgs(['servers', 'place', 'k'])).toMatchObject({ ok: false });
    expect(parseArgs(['servers', 'place', 'k', 'JP', 'New', 'York'])).toMatchObject({ ok: true });
    expect(parseArgs(['servers', 'place', 'k', '--auto'])).toMatchObject({ ok: true, value: { auto: true } });
    expect(parseArgs(['servers', 'measure'])).toMatchObject({ ok: true });
    expect(parseArgs(['connect', '东京'])).toMatchObject({ ok: true, value: { positionals: ['东京'] } });
  });
});
