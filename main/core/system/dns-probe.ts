import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

/**
 * One DNS query over UDP for the root's name servers (`. NS`); true when a well-formed reply to this query
 * came back within `timeoutMs`. Any reply counts, NXDOMAIN or REFUSED included: the point is that data came
 * back through the tunnel, not what the resolver thinks of the question.
 */
export function dnsProbe(target: string, timeoutMs: number, port = 53): Promise<boolean> {
  const id = randomBytes(2).readUInt16BE(0);
  const socket = createSocket(target.includes(':') ? 'udp6' : 'udp4');
  return new Promise<boolean>((resolve) => {
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('error', () => finish(false));
    socket.on('message', (reply) => {
      if (isReplyTo(reply, id)) finish(true);
    });
    socket.send(rootNsQuery(id), port, target, (err) => {
      if (err) finish(false);
    });
  });
}

/** The 17-byte query: header (id, RD, one question), the root name, type NS, class IN. */
export function rootNsQuery(id: number): Buffer {
  const query = Buffer.alloc(17);
  query.writeUInt16BE(id, 0);
  query.writeUInt16BE(0x0100, 2);
  query.writeUInt16BE(1, 4);
  query[12] = 0;
  query.writeUInt16BE(2, 13);
  query.writeUInt16BE(1, 15);
  return query;
}

/** A reply (QR set) with our id and at least a full header. */
export function isReplyTo(reply: Buffer, id: number): boolean {
  return reply.length >= 12 && reply.readUInt16BE(0) === id && (reply[2]! & 0x80) !== 0;
}
