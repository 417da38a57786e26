import { describe, expect, it, vi } from 'vitest';
import { QuitGuard } from './quit-guard';

function setup(shutdown: () => Promise<void>) {
  let timer: (() => void) | null = null;
  const quit = vi.fn();
  const logs: string[] = [];
  const guard = new QuitGuard({
    shutdown,
    quit,
    deadlineMs: 10_000,
    setTimer: (fn) => {
      timer = fn;
      return () => {
        timer = null;
      };
    },
    log: (m) => logs.push(m),
  });
  const beforeQuit = () => {
    const event = { preventDefault: vi.fn() };
    guard.onBeforeQuit(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { guard, quit, logs, beforeQuit, fireTimer: () => timer?.() };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('QuitGuard', () => {
  it('holds the first quit until shutdown finishes, then quits for real', async () => {
    let release!: () => void;
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const { guard, quit, beforeQuit } = setup(shutdown);
    expect(guard.quitting).toBe(false);
    expect(beforeQuit()).toBe(true);
    expect(guard.quitting).toBe(true);
    expect(beforeQuit()).toBe(true); // a second Quit click while shutting down
    expect(shutdown).toHaveBeenCalledOnce();
    expect(quit).not.toHaveBeenCalled();
    release();
    await flush();
    expect(quit).toHaveBeenCalledOnce();
    expect(beforeQuit()).toBe(false); // the quit call that follows goes through
  });

  it('quits after the deadline when shutdown hangs, once', async () => {
    const { quit, logs, beforeQuit, fireTimer } = setup(() => new Promise<void>(() => {}));
    beforeQuit();
    fireTimer();
    await flush();
    expect(quit).toHaveBeenCalledOnce();
    expect(logs[0]).toMatch(/longer than 10000 ms/);
  });

  it('still quits when shutdown fails, and says why', async () => {
    const { quit, logs, beforeQuit } = setup(() => Promise.reject(new Error('wg: device busy')));
    beforeQuit();
    await flush();
    expect(quit).toHaveBeenCalledOnce();
    expect(logs).toEqual(['Shutdown failed: wg: device busy']);
  });
});
