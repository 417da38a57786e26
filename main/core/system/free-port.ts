import dgram from 'node:dgram';
import net from 'node:net';

/**
 * A loopback port nothing listens on right now, for a disguise program to take. The kernel picks it; the
 * moment between closing and the program binding is short, and a program that loses the port says so and the
 * attempt fails like any other.
 */
export function freeLoopbackPort(proto: 'udp' | 'tcp'): Promise<number> {
  return proto === 'tcp' ? freeTcpPort() : freeUdpPort();
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free loopback port'))));
    });
  });
}

function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const port = socket.address().port;
      socket.close(() => (port > 0 ? resolve(port) : reject(new Error('no free loopback port'))));
    });
  });
}
