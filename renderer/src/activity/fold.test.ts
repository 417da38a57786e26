import { describe, expect, it } from 'vitest';
import { notification, resolvedIncident } from '../test/incident-fixtures';
import { pushToast, TOAST_LIMIT, upsertIncident } from './fold';

describe('activity fold', () => {
  it('replaces an incident the engine sends again and keeps the newest first', () => {
    const open = resolvedIncident({ resolved: false, ending: null, landedOn: null, totalMs: null, endedAt: null });
    const older = resolvedIncident({ id: 'inc-0', detectedAt: '2030-01-01T09:00:00.000Z' });
    let list = upsertIncident([older], open);
    expect(list.map((i) => i.id)).toEqual(['inc-1', 'inc-0']);
    list = upsertIncident(list, resolvedIncident());
    expect(list).toHaveLength(2);
    expect(list[0]?.resolved).toBe(true);
  });

  it('shows one toast per incident: a later notice about it replaces the earlier one', () => {
    let toasts = pushToast([], notification({ kind: 'unresolved', code: 'failover.unreachable' }));
    toasts = pushToast(
      toasts,
      notification({ kind: 'restored', code: 'failover.restored', at: '2030-01-01T10:01:00.000Z' }),
    );
    expect(toasts.map((t) => t.notification.kind)).toEqual(['restored']);
  });

  it('ignores an exact repeat and never shows more than a few at once', () => {
    let toasts = pushToast([], notification());
    toasts = pushToast(toasts, notification());
    expect(toasts).toHaveLength(1);
    for (let i = 2; i < 12; i += 1) toasts = pushToast(toasts, notification({ incidentId: `inc-${i}` }));
    expect(toasts).toHaveLength(TOAST_LIMIT);
    expect(toasts.at(-1)?.notification.incidentId).toBe('inc-11');
  });
});
