import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_NEEDS_ADMIN } from '../../main/core/system/helper/privileged-backend-choice';
import { DEFAULT_HELPER_DIR } from '../../main/core/system/helper/socket-dir';
import { NdjsonWatcher } from './cli-process';
import {
  createLabUser,
  installSudoersRule,
  removeLabUser,
  removeSudoersRule,
  userDir,
  type LabUser,
} from './helper-cli-user';
import { snapshotNetns, startLab, type Lab } from './lab';
import { waitUntil } from './lab-commands';

// The CLI run by an unprivileged user: `holdfast connect` starts the privileged helper with `sudo -n`,
// allowed by a sudoers rule for exactly that command, and every privileged step (tunnel, routes, DNS,
// probes, the kill switch) goes through it. Without the rule it refuses plainly and changes nothing.
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'out/main/cli.js');
const helperScript = path.join(root, 'out/helper/helper-main.mjs');
describe('the CLI as an unprivileged user, through the privileged helper', () => {
  let lab: Lab;
  let user: LabUser;
  let home: string;
  let dataDir: string;
  let baseline: string;
  let helperDirExisted = false;
  const runs: NdjsonWatcher[] = [];

  /** `holdfast ...` as the lab user inside the client namespace. */
  const asUser = (...args: string[]) => [
    'runuser',
    '-u',
    user.name,
    '--',
    process.execPath,
    cli,
    '--data-dir',
    dataDir,
    ...args,
  ];
  const holdfast = (...args: string[]) => {
    const [cmd = '', ...rest] = asUser(...args);
    return lab.exec(lab.clientNs, cmd, rest, { timeoutMs: 60_000 });
  };
  const connect = (id: string) => {
    const [cmd = '', ...rest] = asUser('connect', '--json', id);
    const run = new NdjsonWatcher(lab.spawnInClient(cmd, rest));
    runs.push(run);
    return run;
  };
  const fetchPage = (url: string) => lab.exec(lab.clientNs, 'curl', ['-s', '--max-time', '3', url]);
  const helperRecords = async () =>
    (await fs.readdir(DEFAULT_HELPER_DIR).catch(() => [] as string[])).filter((f) => /^helper-\d+\.json$/.test(f));

  const recordsText = async () => {
    const names = await helperRecords();
    const texts = await Promise.all(names.map((n) => fs.readFile(path.join(DEFAULT_HELPER_DIR, n), 'utf8')));
    return texts.join('\n') + (texts.length ? `\nCLI stderr: ${runs.map((r) => r.stderr).join('\n')}` : '');
  };

  beforeAll(async () => {
    for (const built of [cli, helperScript]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
    }
    helperDirExisted = existsSync(DEFAULT_HELPER_DIR);
    lab = await startLab({ prefix: 'hfh', servers: 2 });
    user = await createLabUser();
    home = await userDir(user, await fs.mkdtemp(path.join(tmpdir(), 'hfh-home-')));
    dataDir = path.join(home, 'data');
    // The profiles as a user would have them: files in their own folder.
    const confs: string[] = [];
    for (const server of lab.servers) {
      const copy = path.join(home, path.basename(server.wireguardConfPath));
      await fs.copyFile(server.wireguardConfPath, copy);
      await fs.chown(copy, user.uid, user.gid);
      confs.push(copy);
    }
    const imported = await holdfast('import', ...confs);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    await holdfast('settings', 'set', 'failover.quietWindowMs', '0');
    await waitUntil(async () => !(await snapshotNetns(lab.clientNs)).includes('tentative'), 10_000, 250);
    baseline = await snapshotNetns(lab.clientNs);
  });

  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        await holdfast('disconnect');
        await run.exited;
      }
    }
    await lab.restoreAll();
  });

  afterAll(async () => {
    // Removed even when a case failed: the rule would otherwise outlive the test.
    await removeSudoersRule();
    await lab?.stop();
    if (user) await removeLabUser();
    if (home) await fs.rm(home, { recursive: true, force: true });
    if (!helperDirExisted) await fs.rm(DEFAULT_HELPER_DIR, { recursive: true, force: true });
  });

  it('without a sudoers rule, refuses plainly before changing anything', async () => {
    const result = await holdfast('connect', '--json', 'server-1');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(CLI_NEEDS_ADMIN);
    expect(result.stderr).toMatch(/without a password/);
    expect(result.stdout).not.toMatch(/"state":"connecting"/);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('connects through the helper, carries traffic, disconnects and leaves the namespace as it was', async () => {
    await installSudoersRule(user, [process.execPath, helperScript, '--uid', String(user.uid)]);
    const server = lab.servers[0]!;
    expect((await fetchPage(server.pageUrl)).stdout).not.toContain(server.pageText);

    const run = connect('server-1');
    const connected = await run.waitForState('connected');
    expect(connected.profile).toBe('server-1');
    expect((await fetchPage(server.pageUrl)).stdout).toContain(server.pageText);

    // The CLI runs as the user; the tunnel is the helper's, which runs as root for that user only.
    expect(await uidOf(run.child.pid!, 'node')).toBe(user.uid);
    const records = await helperRecords();
    expect(records).toHaveLength(1);
    const record = JSON.parse(await fs.readFile(path.join(DEFAULT_HELPER_DIR, records[0]!), 'utf8')) as {
      pid: number;
      uid: number;
      socket: string;
      tunnels: string[];
    };
    expect(record.uid).toBe(user.uid);
    expect(record.tunnels).toHaveLength(1);
    expect(await uidOfProcess(record.pid)).toBe(0);
    const socket = await fs.stat(record.socket);
    expect([socket.uid, socket.mode & 0o777]).toEqual([user.uid, 0o600]);

    // The kill switch went through the helper too (only root can list nftables).
    expect((await lab.exec(lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).code).toBe(0);

    const status = await holdfast('status', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'connected', live: { interfaceName: record.tunnels[0] } });

    expect((await holdfast('disconnect')).code).toBe(0);
    expect((await run.exited).code).toBe(0);
    expect(run.states().at(-1)).toBe('disconnected');
    // The helper exits with its app once no tunnel is up, and removes its record.
    expect(await waitUntil(async () => (await helperRecords()).length === 0, 10_000)).toBe(true);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('fails over through the helper when the server is cut off', async () => {
    await installSudoersRule(user, [process.execPath, helperScript, '--uid', String(user.uid)]);
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const run = connect('server-1');
    await run.waitForState('connected');
    await lab.blackhole(one);
    const moved = await run.waitFor((e) => e.type === 'failover', 45_000, 'a failover event');
    expect(moved).toMatchObject({ from: 'Server 1', to: 'Server 2' });
    await run.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
      30_000,
      'connected to server-2',
    );
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);

    // (Not a signal: runuser answers SIGTERM by killing its child after two seconds.)
    expect((await holdfast('disconnect')).code).toBe(0);
    expect((await run.exited).code).toBe(0);
    expect(await waitUntil(async () => (await helperRecords()).length === 0, 10_000)).toBe(true);
    await lab.restoreAll();
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it('a killed CLI leaves its helper carrying the tunnel; the next connect stops it and takes over', async () => {
    await installSudoersRule(user, [process.execPath, helperScript, '--uid', String(user.uid)]);
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const first = connect('server-1');
    await first.waitForState('connected');
    const cliPid = await pidOf(first.child.pid!, 'node');
    expect(cliPid).toBeDefined();
    process.kill(cliPid!, 'SIGKILL');
    await first.exited;

    // The helper noticed its app is gone and keeps the connection (and the kill switch) up.
    const orphanFile = async () => {
      for (const name of await helperRecords()) {
        const record = JSON.parse(await fs.readFile(path.join(DEFAULT_HELPER_DIR, name), 'utf8')) as {
          pid: number;
          appGone: boolean;
        };
        if (record.appGone) return record;
      }
      return undefined;
    };
    expect(await waitUntil(async () => (await orphanFile()) !== undefined, 10_000)).toBe(true);
    const orphan = (await orphanFile())!;
    expect((await fetchPage(one.pageUrl)).stdout).toContain(one.pageText);

    const second = connect('server-2');
    await second.waitFor(
      (e) => e.type === 'state' && e.state === 'connected' && e.profile === 'server-2',
      45_000,
      'connected to server-2',
    );
    expect(second.stderr).toMatch(/A previous Holdfast session that ended unexpectedly is still connected/);
    expect(second.stderr).toMatch(/Stopped the connection a previous Holdfast session left running/);
    expect(await uidOfProcess(orphan.pid)).toBeUndefined();
    expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);

    expect((await holdfast('disconnect')).code).toBe(0);
    expect((await second.exited).code).toBe(0);
    await waitUntil(async () => (await helperRecords()).length === 0, 10_000);
    expect(await recordsText()).toBe('');
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });

  it("another data folder cannot take, lift or replace the user's connection; root may take it over", async () => {
    await installSudoersRule(user, [process.execPath, helperScript, '--uid', String(user.uid)]);
    const [one, two] = [lab.servers[0]!, lab.servers[1]!];
    const rootData = await fs.mkdtemp(path.join(tmpdir(), 'hfh-root-'));
    const asRoot = (...args: string[]) =>
      lab.exec(lab.clientNs, process.execPath, [cli, '--data-dir', rootData, ...args], { timeoutMs: 60_000 });
    try {
      expect((await asRoot('import', one.wireguardConfPath, two.wireguardConfPath)).code).toBe(0);
      const users = connect('server-1');
      await users.waitForState('connected');

      const refused = await asRoot('connect', 'server-2');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(`held by \`holdfast connect\` \\(process \\d+, user uid ${user.uid}, since .*, server Server 1\\)`),
      );
      // `recover` from the other folder may not lift the kill switch that protects the user's session.
      const recover = await asRoot('recover');
      expect(recover.code).toBe(1);
      expect(recover.stderr).toMatch(/held by `holdfast connect`/);
      expect((await lab.exec(lab.clientNs, 'nft', ['list', 'table', 'inet', 'holdfast'])).code).toBe(0);
      expect((await fetchPage(one.pageUrl)).stdout).toContain(one.pageText);
      expect(users.events.filter((e) => e.type === 'drop')).toEqual([]);

      const takeOver = new NdjsonWatcher(
        lab.spawnInClient(process.execPath, [
          cli,
          '--data-dir',
          rootData,
          'connect',
          '--json',
          '--take-over',
          'server-2',
        ]),
      );
      runs.push(takeOver);
      await takeOver.waitForState('connected');
      await users.exited;
      // Its session ends in words: another session took the machine's connection over.
      expect(
        users.events.some(
          (e) =>
            e.type === 'state' &&
            e.state === 'failed' &&
            (e.error as { code?: string } | undefined)?.code === 'connection-held',
        ),
      ).toBe(true);
      expect((await fetchPage(two.pageUrl)).stdout).toContain(two.pageText);

      takeOver.child.kill('SIGINT');
      expect((await takeOver.exited).code).toBe(0);
      await waitUntil(async () => (await helperRecords()).length === 0, 10_000);
      // The records, with what every CLI wrote, in full: the story of a hand-over that left something behind.
      const left = await recordsText();
      expect(left, left).toBe('');
      expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
      expect(existsSync('/run/holdfast/owner.json')).toBe(false);
    } finally {
      // The root run is not reachable through the user's data folder: stop it here, whatever happened.
      for (const run of runs)
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGINT');
      await Promise.all(runs.map((r) => r.exited));
      await fs.rm(rootData, { recursive: true, force: true });
    }
  });

  it('refuses again once the rule is gone', async () => {
    await removeSudoersRule();
    const result = await holdfast('connect', 'server-2');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(CLI_NEEDS_ADMIN);
    expect(await snapshotNetns(lab.clientNs)).toBe(baseline);
  });
});

/** The process itself or its first descendant running `name` (runuser starts node as its child). */
async function pidOf(pid: number, name: string): Promise<number | undefined> {
  const queue = [pid];
  while (queue.length) {
    const current = queue.shift()!;
    const comm = (await fs.readFile(`/proc/${current}/comm`, 'utf8').catch(() => '')).trim();
    if (comm === name) return current;
    const children = await fs.readFile(`/proc/${current}/task/${current}/children`, 'utf8').catch(() => '');
    queue.push(...children.split(/\s+/).filter(Boolean).map(Number));
  }
  return undefined;
}

async function uidOf(pid: number, name: string): Promise<number | undefined> {
  const found = await pidOf(pid, name);
  return found === undefined ? undefined : uidOfProcess(found);
}

async function uidOfProcess(pid: number): Promise<number | undefined> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /^Uid:\s+(\d+)/m.exec(status);
  return match ? Number(match[1]) : undefined;
}
