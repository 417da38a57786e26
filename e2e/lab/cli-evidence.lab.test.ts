import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { startLab, type Lab } from './lab';
import { filterTunnel, startResolver, unfilterTunnel, writeBareConf } from './lab-shapes';

// Profiles and servers shaped as users meet them: WireGuard files without a DNS line and with a single /32
// address, servers that drop pings arriving through their tunnel (one runs a resolver), and a server that
// answers nothing at all through its tunnel. Each must connect, say how it was checked, and be left within
// seconds when it goes dark, leaking nothing.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
describe('connecting and watching profiles with little to check', () => {
  let lab: Lab;
  let dataDir: string;
  let resolverDataDir: string;
  let running: NdjsonWatcher | null = null;
  let load: ChildProcess | null = null;
  let resolvers: ChildProcess[] = [];

  const holdfastIn = (dir: string[], ...args: string[]) => lab.exec(lab.clientNs, 'node', [cli, ...dir, ...args]);
  const holdfast = (...args: string[]) => holdfastIn(['--data-dir', dataDir], ...args);
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);
  const connect = (id: string, dir = dataDir) => {
    running = new NdjsonWatcher(lab.spawnInClient('node', [cli, '--data-dir', dir, 'connect', '--json', id]));
    return running;
  };
  const startLoad = (target: string) => {
    load = lab.spawnInClient('ping', ['-n', '-i', '0.2', '-W', '1', target]);
  };
  const setFailover = async (on: boolean) => {
    expect((await holdfast('settings', 'set', 'failover.enabled', String(on))).code).toBe(0);
  };
  const checkOf = async (dir = dataDir): Promise<Record<string, unknown>> => {
    const status = await holdfastIn(['--data-dir', dir], 'status', '--json');
    const snap = JSON.parse(status.stdout) as { live?: { check?: Record<string, unknown> } };
    return snap.live?.check ?? {};
  };
  const waitForCheck = async (dir = dataDir): Promise<Record<string, unknown>> => {
    // The check rides on the live counters, which the first status poll fills in.
    for (let i = 0; i < 20; i += 1) {
      const check = await checkOf(dir);
      if (check.strength) return check;
      await new Promise((r) => setTimeout(r, 250));
    }
    return checkOf(dir);
  };

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'hfev', servers: 2 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfev-data-'));
    resolverDataDir = await mkdtemp(path.join(tmpdir(), 'hfev-resolver-'));
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const bare = [await writeBareConf(one, lab.dir, 'bare-1'), await writeBareConf(two, lab.dir, 'bare-2')];
    // Two profiles with the same key on one server would fight over its single peer while racing, so the
    // server-2 profile (same key as bare-2) lives in a data folder of its own.
    expect((await holdfast('import', ...bare, one.wireguardConfPath)).code).toBe(0);
    expect((await holdfast('settings', 'set', 'failover.quietWindowMs', '0')).code).toBe(0);
    const resolverOnly = ['--data-dir', resolverDataDir];
    expect((await holdfastIn(resolverOnly, 'import', one.wireguardConfPath, two.wireguardConfPath)).code).toBe(0);
    expect((await holdfastIn(resolverOnly, 'settings', 'set', 'failover.quietWindowMs', '0')).code).toBe(0);
    resolvers = [await startResolver(one), await startResolver(two)];
  });

  beforeEach(async () => {
    for (const server of lab.servers) await filterTunnel(server, 'no-ping');
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
    for (const server of lab.servers) await unfilterTunnel(server);
    await holdfast('recover');
  });

  afterAll(async () => {
    for (const child of resolvers) child.kill('SIGKILL');
    await lab?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (resolverDataDir) await rm(resolverDataDir, { recursive: true, force: true });
  });

  it('connects a /32 profile without DNS to a server that drops pings, with failover off', async () => {
    await setFailover(false);
    try {
      const one = lab.servers[0]!;
      const leaksBefore = await lab.countLeaks();
      const run = connect('bare-1');
      await run.waitForState('connected', 30_000);
      expect(
        run.events.some(
          (e) => e.type === 'log' && /data verified: a TCP answer from 10\.99\.1\.1/.test(String(e.message)),
        ),
      ).toBe(true);
      expect(await waitForCheck()).toEqual({
        strength: 'data-verified',
        evidence: { kind: 'tcp-answer', address: '10.99.1.1', role: 'likely-gateway' },
      });
      expect((await fetchPage(one.pageUrl)).stdout).toContain(one.pageText);
      expect(await lab.countLeaks()).toBe(leaksBefore);
    } finally {
      await setFailover(true);
    }
  });

  it('connects to a server that drops pings on its resolver answering, with failover off', async () => {
    await setFailover(false);
    try {
      const run = connect('server-1');
      await run.waitForState('connected', 30_000);
      // The resolver answers a DNS query and accepts TCP 53; whichever comes back first is the evidence.
      const check = await waitForCheck();
      expect(check).toMatchObject({
        strength: 'data-verified',
        evidence: { address: '10.99.1.1', role: 'tunnel-dns' },
      });
      expect(['dns-answer', 'tcp-answer']).toContain((check.evidence as { kind: string }).kind);
    } finally {
      await setFailover(true);
    }
  });

  it('leaves a blackholed /32 server within seconds for another that drops pings, leaking nothing', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const run = connect('bare-1');
    await run.waitForState('connected', 30_000);
    const leaksBefore = await lab.countLeaks();
    // Pings through the tunnel go unanswered here: the tunnel's own check keeps vouching for it.
    startLoad(one.tunnelIp);
    await new Promise((r) => setTimeout(r, 1500));
    const cutAt = Date.now();
    await lab.blackhole(one);
    const drop = await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop event');
    expect(Number(drop.detectedAfterMs)).toBeLessThanOrEqual(4000);
    await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'bare-2',
      30_000,
      'connected to bare-2',
    );
    expect(Date.now() - cutAt).toBeLessThan(20_000);
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
    expect(await lab.countLeaks()).toBe(leaksBefore);
  });

  it('connects on the handshake alone to a server that answers nothing, says so, and still notices it die', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    await filterTunnel(one, 'silent');
    const run = connect('bare-1');
    await run.waitForState('connected', 30_000);
    expect(await waitForCheck()).toEqual({ strength: 'handshake-only' });
    // Idle and unanswerable is not dead, nor is the link's own chatter: the kernel's router solicitations
    // (48 bytes, 4 s after the link came up) and a few small pings that nothing answers.
    await lab.exec(lab.clientNs, 'ping', ['-c', '3', '-i', '0.5', '-s', '16', '-W', '1', one.tunnelIp]);
    await new Promise((r) => setTimeout(r, 4000));
    expect(run.events.filter((e) => e.type === 'drop')).toEqual([]);
    const leaksBefore = await lab.countLeaks();
    const cutAt = Date.now();
    await lab.blackhole(one);
    startLoad(one.tunnelIp);
    const drop = await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop event');
    // Idle before the cut, so the time since the last answer says little: count from the cut.
    expect(Date.parse(String(drop.at)) - cutAt).toBeLessThanOrEqual(4000);
    await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'bare-2',
      30_000,
      'connected to bare-2',
    );
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
    expect(await lab.countLeaks()).toBe(leaksBefore);
  });

  it('fails over to a server that answers only DNS through its tunnel, checked by TCP 53 while racing', async () => {
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    await filterTunnel(two, 'dns-only');
    const run = connect('server-1', resolverDataDir);
    await run.waitForState('connected', 30_000);
    const leaksBefore = await lab.countLeaks();
    startLoad(one.tunnelIp);
    await new Promise((r) => setTimeout(r, 1500));
    const cutAt = Date.now();
    await lab.blackhole(one);
    const landed = await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
      30_000,
      'connected to server-2',
    );
    expect(Date.parse(String(landed.at)) - cutAt).toBeLessThan(10_000);
    const check = await waitForCheck(resolverDataDir);
    expect(check).toMatchObject({ strength: 'data-verified', evidence: { address: '10.99.2.1', role: 'tunnel-dns' } });
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);
    expect(await lab.countLeaks()).toBe(leaksBefore);
  });
});
