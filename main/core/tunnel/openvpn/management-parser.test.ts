import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManagementLineParser, parseManagementLine, type ManagementMessage } from './management-parser';
import { authFailed, connectedEcTls13, connectedRsaCbcTls12, connectedWithRouteError } from './testdata/transcripts';

function parseAll(chunks: readonly string[]): ManagementMessage[] {
  const parser = new ManagementLineParser();
  return chunks.flatMap((chunk) => parser.feed(chunk));
}

const transcripts = { connectedEcTls13, connectedWithRouteError, connectedRsaCbcTls12, authFailed };

describe('parseManagementLine', () => {
  it('parses a CONNECTED state with every field', () => {
    expect(
      parseManagementLine('>STATE:1795917873,CONNECTED,SUCCESS,10.99.0.2,192.0.2.1,1194,192.0.2.2,41000,fd00::2'),
    ).toEqual({
      kind: 'state',
      time: 1795917873,
      name: 'CONNECTED',
      description: 'SUCCESS',
      localIp: '10.99.0.2',
      remoteIp: '192.0.2.1',
      remotePort: '1194',
      localAddress: '192.0.2.2',
      localPort: '41000',
      localIpv6: 'fd00::2',
    });
  });

  it('keeps commas inside log messages', () => {
    expect(parseManagementLine(">LOG:1795917219,,Data Channel: cipher 'AES-256-GCM', peer-id: 0")).toEqual({
      kind: 'log',
      time: 1795917219,
      flags: '',
      message: "Data Channel: cipher 'AES-256-GCM', peer-id: 0",
      history: false,
    });
  });

  it.each<[string, ManagementMessage]>([
    ['>BYTECOUNT:2296,2360', { kind: 'bytecount', rx: 2296, tx: 2360 }],
    ['>HOLD:Waiting for hold release:0', { kind: 'hold', message: 'Waiting for hold release', holdTime: 0 }],
    ['>HOLD:Waiting for hold release:10', { kind: 'hold', message: 'Waiting for hold release', holdTime: 10 }],
    ['>FATAL:Cannot open TUN/TAP dev', { kind: 'fatal', message: 'Cannot open TUN/TAP dev' }],
    ['>NOTIFY:info,remote-exit,EXIT', { kind: 'notify', severity: 'info', type: 'remote-exit', message: 'EXIT' }],
    [
      ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info",
      { kind: 'info', message: "OpenVPN Management Interface Version 5 -- type 'help' for more info" },
    ],
    [
      ">PASSWORD:Need 'Auth' username/password",
      { kind: 'password', event: 'need', realm: 'Auth', what: 'username/password' },
    ],
    [
      ">PASSWORD:Need 'Auth' username/password SC:1,Enter PIN",
      { kind: 'password', event: 'need', realm: 'Auth', what: 'username/password', staticChallenge: '1,Enter PIN' },
    ],
    [
      ">PASSWORD:Need 'Private Key' password",
      { kind: 'password', event: 'need', realm: 'Private Key', what: 'password' },
    ],
    [">PASSWORD:Verification Failed: 'Auth'", { kind: 'password', event: 'verification-failed', realm: 'Auth' }],
    [
      ">PASSWORD:Verification Failed: 'Auth' ['CRV1:R,E:Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l:Y3Ix:Please enter token PIN']",
      {
        kind: 'password',
        event: 'verification-failed',
        realm: 'Auth',
        challenge: 'CRV1:R,E:Om01u7Fh4LrGBS7uh0SWmzwabUiGiW6l:Y3Ix:Please enter token PIN',
      },
    ],
    ['>PASSWORD:Auth-Token:SESS_ID_secretvalue', { kind: 'password', event: 'auth-token' }],
    ['SUCCESS: hold release succeeded', { kind: 'success', message: 'hold release succeeded' }],
    [
      "ERROR: unknown command, enter 'help' for more options",
      { kind: 'error', message: "unknown command, enter 'help' for more options" },
    ],
    ['END', { kind: 'end' }],
    ['1795917219,I,OpenVPN 2.6.14', { kind: 'line', text: '1795917219,I,OpenVPN 2.6.14' }],
    ['>UPDOWN:UP', { kind: 'notification', name: 'UPDOWN', payload: 'UP' }],
    [
      '>ECHO:1795917219,forget-passwords',
      { kind: 'notification', name: 'ECHO', payload: '1795917219,forget-passwords' },
    ],
    ['>', { kind: 'notification', name: '', payload: '' }],
    ['>LOG:not-a-log-line', { kind: 'notification', name: 'LOG', payload: 'not-a-log-line' }],
  ])('%s', (line, expected) => {
    expect(parseManagementLine(line)).toEqual(expected);
  });

  it('never keeps an auth token', () => {
    expect(JSON.stringify(parseManagementLine('>PASSWORD:Auth-Token:SESS_ID_secretvalue'))).not.toContain('secret');
  });
});

describe('ManagementLineParser', () => {
  it('reads the recorded connect transcript in order', () => {
    const messages = parseAll(connectedEcTls13);
    const states = messages.filter((m) => m.kind === 'state').map((m) => (m.kind === 'state' ? m.name : ''));
    expect(states).toEqual(['WAIT', 'AUTH', 'ASSIGN_IP', 'CONNECTED', 'EXITING']);
    expect(messages[0]).toMatchObject({ kind: 'info' });
    expect(messages[1]).toMatchObject({ kind: 'hold', holdTime: 0 });
    expect(messages.filter((m) => m.kind === 'end')).toHaveLength(1);
    expect(messages.some((m) => m.kind === 'log' && m.message.startsWith('Control Channel: TLSv1.3'))).toBe(true);
    expect(messages.filter((m) => m.kind === 'bytecount').length).toBeGreaterThan(0);
  });

  it.each(Object.entries(transcripts))('gives the same messages for every split point of %s', (_name, chunks) => {
    const whole = chunks.join('');
    const expected = parseAll([whole]);
    // Both the recorded read boundaries and a single buffer agree.
    expect(parseAll(chunks)).toEqual(expected);
    const expectedJson = JSON.stringify(expected);
    const mismatches: number[] = [];
    for (let i = 0; i <= whole.length; i += 1) {
      if (JSON.stringify(parseAll([whole.slice(0, i), whole.slice(i)])) !== expectedJson) mismatches.push(i);
    }
    expect(mismatches).toEqual([]);
  });

  it('gives the same messages however the stream is cut (random multi-way splits)', () => {
    const whole = connectedRsaCbcTls12.join('');
    const expected = parseAll([whole]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: whole.length }), { maxLength: 40 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), whole.length];
        const chunks = points.slice(1).map((end, i) => whole.slice(points[i], end));
        expect(parseAll(chunks)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts LF as well as CRLF and ignores blank lines', () => {
    const crlf = parseAll(['>BYTECOUNT:1,2\r\n\r\n>HOLD:Waiting for hold release:0\r\n']);
    const lf = parseAll(['>BYTECOUNT:1,2\n\n>HOLD:Waiting for hold release:0\n']);
    expect(lf).toEqual(crlf);
    expect(lf).toHaveLength(2);
  });

  it('recognizes the management password prompt that has no newline, even split', () => {
    const parser = new ManagementLineParser();
    expect(parser.feed('ENTER PASS')).toEqual([]);
    expect(parser.feed('WORD:')).toEqual([{ kind: 'management-password-prompt' }]);
    expect(parser.feed('SUCCESS: password is correct\r\n')).toEqual([
      { kind: 'success', message: 'password is correct' },
    ]);
  });

  it('does not emit a half line until its end arrives', () => {
    const parser = new ManagementLineParser();
    expect(parser.feed('>STATE:1,CONNEC')).toEqual([]);
    expect(parser.feed('TED,SUCCESS,10.8.0.2,1.2.3.4,1194,,\r')).toEqual([]);
    expect(parser.feed('\n')).toMatchObject([{ kind: 'state', name: 'CONNECTED', description: 'SUCCESS' }]);
  });

  it('survives garbage: binary noise, unknown notifications, absurdly long lines', () => {
    const parser = new ManagementLineParser();
    const noise = parser.feed('\u0000\u0001\u00ff garbage here\r\n>WHATEVER:x,y\r\n');
    expect(noise).toEqual([
      { kind: 'line', text: '\u0000\u0001\u00ff garbage here' },
      { kind: 'notification', name: 'WHATEVER', payload: 'x,y' },
    ]);
    expect(parser.feed('x'.repeat(70_000))).toEqual([]);
    expect(parser.feed('y'.repeat(10) + '\r\n>BYTECOUNT:5,6\r\n')).toEqual([{ kind: 'bytecount', rx: 5, tx: 6 }]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), (chunks) => {
        const parser = new ManagementLineParser();
        for (const chunk of chunks) parser.feed(chunk);
      }),
      { numRuns: 300 },
    );
  });
});
