/**
 * Quitting waits for core to disconnect and clean up (interfaces, routes, DNS, firewall rules) before the
 * process exits. Electron's `before-quit` cannot await, so the first quit is held back, shutdown runs
 * once, and quit is called again when it has finished, or after a deadline so that a stuck binary cannot
 * keep the app from closing. Electron-free so that the sequence is unit-tested.
 */
export interface QuitGuardOptions {
  shutdown: () => Promise<void>;
  /** Called again once shutdown is over (app.quit). */
  quit: () => void;
  deadlineMs: number;
  setTimer: (fn: () => void, ms: number) => () => void;
  log: (message: string) => void;
}

export class QuitGuard {
  private phase: 'running' | 'stopping' | 'done' = 'running';

  constructor(private readonly options: QuitGuardOptions) {}

  /** True from the first quit request on: windows close for real instead of hiding. */
  get quitting(): boolean {
    return this.phase !== 'running';
  }

  /** Wire to app.on('before-quit'). */
  onBeforeQuit(event: { preventDefault(): void }): void {
    if (this.phase === 'done') return;
    event.preventDefault();
    if (this.phase === 'stopping') return;
    this.phase = 'stopping';
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      cancelTimer();
      this.phase = 'done';
      this.options.quit();
    };
    const cancelTimer = this.options.setTimer(() => {
      this.options.log(`Shutdown took longer than ${this.options.deadlineMs} ms; quitting anyway`);
      finish();
    }, this.options.deadlineMs);
    this.options
      .shutdown()
      .catch((err: unknown) => this.options.log(`Shutdown failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(finish);
  }
}
