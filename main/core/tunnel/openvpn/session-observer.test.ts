import { describe, expect, it } from 'vitest';
import type { TunnelEvent } from '../driver';
import { ManagementLineParser } from './management-parser';
import { SessionObserver, type ObserverAction } from './session-observer';
import { authFailed, connectedEcTls13, connectedRsaCbcTls12, connectedWithRouteError } from './testdata/transcripts';

function run(chunks: readonly string[], hasCredentials = true) {
  const parser = new ManagementLineParser();
  const observer = new SessionObserver({ tlsWrap: 'tls-crypt', hasCredentials });
  const actions: ObserverAction[] = [];
  for (const chunk of chunks) for (const m of parser.feed(chunk)) actions.push(...observer.handle(m));
  const events = actions.flatMap((a) => (a.type === 'emit' ? [a.event] : []));
  const types = (e: TunnelEvent[]) => e.filter((x) => x.type !== 'log').map((x) => x.type);
  return { observer, actions, events, eventTypes: types(events) };
}

describe('SessionObserver on recorded transcripts', () => {
  it('a clean connect: hold released, credentials sent, negotiated before up, then connected', () => {
    const { actions, eventTypes, observer } = run(connectedEcTls13);
    expect(actions.filter((a) => a.type === 'command')).toEqual([{ type: 'command', line: 'hold release' }]);
    expect(actions.filter((a) => a.type === 'send-credentials')).toEqual([{ type: 'send-credentials', realm: 'Auth' }]);
    expect(eventTypes).toEqual(['negotiated', 'up', 'exited']);
    const connected = actions.findIndex((a) => a.type === 'connected');
    const negotiated = actions.findIndex((a) => a.type === 'emit' && a.event.type === 'negotiated');
    expect(negotiated).toBeLessThan(connected);
    expect(actions[connected]).toEqual({ type: 'connected', first: true });
    expect(observer.security).toEqual({
      protocol: 'openvpn',
      controlTlsVersion: 'TLSv1.3',
      controlSuite: 'TLS_AES_256_GCM_SHA384',
      peerCertificate: { bits: 256, type: 'ECprime256v1' },
      temporaryKey: '253 bits X25519',
      dataCipher: 'AES-256-GCM',
      tlsWrap: 'tls-crypt',
    });
    expect(observer.localIp).toBe('10.99.0.2');
    expect(observer.remoteIp).toBe('192.0.2.1');
    expect(observer.push?.routeGateway).toBe('10.99.0.1');
    expect(observer.push?.dns).toEqual(['10.99.0.1']);
    expect(observer.rxBytes).toBeGreaterThan(0);
    expect(actions.filter((a) => a.type === 'route').map((a) => a.type === 'route' && a.change.destination)).toEqual([
      '192.0.2.1/32',
      '0.0.0.0/1',
      '128.0.0.0/1',
      '192.0.2.1/32',
      '0.0.0.0/1',
      '128.0.0.0/1',
    ]);
    expect(actions.some((a) => a.type === 'fail')).toBe(false);
  });

  it('the CBC server over TLS 1.2 with an RSA certificate', () => {
    const { observer } = run(connectedRsaCbcTls12);
    expect(observer.security).toMatchObject({
      controlTlsVersion: 'TLSv1.2',
      controlSuite: 'ECDHE-RSA-AES256-GCM-SHA384',
      peerCertificate: { bits: 2048, type: 'RSA' },
      dataCipher: 'AES-256-CBC',
      dataAuth: 'SHA256',
    });
  });

  it('waits for the Data Channel line that follows CONNECTED', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const feed = (s: string) => parser.feed(s).flatMap((m) => observer.handle(m));
    expect(feed('>STATE:1,CONNECTED,SUCCESS,10.8.0.2,192.0.2.1,1194,,\r\n')).toEqual([{ type: 'await-data-channel' }]);
    expect(observer.isConnected).toBe(false);
    const after = feed(">LOG:1,,Data Channel: cipher 'AES-128-GCM', peer-id: 0\r\n");
    expect(after.map((a) => (a.type === 'emit' ? a.event.type : a.type))).toEqual([
      'log',
      'negotiated',
      'up',
      'connected',
    ]);
    expect(observer.isConnected).toBe(true);
  });

  it('goes on without the Data Channel line when it never comes', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    parser.feed('>STATE:1,CONNECTED,SUCCESS,10.8.0.2,192.0.2.1,1194,,\r\n').forEach((m) => observer.handle(m));
    const actions = observer.dataChannelWaitExpired();
    expect(actions.map((a) => (a.type === 'emit' ? a.event.type : a.type))).toEqual(['up', 'connected']);
    expect(observer.dataChannelWaitExpired()).toEqual([]);
  });

  it('reports a wrong password as auth-failed, once, and fails the connect', () => {
    const { actions, events } = run(authFailed);
    const authEvents = events.filter((e) => e.type === 'auth-failed');
    expect(authEvents).toEqual([{ type: 'auth-failed', message: 'The server rejected the username or password.' }]);
    const fails = actions.filter((a) => a.type === 'fail');
    expect(fails).toHaveLength(1);
    expect(fails[0]?.type === 'fail' && fails[0].error.code).toBe('auth-failed');
    expect(actions.filter((a) => a.type === 'send-credentials')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'exited', reason: 'auth-failure' });
  });

  it('does not call a server refusal over ciphers a wrong password', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: true });
    const actions = parser
      .feed(
        '>LOG:1,,AUTH: Received control message: AUTH_FAILED,Data channel cipher negotiation failed (no shared cipher)\r\n' +
          ">PASSWORD:Verification Failed: 'Auth'\r\n>STATE:2,EXITING,auth-failure,,,,,\r\n",
      )
      .flatMap((m) => observer.handle(m));
    const events = actions.flatMap((a) => (a.type === 'emit' ? [a.event] : []));
    expect(events.some((e) => e.type === 'auth-failed')).toBe(false);
    const fail = actions.find((a) => a.type === 'fail');
    expect(fail?.type === 'fail' && fail.error.code).toBe('tunnel-failed');
    expect(fail?.type === 'fail' && fail.error.message).toBe(
      'The server refused the connection: Data channel cipher negotiation failed (no shared cipher)',
    );
    expect(observer.failureBeforeConnect('x').code).toBe('tunnel-failed');
  });

  it('passes on the reason a server gives for rejecting the password', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: true });
    const actions = parser
      .feed(
        ">LOG:1,,AUTH: Received control message: AUTH_FAILED,Account expired\r\n>PASSWORD:Verification Failed: 'Auth'\r\n",
      )
      .flatMap((m) => observer.handle(m));
    expect(actions.find((a) => a.type === 'emit' && a.event.type === 'auth-failed')).toEqual({
      type: 'emit',
      event: { type: 'auth-failed', message: 'The server rejected the username or password (Account expired).' },
    });
  });

  it('fails at once when credentials are asked for but none were given', () => {
    const { actions } = run(connectedEcTls13, false);
    const fail = actions.find((a) => a.type === 'fail');
    expect(fail?.type === 'fail' && fail.error.code).toBe('credentials-needed');
    expect(actions.some((a) => a.type === 'send-credentials')).toBe(false);
  });

  it('treats CONNECTED with route errors as a failed connect and says why', () => {
    const { actions } = run(connectedWithRouteError);
    const fail = actions.find((a) => a.type === 'fail');
    expect(fail?.type === 'fail' && fail.error.message).toMatch(/ROUTE_ERROR/);
    expect(fail?.type === 'fail' && fail.error.code).toBe('tunnel-failed');
  });

  it('emits reconnecting on a restart after being up, and up again without a second ready', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const feed = (s: string) => parser.feed(s).flatMap((m) => observer.handle(m));
    feed(
      ">LOG:1,,Data Channel: cipher 'AES-256-GCM', peer-id: 0\r\n>STATE:1,CONNECTED,SUCCESS,10.8.0.2,192.0.2.1,1194,,\r\n",
    );
    const restart = feed('>STATE:2,RECONNECTING,ping-restart,,,,,\r\n');
    expect(restart).toEqual([{ type: 'emit', event: { type: 'reconnecting', reason: 'ping-restart' } }]);
    const again = feed(
      ">STATE:3,CONNECTED,SUCCESS,10.8.0.2,192.0.2.1,1194,,\r\n>LOG:3,,Data Channel: cipher 'AES-256-GCM', peer-id: 0\r\n",
    );
    expect(again.map((a) => (a.type === 'emit' ? a.event.type : a.type))).toEqual([
      'await-data-channel',
      'log',
      'up',
      'connected',
    ]);
    expect(again.find((a) => a.type === 'connected')).toEqual({ type: 'connected', first: false });
  });

  it('reports a changed negotiation after a renegotiation', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const feed = (s: string) => parser.feed(s).flatMap((m) => observer.handle(m));
    feed(
      '>LOG:1,,Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 256 bits ECprime256v1\r\n' +
        ">LOG:1,,Data Channel: cipher 'AES-256-GCM', peer-id: 0\r\n>STATE:1,CONNECTED,SUCCESS,10.8.0.2,192.0.2.1,1194,,\r\n",
    );
    const same = feed(
      '>LOG:2,,Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_256_GCM_SHA384, peer certificate: 256 bits ECprime256v1\r\n',
    );
    expect(same.filter((a) => a.type === 'emit' && a.event.type === 'negotiated')).toEqual([]);
    const changed = feed(
      '>LOG:3,,Control Channel: TLSv1.3, cipher TLSv1.3 TLS_AES_128_GCM_SHA256, peer certificate: 256 bits ECprime256v1\r\n',
    );
    expect(changed.filter((a) => a.type === 'emit' && a.event.type === 'negotiated')).toHaveLength(1);
  });

  it('does not forward debug and management echo lines, and maps log levels', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const actions = parser
      .feed(
        ">LOG:1,D,MANAGEMENT: CMD 'state on'\r\n>LOG:1,,MANAGEMENT: >STATE:1,WAIT,,,,,,\r\n>LOG:1,W,WARNING: something\r\n" +
          '>LOG:1,N,RESOLVE: Cannot resolve host\r\n>LOG:1,I,Initialization Sequence Completed\r\n>FATAL:Cannot open TUN/TAP dev\r\n',
      )
      .flatMap((m) => observer.handle(m));
    expect(actions).toEqual([
      { type: 'emit', event: { type: 'log', level: 'warn', message: 'WARNING: something' } },
      { type: 'emit', event: { type: 'log', level: 'error', message: 'RESOLVE: Cannot resolve host' } },
      { type: 'emit', event: { type: 'log', level: 'info', message: 'Initialization Sequence Completed' } },
      { type: 'emit', event: { type: 'log', level: 'error', message: 'Cannot open TUN/TAP dev' } },
    ]);
    expect(observer.failureBeforeConnect('x').message).toBe('OpenVPN could not connect: Cannot open TUN/TAP dev');
  });

  it('refuses prompts it cannot answer: private key passphrase, static challenge', () => {
    const parser = new ManagementLineParser();
    const o1 = new SessionObserver({ tlsWrap: 'none', hasCredentials: true });
    const a1 = parser.feed(">PASSWORD:Need 'Private Key' password\r\n").flatMap((m) => o1.handle(m));
    expect(a1.find((a) => a.type === 'fail')).toMatchObject({ error: { code: 'tunnel-failed' } });
    const o2 = new SessionObserver({ tlsWrap: 'none', hasCredentials: true });
    const a2 = parser.feed(">PASSWORD:Need 'Auth' username/password SC:1,PIN\r\n").flatMap((m) => o2.handle(m));
    expect(a2.find((a) => a.type === 'fail')).toMatchObject({ error: { code: 'credentials-needed' } });
    expect(a2.some((a) => a.type === 'send-credentials')).toBe(false);
  });

  it('releases the first hold, and none after exiting', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const hold = '>HOLD:Waiting for hold release:0\r\n';
    expect(parser.feed(hold).flatMap((m) => observer.handle(m))).toEqual([{ type: 'command', line: 'hold release' }]);
    parser.feed('>STATE:1,EXITING,SIGTERM,,,,,\r\n').forEach((m) => observer.handle(m));
    expect(parser.feed(hold).flatMap((m) => observer.handle(m))).toEqual([]);
  });

  it('a restart of its own before the tunnel was up ends the attempt instead of releasing the hold again', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'none', hasCredentials: false });
    const feed = (text: string) => parser.feed(text).flatMap((m) => observer.handle(m));
    feed('>HOLD:Waiting for hold release:0\r\n');
    feed('>STATE:1,TCP_CONNECT,,,,,,\r\n>STATE:1,RECONNECTING,connection-failed,,,,,\r\n');
    const actions = feed('>HOLD:Waiting for hold release:5\r\n');
    expect(actions.some((a) => a.type === 'command')).toBe(false);
    expect(actions).toEqual([{ type: 'fail', error: expect.objectContaining({ code: 'tunnel-failed' }) as unknown }]);
    const error = (actions[0] as { error: Error }).error;
    expect(error.message).toBe('OpenVPN could not connect: OpenVPN gave up on this try (connection-failed)');
    // Any further hold is not released either.
    expect(feed('>HOLD:Waiting for hold release:5\r\n').some((a) => a.type === 'command')).toBe(false);
  });

  it('a server pushing compression fails with the known cause, in words, and is not retried by OpenVPN', () => {
    const parser = new ManagementLineParser();
    const observer = new SessionObserver({ tlsWrap: 'tls-crypt', hasCredentials: true });
    const feed = (text: string) => parser.feed(text).flatMap((m) => observer.handle(m));
    feed('>HOLD:Waiting for hold release:0\r\n');
    feed(
      '>LOG:1,N,OPTIONS ERROR: server pushed compression settings that are not allowed and will result in a ' +
        'non-working connection. See also allow-compression in the manual.\r\n',
    );
    feed('>LOG:1,N,ERROR: Failed to apply push options\r\n');
    feed('>STATE:1,RECONNECTING,process-push-msg-failed,,,,,\r\n');
    const actions = feed('>HOLD:Waiting for hold release:1\r\n');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      type: 'fail',
      error: { code: 'server-push-refused', params: { option: 'compression' } },
    });
    expect((actions[0] as { error: Error }).error.message).toMatch(/insists on compression.*leaks what you send/);
    expect(observer.failureBeforeConnect('x').code).toBe('server-push-refused');
  });

  it('after the tunnel was up, a restart is released only after the pause OpenVPN asks for (at least 1 s)', () => {
    const { observer } = run(connectedEcTls13);
    const parser = new ManagementLineParser();
    const feed = (text: string) => parser.feed(text).flatMap((m) => observer.handle(m));
    const restart = feed('>STATE:2,RECONNECTING,ping-restart,,,,,\r\n');
    expect(restart).toContainEqual({ type: 'emit', event: { type: 'reconnecting', reason: 'ping-restart' } });
    expect(feed('>HOLD:Waiting for hold release:0\r\n')).toEqual([{ type: 'release-hold', afterMs: 1000 }]);
    expect(feed('>HOLD:Waiting for hold release:5\r\n')).toEqual([{ type: 'release-hold', afterMs: 5000 }]);
  });
});
