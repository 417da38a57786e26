import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { NavigateEvent } from '../../../preload/contract';
import { FakeHoldfast } from '../test/fake-holdfast';
import { notification, OSAKA_TCP, resolvedIncident } from '../test/incident-fixtures';
import { renderWithStore } from '../test/render-app';
import { App } from './App';

afterEach(cleanup);

const navigate = (incidentId: string): NavigateEvent => ({
  type: 'navigate',
  at: '2030-01-01T12:00:00.000Z',
  view: 'incident',
  incidentId,
});

/** Two incidents: the newest (opened by default) and an older one, which the user asks for. */
const older = resolvedIncident({ id: 'inc-1' });
const newer = resolvedIncident({
  id: 'inc-2',
  startedAt: '2030-01-01T11:00:00.000Z',
  detectedAt: '2030-01-01T11:00:02.000Z',
  detectedBy: 'tunnel-exited',
  from: OSAKA_TCP,
});

const currentView = () => screen.getByRole('navigation').querySelector('[aria-current="page"]')?.textContent;
const incidentItem = (id: string) => {
  const item = screen.getAllByTestId('incident').find((el) => el.dataset.incidentId === id);
  if (!item) throw new Error(`incident ${id} is not on the timeline`);
  return item;
};
const details = (item: HTMLElement) => item.querySelector('details')!;

/** The incident is open, its summary holds the keyboard focus (read out by screen readers), and it is marked. */
function expectShown(id: string) {
  const item = incidentItem(id);
  expect(details(item).open).toBe(true);
  expect(document.activeElement).toBe(item.querySelector('summary'));
  expect(item.dataset.highlighted).toBe('true');
}

describe('clicking a system notification (the shell sends navigate)', () => {
  it('switches to the activity view and opens, focuses and highlights that incident', async () => {
    const api = new FakeHoldfast().respond('incidents.list', [newer, older]);
    const { store } = await renderWithStore(<App />, { api });
    expect(currentView()).toBe('Connection');
    expect(api.listenerCount('navigate')).toBe(1);

    act(() => api.emitShell(navigate('inc-1')));
    expect(currentView()).toBe('Activity');
    expectShown('inc-1');
    expect(within(incidentItem('inc-1')).getByTestId('incident-total')).toBeTruthy();
    // The newest stays as the timeline left it, and nothing else is marked.
    expect(details(incidentItem('inc-2')).open).toBe(true);
    expect(incidentItem('inc-2').dataset.highlighted).toBeUndefined();
    // Already loaded: no second fetch; the request is done with.
    expect(api.callsOf('incidents.list')).toHaveLength(1);
    expect(store.getState().incidentFocus).toBeNull();
  });

  it('fetches the incidents first when the clicked one has not reached the window yet', async () => {
    const api = new FakeHoldfast().respond('incidents.list', [newer]);
    await renderWithStore(<App />, { api });
    api.respond('incidents.list', [newer, older]);

    act(() => api.emitShell(navigate('inc-1')));
    expect(currentView()).toBe('Activity');
    await waitFor(() => expect(screen.getAllByTestId('incident')).toHaveLength(2));
    expectShown('inc-1');
    expect(api.callsOf('incidents.list')).toHaveLength(2);
  });

  it('shows the timeline as it is when the incident is gone from the history', async () => {
    const api = new FakeHoldfast().respond('incidents.list', [newer]);
    const { store } = await renderWithStore(<App />, { api });
    act(() => api.emitShell(navigate('inc-pruned')));
    await waitFor(() => expect(api.callsOf('incidents.list')).toHaveLength(2));
    await waitFor(() => expect(store.getState().incidentFocus).toBeNull());
    expect(currentView()).toBe('Activity');
    expect(details(incidentItem('inc-2')).open).toBe(true);
    expect(incidentItem('inc-2').dataset.highlighted).toBeUndefined();
  });

  it('stops listening when the window goes away', async () => {
    const api = new FakeHoldfast();
    const { unmount } = await renderWithStore(<App />, { api });
    expect(api.listenerCount('navigate')).toBe(1);
    unmount();
    expect(api.listenerCount('navigate')).toBe(0);
  });
});

describe("a toast's What happened", () => {
  it('opens the incident the toast is about, not just the newest', async () => {
    const api = new FakeHoldfast().respond('incidents.list', [newer, older]);
    await renderWithStore(<App />, { api, focused: true });
    act(() => api.emit(notification({ incidentId: 'inc-1' })));
    fireEvent.click(screen.getByRole('button', { name: 'What happened' }));
    expect(currentView()).toBe('Activity');
    expectShown('inc-1');
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);
  });
});
