import { describe, expect, it } from 'vitest';
import { IncidentLog, type IncidentRecord } from './incidents';
import { failoverMessage } from './messages';
import { NotificationPolicy, type FailoverNotification } from './notifications';
import type { CandidateView } from './types';

const view = (serverName: string, serverKey: string, transportLabel: string): CandidateView => ({
  profileId: serverKey,
  endpointIndex: 0,
  serverKey,
  serverName,
  country: null,
  transport: { protocol: 'openvpn', proto: 'tcp', port: 443 },
  transportLabel,
});
const TOKYO = view('Tokyo 1', 'tokyo', 'WireGuard');
const OSAKA = view('Osaka 2', 'osaka', 'TCP 443');

const T0 = Date.UTC(2026, 0, 1);

function setup() {
  let n = 0;
  const log = new IncidentLog(() => `i${++n}`);
  const policy = new NotificationPolicy({ quietWindowMs: 180_000, unresolvedAfterMs: 30_000 });
  const shown: FailoverNotification[] = [];
  const push = (x: FailoverNotification | null) => x && shown.push(x);
  /** An incident detected at `at` (ms after T0) that lands after `restoreMs`, or never. */
  const incident = (at: number, restoreMs: number | null, to = OSAKA): IncidentRecord => {
    const record = log.open(
      { detectedBy: 'no-answer', detail: 'no answer for 2.0 s', detectedAfterMs: 2000, from: TOKYO },
      T0 + at,
    );
    if (restoreMs !== null) {
      log.close('landed', T0 + at + restoreMs, to);
      push(policy.onResolved(record, T0 + at + restoreMs));
    }
    return record;
  };
  return { log, policy, shown, push, incident };
}

describe('NotificationPolicy', () => {
  it('says once, when the incident resolves, what happened and where we landed', () => {
    const { shown, incident } = setup();
    const record = incident(0, 1100);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ incidentId: record.id, kind: 'resolved' });
    expect(shown[0]?.message).toEqual(
      failoverMessage('failover.switched', {
        from: 'Tokyo 1',
        to: 'Osaka 2',
        transport: 'TCP 443',
        seconds: 3.1,
        detectedBy: 'no-answer',
      }),
    );
    expect(shown[0]?.message.text).toBe('Tokyo 1 stopped answering; reconnected through Osaka 2 over TCP 443 in 3.1 s');
    expect(record.notified).toEqual(['resolved']);
  });

  it('words a reconnection to the same server differently', () => {
    const { shown, incident } = setup();
    incident(0, 1000, view('Tokyo 1', 'tokyo', 'TCP 443'));
    expect(shown[0]?.message.code).toBe('failover.reconnected');
    expect(shown[0]?.message.text).toBe('Tokyo 1 stopped answering; reconnected over TCP 443 in 3.0 s');
  });

  it('says "connected", not "reconnected", when the first connect only worked another way', () => {
    const { log, policy, shown, push } = setup();
    const record = log.open(
      { detectedBy: 'connect-failed', detail: 'no data within 6 s', detectedAfterMs: 6000, from: TOKYO },
      T0,
    );
    log.close('landed', T0 + 2000, view('Tokyo 1', 'tokyo', 'Shadowsocks · WireGuard'));
    push(policy.onResolved(record, T0 + 2000));
    expect(shown[0]?.message.code).toBe('failover.connected');
    expect(shown[0]?.message.text).toBe(
      'Tokyo 1 could not be reached; connected through Tokyo 1 over Shadowsocks · WireGuard in 8.0 s',
    );
  });

  it('merges a flapping server into at most one notification per quiet window', () => {
    const { shown, incident } = setup();
    // Tokyo drops every 40 s for ten minutes and comes back each time within a second.
    const records = Array.from({ length: 15 }, (_, i) => incident(i * 40_000, 800));
    expect(shown.map((s) => s.at)).toEqual([
      new Date(T0 + 800).toISOString(),
      new Date(T0 + 200_000 + 800).toISOString(),
      new Date(T0 + 400_000 + 800).toISOString(),
    ]);
    const merged = records.filter((r) => r.notified.includes('merged'));
    expect(merged).toHaveLength(12);
    expect(merged[0]?.mergedInto).toBe(records[0]?.id);
  });

  it('says "no server is reachable" once when an incident outlasts the limit, then closes it with "restored"', () => {
    const { policy, shown, push, log } = setup();
    const record = log.open({ detectedBy: 'no-answer', detail: 'x', detectedAfterMs: 2000, from: TOKYO }, T0);
    expect(policy.unresolvedDueAt(record)).toBe(T0 + 30_000);
    push(policy.onUnresolvedDue(record, T0 + 29_999));
    expect(shown).toHaveLength(0);
    push(policy.onUnresolvedDue(record, T0 + 30_000));
    push(policy.onUnresolvedDue(record, T0 + 60_000));
    expect(shown.map((s) => s.message.text)).toEqual([
      'No server is reachable. Holdfast keeps trying; traffic stays blocked.',
    ]);
    expect(policy.unresolvedDueAt(record)).toBeNull();
    log.close('landed', T0 + 75_000, OSAKA);
    push(policy.onResolved(record, T0 + 75_000));
    expect(shown.map((s) => s.kind)).toEqual(['unresolved', 'restored']);
    expect(shown[1]?.message.text).toBe('Connection restored through Osaka 2 over TCP 443 after 77 s.');
  });

  it('holds a later "unreachable" notice until the quiet window after the last notification', () => {
    const { policy, incident } = setup();
    incident(0, 1000);
    const second = incident(60_000, null);
    expect(policy.unresolvedDueAt(second)).toBe(T0 + 1000 + 180_000);
  });

  it('always tells the user when only they can help, once', () => {
    const { policy, log, incident, shown, push } = setup();
    incident(0, 1000);
    const record = log.open({ detectedBy: 'server-dropped', detail: 'AUTH_FAILED', from: TOKYO }, T0 + 5000);
    log.close('needs-user', T0 + 5000);
    const message = failoverMessage('failover.needs-user', {
      server: 'Tokyo 1',
      detail: 'the server refused the username or password',
    });
    push(policy.onNeedsUser(record, message, T0 + 5000));
    push(policy.onNeedsUser(record, message, T0 + 6000));
    expect(shown.map((s) => s.kind)).toEqual(['resolved', 'needs-user']);
    expect(policy.unresolvedDueAt(record)).toBeNull();
  });
});
