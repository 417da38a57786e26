import type { Clock } from '../clock';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogBudget {
  /** Info lines passed per second. */
  infoPerSecond: number;
  /** Warnings and errors passed per second. */
  problemsPerSecond: number;
}

export const DEFAULT_LOG_BUDGET: LogBudget = { infoPerSecond: 2, problemsPerSecond: 3 };

/**
 * Keeps the tunnel drivers' log lines from flooding the event stream. Every OpenVPN start says a dozen
 * things at once, and a race starts three: the lines beyond the budget of a second are counted, not sent,
 * and the next second opens with one line saying how many were left out. Warnings and errors have a budget
 * of their own, so chatter never hides them.
 */
export class LogLimiter {
  private second = -1;
  private info = 0;
  private problems = 0;
  private dropped = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (level: LogLevel, message: string) => void,
    private readonly budget: LogBudget = DEFAULT_LOG_BUDGET,
  ) {}

  log(level: LogLevel, message: string): void {
    const second = Math.floor(this.clock.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.info = 0;
      this.problems = 0;
      if (this.dropped > 0) {
        const count = this.dropped;
        this.dropped = 0;
        this.info += 1;
        this.emit('info', `${count} more tunnel log line${count === 1 ? '' : 's'} left out to keep the log calm`);
      }
    }
    const problem = level !== 'info';
    if (problem ? this.problems >= this.budget.problemsPerSecond : this.info >= this.budget.infoPerSecond) {
      this.dropped += 1;
      return;
    }
    if (problem) this.problems += 1;
    else this.info += 1;
    this.emit(level, message);
  }
}
