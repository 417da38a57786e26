import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { snapshotNetns, startLab, type Lab } from './lab';

// One Holdfast per machine: two `holdfast connect` from two data folders at once. The second is refused
// and names who holds the connection, while traffic keeps flowing through the first without a single
// drop; `--take-over` then moves the connection to the second without lifting the kill switch, and
// nothing is left behind (namespace, owner record, hand-over socket).
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
const OWNER_DIR = '/run/holdfast';
describe('one connection owner per machine', () => {
  let lab: Lab;
  let dataA: string;
  let dataB: string;
  let baseline: string;
  const watchers: NdjsonWatcher[] = [];

  const holdfast = (dataDir: string, ...args: string[]) =>
    lab.exec(lab.clientNs, 'node', [cli, '--data-dir', dataDir, ...args]);
  const connect = (dataDir: string, ...args: string[]) => {
    const watcher = new NdjsonWatcher(
      lab.spawnInClient('node', [cli, '--data-dir', dataDir, 'connect', '--json', ...args]),
    );
    watchers.push(watcher);
    return watcher;
  };
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '2', url]);
  const killSwitchUp = async () =>
    (await lab.exec(lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).code === 0;

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'hfown', servers: 2 });
    dataA = await mkdtemp(path.join(tmpdir(), 'hfown-a-'));
    dataB = await mkdtemp(path.join(tmpdir(), 'hfown-b-'));
    baseline = await snapshotNetns(lab.clientNs);
    for (const dir of [dataA, dataB]) {
      const imported = await holdfast(dir, 'import', ...lab.servers.map((s) => s.wireguardConfPath));
      expect(imported.code).toBe(0);
    }
  });

  afterAll(async () => {
    for (const w of watchers) if (w.child.exitCode === null) w.child.kill('SIGINT');
    await Promise.all(watchers.map((w) => w.exited));
    await lab?.stop();
    for (const dir of [dataA, dataB]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second connect from another data folder and keeps traffic flowing through the first', async () => {
    const [one, two] = lab.servers as [Lab['servers'][0], Lab['servers'][0]];
    const first = connect(dataA, 'server-1');
    await first.waitForState('connected');

    // Fetch the page behind server 1 all through the second connect's attempt and refusal.
    let fetched = 0;
    let failed = 0;
    let fetching = true;
    const traffic = (async () => {
      while (fetching) {
        const page = await fetchPage(one.pageUrl);
        if (page.stdout.includes(one.pageText)) fetched += 1;
        else failed += 1;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const second = await holdfast(dataB, 'connect', 'server-2');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(
      /held by `holdfast connect` \(process \d+, user root, since [0-9T:.-]+Z, server Server 1\)/,
    );
    expect(second.stderr).toMatch(/--take-over/);
    // Two more seconds: a second session that fought over routes would show here.
    await new Promise((r) => setTimeout(r, 2000));
    fetching = false;
    await traffic;

    expect(failed).toBe(0);
    expect(fetched).toBeGreaterThanOrEqual(5);
    expect(first.events.filter((e) => e.type === 'drop' || e.type === 'failover')).toEqual([]);
    expect(first.states()).toEqual(['connecting', 'connected']);
    expect((await fetchPage(two.pageUrl)).stdout).not.toContain(two.pageText);

    // `status` from the other data folder names the holder too.
    const status = await holdfast(dataB, 'status');
    expect(status.stdout).toMatch(/held by `holdfast connect`/);
  });

  it('takes the connection over on request, with the kill switch up throughout, and leaves nothing behind', async () => {
    const [, two] = lab.servers as [Lab['servers'][0], Lab['servers'][0]];
    const first = watchers[0]!;
    let sawGap = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        if (!(await killSwitchUp())) sawGap = true;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();

    const second = connect(dataB, '--take-over', 'server-2');
    // A refused hand-over says why (the holder's words); the holder's side of the story goes with it.
    await second.waitForState('connected').catch((err: Error) => {
      throw new Error(
        `${err.message}\nthe holder's events: ${JSON.stringify(first.events.slice(-8))}\n${first.stderr}`,
      );
    });
    const ended = await first.exited;
    watching = false;
    await watch;

    expect(ended.code).toBe(0);
    expect(first.events.filter((e) => e.type === 'state').at(-1)).toMatchObject({
      state: 'disconnected',
      reason: expect.stringMatching(/took this machine's connection over/),
    });
    expect(sawGap).toBe(false);
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);

    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect(existsSync(path.join(OWNER_DIR, 'owner.json'))).toBe(false);
    expect(existsSync(path.join(OWNER_DIR, 'owner.sock'))).toBe(false);
  });
});
