import type { FailoverSession } from './failover-session';
import type { ServerCatalog } from './servers';
import type { FailoverSettings } from './settings';

/**
 * What the engine's parts (engine-planning.ts, session-lifecycle.ts, step-chooser.ts, round-runner.ts,
 * attempt-ledger.ts) read when they act. The catalog and the network change under them, so they are read through
 * functions at that moment, never kept; settings are read fresh at every decision.
 */
export interface EngineContext {
  readonly session: FailoverSession;
  catalog(): ServerCatalog;
  networkKey(): string;
  settings(): FailoverSettings;
  now(): number;
}
