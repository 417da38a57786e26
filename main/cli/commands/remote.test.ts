import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../core/service/dispatcher';
import { APP_CONTROL_SOCKET, serveControl, type ControlServer } from '../control-socket';
import type { CliIo } from '../io';
import { disconnectCommand, statusCommand } from './remote';

let dir: string;
let servers: ControlServer[];
let out: string;
const io = {
  stdout: (text: string) => void (out += text),
  stderr: () => undefined,
  env: {},
  home: '/nonexistent',
  onSignal: () => () => undefined,
} as CliIo;

function session(state: string, calls: string[]) {
  return new Dispatcher({
    'connection.snapshot': async () => ({ state, profile: null, live: null }) as never,
    'connection.disconnect': async () => {
      calls.push('disconnect');
      return { state: 'disconnected' } as never;
    },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hf-remote-'));
  servers = [];
  out = '';
});
afterEach(async () => {
  for (const s of servers) await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe('status and disconnect across the app and the command', () => {
  it('reach the app through the shared data folder when it holds the connection', async () => {
    const cliSocket = path.join(dir, 'control.sock');
    const appSocket = path.join(dir, APP_CONTROL_SOCKET);
    const appCalls: string[] = [];
    servers.push(await serveControl(appSocket, session('connected', appCalls)));
    await statusCommand([cliSocket, appSocket], true, io);
    expect(JSON.parse(out)).toMatchObject({ state: 'connected' });
    await disconnectCommand([cliSocket, appSocket], io);
    expect(appCalls).toEqual(['disconnect']);
  });

  it('prefer the connected one when both the command and an idle app answer', async () => {
    const cliSocket = path.join(dir, 'control.sock');
    const appSocket = path.join(dir, APP_CONTROL_SOCKET);
    const cliCalls: string[] = [];
    const appCalls: string[] = [];
    servers.push(await serveControl(appSocket, session('disconnected', appCalls)));
    servers.push(await serveControl(cliSocket, session('connecting', cliCalls)));
    await disconnectCommand([appSocket, cliSocket], io);
    expect(cliCalls).toEqual(['disconnect']);
    expect(appCalls).toEqual([]);
  });

  it('name the session of another data folder that holds the machine', async () => {
    await statusCommand(
      [path.join(dir, 'control.sock')],
      false,
      io,
      async () => ({ blocked: false, detail: null }),
      async () => ({ client: 'app', pid: 4711, uid: 1000, holderPid: 4712, since: '2026-12-02T10:00:00.000Z' }),
    );
    expect(out).toMatch(/held by the Holdfast app \(process 4711, user uid 1000, since 2026-12-02T10:00:00.000Z\)/);
  });

  it('pass a disguised connection through to --json unchanged', async () => {
    const disguise = { id: 'd1', kind: 'tls', detail: 'www.example.org', server: '203.0.113.6:443' };
    const snap = {
      state: 'connected',
      profileId: 'home',
      profileName: 'Home',
      security: { profile: 'home', rating: 'strong', dataCipher: 'AES-256-GCM', disguise },
      route: { disguise, why: 'remembered' },
    };
    const socketPath = path.join(dir, 'control.sock');
    servers.push(await serveControl(socketPath, new Dispatcher({ 'connection.snapshot': async () => snap as never })));
    await statusCommand(socketPath, true, io);
    expect(JSON.parse(out)).toEqual(snap);
  });
});
