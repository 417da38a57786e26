import { afterAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../events';
import { minimalOvpn, removeTempDirs, reversingVault, tempDir } from '../profiles/test-support';
import { createHoldfastCore } from '../service/core';

afterAll(removeTempDirs);

const CERT = Buffer.alloc(52, 3).toString('base64').replace(/=+$/, '');
const file = (name: string, text: string) => ({ name, contentBase64: Buffer.from(text).toString('base64') });

describe('disguises through the dispatcher', () => {
  it('imports dropped disguise files beside profiles, tells every window, and attaches by host', async () => {
    const core = await createHoldfastCore({
      dataDir: tempDir(),
      vault: reversingVault(),
      drivers: {},
      killSwitch: null,
    });
    const events: CoreEvent['type'][] = [];
    core.events.on((e) => events.push(e.type));
    const reply = await core.dispatcher.dispatch('profiles.import', {
      files: [
        file('home.ovpn', minimalOvpn()),
        file(
          'bridges.txt',
          `# mine\nobfs4 vpn.example.com:443 cert=${CERT} iat-mode=2\ntls 192.0.2.4:443 sni=a.example\n`,
        ),
      ],
    });
    expect(reply.ok).toBe(true);
    const outcomes = reply.ok ? (reply.value as Array<{ file: string; status: string }>) : [];
    expect(outcomes.map((o) => [o.file, o.status])).toEqual([
      ['home.ovpn', 'imported'],
      ['bridges.txt line 2', 'imported'],
      ['bridges.txt line 3', 'imported'],
    ]);
    expect(events.filter((t) => t === 'disguises-changed')).toHaveLength(1);

    const listed = await core.dispatcher.dispatch('disguises.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const listing = listed.value as { byServer: Record<string, Array<{ kind: string }>>; unattached: unknown[] };
    expect(Object.keys(listing.byServer)).toEqual(['vpn.example.com']);
    expect(listing.byServer['vpn.example.com']?.map((d) => d.kind)).toEqual(['obfs4']);
    expect(listing.unattached).toHaveLength(1);
    expect(JSON.stringify(listing)).not.toContain(CERT);

    const badServer = await core.dispatcher.dispatch('disguises.attach', { id: 'x', serverKey: 'nowhere' });
    expect(badServer).toMatchObject({ ok: false, error: { code: 'server-not-found' } });
    const badId = await core.dispatcher.dispatch('disguises.detach', { id: 'd-unknown' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'disguise-not-found' } });
    const badShape = await core.dispatcher.dispatch('disguises.attach', { id: 'x' });
    expect(badShape).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});
