import { describe, expect, it } from 'vitest';
import type { StatusEvent } from '../../../main/core/events';
import { snapshot } from '../test/fake-holdfast';
import {
  applySnapshot,
  foldDrop,
  foldSecurity,
  foldState,
  foldStatus,
  initialConnectionView,
  type ConnectionView,
} from './fold';

const status = (at: string, rxBytes: number, txBytes: number, patch: Partial<StatusEvent> = {}): StatusEvent => ({
  type: 'status',
  at,
  profile: 'Tokyo 1',
  interfaceName: 'hf0',
  endpoint: '198.51.100.7:51820',
  tunnelAddresses: ['10.0.0.2/32'],
  rxBytes,
  txBytes,
  handshakeAgeMs: 4000,
  uptimeMs: 10_000,
  ...patch,
});

const connected = (): ConnectionView =>
  foldState(initialConnectionView, {
    type: 'state',
    at: '2030-01-01T00:00:01.000Z',
    state: 'connected',
    profile: 'Tokyo 1',
    reason: 'handshake and data confirmed',
  });

describe('connection fold', () => {
  it('records the connect time and profile when the state becomes connected', () => {
    const view = connected();
    expect(view.state).toBe('connected');
    expect(view.profileName).toBe('Tokyo 1');
    expect(view.connectedAt).toBe('2030-01-01T00:00:01.000Z');
  });

  it('derives transfer rates from two status samples', () => {
    let view = foldStatus(connected(), status('2030-01-01T00:00:02.000Z', 1000, 500));
    expect(view.rates).toBeNull();
    view = foldStatus(view, status('2030-01-01T00:00:04.000Z', 5000, 1500));
    expect(view.live?.rxBytes).toBe(5000);
    expect(view.rates).toEqual({ rxPerSecond: 2000, txPerSecond: 500 });
  });

  it('does not report a rate when counters restart on a new interface', () => {
    let view = foldStatus(connected(), status('2030-01-01T00:00:02.000Z', 9000, 9000));
    view = foldStatus(view, status('2030-01-01T00:00:03.000Z', 10, 10, { interfaceName: 'hf1' }));
    expect(view.rates).toBeNull();
  });

  it('ignores a status sample that arrives after the tunnel went down', () => {
    const down = foldState(connected(), {
      type: 'state',
      at: '2030-01-01T00:00:05.000Z',
      state: 'disconnected',
      profile: null,
      reason: 'user asked',
    });
    const after = foldStatus(down, status('2030-01-01T00:00:06.000Z', 1, 1));
    expect(after.live).toBeNull();
    expect(after.connectedAt).toBeNull();
  });

  it('keeps the error of a failed state and clears it when connecting again', () => {
    const failed = foldState(connected(), {
      type: 'state',
      at: '2030-01-01T00:00:05.000Z',
      state: 'failed',
      profile: 'Tokyo 1',
      reason: 'no answer',
      error: { code: 'no-data-through-tunnel', message: 'no data' },
    });
    expect(failed.error?.code).toBe('no-data-through-tunnel');
    const retry = foldState(failed, {
      type: 'state',
      at: '2030-01-01T00:00:06.000Z',
      state: 'connecting',
      profile: 'Tokyo 1',
      reason: 'user asked',
    });
    expect(retry.error).toBeNull();
  });

  it('drops security details once disconnected', () => {
    const secured = foldSecurity(connected(), {
      type: 'security',
      at: '2030-01-01T00:00:02.000Z',
      profile: 'Tokyo 1',
      protocol: 'wireguard',
      dataCipher: 'ChaCha20-Poly1305',
      dataKeyBits: 256,
      securityBits: 128,
      controlChannel: null,
      rating: 'strong',
      reasons: [],
    });
    expect(secured.security?.dataCipher).toBe('ChaCha20-Poly1305');
    const down = foldState(secured, {
      type: 'state',
      at: '2030-01-01T00:00:09.000Z',
      state: 'disconnected',
      profile: null,
      reason: '',
    });
    expect(down.security).toBeNull();
  });

  it('ignores a snapshot older than the last event', () => {
    const view = connected();
    const stale = applySnapshot(view, snapshot({ state: 'connecting', since: '2030-01-01T00:00:00.500Z' }));
    expect(stale.state).toBe('connected');
    const fresh = applySnapshot(
      view,
      snapshot({ state: 'connected', profileId: 'p1', profileName: 'Tokyo 1', since: '2030-01-01T00:00:01.000Z' }),
    );
    expect(fresh.profileId).toBe('p1');
  });

  it('takes the rated security from a snapshot of a running tunnel, not of a stopped one', () => {
    const security = {
      profile: 'p1',
      protocol: 'wireguard' as const,
      dataCipher: 'CHACHA20-POLY1305',
      dataKeyBits: 256,
      securityBits: 128,
      controlChannel: null,
      rating: 'strong' as const,
      reasons: [],
    };
    const up = applySnapshot(
      initialConnectionView,
      snapshot({ state: 'connected', profileId: 'p1', since: '2030-01-01T00:00:01.000Z', security }),
    );
    expect(up.security?.dataCipher).toBe('CHACHA20-POLY1305');
    const down = applySnapshot(up, snapshot({ state: 'disconnected', since: '2030-01-01T00:00:02.000Z', security }));
    expect(down.security).toBeNull();
  });

  it('keeps a drop while working around it and forgets it once data flows again', () => {
    const dropped = foldDrop(connected(), {
      type: 'drop',
      at: '2030-01-01T00:00:05.000Z',
      profile: 'p1',
      reason: 'no answer',
      detectedAfterMs: 2000,
    });
    expect(dropped.drop?.detectedAfterMs).toBe(2000);
    const reconnecting = foldState(dropped, {
      type: 'state',
      at: '2030-01-01T00:00:05.100Z',
      state: 'reconnecting',
      profile: 'Tokyo 1',
      reason: 'trying Tokyo 1 over TCP 443',
    });
    expect(reconnecting.drop?.reason).toBe('no answer');
    const back = foldState(reconnecting, {
      type: 'state',
      at: '2030-01-01T00:00:07.000Z',
      state: 'connected',
      profile: 'Tokyo 1',
      reason: 'ok',
    });
    expect(back.drop).toBeNull();
    // A drop reported after the user disconnected changes nothing.
    const idle = foldState(back, {
      type: 'state',
      at: '2030-01-01T00:00:08.000Z',
      state: 'disconnected',
      profile: null,
      reason: '',
    });
    expect(
      foldDrop(idle, { type: 'drop', at: '2030-01-01T00:00:09.000Z', profile: 'p1', reason: 'x', detectedAfterMs: 1 })
        .drop,
    ).toBeNull();
  });

  it('keeps the disguised route of a failover landing until a snapshot of a new connection says otherwise', () => {
    const route = {
      disguise: { id: 'd-tls', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' },
      why: 'blocked',
    } as const;
    const onTokyo = applySnapshot(
      initialConnectionView,
      snapshot({ state: 'connected', profileId: 'p1', profileName: 'Tokyo 1', since: '2030-01-01T00:00:01.000Z' }),
    );
    // Failover lands on another profile through a disguise: its id arrives only with the next snapshot.
    const landedAt = '2030-01-01T00:00:09.000Z';
    const landed = foldState(onTokyo, {
      type: 'state',
      at: landedAt,
      state: 'connected',
      profile: 'p2',
      reason: 'ok',
      route,
    });
    expect(landed.profileId).toBeNull();
    expect(landed.route).toEqual(route);
    const sameChange = applySnapshot(
      landed,
      snapshot({ state: 'connected', profileId: 'p2', since: landedAt, route: null }),
    );
    expect(sameChange.route).toEqual(route);
    // A later connection the engine reports on a plain route.
    const later = applySnapshot(
      sameChange,
      snapshot({ state: 'connected', profileId: 'p3', since: '2030-01-01T00:01:00.000Z', route: null }),
    );
    expect(later.route).toBeNull();
    // A plain `connected` clears it at once.
    const plain = foldState(sameChange, {
      type: 'state',
      at: '2030-01-01T00:00:20.000Z',
      state: 'connected',
      profile: 'p2',
      reason: 'ok',
    });
    expect(plain.route).toBeNull();
  });
});
