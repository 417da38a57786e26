import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import { FakeDriver, type FakeSession } from '../../testing/fake-driver';
import type { TunnelEvent } from '../../tunnel/driver';
import { storedWireGuard } from './test-support';
import { HelperClient } from './helper-client';
import { HelperServer } from './helper-server';
import { MAX_MESSAGE_BYTES } from './protocol';
import { helperProbe } from './helper-probe';
import { HelperKillSwitch, HelperTunnelDriver } from './remote-ports';
import { TunnelRegistry } from './tunnel-registry';
import { HelperOwnership } from './helper-ownership';
import { MachineOwnerLock } from '../owner/machine-owner-lock';

const TOKEN = 'tok_'.padEnd(43, 'x');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const policy: KillSwitchPolicy = {
  tunnelInterfaces: [],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: [],
  allowIpv6InTunnel: false,
};

let dir: string;
let socketPath: string;
let server: HelperServer;
let driver: FakeDriver;
let tunnels: TunnelRegistry;
let applied: KillSwitchPolicy[];
let exits: string[];
let probes: Array<[string, number, string | undefined]>;
const clients: HelperClient[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hfk-helper-'));
  socketPath = path.join(dir, 'helper-test.sock');
  driver = new FakeDriver('wireguard');
  tunnels = new TunnelRegistry({ wireguard: driver }, path.join(dir, 'runtime'));
  applied = [];
  exits = [];
  probes = [];
  server = new HelperServer({
    token: TOKEN,
    version: 'test',
    tunnels,
    killSwitch: {
      apply: async (p) => void applied.push(p),
      clear: async () => void applied.splice(0),
      isActive: async () => applied.length > 0,
    },
    orphans: {
      list: async () => [{ pid: 4242, uid: 1000, startedAt: 'then', tunnels: ['hf9'] }],
      stop: async (pid) => pid === 4242,
    },
    probe: async (target, timeoutMs, interfaceName) => {
      probes.push([target, timeoutMs, interfaceName]);
      return target === '10.0.0.1';
    },
    helloTimeoutMs: 200,
    onExit: (reason) => exits.push(reason),
  });
  await server.listen(socketPath, process.getuid?.() ?? 0);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const connect = async () => {
  const client = await HelperClient.connect(socketPath, TOKEN, { clientVersion: '0.1.0', timeoutMs: 2000 });
  clients.push(client);
  return client;
};

/** A raw connection: what a hostile local program could send. Resolves with every answer line once closed. */
function raw(lines: string[] | Buffer): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(socketPath);
    let data = '';
    s.on('data', (d) => (data += d.toString()));
    s.on('error', reject);
    s.on('close', () =>
      resolve(
        data
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
    );
    s.on('connect', () => {
      if (Buffer.isBuffer(lines)) s.write(lines);
      else for (const l of lines) s.write(`${l}\n`);
      // Half-close after writing so a well-behaved server can still answer and close.
      setTimeout(() => s.end(), 100);
    });
  });
}

describe('HelperServer with HelperClient', () => {
  it('creates the socket 0600', () => {
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it('says hello with its version and the orphans it found', async () => {
    const client = await connect();
    expect(client.hello).toMatchObject({ protocolVersion: 1, helperVersion: 'test', orphans: [{ pid: 4242 }] });
    expect(await client.request('orphans.stop', { pid: 4242 })).toEqual({ stopped: true });
    expect(await client.request('orphans.stop', { pid: 4243 })).toEqual({ stopped: false });
  });

  it('applies and clears the kill switch through the remote port', async () => {
    const ks = new HelperKillSwitch(await connect());
    await ks.apply(policy);
    expect(applied).toEqual([policy]);
    expect(await ks.isActive()).toBe(true);
    await ks.clear();
    expect(await ks.isActive()).toBe(false);
  });

  it('starts a tunnel from a rechecked profile, forwards its events, and stops it', async () => {
    const client = await connect();
    const remote = new HelperTunnelDriver('wireguard', client);
    const { profile, secrets } = storedWireGuard();
    const session = await remote.start({ profile, secrets, runtimeDir: '/home/user/not-used' });
    expect(session.interfaceName).toBe('hf-fake0');
    // The helper decides where configs go; the app's runtimeDir never crosses.
    expect(driver.sessions[0]?.request.runtimeDir).toBe(path.join(dir, 'runtime'));
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    await session.ready();
    expect(await session.status()).toMatchObject({ interfaceName: 'hf-fake0', rxBytes: 0 });
    (driver.sessions[0] as FakeSession).emit({ type: 'log', level: 'info', message: 'handshake done' });
    await expect.poll(() => events).toEqual([{ type: 'log', level: 'info', message: 'handshake done' }]);
    await session.stop();
    expect((driver.sessions[0] as FakeSession).stopped).toBe(true);
    expect(tunnels.size).toBe(0);
  });

  it('refuses a profile that fails the import checks, with the HoldfastError code', async () => {
    const client = await connect();
    const { profile, secrets } = storedWireGuard();
    const error = await client
      .request('tunnel.start', { profile, secrets: { ...secrets, 'interface.privateKey': 'not-a-key' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldfastError);
    expect((error as HoldfastError).code).toBe('profile-refused');
    expect(driver.sessions).toHaveLength(0);
  });

  it('probes only through a tunnel it started, and only IP addresses', async () => {
    const client = await connect();
    const probe = helperProbe(client);
    // No tunnel yet: nothing to probe through, and nothing is run.
    await expect(client.request('tunnel.probe', { target: '10.0.0.1', timeoutMs: 1000 })).rejects.toThrow(
      /no tunnel is up/,
    );
    const { profile, secrets } = storedWireGuard();
    await new HelperTunnelDriver('wireguard', client).start({ profile, secrets, runtimeDir: '/x' });
    expect(await probe('10.0.0.1', 1000, 'hf-fake0')).toBe(true);
    expect(await probe('10.0.0.9', 1000)).toBe(false);
    await expect(
      client.request('tunnel.probe', { target: '10.0.0.1', timeoutMs: 1000, interfaceName: 'eth0' }),
    ).rejects.toThrow(/eth0 is not a tunnel this helper started/);
    await expect(client.request('tunnel.probe', { target: 'example.com', timeoutMs: 1000 })).rejects.toThrow(
      /target must be an IP address/,
    );
    await expect(
      client.request('tunnel.probe', { target: '10.0.0.1', timeoutMs: 1000, interfaceName: 'a b;reboot' }),
    ).rejects.toThrow(/interfaceName must be an interface name/);
    expect(probes).toEqual([
      ['10.0.0.1', 1000, 'hf-fake0'],
      ['10.0.0.9', 1000, undefined],
    ]);
  });

  it('answers an unknown session as such', async () => {
    const client = await connect();
    await expect(client.request('tunnel.status', { sessionId: 't99' })).rejects.toThrow(/unknown-session/);
  });
});

describe('HelperServer against hostile peers', () => {
  it('closes a connection whose first request is not hello', async () => {
    const answers = await raw([JSON.stringify({ v: 1, id: 1, kind: 'killswitch.clear' })]);
    expect(answers).toEqual([
      { v: 1, id: 1, ok: false, error: expect.objectContaining({ code: 'not-authenticated' }) },
    ]);
    expect(applied).toEqual([]);
  });

  it('closes a connection with the wrong token and ignores what follows', async () => {
    const answers = await raw([
      JSON.stringify({ v: 1, id: 1, kind: 'hello', token: 'B'.repeat(43), client: { version: '1' } }),
      JSON.stringify({ v: 1, id: 2, kind: 'killswitch.apply', policy }),
    ]);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ id: 1, ok: false, error: { code: 'not-authenticated' } });
    expect(applied).toEqual([]);
  });

  it('closes a connection that never says hello', async () => {
    const started = Date.now();
    const answers = await new Promise<string>((resolve) => {
      const s = net.createConnection(socketPath);
      let data = '';
      s.on('data', (d) => (data += d.toString()));
      s.on('close', () => resolve(data));
    });
    expect(answers).toMatch(/no hello in time/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a message larger than the limit before parsing it, and closes', async () => {
    const big = Buffer.alloc(MAX_MESSAGE_BYTES + 10, 0x61);
    const answers = await raw(big);
    expect(answers[0]).toMatchObject({ ok: false, error: { code: 'bad-message' } });
  });

  it('after hello, answers bad requests without closing, and acts on none of them', async () => {
    const hello = JSON.stringify({ v: 1, id: 1, kind: 'hello', token: TOKEN, client: { version: '1' } });
    const answers = await raw([
      hello,
      JSON.stringify({ v: 2, id: 2, kind: 'killswitch.clear' }),
      JSON.stringify({ v: 1, id: 3, kind: 'shell', command: 'id' }),
      JSON.stringify({ v: 1, id: 4, kind: 'killswitch.apply', policy: { ...policy, tunnelInterfaces: ['x;reboot'] } }),
      'not json',
      JSON.stringify({ v: 1, id: 5, kind: 'killswitch.apply', policy }),
    ]);
    // Requests run concurrently (a slow tunnel.ready must not hold up the rest): compare by id.
    const byId = [...answers].sort((a, b) => Number(a.id ?? 99) - Number(b.id ?? 99));
    expect(byId.map((a) => [a.id, a.ok, (a.error as { code?: string } | undefined)?.code])).toEqual([
      [1, true, undefined],
      [2, false, 'unsupported-version'],
      [3, false, 'unknown-kind'],
      [4, false, 'invalid-request'],
      [5, true, undefined],
      [null, false, 'bad-message'],
    ]);
    expect(applied).toEqual([policy]);
  });

  it.skipIf(!isRoot)(
    'is unreachable for another user because of the socket mode alone (0600, owned by the invoking uid)',
    async () => {
      // mkdtemp makes a 0700 directory, which alone would refuse another user: open the path so that
      // only the socket's own mode can stand between that user and the helper.
      chmodSync(dir, 0o755);
      const tryAs = (uid: number) =>
        new Promise<string>((resolve) => {
          const child = spawn(
            process.execPath,
            [
              '-e',
              `require('net').createConnection(${JSON.stringify(socketPath)}).on('error', e => { console.log(e.code); }).on('connect', () => { console.log('CONNECTED'); process.exit(0); })`,
            ],
            { uid, gid: uid },
          );
          let out = '';
          child.stdout.on('data', (d) => (out += d.toString()));
          child.on('exit', () => resolve(out.trim()));
        });
      // The precondition: anybody can reach the socket file through the opened directory...
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(statSync(dir).mode & 0o005).toBe(0o005);
      // ...and is refused by its mode, not by a missing path.
      expect(await tryAs(65534)).toBe('EACCES');
    },
  );
});

describe('HelperServer lifetime', () => {
  it('exits when the app is gone and no tunnel is up', () => {
    server.markAppGone();
    expect(exits).toEqual(['the app has gone and no tunnel is up']);
  });

  it('stays while a tunnel is up, and exits when the last one stops', async () => {
    const client = await connect();
    const { profile, secrets } = storedWireGuard();
    const started = await client.request('tunnel.start', { profile, secrets });
    server.markAppGone();
    expect(exits).toEqual([]);
    (driver.sessions[0] as FakeSession).emit({ type: 'exited', reason: 'wireguard-go ended' });
    expect(exits).toHaveLength(1);
    expect(started.sessionId).toMatch(/^t\d+$/);
  });

  it('stops every tunnel and exits on shutdown', async () => {
    const client = await connect();
    const { profile, secrets } = storedWireGuard();
    await client.request('tunnel.start', { profile, secrets });
    expect(await client.request('shutdown', {})).toEqual({ stopping: true });
    await expect.poll(() => exits).toEqual(['the app asked the helper to stop']);
    expect((driver.sessions[0] as FakeSession).stopped).toBe(true);
  });
});

describe('HelperServer with the machine held by another session', () => {
  it("refuses to start a tunnel, apply or lift the kill switch while another user's session holds the machine", async () => {
    const lockDir = path.join(dir, 'owner');
    const lock = new MachineOwnerLock({ dir: lockDir });
    const holder = await lock.claim(
      { client: 'app', pid: 777, uid: 1001, holderPid: process.pid },
      { onHandOver: async () => undefined },
    );
    expect(holder.ok).toBe(true);
    const guarded = new HelperServer({
      token: TOKEN,
      version: 'test',
      tunnels,
      killSwitch: {
        apply: async (p) => void applied.push(p),
        clear: async () => void applied.splice(0),
        isActive: async () => applied.length > 0,
      },
      orphans: { list: async () => [], stop: async () => false },
      probe: async () => false,
      ownership: new HelperOwnership({
        lock,
        uid: 1000,
        holderPid: process.pid,
        isAbandoned: async () => false,
        onHandOver: async () => undefined,
      }),
      onExit: () => undefined,
    });
    const guardedPath = path.join(dir, 'guarded.sock');
    await guarded.listen(guardedPath, process.getuid?.() ?? 0);
    try {
      const client = await HelperClient.connect(guardedPath, TOKEN, { clientVersion: '0.1.0', timeoutMs: 2000 });
      clients.push(client);
      applied.push(policy); // the holder's rules
      const ks = new HelperKillSwitch(client);
      await expect(ks.clear()).rejects.toMatchObject({ code: 'connection-held', params: { uid: 1001, pid: 777 } });
      await expect(ks.apply({ ...policy, allowLan: true })).rejects.toMatchObject({ code: 'connection-held' });
      const { profile, secrets } = storedWireGuard();
      await expect(client.request('tunnel.start', { profile, secrets })).rejects.toMatchObject({
        code: 'connection-held',
      });
      await expect(client.request('owner.claim', { client: { kind: 'cli', pid: 42 }, takeOver: true })).rejects.toThrow(
        /another user/,
      );
      expect(applied).toEqual([policy]);
      expect(driver.sessions).toHaveLength(0);
    } finally {
      await guarded.close();
      if (holder.ok) await holder.lease.release();
    }
  });
});
