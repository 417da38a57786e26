import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandParams } from '../../../preload/contract';
import type { ImportProgressEvent } from '../../../main/core/events';
import { FakeHoldfast } from '../test/fake-holdfast';
import { renderWithStore } from '../test/render-app';
import { ProfilesCard } from './ProfilesCard';

afterEach(cleanup);

const progress = (jobId: string, patch: Partial<ImportProgressEvent> = {}): ImportProgressEvent => ({
  type: 'import-progress',
  at: '2030-01-01T00:00:00Z',
  jobId,
  read: 300,
  total: 1000,
  imported: 280,
  updated: 0,
  unchanged: 0,
  refused: 20,
  removed: [],
  done: false,
  cancelled: false,
  ...patch,
});

/** An import the engine answers only when the test says so, as a long one would. */
function slowImport(api: FakeHoldfast) {
  let finish: (cancelled: boolean) => void = () => {};
  let jobId = '';
  api.handle('profiles.import', (params: CommandParams<'profiles.import'>) => {
    jobId = params.jobId ?? '';
    return new Promise((resolve) => {
      finish = (cancelled) =>
        resolve(
          cancelled
            ? { ok: false, error: { code: 'invalid-request', message: 'the import was cancelled' } }
            : { ok: true, value: [] },
        );
    });
  });
  return { finish: (cancelled: boolean) => finish(cancelled), jobId: () => jobId };
}

async function startImport(api: FakeHoldfast) {
  await renderWithStore(<ProfilesCard />, { api });
  const file = new File(['[Interface]\n'], 'jp-tyo-wg-001.conf', { type: 'text/plain' });
  await act(async () => fireEvent.change(screen.getByTestId('import-input'), { target: { files: [file] } }));
}

describe('import progress', () => {
  it('shows files read, imported and refused once an import takes longer than a moment', async () => {
    const api = new FakeHoldfast();
    const slow = slowImport(api);
    await startImport(api);
    await waitFor(() => expect(slow.jobId()).toMatch(/^import-/));
    act(() => api.emit(progress(slow.jobId())));
    // Another import's progress is not ours.
    act(() => api.emit(progress('someone-else', { read: 999 })));
    const counts = await screen.findByTestId('import-progress-counts', {}, { timeout: 2000 });
    expect(counts.textContent).toBe('300 of 1000 files read · 280 imported · 20 refused');
    act(() => slow.finish(false));
    await waitFor(() => expect(screen.queryByTestId('import-progress')).toBeNull());
  });

  it('cancels the running import by its name and says nothing was kept', async () => {
    const api = new FakeHoldfast();
    const slow = slowImport(api);
    api.handle('profiles.cancelImport', () => {
      setTimeout(() => slow.finish(true), 0);
      return { ok: true, value: { cancelled: true } };
    });
    await startImport(api);
    await waitFor(() => expect(slow.jobId()).not.toBe(''));
    act(() => api.emit(progress(slow.jobId())));
    fireEvent.click(await screen.findByTestId('import-cancel', {}, { timeout: 2000 }));
    await waitFor(() => expect(api.callsOf('profiles.cancelImport')).toEqual([{ jobId: slow.jobId() }]));
    expect((await screen.findByTestId('import-cancelled')).textContent).toBe(
      'Import cancelled. Nothing from it was kept.',
    );
    // A cancelled import is not an error to show.
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
