export interface Tally {
  totals: { passed: number; failed: number; skipped: number };
  steps: { name: string; status: 'ok' | 'FAILED' | 'SKIPPED'; note?: string }[];
  step(name: string, status: 'ok' | 'FAILED' | 'SKIPPED', note?: string): void;
  skipped(reason: string, names: string[]): void;
  notRun(name: string, reason: string, names: string[] | null): void;
  addVitest(report: unknown, suite: string): void;
  addPlaywright(report: unknown, suite: string): void;
  failed(): boolean;
  render(): string;
}
export declare function createTally(root: string): Tally;
export declare function playwrightTests(report: unknown): { spec: unknown; test: unknown }[];
