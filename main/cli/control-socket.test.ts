import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../core/service/dispatcher';
import { callControl, serveControl, type ControlServer } from './control-socket';

describe('control socket', () => {
  let dir: string;
  let socket: string;
  let server: ControlServer | null = null;
  const disconnects: number[] = [];
  const dispatcher = new Dispatcher({
    'connection.snapshot': async () => ({ state: 'connected', profileId: 'tokyo-1' }) as never,
    'connection.disconnect': async () => {
      disconnects.push(1);
      return { state: 'disconnected' } as never;
    },
    'profiles.remove': async () => ({ removed: true }),
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hf-ctl-'));
    socket = path.join(dir, 'control.sock');
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('answers status and disconnect, owner-only', async () => {
    server = await serveControl(socket, dispatcher);
    expect((await stat(socket)).mode & 0o777).toBe(0o600);
    expect(await callControl(socket, 'connection.snapshot')).toEqual({
      ok: true,
      value: { state: 'connected', profileId: 'tokyo-1' },
    });
    await callControl(socket, 'connection.disconnect');
    expect(disconnects.length).toBe(1);
  });

  it('serves only the look-and-disconnect commands', async () => {
    server = await serveControl(socket, dispatcher);
    const reply = await callControl(socket, 'profiles.remove', { id: 'x' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-command' } });
  });

  it('says plainly when nothing is running', async () => {
    await expect(callControl(socket, 'connection.snapshot')).rejects.toMatchObject({ code: 'not-connected' });
  });

  it('replaces a stale socket file but refuses a live one', async () => {
    await writeFile(socket, '');
    server = await serveControl(socket, dispatcher);
    await expect(serveControl(socket, dispatcher)).rejects.toMatchObject({ code: 'already-connected' });
  });
});
