import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dnsProbe, isReplyTo, rootNsQuery } from './dns-probe';
import { curlSawAnswer, tcpProbe } from './tcp-probe';

const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

/** A loopback UDP responder that answers each query with `reply(query)` (or stays silent on null). */
async function udpResponder(reply: (query: Buffer) => Buffer | null): Promise<number> {
  const socket: Socket = createSocket('udp4');
  socket.on('message', (query, from) => {
    const answer = reply(query);
    if (answer) socket.send(answer, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  closers.push(() => socket.close());
  return socket.address().port;
}

/** The query echoed back with QR set and RCODE NXDOMAIN: a well-formed "no such name". */
const nxdomain = (query: Buffer): Buffer => {
  const answer = Buffer.from(query);
  answer[2] = answer[2]! | 0x80;
  answer[3] = (answer[3]! & 0xf0) | 3;
  return answer;
};

describe('dnsProbe', () => {
  it('counts any reply to its own query as data come back, NXDOMAIN included', async () => {
    const port = await udpResponder(nxdomain);
    expect(await dnsProbe('127.0.0.1', 1000, port)).toBe(true);
  });

  it('is false on silence, and for a reply that is not to its query', async () => {
    const silent = await udpResponder(() => null);
    expect(await dnsProbe('127.0.0.1', 300, silent)).toBe(false);
    const wrongId = await udpResponder((q) => {
      const answer = nxdomain(q);
      answer.writeUInt16BE((q.readUInt16BE(0) + 1) & 0xffff, 0);
      return answer;
    });
    expect(await dnsProbe('127.0.0.1', 300, wrongId)).toBe(false);
  });

  it('asks for the root name servers and knows a reply from its own query echoed', () => {
    const query = rootNsQuery(0xbeef);
    expect(query.toString('hex')).toBe('beef01000001000000000000' + '00' + '0002' + '0001');
    expect(isReplyTo(query, 0xbeef)).toBe(false);
    expect(isReplyTo(nxdomain(query), 0xbeef)).toBe(true);
  });
});

describe('tcpProbe', () => {
  it('is true for a handshake and for a reset', async () => {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await tcpProbe('127.0.0.1', port, 1000)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // Nothing listens there now: the kernel answers the SYN with a reset.
    expect(await tcpProbe('127.0.0.1', port, 1000)).toBe(true);
  });
});

describe('curlSawAnswer', () => {
  it('reads a completed handshake or a refused connection from curl, and nothing else', () => {
    expect(curlSawAnswer('0.001234', 'curl: (52) Empty reply from server')).toBe(true);
    const refused = [
      '* connect to 10.0.0.1 port 443 failed: Connection refused',
      "curl: (7) Failed to connect to 10.0.0.1 port 443 after 3 ms: Couldn't connect to server",
    ].join('\n');
    expect(curlSawAnswer('0.000000', refused)).toBe(true);
    expect(curlSawAnswer('0.000000', 'curl: (28) Connection timed out after 1000 milliseconds')).toBe(false);
    expect(curlSawAnswer('0.000000', 'curl: (7) Failed to connect to 10.0.0.1 port 53: No route to host')).toBe(false);
  });
});
