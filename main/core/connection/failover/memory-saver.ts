import type { Clock } from '../../clock';
import type { MemoryData } from './memory-records';
import type { MemoryStore } from './memory-file';
import { reasonText } from './race';

/**
 * Batches memory writes: the first change arms a timer, later changes ride along, and writes never overlap.
 * A failed write is reported and forgotten: memory is a cache, failover must not stop over it.
 */
export class MemorySaver {
  private cancelTimer: (() => void) | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    private readonly store: MemoryStore | undefined,
    private readonly snapshot: () => MemoryData,
    private readonly delayMs: number,
    private readonly onProblem?: (message: string) => void,
  ) {}

  schedule(): void {
    if (!this.store || this.cancelTimer) return;
    this.cancelTimer = this.clock.setTimeout(() => {
      this.cancelTimer = null;
      void this.save();
    }, this.delayMs);
  }

  async flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.save();
  }

  private save(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    this.chain = this.chain
      .then(() => store.save(this.snapshot()))
      .catch((err: unknown) =>
        this.onProblem?.(`${store.label ?? 'failover memory'} could not be saved: ${reasonText(err)}`),
      );
    return this.chain;
  }
}
