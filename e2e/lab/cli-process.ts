import type { ChildProcess } from 'node:child_process';
import { LineDecoder, parseJsonLine } from '../../main/core/net/ndjson';

/** Collects a child's NDJSON stdout and lets a test wait for a given event. */
export class NdjsonWatcher {
  readonly events: Array<Record<string, unknown>> = [];
  readonly rawLines: string[] = [];
  stderr = '';
  private readonly decoder = new LineDecoder(
    16 * 1024 * 1024,
    (line) => this.onLine(line),
    () => undefined,
  );
  private waiters: Array<{
    match: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.decoder.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  waitFor(
    match: (e: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Record<string, unknown>> {
    const existing = this.events.find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; events: ${this.rawLines.join('\n')}\nstderr: ${this.stderr}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  waitForState(state: string, timeoutMs = 45_000): Promise<Record<string, unknown>> {
    return this.waitFor((e) => e.type === 'state' && e.state === state, timeoutMs, `state ${state}`);
  }

  states(): string[] {
    return this.events.filter((e) => e.type === 'state').map((e) => String(e.state));
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    this.rawLines.push(line);
    const parsed = parseJsonLine(line);
    const event =
      parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
        ? (parsed.value as Record<string, unknown>)
        : { type: 'not-json', line };
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }
}
