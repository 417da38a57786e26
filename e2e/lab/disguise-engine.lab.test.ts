import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { snapshotNetns, startLab, type Lab } from './lab';
import { sleep } from './lab-commands';
import { LabCensor } from './lab-censor';
import { startObfs4Server, startShadowsocksServer, startTlsServer } from './lab-disguise-servers';
import { OPENVPN_TCP_PORT, startOpenVpnFleet, type OpenVpnFleet } from './lab-openvpn-fleet';

// The engine against a censor that recognises WireGuard and OpenVPN by their bytes, end to end: the built CLI
// in the client namespace, two servers each offering WireGuard, OpenVPN (UDP and TCP) and the three disguises.
// Assertions are about traffic (which page answers), the events the user is told, leaks and leftovers.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
const SS_PORT = 8388;
const TLS_PORT = 8443;
const OBFS4_PORT = 9443;

type Event = Record<string, unknown>;

describe('disguised routes chosen by the engine (CLI)', () => {
  let lab: Lab;
  let fleet: OpenVpnFleet;
  let censor: LabCensor;
  let template: string;
  let dataDir: string;
  let baseline: string;
  let running: NdjsonWatcher | null = null;
  const daemons: ChildProcess[] = [];
  const track = (child: ChildProcess): void => void daemons.push(child);

  const holdfast = (dir: string, ...args: string[]) =>
    lab.exec(lab.clientNs, 'node', [cli, '--data-dir', dir, ...args], { timeoutMs: 60_000 });
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);
  const connect = (profileId: string) => {
    const args = [cli, '--data-dir', dataDir, '--credentials', fleet.credentialsPath, 'connect', '--json', profileId];
    running = new NdjsonWatcher(lab.spawnInClient('node', args));
    return running;
  };
  /** A fresh copy of the imported profiles and disguises: no memory carries over unless a test wants it. */
  const freshData = async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'dse-data-'));
    await cp(template, dataDir, { recursive: true });
  };
  const connectedEvent = (run: NdjsonWatcher, after = 0) =>
    run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && run.events.indexOf(e) >= after,
      40_000,
      'connected',
    );
  /** The page behind whichever server and protocol the connection landed on. */
  const pageOf = (profileId: string): { url: string; text: string } => {
    const entry = fleet.entries.find((e) => profileId === `${e.server.name}-${e.proto}`);
    if (entry) return { url: entry.openvpn.pageUrl, text: entry.openvpn.pageText };
    const server = lab.servers.find((s) => s.name === profileId)!;
    return { url: server.pageUrl, text: server.pageText };
  };
  /** The client's disguise programs: they run as nobody, the lab's disguise servers as root. */
  /**
   * The client's disguise programs still running: they run as nobody, the lab's disguise servers as root. A
   * program ended after its parent was killed stays a zombie until the machine's init reaps it: not running.
   */
  const disguisePids = async (): Promise<string[]> => {
    const found = await lab.exec(lab.clientNs, 'ps', ['-u', 'nobody', '-o', 'pid=,stat=,comm=']);
    const programs = /^(ss-tunnel|ss-local|stunnel4|obfs4proxy)$/;
    return found.stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, stat, comm]) => stat !== undefined && !stat.startsWith('Z') && programs.test(comm ?? ''))
      .map(([pid]) => pid ?? '');
  };
  const routeOf = (event: Event) => event.route as { disguise: { kind: string; server: string }; why: string };

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'dse', servers: 2 });
    fleet = await startOpenVpnFleet(lab);
    censor = new LabCensor(lab.routerNs);
    await censor.install();
    const behind = { host: '127.0.0.1', port: OPENVPN_TCP_PORT };
    const lines: string[] = ['# the lab provider: a Shadowsocks link, a TLS line and an obfs4 bridge per server'];
    for (const server of lab.servers) {
      const ss = await startShadowsocksServer(server.ns, server.underlayIp, lab.dir, track, SS_PORT);
      const tls = await startTlsServer(server.ns, server.underlayIp, TLS_PORT, behind, lab.dir, track);
      const obfs4 = await startObfs4Server(server.ns, server.underlayIp, OBFS4_PORT, behind, lab.dir, track);
      lines.push(ss.uri, tls.line, obfs4.line);
      await lab.addEndpoints(
        [
          { proto: 'udp' as const, port: SS_PORT },
          { proto: 'tcp' as const, port: SS_PORT },
          { proto: 'tcp' as const, port: TLS_PORT },
          { proto: 'tcp' as const, port: OBFS4_PORT },
        ].map((e) => ({ ip: server.underlayIp, ...e })),
      );
    }
    template = await mkdtemp(path.join(tmpdir(), 'dse-template-'));
    const disguises = path.join(lab.dir, 'disguises.txt');
    await writeFile(disguises, `${lines.join('\n')}\n`, { mode: 0o600 });
    const files = [...lab.servers.map((s) => s.wireguardConfPath), ...fleet.entries.map((e) => e.ovpnPath)];
    const imported = await holdfast(template, 'import', ...files, disguises);
    expect(imported.code, imported.stderr).toBe(0);
    const listed = await holdfast(template, 'servers', 'disguises', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const listing = JSON.parse(listed.stdout) as { byServer: Record<string, unknown[]>; unattached: unknown[] };
    // Each server's three disguises followed it by host.
    expect(Object.values(listing.byServer).map((list) => list.length)).toEqual([3, 3]);
    expect((await holdfast(template, 'settings', 'set', 'failover.quietWindowMs', '0')).code).toBe(0);
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      expect((await running.exited).code).toBe(0);
    }
    running = null;
    await censor.off();
    await lab.restoreAll();
    // Disconnecting left nothing: no disguise program, no journal, the namespace as it was.
    expect(await disguisePids()).toEqual([]);
    expect((await readdir(path.join(dataDir, 'runtime'))).filter((f) => f.startsWith('journal-'))).toEqual([]);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect((await readdir(tmpdir())).filter((f) => f.startsWith('holdfast-obfs4-'))).toEqual([]);
    await rm(dataDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await fleet?.stop();
    for (const child of daemons) if (child.exitCode === null) child.kill('SIGTERM');
    await lab?.stop();
    if (template) await rm(template, { recursive: true, force: true });
  });

  it('censor on before the first connect: connects through a disguise, says so, and leaks nothing', async () => {
    await freshData();
    await censor.on();
    const leaksBefore = await lab.countLeaks();
    const started = Date.now();
    const run = connect('server-1');
    const connected = await connectedEvent(run);
    const elapsed = Date.now() - started;
    const route = routeOf(connected);
    expect(route.why).toBe('blocked');
    expect(String(connected.reason)).toMatch(/blocks VPN protocols; connected through a disguised route/);
    const page = pageOf(String(connected.profile));
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
    // The censor saw and cut the plain attempts; the disguised route passed it untouched.
    expect(await censor.dropped()).toBeGreaterThan(0);
    const security = run.events.filter((e) => e.type === 'security').at(-1);
    expect(security?.disguise).toMatchObject({ kind: route.disguise.kind });
    // While disguised, the kill switch lets through the disguise server's port, not the VPN's own ports.
    const rules = (await lab.exec(lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).stdout;
    const disguisePort = route.disguise.server.split(':').at(-1)!;
    expect(rules).toContain(`dport ${disguisePort}`);
    expect(rules).not.toMatch(/dport (51820|1194|443)\b/);
    expect(await lab.countLeaks()).toBe(leaksBefore);
    expect(elapsed).toBeLessThan(30_000);
  });

  it('the same network connecting again starts disguised at once', async () => {
    await freshData();
    await censor.on();
    const first = connect('server-1');
    const landed = await connectedEvent(first);
    expect(routeOf(landed).why).toBe('blocked');
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    const again = connect('server-1');
    const connected = await connectedEvent(again);
    expect(routeOf(connected)).toMatchObject({ why: 'remembered', disguise: routeOf(landed).disguise });
    // Straight onto the disguise that worked: no plain attempt first.
    expect(again.events.filter((e) => e.type === 'drop' || e.type === 'failover')).toEqual([]);
  });

  it('censor switching on mid-session: a drop, then a disguised route within seconds', async () => {
    await freshData();
    const run = connect('server-1');
    const plain = await connectedEvent(run);
    expect(plain.route).toBeUndefined();
    const leaksBefore = await lab.countLeaks();
    const load = lab.spawnInClient('ping', ['-n', '-i', '0.2', '-W', '1', lab.servers[0]!.tunnelIp]);
    try {
      await sleep(1000);
      const cutAt = Date.now();
      const seen = run.events.length;
      await censor.on();
      await run.waitFor((e) => e.type === 'drop', 15_000, 'a drop');
      const connected = await connectedEvent(run, seen);
      expect(routeOf(connected).why).toBe('blocked');
      expect(Date.now() - cutAt).toBeLessThan(20_000);
      const page = pageOf(String(connected.profile));
      expect((await fetchPage(page.url)).stdout).toContain(page.text);
      expect(await lab.countLeaks()).toBe(leaksBefore);
    } finally {
      load.kill('SIGKILL');
    }
  });

  it('censor on and UDP blocked everywhere: only a disguise over TCP carries the tunnel', async () => {
    await freshData();
    await censor.on();
    await lab.blockUdp('all');
    const leaksBefore = await lab.countLeaks();
    const run = connect('server-1');
    const connected = await connectedEvent(run);
    expect(String(connected.profile)).toMatch(/-tcp$/);
    expect(routeOf(connected).why).toBe('blocked');
    const page = pageOf(String(connected.profile));
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
    expect(await lab.countLeaks()).toBe(leaksBefore);
  });

  for (const kind of ['tls', 'obfs4'] as const) {
    it(`with only ${kind} in the disguise order, OpenVPN over TCP gets through inside it`, async () => {
      await freshData();
      expect((await holdfast(dataDir, 'settings', 'set', 'disguise.order', kind)).code).toBe(0);
      await censor.on();
      const leaksBefore = await lab.countLeaks();
      const run = connect('server-1');
      const connected = await connectedEvent(run);
      expect(String(connected.profile)).toMatch(/-tcp$/);
      expect(routeOf(connected)).toMatchObject({ why: 'blocked', disguise: { kind } });
      const page = pageOf(String(connected.profile));
      expect((await fetchPage(page.url)).stdout).toContain(page.text);
      expect(await disguisePids()).toHaveLength(1);
      expect(await lab.countLeaks()).toBe(leaksBefore);
      run.child.kill('SIGINT');
      expect((await run.exited).code).toBe(0);

      // Again on this network, the same WireGuard profile picked: ${kind} cannot carry it, so the connect starts
      // on the same server's OpenVPN over TCP inside ${kind}, not on a plain attempt the censor swallows.
      const again = connect('server-1');
      const remembered = await connectedEvent(again);
      expect(String(remembered.profile)).toBe(String(connected.profile));
      expect(routeOf(remembered)).toMatchObject({ why: 'remembered', disguise: { kind } });
      expect(again.events.filter((e) => e.type === 'drop' || e.type === 'failover')).toEqual([]);
      expect(await lab.countLeaks()).toBe(leaksBefore);
    });
  }

  it('a crash of Holdfast leaves the disguise behind for `holdfast recover` to end, with its route', async () => {
    await freshData();
    await censor.on();
    const run = connect('server-1');
    await connectedEvent(run);
    expect(await disguisePids()).toHaveLength(1);
    run.child.kill('SIGKILL');
    await run.exited;
    running = null;
    const recovered = await holdfast(dataDir, 'recover');
    expect(recovered.code, recovered.stderr).toBe(0);
    // afterEach asserts the rest: no disguise program, no journal, the namespace as it was.
  });

  it('a disguise program killed is a drop, noticed at once, and the connection comes back disguised', async () => {
    await freshData();
    await censor.on();
    const run = connect('server-1');
    await connectedEvent(run);
    const pids = await disguisePids();
    expect(pids).toHaveLength(1);
    const seen = run.events.length;
    await lab.exec(lab.clientNs, 'kill', ['-9', pids[0]!]);
    const drop = await run.waitFor((e) => e.type === 'drop', 10_000, 'a drop');
    expect(drop.detectedBy).toBe('tunnel-exited');
    expect(Number(drop.detectedAfterMs)).toBeLessThan(2000);
    const connected = await connectedEvent(run, seen);
    expect(routeOf(connected).disguise).toBeDefined();
    const page = pageOf(String(connected.profile));
    expect((await fetchPage(page.url)).stdout).toContain(page.text);
  });
});
