// Steady application traffic for the benchmark, run inside the lab's client namespace:
//   node probe.mjs --interval 100 --timeout 700 --per-url 2 URL...
// Every interval it starts a GET to each URL that has fewer than --per-url requests in flight, each on a
// fresh connection (no keep-alive, so a dead tunnel is not hidden by an open socket). One JSON line per
// successful fetch: {"url", "started", "done"} with epoch milliseconds. SIGTERM/SIGINT ends it.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    interval: { type: 'string', default: '100' },
    timeout: { type: 'string', default: '700' },
    'per-url': { type: 'string', default: '2' },
  },
});
const intervalMs = Number(values.interval);
const timeoutMs = Number(values.timeout);
const perUrl = Number(values['per-url']);
if (positionals.length === 0 || !(intervalMs > 0) || !(timeoutMs > 0) || !(perUrl > 0)) {
  console.error('usage: probe.mjs [--interval MS] [--timeout MS] [--per-url N] URL...');
  process.exit(2);
}

const inFlight = new Map(positionals.map((url) => [url, 0]));

function fetchOnce(url) {
  const started = Date.now();
  inFlight.set(url, (inFlight.get(url) ?? 0) + 1);
  let finished = false;
  const finish = (ok) => {
    if (finished) return;
    finished = true;
    inFlight.set(url, (inFlight.get(url) ?? 1) - 1);
    if (ok) process.stdout.write(`${JSON.stringify({ url, started, done: Date.now() })}\n`);
  };
  const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
    response.resume();
    response.on('end', () => finish(response.statusCode === 200));
    response.on('error', () => finish(false));
  });
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', () => finish(false));
}

const timer = setInterval(() => {
  for (const url of positionals) if ((inFlight.get(url) ?? 0) < perUrl) fetchOnce(url);
}, intervalMs);
process.stdout.write(`${JSON.stringify({ ready: Date.now() })}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    clearInterval(timer);
    process.exit(0);
  });
}
