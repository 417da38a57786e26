import { describe, expect, it } from 'vitest';
import { ManagementClient, ManagementCommandError, type ManagementSocket } from './management-client';
import type { ManagementMessage } from './management-parser';
import { tokenize } from './quoting';

class FakeSocket implements ManagementSocket {
  readonly written: string[] = [];
  private dataListeners: Array<(chunk: string) => void> = [];
  private closeListeners: Array<() => void> = [];
  closed = false;
  write(data: string): void {
    this.written.push(data);
  }
  onData(listener: (chunk: string) => void): void {
    this.dataListeners.push(listener);
  }
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
  receive(chunk: string): void {
    for (const l of this.dataListeners) l(chunk);
  }
  hangUp(): void {
    for (const l of this.closeListeners) l();
  }
}

function setup() {
  const socket = new FakeSocket();
  const client = new ManagementClient(socket);
  const messages: ManagementMessage[] = [];
  client.onMessage((m) => messages.push(m));
  return { socket, client, messages };
}

describe('ManagementClient', () => {
  it('matches replies to commands in order, with notifications in between', async () => {
    const { socket, client, messages } = setup();
    const a = client.command('state on');
    const b = client.command('bytecount 1');
    socket.receive('SUCCESS: real-time state notification set to ON\r\n>BYTECOUNT:1,2\r\nSUCC');
    socket.receive('ESS: bytecount interval changed\r\n');
    await expect(a).resolves.toEqual({ message: 'real-time state notification set to ON', lines: [] });
    await expect(b).resolves.toEqual({ message: 'bytecount interval changed', lines: [] });
    expect(messages).toEqual([{ kind: 'bytecount', rx: 1, tx: 2 }]);
    expect(socket.written).toEqual(['state on\n', 'bytecount 1\n']);
  });

  it('collects a multi-line reply until END while real-time lines keep flowing', async () => {
    const { socket, client, messages } = setup();
    const history = client.command('log all', { multiLine: true });
    socket.receive(">LOG:1,D,MANAGEMENT: CMD 'log all'\r\n1,I,OpenVPN 2.6.14\r\n1,,Need hold release\r\nEND\r\n");
    await expect(history).resolves.toEqual({ message: '', lines: ['1,I,OpenVPN 2.6.14', '1,,Need hold release'] });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ kind: 'log', message: "MANAGEMENT: CMD 'log all'" });
  });

  it('rejects a command answered with ERROR and keeps serving the next one', async () => {
    const { socket, client } = setup();
    const bad = client.command('frobnicate');
    const good = client.command('hold release');
    socket.receive("ERROR: unknown command, enter 'help' for more options\r\nSUCCESS: hold release succeeded\r\n");
    await expect(bad).rejects.toThrow(ManagementCommandError);
    await expect(good).resolves.toMatchObject({ message: 'hold release succeeded' });
  });

  it('passes replies nobody asked for on to listeners', () => {
    const { socket, messages } = setup();
    socket.receive('SUCCESS: stray\r\nEND\r\nsome line\r\n');
    expect(messages.map((m) => m.kind)).toEqual(['success', 'end', 'line']);
  });

  it('rejects pending commands when the connection closes, and later ones at once', async () => {
    const { socket, client } = setup();
    const pending = client.command('signal SIGTERM');
    socket.hangUp();
    await expect(pending).rejects.toThrow('management connection closed');
    await expect(client.command('state')).rejects.toThrow('management connection closed');
    expect(client.closed).toBe(true);
  });

  it('refuses to send a command that spans lines', async () => {
    const { client, socket } = setup();
    await expect(client.command('hold release\nsignal SIGTERM')).rejects.toThrow('single line');
    expect(socket.written).toEqual([]);
  });

  it('sends credentials quoted and escaped, never bare', async () => {
    const { socket, client } = setup();
    const done = client.sendCredentials('Auth', 'al ice', 'p"a\\ss #x');
    socket.receive("SUCCESS: 'Auth' username entered, but not yet verified\r\n");
    await Promise.resolve();
    socket.receive("SUCCESS: 'Auth' password entered, but not yet verified\r\n");
    await done;
    expect(socket.written).toEqual(['username "Auth" "al ice"\n', 'password "Auth" "p\\"a\\\\ss #x"\n']);
    expect(tokenize(socket.written[1] ?? '')).toEqual(['password', 'Auth', 'p"a\\ss #x']);
  });

  it('refuses credentials with a line break instead of letting them inject a command', async () => {
    const { socket, client } = setup();
    await expect(client.sendCredentials('Auth', 'alice', 'pw\nsignal SIGTERM')).rejects.toThrow('line break');
    expect(socket.written).toEqual([]);
  });

  it('names only the command in errors, never its arguments', async () => {
    const { socket, client } = setup();
    const sent = client.sendCredentials('Auth', 'alice', 'hunter2');
    socket.receive("SUCCESS: 'Auth' username entered, but not yet verified\r\n");
    await Promise.resolve();
    socket.receive('ERROR: password parse\r\n');
    const error = await sent.catch((e: Error) => e);
    expect(error).toBeInstanceOf(ManagementCommandError);
    expect((error as Error).message).toBe('password: password parse');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
