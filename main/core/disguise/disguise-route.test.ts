import { describe, expect, it } from 'vitest';
import type { JournalDeps, JournalDocument } from '../system/change-journal';
import { FakeProcessTable, MemoryFilePort } from '../system/fakes/memory-file-port';
import { ScriptedProcessRunner, type FakeSpawnedProcess } from '../system/fakes/scripted-process-runner';
import { FakeClock } from '../testing/fake-clock';
import type { StoredDisguise } from './disguise-store';
import { disguiseServerEndpoint, startDisguiseRoute, type DisguiseRouteRequest } from './disguise-route';
import type { DisguiseParams } from './types';

const RUNTIME = '/run/holdfast/s1';

const DISGUISES: Record<string, DisguiseParams> = {
  ss: {
    kind: 'shadowsocks',
    host: 'ss.example.org',
    port: 8388,
    method: 'chacha20-ietf-poly1305',
    password: 'ss-password',
  },
  tls: { kind: 'tls', host: 'front.example.org', port: 443, sni: 'www.example.org' },
  obfs4: { kind: 'obfs4', host: 'bridge.example.org', port: 9443, cert: 'obfs4-cert', iatMode: 1 },
};
const SECRETS: Record<string, string> = { 'ss-password': 'correct horse', 'obfs4-cert': 'C'.repeat(70) };

/** What each program says once it listens (obfs4proxy announces the port it chose). */
const READY: Record<string, (child: FakeSpawnedProcess) => void> = {
  'ss-tunnel': (child) => child.writeStderr(' INFO: listening at 127.0.0.1:41001\n'),
  'ss-local': (child) => child.writeStderr(' INFO: listening at 127.0.0.1:41002\n'),
  stunnel4: (child) => child.writeStderr('LOG5[ui]: Configuration successful\n'),
  obfs4proxy: (child) => child.writeStdout('VERSION 1\nCMETHOD obfs4 socks5 127.0.0.1:38211\nCMETHODS DONE\n'),
  // obfs4proxy started without root, through setpriv, says the same.
  setpriv: (child) => child.writeStdout('VERSION 1\nCMETHOD obfs4 socks5 127.0.0.1:38211\nCMETHODS DONE\n'),
};

function world(options: { ready?: boolean; defaultRoute?: string } = {}) {
  const runner = new ScriptedProcessRunner();
  const files = new MemoryFilePort();
  const clock = new FakeClock();
  const processes = new FakeProcessTable(1000);
  const journalDeps: JournalDeps = { files, processes, sleep: async () => undefined };
  /** Journal documents as written, in order: shows what was on disk before each step. */
  const journalWrites: JournalDocument[] = [];
  const write = files.writeAtomic.bind(files);
  files.writeAtomic = async (p, text, mode) => {
    if (p.includes('/journal-')) journalWrites.push(JSON.parse(text) as JournalDocument);
    return write(p, text, mode);
  };
  runner.onSpawn = (call, child) => {
    // The real process table knows the program while it runs.
    processes.add(child.pid, [call.command, ...call.args], '777');
    void child.exited.then(() => processes.processes.delete(child.pid));
    const entriesAtSpawn = journalWrites.at(-1)?.entries.length ?? 0;
    spawnedWith.push(entriesAtSpawn);
    if (options.ready === false) return;
    // After the journal has recorded it (in-memory writes settle within microtasks), as a real program would.
    setImmediate(() => READY[call.command]?.(child));
  };
  const spawnedWith: number[] = [];
  runner.on('ip -4 route show table main default', {
    stdout: options.defaultRoute ?? 'default via 10.0.0.1 dev eth0 proto dhcp src 10.0.0.23 metric 100\n',
  });
  const ports = { udp: 41001, tcp: 41002 };
  const deps = {
    runner,
    files,
    clock,
    journalDeps,
    source: {
      get: (id: string): StoredDisguise => {
        const params = DISGUISES[id];
        if (!params) throw new Error(`no disguise ${id}`);
        return { id, params, attachment: { mode: 'auto' }, importedAt: '2026-01-01T00:00:00Z', sourceFile: 'd.txt' };
      },
      openSecrets: async () => ({ ...SECRETS }),
    },
    freePort: async (proto: 'udp' | 'tcp') => ports[proto],
    readyTimeoutMs: 1000,
  };
  const request = (over: Partial<DisguiseRouteRequest> & Pick<DisguiseRouteRequest, 'disguiseId' | 'tunnel'>) => ({
    target: { host: 'vpn.internal', port: 51820 },
    serverAddress: '203.0.113.7',
    runtimeDir: RUNTIME,
    ...over,
  });
  const journals = () => [...files.files.keys()].filter((p) => p.startsWith(`${RUNTIME}/journal-`));
  const disguiseFiles = () => [...files.files.keys()].filter((p) => p.startsWith(`${RUNTIME}/disguise-`));
  return { runner, files, clock, processes, deps, request, journals, journalWrites, spawnedWith, disguiseFiles };
}

describe('startDisguiseRoute', () => {
  it('WireGuard through Shadowsocks: a forward to ss-tunnel, journaled before it runs, stopped and cleaned up', async () => {
    const w = world();
    const route = await startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard' }), w.deps);
    expect(route.via).toEqual({ kind: 'forward', host: '127.0.0.1', port: 41001 });
    expect(route.inUse).toEqual({
      id: 'ss',
      kind: 'shadowsocks',
      detail: 'chacha20-ietf-poly1305',
      server: 'ss.example.org:8388',
    });
    // The program talks to the address the kill switch allows, never to a name it would look up itself.
    const config = w.disguiseFiles().find((p) => p.endsWith('/ss-tunnel.json'))!;
    expect(JSON.parse(w.files.files.get(config)!.text)).toMatchObject({
      server: '203.0.113.7',
      server_port: 8388,
      tunnel_address: 'vpn.internal:51820',
      local_port: 41001,
    });

    // The files' folder was journaled before the program started; the program before it was ready.
    expect(w.spawnedWith).toEqual([1]);
    const [journal] = w.journals();
    const doc = JSON.parse(w.files.files.get(journal!)!.text) as JournalDocument;
    const dir = config.slice(0, config.lastIndexOf('/'));
    expect(doc.entries.map((e) => e.undo)).toEqual([
      { kind: 'remove-path', path: dir },
      { kind: 'stop-process', pid: 4000, startTime: '777', commandContains: dir },
    ]);

    await route.stop();
    expect(w.runner.spawnedProcesses[0]?.running).toBe(false);
    expect(w.journals()).toEqual([]);
    expect(w.disguiseFiles()).toEqual([]);
    await route.stop();
    expect(w.runner.spawnedProcesses[0]?.signals).toEqual(['SIGTERM']);
  });

  it('OpenVPN through Shadowsocks: ss-local as a SOCKS proxy to the VPN server behind it', async () => {
    const w = world();
    const target = { host: '10.8.0.1', port: 443 };
    const route = await startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'openvpn-tcp', target }), w.deps);
    expect(route.via).toEqual({ kind: 'socks', proxy: { host: '127.0.0.1', port: 41002, remote: target } });
    expect(w.runner.calls.find((c) => c.spawned)?.command).toBe('ss-local');
    await route.stop();
  });

  it('OpenVPN through TLS: a forward to stunnel, connecting to the allowed address with the server name', async () => {
    const w = world();
    const route = await startDisguiseRoute(w.request({ disguiseId: 'tls', tunnel: 'openvpn-tcp' }), w.deps);
    expect(route.via).toEqual({ kind: 'forward', host: '127.0.0.1', port: 41002 });
    const conf = w.files.files.get(w.disguiseFiles().find((p) => p.endsWith('/stunnel.conf'))!)!.text;
    expect(conf).toContain('connect = 203.0.113.7:443');
    expect(conf).toContain('sni = www.example.org');
    await route.stop();
  });

  it('OpenVPN through obfs4: the bridge is the SOCKS remote, the bridge arguments in an auth file of its folder', async () => {
    const w = world();
    const route = await startDisguiseRoute(w.request({ disguiseId: 'obfs4', tunnel: 'openvpn-tcp' }), w.deps);
    expect(route.via.kind).toBe('socks');
    if (route.via.kind !== 'socks') return;
    const { proxy } = route.via;
    expect(proxy).toMatchObject({ host: '127.0.0.1', port: 38211, remote: { host: '203.0.113.7', port: 9443 } });
    const auth = w.disguiseFiles().find((p) => p.endsWith('/obfs4-socks-auth'));
    expect(proxy.authFile).toBe(auth);
    expect(w.files.files.get(auth!)?.mode).toBe(0o600);
    expect(w.files.files.get(auth!)?.text.replace('\n', '')).toBe(`cert=${'C'.repeat(70)};iat-mode=1\n`);
    // obfs4proxy takes no config path: recovery knows it by name.
    const doc = w.journalWrites.at(-1)!;
    expect(doc.entries.at(-1)?.undo).toMatchObject({ kind: 'stop-process', commandContains: 'obfs4proxy' });
    await route.stop();
    expect(w.journals()).toEqual([]);
  });

  it('obfs4 without root: its state folder lies outside the root-only data folder, owned by its account, removed on stop', async () => {
    const w = world();
    const deps = { ...w.deps, dropTo: { user: 'nobody', group: 'nogroup' } };
    const route = await startDisguiseRoute(w.request({ disguiseId: 'obfs4', tunnel: 'openvpn-tcp' }), deps);
    const spawned = w.runner.calls.find((c) => c.spawned)!;
    const state = spawned.options?.env?.TOR_PT_STATE_LOCATION ?? '';
    expect(state.startsWith(RUNTIME)).toBe(false);
    expect(state).toMatch(/\/holdfast-obfs4-[0-9a-f]{16}$/);
    expect(w.runner.lines()).toContain(`chown nobody:nogroup -- ${state}`);
    expect(w.files.dirs.has(state)).toBe(true);
    await route.stop();
    expect(w.files.dirs.has(state)).toBe(false);
    expect(w.journals()).toEqual([]);
  });

  it('routes the disguise server outside the tunnel through the default gateway, once, and removes the route on stop', async () => {
    const w = world();
    const route = await startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard' }), w.deps);
    await route.bypassTunnel();
    await route.bypassTunnel();
    const replace = 'ip -4 route replace 203.0.113.7/32 via 10.0.0.1 dev eth0';
    expect(w.runner.lines().filter((l) => l.startsWith('ip -4 route replace'))).toEqual([replace]);
    // The undo was on disk before the route was added.
    const beforeAdd = w.journalWrites.at(-1)!;
    expect(beforeAdd.entries.at(-1)?.undo).toEqual({
      kind: 'run',
      command: 'ip',
      args: ['-4', 'route', 'del', '203.0.113.7/32', 'via', '10.0.0.1', 'dev', 'eth0'],
    });
    const replaceAt = w.runner.lines().indexOf(replace);
    expect(w.runner.lines().indexOf('ip -4 route show table main default')).toBeLessThan(replaceAt);

    await route.stop();
    expect(w.runner.lines().filter((l) => l.startsWith('ip -4 route del'))).toEqual([
      'ip -4 route del 203.0.113.7/32 via 10.0.0.1 dev eth0',
    ]);
    expect(w.journals()).toEqual([]);
  });

  it('adds no route when there is no default route (the disguise server is on a connected network)', async () => {
    const w = world({ defaultRoute: '' });
    const route = await startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard' }), w.deps);
    await route.bypassTunnel();
    expect(w.runner.lines().some((l) => l.startsWith('ip -4 route replace'))).toBe(false);
    expect(w.journalWrites.at(-1)?.entries).toHaveLength(2);
    await route.stop();
  });

  it('says why when the route cannot be added, and keeps no undo for it', async () => {
    const w = world();
    w.runner.fail('ip -4 route replace', 'RTNETLINK answers: Network is unreachable');
    const route = await startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard' }), w.deps);
    await expect(route.bypassTunnel()).rejects.toThrow(/outside the tunnel: RTNETLINK answers: Network is unreachable/);
    expect(w.journalWrites.at(-1)?.entries.map((e) => e.undo.kind)).toEqual(['remove-path', 'stop-process']);
    await route.stop();
    expect(w.runner.lines().some((l) => l.startsWith('ip -4 route del'))).toBe(false);
  });

  it('leaves no journal, files or program behind when the program does not start', async () => {
    const w = world({ ready: false });
    const pending = startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard' }), w.deps).catch(
      (e: unknown) => e,
    );
    await w.clock.advance(1100);
    expect(((await pending) as Error).message).toMatch(/did not say it was ready in time/);
    expect(w.runner.spawnedProcesses[0]?.running).toBe(false);
    expect(w.journals()).toEqual([]);
    expect(w.disguiseFiles()).toEqual([]);
  });

  it('leaves no journal behind when the disguise cannot carry the tunnel', async () => {
    const w = world();
    await expect(startDisguiseRoute(w.request({ disguiseId: 'tls', tunnel: 'wireguard' }), w.deps)).rejects.toThrow(
      /carries OpenVPN over TCP only/,
    );
    expect(w.runner.spawnedProcesses).toEqual([]);
    expect(w.journals()).toEqual([]);
  });

  it.each(['ss.example.org', '203.0.113.7 --up x', ''])(
    'refuses a disguise server address that is not an IP address (%j), before anything runs',
    async (serverAddress) => {
      const w = world();
      await expect(
        startDisguiseRoute(w.request({ disguiseId: 'ss', tunnel: 'wireguard', serverAddress }), w.deps),
      ).rejects.toThrow(/is not an IP address/);
      expect(w.runner.calls).toEqual([]);
      expect(w.files.files.size).toBe(0);
    },
  );
});

describe('disguiseServerEndpoint', () => {
  it('is UDP only for Shadowsocks carrying WireGuard', () => {
    expect(disguiseServerEndpoint(DISGUISES.ss!, 'wireguard')).toEqual({
      host: 'ss.example.org',
      port: 8388,
      proto: 'udp',
    });
    expect(disguiseServerEndpoint(DISGUISES.ss!, 'openvpn-tcp').proto).toBe('tcp');
    expect(disguiseServerEndpoint(DISGUISES.tls!, 'openvpn-tcp').proto).toBe('tcp');
    expect(disguiseServerEndpoint(DISGUISES.obfs4!, 'openvpn-tcp')).toEqual({
      host: 'bridge.example.org',
      port: 9443,
      proto: 'tcp',
    });
  });
});
