import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { LineDecoder, parseJsonLine } from '../../main/core/net/ndjson';
import type { Lab } from '../lab/lab';
import { waitUntil } from '../lab/lab-commands';

/**
 * The steady page prober (probe.mjs) running in the client namespace, seen from the benchmark: which
 * fetches succeeded and when. "Traffic restored" is the first success of a fetch that started after the
 * fault, through any server.
 */
export interface Fetch {
  url: string;
  started: number;
  done: number;
}

export interface ProbeOptions {
  intervalMs?: number;
  timeoutMs?: number;
  perUrl?: number;
}

export class PageProbe {
  readonly fetches: Fetch[] = [];
  private readonly decoder = new LineDecoder(
    1024 * 1024,
    (line) => this.onLine(line),
    () => undefined,
  );
  private stderr = '';

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.decoder.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
  }

  static async start(lab: Lab, urls: string[], options: ProbeOptions = {}): Promise<PageProbe> {
    const script = path.join(import.meta.dirname, 'probe.mjs');
    const args = [
      script,
      '--interval',
      String(options.intervalMs ?? 100),
      '--timeout',
      String(options.timeoutMs ?? 700),
      '--per-url',
      // Enough slots that a fresh request starts every interval even while earlier ones hang on a dead
      // tunnel: with 2, new requests waited for time-outs and "restored" came in 0.5 s steps.
      String(options.perUrl ?? 8),
      ...urls,
    ];
    const probe = new PageProbe(lab.spawnInClient(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    return probe;
  }

  /** The first success among `urls` of a fetch started at or after `since`, waiting up to `timeoutMs`. */
  async firstSuccessAfter(since: number, timeoutMs: number, urls: readonly string[]): Promise<Fetch | null> {
    let found: Fetch | null = null;
    await waitUntil(
      () => {
        found = this.successAfter(since, urls);
        return found !== null || this.child.exitCode !== null;
      },
      timeoutMs,
      20,
    );
    return found;
  }

  successAfter(since: number, urls: readonly string[]): Fetch | null {
    let best: Fetch | null = null;
    for (const f of this.fetches) {
      if (f.started < since || !urls.includes(f.url)) continue;
      if (!best || f.done < best.done) best = f;
    }
    return best;
  }

  /** Successful fetches of these URLs that started in [from, to]. */
  count(urls: readonly string[], from: number, to: number): number {
    return this.fetches.filter((f) => urls.includes(f.url) && f.started >= from && f.started <= to).length;
  }

  /** Time in [from, to] not covered by a success at least every `gapMs`: how long traffic stood still. */
  outageMs(from: number, to: number, urls: readonly string[], gapMs = 1000): number {
    const times = this.fetches
      .filter((f) => urls.includes(f.url) && f.done >= from && f.done <= to)
      .map((f) => f.done)
      .sort((a, b) => a - b);
    let outage = 0;
    let previous = from;
    for (const t of [...times, to]) {
      if (t - previous > gapMs) outage += t - previous;
      previous = t;
    }
    return outage;
  }

  diagnostics(): string {
    return this.stderr.trim();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  private onLine(line: string): void {
    const parsed = parseJsonLine(line);
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return; // not a result line
    const fetch = parsed.value as Partial<Fetch>;
    if (typeof fetch.url === 'string' && typeof fetch.started === 'number' && typeof fetch.done === 'number') {
      this.fetches.push({ url: fetch.url, started: fetch.started, done: fetch.done });
    }
  }
}
