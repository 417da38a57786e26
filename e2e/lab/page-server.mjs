// A tiny HTTP server for the lab: bound to a server's tunnel address, so its page can only be fetched
// through the tunnel. Usage: node page-server.mjs --host 10.99.1.1 --port 8080 --text "behind server-1"
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string', default: '8080' },
    text: { type: 'string', default: 'behind the tunnel' },
  },
});
if (!values.host) {
  console.error('page-server: --host is required');
  process.exit(2);
}

const server = http.createServer((request, response) => {
  // /bytes/N returns N bytes, for throughput and "data still flows" checks.
  const bytes = /^\/bytes\/(\d{1,9})$/.exec(request.url ?? '');
  if (bytes) {
    const size = Math.min(Number(bytes[1]), 64 * 1024 * 1024);
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    response.end(Buffer.alloc(size, 0x61));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(values.text);
});
server.listen(Number(values.port), values.host, () => {
  console.log(`listening on http://${values.host}:${values.port}/`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
