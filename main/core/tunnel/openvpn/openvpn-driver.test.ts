import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import type { OpenVpnProfile } from '../../profiles/types';
import { FakeProcessTable, MemoryFilePort } from '../../system/fakes/memory-file-port';
import { ScriptedProcessRunner, type FakeSpawnedProcess } from '../../system/fakes/scripted-process-runner';
import { FakeClock, flush } from '../../testing/fake-clock';
import type { TunnelEvent, TunnelStartRequest } from '../driver';
import { OpenVpnDriver, type OpenVpnDriverDeps } from './openvpn-driver';
import type { OpenVpnSession } from './openvpn-session';
import { AUTH_FAILED_SCRIPT, CONNECT_SCRIPT, EXIT_SCRIPT, FakeOpenVpnManagement } from './testdata/fake-openvpn';

const RUNTIME = '/run/holdfast';
const KEY = '-----BEGIN PRIVATE KEY-----\nTOPSECRETKEYMATERIAL\n-----END PRIVATE KEY-----';
const PASSWORD = 'correct horse "battery"';

const profile: OpenVpnProfile = {
  id: 'p1',
  name: 'Tokyo 1',
  kind: 'openvpn',
  sourceFile: 'tokyo.ovpn',
  contentHash: 'h',
  importedAt: '2026-01-01T00:00:00.000Z',
  warnings: [],
  remotes: [{ host: '192.0.2.1', port: 1194, proto: 'udp' }],
  directives: [{ name: 'remote-cert-tls', args: ['server'] }],
  blocks: [
    { name: 'ca', text: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
    { name: 'key', secret: 'key' },
    { name: 'tls-crypt', secret: 'tc' },
  ],
  authUserPass: true,
  dataCiphers: [],
};

const request = (over: Partial<TunnelStartRequest> = {}): TunnelStartRequest => ({
  profile,
  secrets: { key: KEY, tc: 'TLSCRYPTSECRET' },
  runtimeDir: RUNTIME,
  credentials: { username: 'alice', password: PASSWORD },
  ...over,
});

function rig(options: { sigterm?: 'exit' | 'ignore'; afterPassword?: string; deps?: Partial<OpenVpnDriverDeps> } = {}) {
  const runner = new ScriptedProcessRunner();
  runner.fail('ip link show', 'Device "x" does not exist.');
  const files = new MemoryFilePort();
  const processes = new FakeProcessTable();
  const clock = new FakeClock();
  const management = new FakeOpenVpnManagement();
  management.afterPassword = options.afterPassword ?? CONNECT_SCRIPT;
  let child: FakeSpawnedProcess | undefined;
  runner.onSpawn = (call, spawned) => {
    child = spawned;
    processes.add(spawned.pid, [call.command, ...call.args]);
    void spawned.exited.then(() => processes.processes.delete(spawned.pid));
    if (options.sigterm === 'ignore') {
      spawned.kill = (signal = 'SIGTERM') => {
        spawned.signals.push(signal);
        if (signal === 'SIGKILL') spawned.exit(null, 'SIGKILL');
      };
    }
  };
  management.onSigterm = () => {
    if (options.sigterm === 'ignore') return;
    management.send(EXIT_SCRIPT);
    management.hangUp();
    setImmediate(() => child?.exit(0));
  };
  let connects = 0;
  const driver = new OpenVpnDriver({
    runner,
    files,
    processes,
    clock,
    isRoot: () => true,
    interfaceNames: () => 'hfovpntest',
    connector: async () => {
      connects += 1;
      return management;
    },
    ...options.deps,
  });
  return { runner, files, processes, clock, management, driver, child: () => child, connects: () => connects };
}

async function startCollecting(r: ReturnType<typeof rig>, req = request()) {
  const session = (await r.driver.start(req)) as OpenVpnSession;
  const events: TunnelEvent[] = [];
  session.onEvent((e) => events.push(e));
  return { session, events };
}

describe('OpenVpnDriver', () => {
  it('connects: config 0600 in the runtime dir, hold released, credentials answered, ready after negotiation', async () => {
    const r = rig();
    const { session, events } = await startCollecting(r);
    await session.ready();

    const configPath = `${RUNTIME}/openvpn-hfovpntest/openvpn.conf`;
    const config = r.files.files.get(configPath);
    expect(config?.mode).toBe(0o600);
    expect(config?.text).toContain(KEY);
    expect(config?.text).toContain(`management ${RUNTIME}/openvpn-hfovpntest/mgmt.sock unix`);
    const spawn = r.runner.calls.find((c) => c.spawned);
    expect(spawn?.args).toEqual(['--config', configPath]);
    expect(spawn?.line).not.toContain('SECRET');

    expect(r.management.received).toEqual([
      'state on',
      'log on',
      'log all',
      'bytecount 1',
      'hold release',
      'username "Auth" "alice"',
      'password "Auth" "correct horse \\"battery\\""',
    ]);
    const types = events.filter((e) => e.type !== 'log').map((e) => e.type);
    expect(types).toEqual(['negotiated', 'up']);
    expect(session.negotiated()).toMatchObject({
      dataCipher: 'AES-256-GCM',
      controlTlsVersion: 'TLSv1.3',
      tlsWrap: 'tls-crypt',
    });
    expect(await session.status()).toEqual({
      interfaceName: 'hfovpntest',
      endpoint: '192.0.2.1:1194',
      tunnelAddresses: ['10.99.0.2/24'],
      rxBytes: 2296,
      txBytes: 2360,
    });
    expect(session.probeTarget()).toBe('10.99.0.1');
    expect(session.pushedDns()).toEqual({ servers: ['10.99.0.1'], searchDomains: [] });
    const journals = (await r.files.list(RUNTIME)).filter((n) => n.startsWith('journal-'));
    expect(journals).toHaveLength(1);
    await session.stop();
  });

  it('never lets a secret reach an event', async () => {
    const r = rig();
    const { session, events } = await startCollecting(r);
    await session.ready();
    await session.stop();
    const all = JSON.stringify(events);
    for (const secret of ['TOPSECRETKEYMATERIAL', 'TLSCRYPTSECRET', 'correct horse', 'topsecret'])
      expect(all).not.toContain(secret);
    expect(all).toContain('auth-token [redacted]');
  });

  it('stops cleanly: signal SIGTERM through management, files and journal removed, exited once, idempotent', async () => {
    const r = rig();
    const { session, events } = await startCollecting(r);
    await session.ready();
    await Promise.all([session.stop(), session.stop()]);
    await session.stop();
    expect(r.management.received).toContain('signal SIGTERM');
    expect(r.child()?.signals).toEqual([]);
    expect(await r.files.list(RUNTIME)).toEqual([]);
    expect(events.filter((e) => e.type === 'exited')).toHaveLength(1);
    // Routes OpenVPN already removed are deleted again harmlessly (journaled as it added them).
    expect(r.runner.lines()).toEqual(
      expect.arrayContaining([
        'ip -4 route del 192.0.2.1/32 via 192.0.2.254',
        'ip -4 route del 0.0.0.0/1 via 10.99.0.1',
      ]),
    );
  });

  it('kills OpenVPN when it ignores SIGTERM, then removes the routes it left behind', async () => {
    const r = rig({ sigterm: 'ignore', deps: { stopTimeoutMs: 3000 } });
    const { session, events } = await startCollecting(r);
    await session.ready();
    const stopped = session.stop();
    await flush();
    await r.clock.advance(3000);
    await stopped;
    expect(r.child()?.signals).toEqual(['SIGKILL']);
    expect(events.some((e) => e.type === 'log' && e.message.includes('killing it'))).toBe(true);
    expect(r.runner.lines()).toEqual(
      expect.arrayContaining([
        'ip -4 route del 192.0.2.1/32 via 192.0.2.254',
        'ip -4 route del 0.0.0.0/1 via 10.99.0.1',
        'ip -4 route del 128.0.0.0/1 via 10.99.0.1',
      ]),
    );
    expect(await r.files.list(RUNTIME)).toEqual([]);
  });

  it('reports a wrong password as auth-failed and does not retry', async () => {
    const r = rig({ afterPassword: AUTH_FAILED_SCRIPT });
    r.management.onSigterm = () => undefined;
    const { session, events } = await startCollecting(r);
    const error = await session.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldfastError);
    expect((error as HoldfastError).code).toBe('auth-failed');
    expect(events.filter((e) => e.type === 'auth-failed')).toEqual([
      { type: 'auth-failed', message: 'The server rejected the username or password.' },
    ]);
    expect(r.management.received.filter((l) => l.startsWith('password'))).toHaveLength(1);
    await flush();
    r.child()?.exit(1);
    await session.stop();
    expect(await r.files.list(RUNTIME)).toEqual([]);
  });

  it('asks for credentials before starting anything when the profile needs them', async () => {
    const r = rig();
    const error = await r.driver.start(request({ credentials: undefined })).catch((e: unknown) => e);
    expect((error as HoldfastError).code).toBe('credentials-needed');
    expect(r.runner.calls.some((c) => c.spawned)).toBe(false);
  });

  it('explains an OpenVPN that exits before opening its management socket', async () => {
    const r = rig({
      deps: {
        connector: async () => {
          throw Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' });
        },
      },
    });
    r.runner.onSpawn = (_call, spawned) => {
      setImmediate(() => {
        spawned.writeStderr('Options error: Unrecognized option or missing or extra parameter(s) in openvpn.conf:12\n');
        spawned.exit(1);
      });
    };
    let settled = false;
    const started = r.driver
      .start(request())
      .catch((e: unknown) => e)
      .finally(() => (settled = true));
    // The exit arrives on a real setImmediate, which a loaded machine may run after any one fake-clock step:
    // keep time moving (bounded) until the start has given up, instead of betting on one step.
    for (let i = 0; i < 100 && !settled; i += 1) {
      await flush();
      await r.clock.advance(100);
    }
    const error = await started;
    expect((error as HoldfastError).code).toBe('tunnel-failed');
    expect((error as Error).message).toContain('Options error: Unrecognized option');
    expect(await r.files.list(RUNTIME)).toEqual([]);
  });

  it('gives up when OpenVPN does not connect in time, and stops it', async () => {
    const r = rig({ afterPassword: '>STATE:1,WAIT,,,,,,\r\n', deps: { connectTimeoutMs: 30_000 } });
    const { session } = await startCollecting(r);
    const ready = session.ready().catch((e: unknown) => e);
    await flush();
    await r.clock.advance(30_000);
    const error = await ready;
    expect((error as Error).message).toBe('OpenVPN did not connect within 30 s');
    await session.stop();
    expect(r.management.received).toContain('signal SIGTERM');
  });

  it('emits exited when OpenVPN dies on its own', async () => {
    const r = rig();
    const { session, events } = await startCollecting(r);
    await session.ready();
    r.child()?.exit(null, 'SIGSEGV');
    await flush();
    await session.stop();
    expect(events.filter((e) => e.type === 'exited')).toEqual([
      { type: 'exited', reason: 'OpenVPN exited (signal SIGSEGV)' },
    ]);
  });

  it('applies pushed DNS to a managed resolv.conf and restores it on stop', async () => {
    const r = rig({ deps: { dnsMode: 'resolv-conf', resolvConfPath: '/etc/netns/lab/resolv.conf' } });
    await r.files.writeAtomic('/etc/netns/lab/resolv.conf', 'nameserver 198.51.100.53\n', 0o644);
    const { session } = await startCollecting(r);
    await session.ready();
    expect(r.files.files.get('/etc/netns/lab/resolv.conf')?.text).toContain('nameserver 10.99.0.1');
    await session.stop();
    expect(r.files.files.get('/etc/netns/lab/resolv.conf')?.text).toBe('nameserver 198.51.100.53\n');
  });

  it('touches no DNS for probe handshakes (noRoutes)', async () => {
    const r = rig({ deps: { dnsMode: 'resolv-conf', resolvConfPath: '/etc/netns/lab/resolv.conf' } });
    await r.files.writeAtomic('/etc/netns/lab/resolv.conf', 'nameserver 198.51.100.53\n', 0o644);
    const { session } = await startCollecting(r, request({ noRoutes: true }));
    await session.ready();
    expect(r.files.files.get('/etc/netns/lab/resolv.conf')?.text).toBe('nameserver 198.51.100.53\n');
    expect(r.files.files.get(`${RUNTIME}/openvpn-hfovpntest/openvpn.conf`)?.text).toContain('route-noexec');
    await session.stop();
  });

  it('preflight: binary missing names the Debian package; not root is reported', async () => {
    const runner = new ScriptedProcessRunner().on('openvpn --version', { code: 127, stderr: 'not found' });
    const driver = new OpenVpnDriver({ runner, isRoot: () => false });
    expect(await driver.preflight()).toEqual([
      expect.objectContaining({ code: 'not-privileged' }),
      expect.objectContaining({ code: 'binary-missing', binary: 'openvpn', debianPackage: 'openvpn' }),
    ]);
    const ok = new OpenVpnDriver({ runner: new ScriptedProcessRunner(), isRoot: () => true });
    expect(await ok.preflight()).toEqual([]);
  });
});

describe('OpenVpnDriver: OpenVPN restarting itself', () => {
  it('after the tunnel was up, releases a restart hold only after the pause OpenVPN names', async () => {
    const r = rig();
    const { session, events } = await startCollecting(r);
    await session.ready();
    const releases = () => r.management.received.filter((line) => line === 'hold release').length;
    expect(releases()).toBe(1);
    r.management.send('>STATE:2,RECONNECTING,ping-restart,,,,,\r\n>HOLD:Waiting for hold release:5\r\n');
    await r.clock.advance(0);
    expect(events.some((e) => e.type === 'reconnecting')).toBe(true);
    await r.clock.advance(4900);
    expect(releases()).toBe(1);
    await r.clock.advance(200);
    expect(releases()).toBe(2);
    await session.stop();
  });

  it('before the tunnel was up, a restart ends the attempt and the hold stays', async () => {
    const r = rig({
      afterPassword: '>STATE:1,RECONNECTING,connection-failed,,,,,\r\n>HOLD:Waiting for hold release:1\r\n',
    });
    const { session } = await startCollecting(r);
    const error = await session.ready().then(
      () => new Error('connected'),
      (err: unknown) => err as Error,
    );
    expect(error.message).toContain('OpenVPN gave up on this try (connection-failed)');
    await r.clock.advance(5000);
    expect(r.management.received.filter((line) => line === 'hold release')).toHaveLength(1);
    await session.stop();
  });
});
