import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHoldfast } from '../test/fake-holdfast';
import { OSAKA_TCP, resolvedIncident } from '../test/incident-fixtures';
import { renderWithStore } from '../test/render-app';
import { ActivityView } from './ActivityView';

afterEach(cleanup);

describe('activity timeline', () => {
  it('tells an incident from the drop to the landing: detection, each attempt and why it failed, total time', async () => {
    const api = new FakeHoldfast().respond('incidents.list', [resolvedIncident()]);
    await renderWithStore(<ActivityView />, { api });
    const incident = screen.getByTestId('incident');
    expect(incident.dataset.status).toBe('resolved');
    expect(incident.querySelector('summary')?.textContent).toContain('Tokyo 1 stopped answering');
    expect(within(incident).getByTestId('incident-status').textContent).toBe('Back in 3.1 s');

    const steps = within(incident).getByTestId('incident-steps');
    expect(steps.textContent).toContain('Noticed after 2.0 s: nothing came back through the tunnel');
    expect(steps.textContent).toContain('Was on Tokyo 1 · WireGuard');
    const round = within(steps).getByTestId('incident-round');
    expect(round.textContent).toContain('Round 1: 3 attempts · one got through');
    const attempts = within(round).getAllByTestId('incident-attempt');
    expect(attempts.map((a) => a.dataset.outcome)).toEqual(['failed', 'cancelled', 'won']);
    expect(attempts[0]!.textContent).toContain('Tokyo 1 · UDP 1194');
    expect(attempts[0]!.textContent).toContain('TLS handshake failed: connection reset');
    expect(attempts[2]!.textContent).toContain('Osaka 2 · TCP 443');
    expect(attempts[2]!.textContent).toContain('answered first · 0.8 s');
    expect(within(incident).getByTestId('incident-ending').textContent).toContain(
      'Connected through Osaka 2 over TCP 443.',
    );
    expect(within(incident).getByTestId('incident-total').textContent).toBe(
      'Total time without a working connection: 3.1 s',
    );
  });

  it('follows an incident as the engine sends it again, newest first', async () => {
    const api = new FakeHoldfast();
    await renderWithStore(<ActivityView />, { api });
    expect(screen.getByTestId('activity-empty')).toBeTruthy();
    const open = resolvedIncident({
      attempts: resolvedIncident().attempts.slice(0, 2),
      rounds: [{ at: '2030-01-01T10:00:03.000Z', verdict: 'network-down' }],
      landedOn: null,
      totalMs: null,
      resolved: false,
      endedAt: null,
      ending: null,
      notified: [],
    });
    act(() => api.emit({ type: 'incident', at: open.detectedAt, incident: open }));
    expect(screen.getByTestId('incident').dataset.status).toBe('trying');
    expect(screen.getByTestId('incident-status').textContent).toBe('Still trying');
    expect(screen.getByTestId('incident-round').textContent).toContain(
      'everything failed at once, so the local network looks down',
    );
    expect(screen.queryByTestId('incident-total')).toBeNull();

    act(() =>
      api.emit({ type: 'incident', at: '2030-01-01T10:00:09.000Z', incident: resolvedIncident({ totalMs: 9000 }) }),
    );
    expect(screen.getAllByTestId('incident')).toHaveLength(1);
    expect(screen.getByTestId('incident-status').textContent).toBe('Back in 9.0 s');

    const later = resolvedIncident({
      id: 'inc-2',
      detectedAt: '2030-01-01T11:00:00.000Z',
      detectedBy: 'tunnel-exited',
      from: OSAKA_TCP,
      ending: 'needs-user',
      resolved: false,
      landedOn: null,
      totalMs: null,
    });
    act(() => api.emit({ type: 'incident', at: later.detectedAt, incident: later }));
    const items = screen.getAllByTestId('incident');
    expect(items.map((i) => i.dataset.status)).toEqual(['needs-user', 'resolved']);
    expect(items[0]!.querySelector('summary')?.textContent).toContain('Osaka 2 dropped the connection');
    expect(within(items[0]!).getByTestId('incident-ending').textContent).toContain('only you can fix this');
  });
});
