import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyDataDir, prepareDataDir, startBenchLab, type BenchLab } from '../bench/bench-lab';
import { FAULTS, serverIndexOf, transportOf } from '../bench/cases';
import { NdjsonWatcher } from './cli-process';
import { sleep } from './lab-commands';
import { snapshotNetns } from './lab';

// The two failover faults that need OpenVPN, through the built CLI in the benchmark's world (two servers, each
// with WireGuard UDP, OpenVPN UDP 1194 and OpenVPN TCP 443): where traffic exits, what the CLI says, how many
// notifications, what leaks, and what is left behind. Speed is the benchmark's business; the bounds here
// only catch a failover that never happens.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
const PREFIX = 'hflov';
type CliEvent = Record<string, unknown>;

describe('failover over OpenVPN through the CLI', () => {
  let bench: BenchLab | undefined;
  let template = '';
  /** Profile id -> the name the CLI gives it in `failover` events. */
  let names = new Map<string, string>();
  let dataDir = '';
  let running: NdjsonWatcher | null = null;
  let load: ChildProcess | null = null;

  const world = (): BenchLab => {
    if (!bench) throw new Error('the lab did not start');
    return bench;
  };
  const fetchPage = (url: string) => world().lab.exec(world().lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);
  /** The page that only the tunnel behind this profile reaches (each server and transport serves its own). */
  const pageBehind = (profileId: string): { url: string; text: string } => {
    const server = world().lab.servers.find((s) => s.index === serverIndexOf(profileId));
    const transport = transportOf(profileId);
    if (!server || !transport) throw new Error(`not a profile of the bench world: ${profileId}`);
    if (transport === 'wg') return { url: server.pageUrl, text: server.pageText };
    const entry = world().fleet.entries.find((e) => e.server === server && e.proto === transport);
    if (!entry) throw new Error(`no OpenVPN ${transport} server on ${server.name}`);
    return { url: entry.openvpn.pageUrl, text: entry.openvpn.pageText };
  };
  /** A private copy of the imported profiles, so no failure memory carries over from the previous test. */
  const freshDataDir = async (name: string): Promise<string> => {
    dataDir = path.join(world().lab.dir, `run-${name}`);
    await copyDataDir(template, dataDir);
    return dataDir;
  };
  const connect = (profileId: string): NdjsonWatcher => {
    const { lab, fleet } = world();
    const args = [cli, '--data-dir', dataDir, '--credentials', fleet.credentialsPath, 'connect', '--json', profileId];
    running = new NdjsonWatcher(lab.spawnInClient(process.execPath, args));
    return running;
  };
  /** Steady traffic through the tunnel, as a user's apps would make: 5 pings a second. */
  const startLoad = (target: string) => {
    load = world().lab.spawnInClient('ping', ['-n', '-i', '0.2', '-W', '1', target]);
  };
  /** Ctrl-C: the CLI disconnects and removes what it added; SIGKILL only if it hangs. */
  const stopCli = async (run: NdjsonWatcher) => {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGINT');
      const hung = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
      await run.exited;
      clearTimeout(hung);
    }
    return run.exited;
  };
  const since = (faultAt: number, match: (e: CliEvent) => boolean) => (e: CliEvent) =>
    Date.parse(String(e.at)) >= faultAt && match(e);

  /** Connected on `startProfile`, traffic flowing through it, then the fault; returns when it struck. */
  async function connectThenBreak(startProfile: string, breakIt: () => Promise<unknown>) {
    const run = connect(startProfile);
    await run.waitForState('connected', 60_000);
    const page = pageBehind(startProfile);
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
    const leaksBefore = await world().lab.countLeaks();
    startLoad(new URL(page.url).hostname);
    await sleep(1500);
    const faultAt = Date.now();
    await breakIt();
    return { run, leaksBefore, faultAt };
  }

  /** What every incident must end with: one notification, nothing leaked, nothing left once the CLI stops. */
  async function expectCleanEnd(run: NdjsonWatcher, faultAt: number, leaksBefore: number) {
    const { lab, cleanSnapshot } = world();
    const notification = await run.waitFor(
      since(faultAt, (e) => e.type === 'notification'),
      10_000,
      'the notification',
    );
    expect(notification.kind).toBe('resolved');
    await sleep(1500);
    // One for the whole run: nothing on connecting, nothing more once the incident is over.
    expect(run.events.filter((e) => e.type === 'notification')).toHaveLength(1);
    expect(await lab.countLeaks()).toBe(leaksBefore);
    expect((await fetchPage(lab.outside.pageUrl)).stdout).not.toContain(lab.outside.pageText);

    load?.kill('SIGKILL');
    load = null;
    const exit = await stopCli(run);
    running = null;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await snapshotNetns(lab.clientNs)).toBe(cleanSnapshot);
  }

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    bench = await startBenchLab(cli, PREFIX);
    const prepared = await prepareDataDir(bench, 'template');
    template = prepared.dir;
    const listed = await bench.holdfast(template, ['list', '--json']);
    expect(listed.code).toBe(0);
    const profiles = JSON.parse(listed.stdout) as Array<{ id: string; name: string }>;
    names = new Map(profiles.map((p) => [p.id, p.name]));
    expect([...names.keys()].sort()).toEqual(
      ['server-1-tcp', 'server-1-udp', 'server-1-wg', 'server-2-tcp', 'server-2-udp', 'server-2-wg'].sort(),
    );
  });

  afterEach(async () => {
    load?.kill('SIGKILL');
    load = null;
    if (running) await stopCli(running);
    running = null;
    if (!bench) return;
    await bench.lab.restoreAll();
    // A test that failed half-way may have left the kill switch up.
    if (dataDir) await bench.holdfast(dataDir, ['recover']);
  });

  afterAll(async () => {
    await bench?.stop();
  });

  it('moves from a blackholed OpenVPN UDP server to server 2, with one notification and no leak', async () => {
    const { lab } = world();
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    await freshDataDir('openvpn-udp-blackhole');
    const { run, leaksBefore, faultAt } = await connectThenBreak('server-1-udp', () =>
      FAULTS.blackhole.inject(lab, one),
    );

    const drop = await run.waitFor(
      since(faultAt, (e) => e.type === 'drop'),
      15_000,
      'a drop event',
    );
    expect(drop.profile).toBe('server-1-udp');
    const landed = await run.waitFor(
      since(faultAt, (e) => e.type === 'state' && e.state === 'connected'),
      30_000,
      'connected again',
    );
    const landedOn = String(landed.profile);
    expect(serverIndexOf(landedOn)).toBe(two.index);
    const failovers = run.events.filter(since(faultAt, (e) => e.type === 'failover'));
    expect(failovers).toHaveLength(1);
    expect(failovers[0]).toMatchObject({ from: names.get('server-1-udp'), to: names.get(landedOn) });
    const states = run.events.filter(since(faultAt, (e) => e.type === 'state')).map((e) => e.state);
    expect(states).toContain('failing-over');

    const page = pageBehind(landedOn);
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
    await expectCleanEnd(run, faultAt, leaksBefore);
  });

  it('lands on OpenVPN TCP 443 when UDP is blocked to and from every server', async () => {
    const { lab } = world();
    const one = lab.servers[0]!;
    await freshDataDir('udp-blocked');
    const { run, leaksBefore, faultAt } = await connectThenBreak('server-1-wg', () =>
      FAULTS['udp-blocked'].inject(lab, one),
    );

    const drop = await run.waitFor(
      since(faultAt, (e) => e.type === 'drop'),
      15_000,
      'a drop event',
    );
    expect(drop.profile).toBe('server-1-wg');
    const landed = await run.waitFor(
      since(faultAt, (e) => e.type === 'state' && e.state === 'connected'),
      30_000,
      'connected again',
    );
    // No UDP transport can carry data now, so the first profile reported connected must be a TCP one.
    const landedOn = String(landed.profile);
    expect(transportOf(landedOn)).toBe('tcp');
    const failovers = run.events.filter(since(faultAt, (e) => e.type === 'failover'));
    expect(failovers).toHaveLength(1);
    expect(failovers[0]).toMatchObject({ from: names.get('server-1-wg'), to: names.get(landedOn) });

    const page = pageBehind(landedOn);
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
    const server = lab.servers.find((s) => s.index === serverIndexOf(landedOn))!;
    const sockets = await lab.exec(lab.clientNs, 'ss', ['-Htn', 'state', 'established']);
    expect(sockets.stdout).toContain(`${server.underlayIp}:443`);
    await expectCleanEnd(run, faultAt, leaksBefore);
  });
});
