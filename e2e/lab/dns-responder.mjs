// A tiny DNS responder for the lab, as a VPN server's resolver: every query over UDP or TCP gets a
// well-formed NXDOMAIN for its own question. Holdfast only needs to see that an answer came back.
// Usage: node dns-responder.mjs --host 10.99.1.1 [--port 53]
import dgram from 'node:dgram';
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { host: { type: 'string' }, port: { type: 'string', default: '53' } } });
if (!values.host) {
  console.error('dns-responder: --host is required');
  process.exit(2);
}
const port = Number(values.port);

/** The query with QR, RA and RCODE 3 set, and no answers: "no such name". */
function answer(query) {
  if (query.length < 12) return null;
  const reply = Buffer.from(query);
  reply[2] = (reply[2] | 0x80) & 0xf9;
  reply[3] = 0x83;
  reply.writeUInt16BE(0, 6);
  reply.writeUInt16BE(0, 8);
  reply.writeUInt16BE(0, 10);
  return reply;
}

const udp = dgram.createSocket(values.host.includes(':') ? 'udp6' : 'udp4');
udp.on('message', (query, from) => {
  const reply = answer(query);
  if (reply) udp.send(reply, from.port, from.address);
});

const tcp = net.createServer((socket) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const query = pending.subarray(2, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(2 + query.length);
      const reply = answer(query);
      if (!reply) return socket.destroy();
      const framed = Buffer.alloc(2 + reply.length);
      framed.writeUInt16BE(reply.length, 0);
      reply.copy(framed, 2);
      socket.write(framed);
    }
  });
  socket.on('error', () => socket.destroy());
  socket.setTimeout(5000, () => socket.destroy());
});

let ready = 0;
const listening = () => {
  ready += 1;
  if (ready === 2) console.log(`listening on ${values.host}:${port} (udp, tcp)`);
};
udp.bind(port, values.host, listening);
tcp.listen(port, values.host, listening);
for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => {
    udp.close();
    tcp.close(() => process.exit(0));
  });
