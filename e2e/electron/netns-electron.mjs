#!/usr/bin/env node
// Runs Electron inside a network namespace for Playwright's `_electron.launch` (as its executablePath).
// Playwright drives the app over two WebSocket endpoints on 127.0.0.1 (the Node inspector and DevTools),
// but loopback inside the namespace is not the test's loopback. So each endpoint is relayed: a relay
// inside the namespace listens on a unix socket (the filesystem is shared across network namespaces) and
// connects to the endpoint; here a TCP listener on 127.0.0.1 forwards to that socket; and the
// "... listening on ws://" line Playwright waits for is rewritten to the local port.
//
//   HOLDFAST_E2E_NETNS=<ns> HOLDFAST_E2E_ELECTRON=<binary> netns-electron.mjs <electron args>
//   netns-electron.mjs --relay <socket> <port>      (internal: the relay inside the namespace)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

function pipeBoth(a, b) {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

if (process.argv[2] === '--relay') {
  const [socketPath, port] = process.argv.slice(3);
  const server = net.createServer((client) => pipeBoth(client, net.connect(Number(port), '127.0.0.1')));
  server.listen(socketPath, () => process.stdout.write('ready\n'));
  // The parent holds our stdin open; when it goes away, so do we.
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else {
  const ns = process.env.HOLDFAST_E2E_NETNS;
  const electron = process.env.HOLDFAST_E2E_ELECTRON;
  if (!ns || !electron) {
    process.stderr.write('netns-electron: set HOLDFAST_E2E_NETNS and HOLDFAST_E2E_ELECTRON\n');
    process.exit(2);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'holdfast-netns-electron-'));
  const relays = [];

  const relayed = new Map();
  const relay = (port) => {
    if (!relayed.has(port)) relayed.set(port, startRelay(port));
    return relayed.get(port);
  };
  const startRelay = (port) =>
    new Promise((resolve, reject) => {
      const socketPath = path.join(work, `${port}.sock`);
      const inside = spawn('ip', ['netns', 'exec', ns, process.execPath, self, '--relay', socketPath, String(port)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      relays.push(inside);
      inside.once('error', reject);
      inside.once('exit', (code) => reject(new Error(`the relay for port ${port} exited (${code})`)));
      inside.stdout.once('data', () => {
        const local = net.createServer((client) => pipeBoth(client, net.connect(socketPath)));
        local.once('error', reject);
        local.listen(0, '127.0.0.1', () => resolve(local.address().port));
      });
    });

  const child = spawn('ip', ['netns', 'exec', ns, electron, ...process.argv.slice(2)], {
    stdio: ['inherit', 'pipe', 'pipe'],
  });

  const LISTENING = /^((?:Debugger|DevTools) listening on ws:\/\/)127\.0\.0\.1:(\d+)(\/.*)$/;
  const forward = (input, output) => {
    // Lines are written in order; a relayed line waits for its relay before anything after it.
    let queue = Promise.resolve();
    createInterface({ input }).on('line', (line) => {
      const match = LISTENING.exec(line);
      queue = queue.then(async () => {
        if (!match) return void output.write(`${line}\n`);
        const port = await relay(Number(match[2]));
        output.write(`${match[1]}127.0.0.1:${port}${match[3]}\n`);
      });
      queue = queue.catch((err) => output.write(`netns-electron: relay failed: ${err.message}\n`));
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    for (const r of relays) r.kill();
    rmSync(work, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  });
}
