import type { Clock } from '../clock';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  every?: number;
}

/** Manual time for unit tests: `advance` fires due timers in order and lets promises settle between them. */
export class FakeClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    return this.add({ id: this.nextId++, at: this.time + Math.max(0, ms), fn });
  }

  setInterval(fn: () => void, ms: number): () => void {
    return this.add({ id: this.nextId++, at: this.time + ms, fn, every: Math.max(1, ms) });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.time = next.at;
      if (next.every) next.at += next.every;
      else this.timers.shift();
      next.fn();
      await flush();
    }
    this.time = target;
    await flush();
  }

  pending(): number {
    return this.timers.length;
  }

  private add(timer: Timer): () => void {
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }
}

/** Lets queued promise callbacks (several hops deep) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
