import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../errors';
import { MemoryFilePort } from '../system/fakes/memory-file-port';
import { ScriptedProcessRunner, type FakeSpawnedProcess } from '../system/fakes/scripted-process-runner';
import { FakeClock } from '../testing/fake-clock';
import { startDisguiseProgram } from './disguise-process';
import { obfs4Spec } from './obfs4-program';
import { DISGUISE_ACCOUNT } from './program-spec';
import { shadowsocksTunnelSpec } from './shadowsocks-program';

const ssSpec = shadowsocksTunnelSpec(
  {
    params: {
      kind: 'shadowsocks',
      host: '198.51.100.1',
      port: 8388,
      method: 'aes-256-gcm',
      password: 'shadowsocks-password',
    },
    password: 'pw',
    localPort: 41000,
    dir: '/run/s/disguise',
  },
  { host: '127.0.0.1', port: 51820 },
);

function setup(onSpawn: (child: FakeSpawnedProcess) => void) {
  const runner = new ScriptedProcessRunner();
  const files = new MemoryFilePort();
  const clock = new FakeClock();
  runner.onSpawn = (_call, child) => queueMicrotask(() => onSpawn(child));
  return { runner, files, clock, deps: { runner, files, clock, readyTimeoutMs: 1000 } };
}

describe('starting a disguise program', () => {
  it('writes its config 0600 and is ready when it says it listens', async () => {
    const { files, runner, deps } = setup((child) => child.writeStderr(' INFO: listening at 127.0.0.1:41000\n'));
    const running = await startDisguiseProgram(ssSpec, '/run/s/disguise', deps);
    expect(running.local).toEqual({ host: '127.0.0.1', port: 41000 });
    expect(files.files.get('/run/s/disguise/ss-tunnel.json')?.mode).toBe(0o600);
    expect(runner.calls.find((c) => c.spawned)?.line).toBe('ss-tunnel -c /run/s/disguise/ss-tunnel.json');
    await running.stop();
    expect(runner.spawnedProcesses[0]?.signals).toEqual(['SIGTERM']);
  });

  it('takes the port obfs4proxy announces, and hands its state folder to the unprivileged account', async () => {
    const spec = obfs4Spec({
      params: { kind: 'obfs4', host: '203.0.113.5', port: 443, cert: 'obfs4-cert', iatMode: 0 },
      cert: 'C'.repeat(70),
      dir: '/run/s/d',
      dropTo: DISGUISE_ACCOUNT,
    });
    const { runner, deps } = setup((child) =>
      child.writeStdout('VERSION 1\nCMETHOD obfs4 socks5 127.0.0.1:38211\nCMETHODS DONE\n'),
    );
    const running = await startDisguiseProgram(spec, '/run/s/d', deps);
    expect(running.local.port).toBe(38211);
    expect(runner.lines()).toContain('chown nobody:nogroup -- /run/s/d/obfs4-state');
  });

  it('reports a program that exits before it is ready, with what it said', async () => {
    const { deps } = setup((child) => {
      child.writeStderr(' ERROR: bind() error: Address already in use\n');
      child.exit(255);
    });
    const error = await startDisguiseProgram(ssSpec, '/run/s/disguise', deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldfastError);
    expect((error as HoldfastError).message).toMatch(/ss-tunnel.*exited \(code 255\).*Address already in use/);
  });

  it('stops a program that stays silent, after the time it was given', async () => {
    const { clock, runner, deps } = setup(() => undefined);
    const pending = startDisguiseProgram(ssSpec, '/run/s/disguise', deps).catch((e: unknown) => e);
    await clock.advance(1100);
    const error = await pending;
    expect((error as Error).message).toMatch(/did not say it was ready in time/);
    expect(runner.spawnedProcesses[0]?.running).toBe(false);
  });

  it('names a missing program', async () => {
    const { deps } = setup((child) => child.exit(127));
    const error = (await startDisguiseProgram(ssSpec, '/run/s/disguise', deps).catch(
      (e: unknown) => e,
    )) as HoldfastError;
    expect(error.code).toBe('binary-missing');
    expect(error.params).toEqual({ binary: 'ss-tunnel' });
  });
});
