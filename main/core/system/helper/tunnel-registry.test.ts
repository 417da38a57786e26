import { describe, expect, it } from 'vitest';
import { FakeDriver, FakeSession } from '../../testing/fake-driver';
import { storedWireGuard } from './test-support';
import { TunnelRegistry } from './tunnel-registry';

describe('TunnelRegistry', () => {
  it('stops everything before stopAll resolves, including a stop already under way', async () => {
    const driver = new FakeDriver('wireguard');
    let finish: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    let down = false;
    driver.onStart = (request, index) => {
      const session = new FakeSession(index, request);
      session.stop = async () => {
        session.stopped = true;
        await slow;
        down = true;
      };
      return session;
    };
    const registry = new TunnelRegistry({ wireguard: driver }, '/tmp/not-used');
    const { sessionId } = await registry.start(
      { v: 1, id: 1, kind: 'tunnel.start', ...storedWireGuard(), noRoutes: true },
      () => undefined,
    );
    // The app's stop is under way: the registry is already empty, but the device is not gone yet.
    const stopping = registry.stop(sessionId);
    expect(registry.size).toBe(0);

    let all = false;
    const stopAll = registry.stopAll().then(() => (all = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(all).toBe(false);
    finish();
    await Promise.all([stopAll, stopping]);
    expect(down).toBe(true);
  });
});
