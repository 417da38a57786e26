import { HoldfastError } from '../../errors';
import { FakeClock } from '../../testing/fake-clock';
import { FailoverEngine } from './engine';
import type { FailoverEngineDeps, FailoverStep, RoundResult } from './engine-types';
import type { IncidentRecord } from './incidents';
import { InMemoryMemoryStore } from './memory-file';
import type { FailoverNotification } from './notifications';
import type { CatalogProfile } from './servers';
import { defaultFailoverSettings } from './settings';
import { ovpn, wg } from './test-fixtures';
import { transportLabel, type Candidate } from './types';

/** Shared world for engine tests: Tokyo (3 transports), Osaka (2), Paris (1), on a fake clock. */
export const WORLD: CatalogProfile[] = [
  wg('tokyo-wg', 'Tokyo 1', 'tokyo.example.net', 51820, 'jp-tokyo-1.conf'),
  ovpn(
    'tokyo-ovpn',
    'Tokyo 1 TCP',
    [
      ['tokyo.example.net', 1194, 'udp'],
      ['tokyo.example.net', 443, 'tcp'],
    ],
    'jp-tokyo-1.ovpn',
  ),
  wg('osaka-wg', 'Osaka 2', 'osaka.example.net', 51820, 'jp-osaka-2.conf'),
  ovpn('osaka-ovpn', 'Osaka 2 TCP', [['osaka.example.net', 443, 'tcp']], 'jp-osaka-2.ovpn'),
  wg('paris-wg', 'Paris', 'paris.example.net', 51820, 'fr-paris.conf'),
];

export type Script = Record<string, { after: number; ok: boolean; error?: unknown }>;

/** "Osaka 2 TCP 443", "Tokyo 1 WireGuard": how tests name candidates. */
export function nameOf(engine: FailoverEngine, c: Candidate): string {
  return `${engine.servers().view(c).serverName} ${transportLabel(c.transport)}`;
}

export async function setup(profiles: CatalogProfile[] = WORLD, deps: Partial<FailoverEngineDeps> = {}) {
  const clock = new FakeClock();
  const settings = defaultFailoverSettings();
  const store = new InMemoryMemoryStore();
  const notifications: FailoverNotification[] = [];
  const incidents: IncidentRecord[] = [];
  let ids = 0;
  const engine = await FailoverEngine.create({
    clock,
    settings: () => settings,
    store,
    random: () => 0.5,
    newId: () => `incident-${++ids}`,
    onNotification: (n) => notifications.push(n),
    onIncident: (i) => incidents.push(i),
    ...deps,
  });
  engine.setProfiles(profiles);
  engine.networkChanged('home');
  const started: string[] = [];
  const aborted: string[] = [];
  /** Attempts settle on the clock per script (by nameOf); unknown candidates never answer. */
  const tryWith =
    (script: Script) =>
    (c: Candidate, signal: AbortSignal): Promise<string> => {
      const name = nameOf(engine, c);
      started.push(name);
      const s = script[name] ?? { after: 1_000_000, ok: false };
      return new Promise((resolve, reject) => {
        const cancel = clock.setTimeout(
          () =>
            s.ok ? resolve(name) : reject(s.error ?? new HoldfastError('tunnel-failed', `${name} did not answer`)),
          s.after,
        );
        signal.addEventListener('abort', () => {
          aborted.push(name);
          cancel();
          reject(signal.reason);
        });
      });
    };
  /** Runs one race step like the controller would, landing at once on a win (inside the same clock tick). */
  const runRace = async (step: FailoverStep, script: Script, advanceMs = 30_000) => {
    if (step.kind !== 'race') throw new Error(`expected a race step, got ${step.kind}`);
    let result: RoundResult<string> | undefined;
    void engine.race(step, tryWith(script)).then((r) => {
      result = r;
      if (r.verdict === 'won') engine.landed(r.candidate, { ms: r.ms });
    });
    await clock.advance(advanceMs);
    if (!result) throw new Error('the race did not settle');
    return result;
  };
  return { clock, settings, store, engine, notifications, incidents, started, aborted, tryWith, runRace };
}
