import { describe, expect, it } from 'vitest';
import { EventHub, type CoreEvent } from '../events';
import { FakeClock } from '../testing/fake-clock';
import { ImportJobs, PROGRESS_EVERY_MS } from './import-jobs';

const counts = (read: number) => ({ read, total: 100, imported: 0, updated: 0, unchanged: 0, refused: 0 });

describe('ImportJobs', () => {
  it('reports progress at most every 100 ms and always once at the end, then forgets the job', async () => {
    const clock = new FakeClock(0);
    const events = new EventHub();
    const seen: CoreEvent[] = [];
    events.on((e) => seen.push(e));
    const jobs = new ImportJobs(events, clock);
    const job = jobs.start('a');
    for (let read = 0; read < 50; read += 1) job.progress(counts(read));
    expect(seen).toHaveLength(1);
    await clock.advance(PROGRESS_EVERY_MS);
    job.progress(counts(60));
    job.finish(counts(100), { removed: ['old'], cancelled: false });
    expect(seen.map((e) => e.type === 'import-progress' && [e.read, e.done, e.removed])).toEqual([
      [0, false, []],
      [60, false, []],
      [100, true, ['old']],
    ]);
    expect(jobs.cancel('a')).toBe(false);
  });

  it('cancels a running job through its signal, and refuses a second job under the same id', () => {
    const jobs = new ImportJobs(new EventHub(), new FakeClock(0));
    const job = jobs.start('same');
    expect(() => jobs.start('same')).toThrow(/already running/);
    expect(jobs.cancel('same')).toBe(true);
    expect(job.signal.aborted).toBe(true);
    expect(jobs.start().id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
