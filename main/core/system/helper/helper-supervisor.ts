import type { HelperClient } from './helper-client';
import type { LaunchedHelper } from './helper-launcher';
import type { HelperLink } from './helper-link';
import type { HelloResult } from './protocol';

export type HelperStarter = () => Promise<{ helper: LaunchedHelper; client: HelperClient }>;

/**
 * Keeps one helper for the app: started on first need (or at once with `client()`), started again if
 * it has gone, never twice at the same time. A start that fails is not retried on its own: the next
 * request tries again, so a dismissed password dialog is asked again only when the user acts.
 */
export class HelperSupervisor implements HelperLink {
  private running: { helper: LaunchedHelper; client: HelperClient } | undefined;
  private starting: Promise<HelperClient> | undefined;
  private failure: string | undefined;
  private readonly startedListeners = new Set<(hello: HelloResult) => void>();

  constructor(private readonly start: HelperStarter) {}

  current(): HelperClient | undefined {
    const client = this.running?.client;
    return client && !client.isClosed ? client : undefined;
  }

  client(): Promise<HelperClient> {
    const live = this.current();
    if (live) return Promise.resolve(live);
    this.starting ??= this.start().then(
      (started) => {
        this.starting = undefined;
        this.running = started;
        this.failure = undefined;
        for (const listener of this.startedListeners) listener(started.client.hello);
        return started.client;
      },
      (err: unknown) => {
        this.starting = undefined;
        this.failure = err instanceof Error ? err.message : String(err);
        throw err;
      },
    );
    return this.starting;
  }

  /** Why the last start failed, until one succeeds. */
  get problem(): string | undefined {
    return this.failure;
  }

  /** Told after each successful start, with the helper's hello (its version and the orphans it found). */
  onStarted(listener: (hello: HelloResult) => void): () => void {
    this.startedListeners.add(listener);
    return () => this.startedListeners.delete(listener);
  }

  /**
   * Lets the helper go: closes the connection and its stdin. A helper with no tunnel exits at once; one
   * that still carries a connection keeps it and becomes an orphan the next start reports. Waits up to
   * `waitMs` for the process to end.
   */
  async close(waitMs = 5000): Promise<void> {
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    const { child } = running.helper;
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    running.client.close();
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    // The pipes must not keep this process alive once the helper is let go.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
  }
}
