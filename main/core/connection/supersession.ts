import { LaunchCancelled } from './tunnel-launcher';

/** Stops an attempt that a newer connect or a disconnect has superseded. */
export class Superseded extends Error {}

/**
 * How a newer command supersedes an older attempt: each attempt carries the generation it started in, and the
 * current generation's abort signal stops whatever it waits for. Anything an older attempt finishes late is
 * stopped instead of used.
 */
export class Supersession {
  private generation = 0;
  private abort = new AbortController();

  /** The newest generation. */
  get current(): number {
    return this.generation;
  }

  /** Aborted when a newer generation begins. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Begins a new generation: everything waiting on the old signal stops. */
  advance(): void {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
  }

  /** Throws `Superseded` when a newer generation has begun. */
  check(generation: number): void {
    if (generation !== this.generation) throw new Superseded();
  }

  /** Whether `err` ended the attempt because it was superseded, rather than because something failed. */
  isSuperseded(err: unknown, generation: number): boolean {
    return err instanceof Superseded || err instanceof LaunchCancelled || generation !== this.generation;
  }

  /** Waits for `promise` unless a newer command supersedes this attempt first. */
  unlessSuperseded<T>(generation: number, promise: Promise<T>): Promise<T> {
    if (generation !== this.generation) return Promise.reject(new Superseded());
    const signal = this.abort.signal;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new Superseded());
      signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}
