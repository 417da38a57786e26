import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoldfastCore } from '../core/service/core';
import type { CliIo } from './io';
import { runCli } from './run';

const SERVERS = 10_000;
const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * The real `holdfast` entry point in a child process, its stdout a pipe that the test does not read at
 * first: the pipe fills (64 KiB) while the CLI still has megabytes to write. A CLI that exits before its
 * output drains loses the rest, and the JSON no longer parses.
 */
describe('holdfast output through a pipe', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'holdfast-pipe-'));
    await seedServers(dir, SERVERS);
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`servers --json with ${SERVERS} servers arrives whole and parses`, async () => {
    const { code, stdout } = await runSlowlyRead(['--data-dir', dir, 'servers', '--json']);
    expect(stdout.length).toBeGreaterThan(1024 * 1024);
    expect(stdout.endsWith('\n')).toBe(true);
    const listing = JSON.parse(stdout) as { servers: unknown[] };
    expect(listing.servers).toHaveLength(SERVERS);
    expect(code).toBe(0);
  }, 120_000);

  it(`list --json with ${SERVERS} profiles arrives whole and parses`, async () => {
    const { code, stdout } = await runSlowlyRead(['--data-dir', dir, 'list', '--json']);
    expect((JSON.parse(stdout) as unknown[]).length).toBe(SERVERS);
    expect(code).toBe(0);
  }, 120_000);
});

/**
 * Starts the CLI and leaves its stdout unread until the child has exited (the output was cut) or its
 * writes have stalled on the full pipe for a while (it is waiting for the reader, as it should).
 */
async function runSlowlyRead(argv: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/cli/index.ts'), ...argv], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stdout = child.stdout;
  stdout.pause();
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Wait for the first bytes (the listing is being written), then let the pipe stay full for 1.5 s.
  await new Promise<void>((resolve) => stdout.once('readable', () => resolve()));
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1500))]);
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stdout.resume();
  const code = await exited;
  await new Promise((resolve) => (stdout.readableEnded ? resolve(undefined) : stdout.once('end', resolve)));
  if (code !== 0) throw new Error(`holdfast exited ${code}: ${stderr}`);
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

/** One profile imported for real, then copied under many ids and hosts: 10,000 imports would take minutes. */
async function seedServers(dataDir: string, count: number): Promise<void> {
  const b64 = (s?: string) => Buffer.from(s ?? '', 'base64url').toString('base64');
  const { privateKey } = generateKeyPairSync('x25519');
  const peer = generateKeyPairSync('x25519').publicKey;
  const file = path.join(dataDir, 'seed.conf');
  await writeFile(
    file,
    [
      '[Interface]',
      `PrivateKey = ${b64(privateKey.export({ format: 'jwk' }).d)}`,
      'Address = 10.66.0.2/32',
      '[Peer]',
      `PublicKey = ${b64(peer.export({ format: 'jwk' }).x)}`,
      'AllowedIPs = 0.0.0.0/0',
      'Endpoint = seed.example.net:51820',
      '',
    ].join('\n'),
  );
  const io: CliIo = {
    stdout: () => undefined,
    stderr: () => undefined,
    env: {},
    home: dataDir,
    onSignal: () => () => undefined,
  };
  const code = await runCli(['--data-dir', dataDir, 'import', file], io, {
    version: 'test',
    createCore: (options) => createHoldfastCore({ ...options, drivers: {}, killSwitch: null }),
    openPrivileges: async () => ({ ok: true, coreOptions: {}, close: async () => undefined }),
  });
  expect(code).toBe(0);
  const profiles = path.join(dataDir, 'profiles');
  const names = await readdir(profiles);
  const profileName = names.find((n) => n.endsWith('.json') && !n.endsWith('.secrets.json'));
  const id = profileName!.slice(0, -'.json'.length);
  const profileText = await readFile(path.join(profiles, profileName!), 'utf8');
  const secretsText = await readFile(path.join(profiles, `${id}.secrets.json`), 'utf8');
  for (let i = 0; i < count - 1; i += 1) {
    const copy = `server-${i}`;
    const text = profileText.replaceAll(`"${id}"`, `"${copy}"`).replaceAll('seed.example.net', `s${i}.example.net`);
    await writeFile(path.join(profiles, `${copy}.json`), text, { mode: 0o600 });
    await writeFile(path.join(profiles, `${copy}.secrets.json`), secretsText, { mode: 0o600 });
  }
}
