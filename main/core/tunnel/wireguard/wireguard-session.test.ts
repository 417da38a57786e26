import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import type { TunnelEvent } from '../driver';
import type { WireGuardSession } from './wireguard-session';
import { CLIENT_PRIVATE, PRESHARED, RUNTIME, SECRETS, SERVER_PUBLIC, labProfile, makeRig } from './wireguard-test-rig';

async function rejection(promise: Promise<unknown>): Promise<HoldfastError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HoldfastError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('WireGuardSession', () => {
  async function started(rig = makeRig()) {
    const session = (await rig.driver.start({
      profile: labProfile(),
      secrets: SECRETS,
      runtimeDir: RUNTIME,
    })) as WireGuardSession;
    return { ...rig, session };
  }

  it('becomes ready at the first handshake, nudging one with a ping bound to the device', async () => {
    const { session, runner, clock } = await started();
    let polls = 0;
    runner.on('wg show hftest0 latest-handshakes', () => {
      polls += 1;
      return { stdout: `${SERVER_PUBLIC}\t${polls < 3 ? 0 : 1767225600}\n` };
    });
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    const ready = session.ready();
    await clock.advance(1000);
    await ready;
    expect(runner.lines()).toContain('ping -n -c 1 -W 1 -I hftest0 10.99.1.1');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['negotiated', 'up']));
    expect(events.find((e) => e.type === 'negotiated')).toMatchObject({
      security: { protocol: 'wireguard', dataCipher: 'CHACHA20-POLY1305', presharedKey: false },
    });
  });

  it('rejects with the endpoint and a plain reason when no handshake comes', async () => {
    const { session, runner, clock } = await started();
    runner.on('wg show hftest0 latest-handshakes', { stdout: `${SERVER_PUBLIC}\t0\n` });
    const ready = rejection(session.ready());
    await clock.advance(16_000);
    const err = await ready;
    expect(err.code).toBe('tunnel-failed');
    expect(err.message).toMatch(/^No WireGuard handshake with 10\.200\.1\.2:51820 within 15 s/);
    expect(runner.lines().filter((l) => l.startsWith('ping'))).toHaveLength(3);
  });

  it('reads counters from wg show dump without ever keeping the private or preshared key', async () => {
    const { session, runner, clock } = await started();
    const now = clock.now() / 1000;
    runner.on('wg show hftest0 dump', {
      stdout:
        `${CLIENT_PRIVATE}\tz/MN8PfGZRSZneCe0bgNDj0iUUVeXIOK7CKKK20BhT4=\t40000\t51820\n` +
        `${SERVER_PUBLIC}\t${PRESHARED}\t10.200.1.2:51820\t0.0.0.0/0\t${now - 7}\t1234\t5678\t25\n`,
    });
    const status = await session.status();
    expect(status).toEqual({
      interfaceName: 'hftest0',
      endpoint: '10.200.1.2:51820',
      tunnelAddresses: ['10.99.1.2/32'],
      rxBytes: 1234,
      txBytes: 5678,
      handshakeAgeMs: 7000,
    });
    expect(JSON.stringify(status)).not.toContain(CLIENT_PRIVATE);
  });

  it('says the interface is gone when wg show fails', async () => {
    const { session, runner } = await started();
    runner.fail('wg show hftest0 dump', 'Unable to access interface: No such device');
    const err = await rejection(session.status());
    expect(err.message).toBe('The interface hftest0 is gone: Unable to access interface: No such device');
  });

  it('reports an unexpected wireguard-go exit', async () => {
    const { session, runner } = await started();
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    runner.spawnedProcesses[0]?.exit(1);
    await Promise.resolve();
    expect(events).toContainEqual({ type: 'exited', reason: 'wireguard-go for hftest0 stopped (exit 1)' });
  });

  it('reports what it could not undo on stop and keeps it for the next run', async () => {
    const { session, runner, files } = await started();
    runner.fail('ip -4 rule del not fwmark', 'RTNETLINK answers: Operation not permitted', 2);
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    await session.stop();
    expect(events).toContainEqual({
      type: 'log',
      level: 'error',
      message:
        'Could not undo IPv4 rule 32765: unmarked traffic uses table 51820: ' +
        'ip -4 rule del not fwmark 51820 table 51820 priority 32765: RTNETLINK answers: Operation not permitted',
    });
    expect(runner.lines()).toContain('ip link del dev hftest0');
    const journals = (await files.list(RUNTIME)).filter((n) => n.startsWith('journal-'));
    expect(journals).toHaveLength(1);
  });
});

describe('WireGuardSession.probeTarget', () => {
  async function target(overrides: Parameters<typeof labProfile>[0]) {
    const { driver } = makeRig();
    const session = await driver.start({ profile: labProfile(overrides), secrets: SECRETS, runtimeDir: RUNTIME });
    return session.probeTarget();
  }

  it('prefers the first DNS server, then the first address of the subnet, else nothing', async () => {
    expect(await target({ dns: ['10.64.0.1', '10.64.0.53'] })).toBe('10.64.0.1');
    expect(await target({ dns: [], addresses: ['10.64.0.2/24'] })).toBe('10.64.0.1');
    expect(await target({ dns: [], addresses: ['fd00:64::2/64'] })).toBe('fd00:64::1');
    expect(await target({ dns: [], addresses: ['10.99.1.2/32'] })).toBeUndefined();
    expect(await target({ dns: [], addresses: ['10.64.0.1/24'] })).toBeUndefined();
  });
});
