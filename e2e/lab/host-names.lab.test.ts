import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBenchLab, type BenchLab } from '../bench/bench-lab';
import { LineDecoder } from '../../main/core/net/ndjson';
import { NdjsonWatcher } from './cli-process';

// Servers named by host name, as providers ship them (WireGuard `Endpoint = name:port`, OpenVPN
// `remote name port`), with the kill switch on (the default). The names resolve only through a DNS server in
// the lab's router, which the kill switch blocks once it is up: Holdfast must look them up first, pin the
// addresses and fail over without asking DNS again, and nothing may leak.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
const PREFIX = 'hfdns';
const ROUTER_DNS = '10.200.0.1';

describe('servers named by host name, kill switch on', () => {
  let bench: BenchLab | undefined;
  let dns: ChildProcess | undefined;
  const questions: string[] = [];
  let dataDir = '';
  let running: NdjsonWatcher | null = null;

  const world = (): BenchLab => {
    if (!bench) throw new Error('the lab did not start');
    return bench;
  };
  const nameOf = (index: number) => `server-${index}.vpn.lab.test`;
  const fetchPage = (url: string) => world().lab.exec(world().lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    bench = await startBenchLab(cli, PREFIX);
    const { lab, fleet } = bench;
    const map = Object.fromEntries(lab.servers.map((s) => [nameOf(s.index), s.underlayIp]));
    dns = spawn(
      'ip',
      [
        'netns',
        'exec',
        lab.routerNs,
        process.execPath,
        path.join(import.meta.dirname, 'lab-dns-server.mjs'),
        ROUTER_DNS,
        JSON.stringify(map),
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      const decoder = new LineDecoder(
        4096,
        (line) => (line === 'ready' ? resolve() : questions.push(line)),
        () => undefined,
      );
      dns?.stdout?.on('data', (chunk: Buffer) => decoder.push(chunk));
      dns?.once('exit', (code) => reject(new Error(`the lab DNS server exited (${code})`)));
    });
    // The provider's files, with each server's address replaced by its name.
    const dir = path.join(lab.dir, 'named');
    await fs.mkdir(dir, { mode: 0o700 });
    const files: string[] = [];
    for (const server of lab.servers) {
      const wg = (await fs.readFile(server.wireguardConfPath, 'utf8')).replace(
        `Endpoint = ${server.underlayIp}:`,
        `Endpoint = ${nameOf(server.index)}:`,
      );
      expect(wg).toContain(nameOf(server.index));
      files.push(path.join(dir, `${server.name}-wg.conf`));
      await fs.writeFile(files.at(-1)!, wg);
    }
    for (const entry of fleet.entries.filter((e) => e.proto === 'udp')) {
      const ovpn = (await fs.readFile(entry.ovpnPath, 'utf8')).replace(
        `remote ${entry.server.underlayIp} `,
        `remote ${nameOf(entry.server.index)} `,
      );
      expect(ovpn).toContain(nameOf(entry.server.index));
      files.push(path.join(dir, `${entry.server.name}-udp.ovpn`));
      await fs.writeFile(files.at(-1)!, ovpn);
    }
    dataDir = path.join(lab.dir, 'data');
    expect((await bench.holdfast(dataDir, ['import', ...files])).code).toBe(0);
    // The lab's servers live in private ranges; a real server on a LAN needs the same setting.
    for (const [key, value] of [
      ['killSwitch.allowPrivateServerAddresses', 'true'],
      ['failover.quietWindowMs', '0'],
    ]) {
      expect((await bench.holdfast(dataDir, ['settings', 'set', key!, value!])).code).toBe(0);
    }
  }, 240_000);

  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGINT');
      await running.exited;
    }
    running = null;
    await world().lab.restoreAll();
    await world().holdfast(dataDir, ['recover']);
  });

  afterAll(async () => {
    dns?.kill('SIGKILL');
    await bench?.stop();
  });

  const connect = (profileId: string): NdjsonWatcher => {
    const { lab, fleet } = world();
    const args = [cli, '--data-dir', dataDir, '--credentials', fleet.credentialsPath, 'connect', '--json', profileId];
    running = new NdjsonWatcher(lab.spawnInClient(process.execPath, args));
    return running;
  };

  /** Connects by name, checks the tunnel carries the page, cuts the server off and expects the other one. */
  async function connectAndFailOver(start: string, other: (id: unknown) => boolean): Promise<void> {
    const { lab } = world();
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const asked = questions.length;
    const run = connect(start);
    await run.waitForState('connected', 60_000);
    expect(questions.slice(asked).some((q) => q.includes(nameOf(one.index)))).toBe(true);
    const leaksBefore = await lab.countLeaks();
    await lab.blackhole(one);
    await run.waitFor((e) => e.type === 'drop', 20_000, 'a drop event');
    const landed = await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && other(e.profile),
      60_000,
      'the other server',
    );
    // The page that exists only behind the tunnel it landed on.
    const behind = String(landed.profile).endsWith('-wg')
      ? { pageUrl: two.pageUrl, pageText: two.pageText }
      : world().fleet.entries.find((e) => e.server === two && e.proto === 'udp')!.openvpn;
    expect((await fetchPage(behind.pageUrl)).stdout).toContain(behind.pageText);
    expect(await lab.countLeaks()).toBe(leaksBefore);
    expect(
      run.events.some((e) => e.type === 'log' && /name resolution|could not be looked up/i.test(String(e.message))),
    ).toBe(false);
  }

  it('WireGuard `Endpoint = name:port` connects and fails over with 0 leaks', async () => {
    await connectAndFailOver('server-1-wg', (id) => typeof id === 'string' && id.startsWith('server-2'));
  });

  it('OpenVPN `remote name port` connects and fails over with 0 leaks', async () => {
    await connectAndFailOver('server-1-udp', (id) => typeof id === 'string' && id.startsWith('server-2'));
  });
});
