// A DNS server for the lab: answers A queries for the names it is given, NXDOMAIN for anything else, and
// prints each question on stdout. Usage: node lab-dns-server.mjs <listen-ip> '{"name":"1.2.3.4",...}'
import dgram from 'node:dgram';

const [listen, mapText] = process.argv.slice(2);
const names = new Map(Object.entries(JSON.parse(mapText)).map(([k, v]) => [k.toLowerCase(), v]));
const socket = dgram.createSocket('udp4');

function readName(msg, offset) {
  const labels = [];
  for (;;) {
    const length = msg[offset];
    if (length === undefined || length > 63) return null;
    offset += 1;
    if (length === 0) return { name: labels.join('.'), end: offset };
    labels.push(msg.subarray(offset, offset + length).toString('latin1'));
    offset += length;
  }
}

socket.on('message', (msg, peer) => {
  if (msg.length < 12) return;
  const question = readName(msg, 12);
  if (!question || question.end + 4 > msg.length) return;
  const type = msg.readUInt16BE(question.end);
  const name = question.name.toLowerCase();
  const address = names.get(name);
  const answer =
    address && type === 1
      ? Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...address.split('.').map(Number)])
      : Buffer.alloc(0);
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2);
  header.writeUInt16BE(address ? 0x8180 : 0x8183, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answer.length > 0 ? 1 : 0, 6);
  socket.send(Buffer.concat([header, msg.subarray(12, question.end + 4), answer]), peer.port, peer.address);
  process.stdout.write(`${JSON.stringify({ name, type, answered: Boolean(address && type === 1) })}\n`);
});
socket.bind(53, listen, () => process.stdout.write('ready\n'));
