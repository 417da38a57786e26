/**
 * Race attempts and released probe tunnels still winding down. A race ends the moment it is decided or stopped,
 * while its losers are still stopping their tunnels and disguise programs: a disconnect waits for them, so
 * nothing is left behind when it returns (or when the CLI exits after it).
 */
export class WindingDown {
  private readonly pending = new Set<Promise<unknown>>();

  /** Remembers `promise` until it settles, so that `settled` waits for it; returns it unchanged. */
  track<T>(promise: Promise<T>): Promise<T> {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
    return promise;
  }

  /** Resolves once everything tracked so far has settled, however it ended. */
  settled(): Promise<unknown> {
    return Promise.allSettled([...this.pending]);
  }
}
