import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../events';
import { Dispatcher } from '../../service/dispatcher';
import { createServerHandlers } from '../../service/server-handlers';
import { ServerService } from '../../service/server-service';
import { SettingsStore } from '../../settings/settings-store';
import { WORLD, nameOf, setup } from './engine-test-setup';

// The preferred server as the user sets it (servers.prefer, through the real settings store) steers the
// engine: it is what a connect without a chosen profile starts with, and the first candidate of a plan.
describe('FailoverEngine: the preferred server set by the user', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hf-preferred-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function world() {
    const settings = await SettingsStore.open(dir);
    const w = await setup(WORLD, { settings: () => settings.get().failover });
    const service = new ServerService({
      engine: w.engine,
      settings,
      events: new EventHub(),
      clock: w.clock,
      profiles: { list: async () => WORLD, get: async (id) => WORLD.find((p) => p.id === id)! },
    });
    const dispatcher = new Dispatcher(createServerHandlers(service));
    return { ...w, service, dispatcher };
  }

  it('is the first candidate of the plan once set through servers.prefer', async () => {
    const { engine, dispatcher, service } = await world();
    const before = engine.begin();
    expect(before && nameOf(engine, before)).toBe('Tokyo 1 WireGuard');
    await engine.end();

    expect(await dispatcher.dispatch('servers.prefer', { key: 'paris.example.net' })).toMatchObject({ ok: true });
    const first = engine.begin();
    expect(first && nameOf(engine, first)).toBe('Paris WireGuard');
    expect(service.preferredStart()).toBe('paris-wg');
  });

  it('is tried first when failing over from another server', async () => {
    const { engine, dispatcher, clock } = await world();
    await dispatcher.dispatch('servers.prefer', { key: 'osaka.example.net' });
    const first = engine.begin();
    expect(first && nameOf(engine, first)).toBe('Osaka 2 WireGuard');
    engine.landed(first!);
    await clock.advance(60_000);
    engine.lost({ detectedBy: 'no-answer', detail: 'no answer', detectedAfterMs: 2000 });
    const step = engine.nextStep();
    // The candidate that just died is avoided; the preferred server's other transport still leads.
    expect(step.kind === 'race' && nameOf(engine, step.candidates[0]!)).toBe('Osaka 2 TCP 443');
  });

  it('follows a regrouping at once: a renamed or regrouped server is planned under its new key', async () => {
    const { engine, dispatcher } = await world();
    await dispatcher.dispatch('servers.assign', { profileId: 'paris-wg', serverKey: 'user:paris-home' });
    await dispatcher.dispatch('servers.rename', { key: 'user:paris-home', name: 'Home' });
    await dispatcher.dispatch('servers.prefer', { key: 'user:paris-home' });
    const first = engine.begin();
    expect(first?.serverKey).toBe('user:paris-home');
    expect(first && nameOf(engine, first)).toBe('Home WireGuard');
  });
});
