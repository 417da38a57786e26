import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { snapshotNetns, startLab, type Lab } from './lab';

// The walking skeleton end to end: the built `holdfast` CLI imports the lab's WireGuard profiles, connects
// from the client namespace, carries traffic to a page that exists only behind the server, answers status
// and disconnect from another process, and leaves the namespace exactly as it found it.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
describe('holdfast CLI over WireGuard in the lab', () => {
  let lab: Lab;
  let dataDir: string;
  let baseline: string;
  const outputs: string[] = [];
  const watchers: NdjsonWatcher[] = [];

  const holdfast = async (...args: string[]) => {
    const result = await lab.exec(lab.clientNs, 'node', [cli, '--data-dir', dataDir, ...args]);
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  const connect = (...args: string[]) => {
    const watcher = new NdjsonWatcher(
      lab.spawnInClient('node', [cli, '--data-dir', dataDir, 'connect', '--json', ...args]),
    );
    watchers.push(watcher);
    return watcher;
  };
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '4', url]);

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'hfc', servers: 2 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfc-data-'));
    baseline = await settledSnapshot(lab.clientNs);
  });

  afterAll(async () => {
    await lab?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a profile with a PostUp hook, naming the file and line, and stores nothing', async () => {
    const server = lab.servers[0]!;
    const hostile = path.join(dataDir, '..', `${path.basename(dataDir)}-hook.conf`);
    const text = (await readFile(server.wireguardConfPath, 'utf8')).replace(
      '[Peer]',
      'PostUp = touch /tmp/hf-pwned\n\n[Peer]',
    );
    await writeFile(hostile, text);
    const result = await holdfast('import', hostile);
    await rm(hostile, { force: true });
    expect(result.code).toBe(2);
    const lineNo = text.split('\n').findIndex((l) => l.startsWith('PostUp')) + 1;
    expect(result.stdout + result.stderr).toContain(path.basename(hostile));
    expect(result.stdout + result.stderr).toMatch(new RegExp(`line ${lineNo}\\b`));
    expect(result.stdout + result.stderr).toMatch(/PostUp/);
    const list = await holdfast('list', '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('imports both servers and lists them', async () => {
    const result = await holdfast('import', ...lab.servers.map((s) => s.wireguardConfPath));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/imported server-1/);
    expect(result.stdout).toMatch(/imported server-2/);
    const list = JSON.parse((await holdfast('list', '--json')).stdout) as Array<{ id: string; kind: string }>;
    expect(list.map((p) => p.id).sort()).toEqual(['server-1', 'server-2']);
  });

  it('connects, carries traffic through the tunnel, answers status, disconnects and leaves no trace', async () => {
    const server = lab.servers[0]!;
    expect((await fetchPage(server.pageUrl)).stdout).not.toContain(server.pageText);
    const run = connect('server-1');
    const connected = await run.waitForState('connected');
    expect(connected.profile).toBe('server-1');
    expect(run.states()).toEqual(['connecting', 'connected']);
    for (const event of run.events) {
      expect(typeof event.type).toBe('string');
      expect(new Date(String(event.at)).toISOString()).toBe(event.at);
    }
    expect((await fetchPage(server.pageUrl)).stdout).toContain(server.pageText);

    const status = JSON.parse((await holdfast('status', '--json')).stdout) as {
      state: string;
      live: { rxBytes: number; txBytes: number; endpoint: string; handshakeAgeMs: number };
    };
    expect(status.state).toBe('connected');
    expect(status.live.rxBytes).toBeGreaterThan(0);
    expect(status.live.endpoint).toContain(server.underlayIp);
    expect(status.live.handshakeAgeMs).toBeLessThan(60_000);

    const before = await run.waitFor((e) => e.type === 'status', 5000, 'a status event');
    await fetchPage(server.pageUrl);
    await run.waitFor((e) => e.type === 'status' && Number(e.rxBytes) > Number(before.rxBytes), 5000, 'rx growing');

    expect((await holdfast('disconnect')).code).toBe(0);
    expect((await run.exited).code).toBe(0);
    expect(run.states().at(-1)).toBe('disconnected');
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
    expect(existsSync(path.join(dataDir, 'control.sock'))).toBe(false);
  });

  it('SIGTERM disconnects and cleans up', async () => {
    const run = connect('server-2');
    await run.waitForState('connected');
    expect((await fetchPage(lab.servers[1]!.pageUrl)).stdout).toContain(lab.servers[1]!.pageText);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('a second connect while one runs is refused plainly', async () => {
    const run = connect('server-1');
    await run.waitForState('connected');
    const second = await holdfast('connect', 'server-2');
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running/);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('the next connect cleans up what a killed connect left behind', async () => {
    const killed = connect('server-1');
    await killed.waitForState('connected');
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(await snapshotNetns(lab.clientNs)).not.toBe(baseline);

    const next = connect('server-2');
    await next.waitForState('connected');
    expect(next.events.some((e) => e.type === 'log' && /previous run/.test(String(e.message)))).toBe(true);
    expect((await fetchPage(lab.servers[1]!.pageUrl)).stdout).toContain(lab.servers[1]!.pageText);
    next.child.kill('SIGINT');
    expect((await next.exited).code).toBe(0);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('never writes a private key to output or to any file in the data dir', async () => {
    const secrets: string[] = [];
    for (const server of lab.servers) {
      const text = await readFile(server.wireguardConfPath, 'utf8');
      secrets.push(...[...text.matchAll(/^\s*(?:PrivateKey|PresharedKey)\s*=\s*(\S+)/gim)].map((m) => m[1]!));
    }
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const files = await listFiles(dataDir);
    const contents = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
    for (const secret of secrets) {
      const streams = watchers.flatMap((w) => [w.rawLines.join('\n'), w.stderr]);
      for (const text of [...outputs, ...streams]) expect(text).not.toContain(secret);
      const holding = files.filter((_, i) => contents[i]!.includes(secret));
      expect(holding).toEqual([]);
    }
    for (const file of files) expect((await stat(file)).mode & 0o077).toBe(0);
  });
});

/** IPv6 link-local addresses appear a moment after a link comes up: wait until the picture is stable. */
async function settledSnapshot(ns: string): Promise<string> {
  let previous = await snapshotNetns(ns);
  for (let i = 0; i < 10; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await snapshotNetns(ns);
    if (next === previous && !next.includes('tentative')) return next;
    previous = next;
  }
  return previous;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
