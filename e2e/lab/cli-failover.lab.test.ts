import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { snapshotNetns, startLab, type Lab } from './lab';

// Staying connected, end to end: the built CLI in the client namespace, real wireguard-go servers, faults
// injected in the router. Assertions are about traffic (which page answers), events and leaks.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
describe('failover and the kill switch through the CLI', () => {
  let lab: Lab;
  let dataDir: string;
  let baseline: string;
  let running: NdjsonWatcher | null = null;
  let load: ChildProcess | null = null;

  const holdfast = (...args: string[]) => lab.exec(lab.clientNs, 'node', [cli, '--data-dir', dataDir, ...args]);
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);
  const connect = (id: string) => {
    running = new NdjsonWatcher(lab.spawnInClient('node', [cli, '--data-dir', dataDir, 'connect', '--json', id]));
    return running;
  };
  /** Steady traffic through the tunnel, as a user's apps would make: 5 pings a second. */
  const startLoad = (target: string) => {
    load = lab.spawnInClient('ping', ['-n', '-i', '0.2', '-W', '1', target]);
  };

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'hfr', servers: 2 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfr-data-'));
    baseline = await snapshotNetns(lab.clientNs);
    const imported = await holdfast('import', ...lab.servers.map((s) => s.wireguardConfPath));
    expect(imported.code).toBe(0);
    // Short quiet window so each case's notification is not merged into the previous case's.
    expect((await holdfast('settings', 'set', 'failover.quietWindowMs', '0')).code).toBe(0);
  });

  afterEach(async () => {
    load?.kill('SIGKILL');
    load = null;
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
    running = null;
    await lab.restoreAll();
    await holdfast('recover');
  });

  afterAll(async () => {
    await lab?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('moves to another server within seconds when the current one is cut off, leaking nothing', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const run = connect('server-1');
    await run.waitForState('connected');
    const leaksBefore = await lab.countLeaks();
    startLoad(one.tunnelIp);
    await new Promise((r) => setTimeout(r, 1500));
    const cutAt = Date.now();
    await lab.blackhole(one);

    const drop = await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop event');
    expect(drop.profile).toBe('server-1');
    expect(Number(drop.detectedAfterMs)).toBeLessThanOrEqual(4000);
    const moved = await run.waitFor((e) => e.type === 'failover', 30_000, 'a failover event');
    expect(moved).toMatchObject({ from: 'Server 1', to: 'Server 2' });
    await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
      30_000,
      'connected to server-2',
    );
    expect(Date.now() - cutAt).toBeLessThan(20_000);
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);

    await run.waitFor((e) => e.type === 'notification', 10_000, 'the notification');
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.events.filter((e) => e.type === 'notification')).toHaveLength(1);
    expect(await lab.countLeaks()).toBe(leaksBefore);
    const states = run.states();
    expect(states.indexOf('failing-over')).toBeGreaterThan(states.indexOf('connected'));
  });

  it('with hot standby, switches to the standby tunnel right after the drop', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    expect((await holdfast('settings', 'set', 'failover.hotStandby', 'true')).code).toBe(0);
    try {
      const run = connect('server-1');
      await run.waitForState('connected');
      await run.waitFor((e) => e.type === 'log' && /hot standby ready/.test(String(e.message)), 20_000, 'standby');
      const leaksBefore = await lab.countLeaks();
      startLoad(one.tunnelIp);
      await new Promise((r) => setTimeout(r, 1500));
      await lab.blackhole(one);
      const drop = await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop event');
      const landed = await run.waitFor(
        (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
        15_000,
        'connected to server-2',
      );
      expect(Date.parse(String(landed.at)) - Date.parse(String(drop.at))).toBeLessThan(3000);
      expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
      expect(await lab.countLeaks()).toBe(leaksBefore);
    } finally {
      await holdfast('settings', 'set', 'failover.hotStandby', 'false');
    }
  });

  it('never reports connected through a server that completes handshakes but freezes data', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    await lab.freezeDataAfterHandshake(one);
    const run = connect('server-1');
    await run.waitFor((e) => e.type === 'state' && e.state === 'connected', 60_000, 'connected');
    const connected = run.events.filter((e) => e.type === 'state' && e.state === 'connected');
    expect(connected.map((e) => e.profile)).toEqual(['server-2']);
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
  });

  it('notices a killed server process and lands on the other server', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const run = connect('server-1');
    await run.waitForState('connected');
    startLoad(one.tunnelIp);
    await lab.killServer(one);
    const drop = await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop event');
    // The server's kernel answers "port unreachable": Holdfast hears it rather than waiting out the silence.
    expect(drop).toMatchObject({ detectedBy: 'server-unreachable' });
    expect(Number(drop.detectedAfterMs)).toBeLessThan(3000);
    await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
      30_000,
      'server-2',
    );
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
  });

  it('keeps traffic blocked when the connect process is killed in the middle of failing over', async () => {
    const run = connect('server-1');
    await run.waitForState('connected');
    const leaksBefore = await lab.countLeaks();
    startLoad(lab.servers[0]!.tunnelIp);
    for (const server of lab.servers) await lab.blackhole(server);
    await run.waitForState('failing-over', 20_000);
    run.child.kill('SIGKILL');
    await run.exited;
    running = null;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      expect((await fetchPage(lab.outside.pageUrl)).stdout).not.toContain(lab.outside.pageText);
    }
    expect(await lab.countLeaks()).toBe(leaksBefore);
    expect((await holdfast('recover')).code).toBe(0);
    expect((await fetchPage(lab.outside.pageUrl)).stdout).toContain(lab.outside.pageText);
  });

  it('keeps traffic blocked after the connect process is killed, until `holdfast recover`', async () => {
    const run = connect('server-1');
    await run.waitForState('connected');
    const leaksBefore = await lab.countLeaks();
    run.child.kill('SIGKILL');
    await run.exited;
    running = null;
    for (let i = 0; i < 5; i += 1) {
      expect((await fetchPage(lab.outside.pageUrl)).stdout).not.toContain(lab.outside.pageText);
    }
    expect(await lab.countLeaks()).toBe(leaksBefore);

    const status = await holdfast('status');
    expect(status.stdout).toMatch(/Not connected/);
    expect(status.stdout).toMatch(/holdfast recover/);
    const recovered = await holdfast('recover');
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toMatch(/kill switch/);
    expect((await fetchPage(lab.outside.pageUrl)).stdout).toContain(lab.outside.pageText);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});
