import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import { FakeDriver } from '../../testing/fake-driver';
import { helperCoreOptions } from './helper-backend';
import { HelperClient } from './helper-client';
import type { LaunchedHelper } from './helper-launcher';
import { HelperServer } from './helper-server';
import { HelperSupervisor } from './helper-supervisor';
import type { OrphanHelper } from './protocol';
import { storedWireGuard } from './test-support';
import { TunnelRegistry } from './tunnel-registry';

const TOKEN = 'sup_'.padEnd(43, 'y');
const left: OrphanHelper = { pid: 4242, uid: 1000, startedAt: 'yesterday', tunnels: ['hf1'], appGone: true };
const inUse: OrphanHelper = { pid: 5151, uid: 1000, startedAt: 'today', tunnels: ['hf2'], appGone: false };

let dir: string;
let socketPath: string;
let server: HelperServer;
let stopped: number[];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hfh-sup-'));
  socketPath = path.join(dir, 'helper.sock');
  stopped = [];
  server = new HelperServer({
    token: TOKEN,
    version: 'test',
    tunnels: new TunnelRegistry({ wireguard: new FakeDriver('wireguard') }, path.join(dir, 'runtime')),
    killSwitch: { apply: async () => undefined, clear: async () => undefined, isActive: async () => false },
    orphans: {
      list: async () => [left, inUse].filter((o) => !stopped.includes(o.pid)),
      stop: async (pid) => {
        stopped.push(pid);
        return true;
      },
    },
    probe: async () => true,
    onExit: () => undefined,
  });
  await server.listen(socketPath, process.getuid?.() ?? 0);
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

class FakeChild extends EventEmitter {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  constructor() {
    super();
    // The helper exits once its stdin closes (it has no tunnel in these tests).
    this.stdin.on('finish', () => {
      this.exitCode = 0;
      this.emit('exit', 0, null);
    });
  }
  kill(): boolean {
    return true;
  }
  unref(): void {}
}

/** Starts by connecting to the in-process server; `failures` first starts are refused like a dismissed dialog. */
function starter(failures = 0) {
  const children: FakeChild[] = [];
  let calls = 0;
  const start = async () => {
    calls += 1;
    if (calls <= failures) {
      throw new HoldfastError(
        'not-privileged',
        'Connecting needs administrator rights: administrator rights were not granted',
      );
    }
    const child = new FakeChild();
    children.push(child);
    const client = await HelperClient.connect(socketPath, TOKEN, { clientVersion: 'test', timeoutMs: 2000 });
    const helper: LaunchedHelper = {
      socket: socketPath,
      pid: 77,
      token: TOKEN,
      child: child as unknown as ChildProcess,
    };
    return { helper, client };
  };
  return { start, children, calls: () => calls };
}

describe('HelperSupervisor', () => {
  it('starts one helper for concurrent requests and reuses it', async () => {
    const s = starter();
    const supervisor = new HelperSupervisor(s.start);
    const [a, b] = await Promise.all([supervisor.client(), supervisor.client()]);
    expect(a).toBe(b);
    expect(await supervisor.client()).toBe(a);
    expect(s.calls()).toBe(1);
    await supervisor.close(1000);
    expect(s.children[0]?.stdin.writableEnded).toBe(true);
    expect(supervisor.current()).toBeUndefined();
  });

  it('remembers why a start failed, and tries again only when asked again', async () => {
    const s = starter(1);
    const supervisor = new HelperSupervisor(s.start);
    await expect(supervisor.client()).rejects.toThrow(/not granted/);
    expect(supervisor.problem).toMatch(/not granted/);
    expect(s.calls()).toBe(1);
    await supervisor.client();
    expect(supervisor.problem).toBeUndefined();
    expect(s.calls()).toBe(2);
    await supervisor.close(1000);
  });

  it('starts a new helper after the previous one has gone', async () => {
    const s = starter();
    const supervisor = new HelperSupervisor(s.start);
    const first = await supervisor.client();
    first.close();
    const second = await supervisor.client();
    expect(second).not.toBe(first);
    expect(s.calls()).toBe(2);
    await supervisor.close(1000);
  });
});

describe('helperCoreOptions', () => {
  it('reports orphans at start and stops only the one whose app is gone, just before its own tunnel', async () => {
    const reports: string[] = [];
    const supervisor = new HelperSupervisor(starter().start);
    const options = helperCoreOptions(supervisor, (level, message) => reports.push(`${level}: ${message}`));
    expect(options.privileged).toBe(true);
    expect(await options.drivers.wireguard?.preflight()).toEqual([]);
    expect(reports).toEqual([
      expect.stringMatching(
        /^warn: A previous Holdfast session that ended unexpectedly is still connected \(tunnel hf1/,
      ),
      expect.stringMatching(/^warn: Another Holdfast window or terminal of this user is connected \(tunnel hf2/),
    ]);
    expect(stopped).toEqual([]);

    const { profile, secrets } = storedWireGuard();
    const session = await options.drivers.wireguard!.start({ profile, secrets, runtimeDir: '/x' });
    expect(stopped).toEqual([4242]);
    expect(reports.at(-1)).toMatch(/^info: Stopped the connection a previous Holdfast session left running/);
    expect(await options.probe('10.0.0.1', 1000, session.interfaceName)).toBe(true);
    await session.stop();
    await options.drivers.wireguard!.start({ profile, secrets, runtimeDir: '/x' });
    expect(stopped).toEqual([4242]);
    await supervisor.close(1000);
  });

  it('turns a refused start into a not-privileged preflight problem, before anything changes', async () => {
    const supervisor = new HelperSupervisor(starter(5).start);
    const options = helperCoreOptions(supervisor, () => undefined);
    expect(await options.drivers.openvpn?.preflight()).toEqual([
      {
        code: 'not-privileged',
        message: 'Connecting needs administrator rights: administrator rights were not granted',
      },
    ]);
    // A probe never starts the helper: without one there is no tunnel to probe through.
    expect(await options.probe('10.0.0.1', 1000)).toBe(false);
  });
});
