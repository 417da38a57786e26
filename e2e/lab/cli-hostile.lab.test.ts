import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdjsonWatcher } from './cli-process';
import { startLab, type Lab } from './lab';
import { startOpenVpnFleet } from './lab-openvpn-fleet';

// A hostile profile's command must never run, not at import and not when someone tries to connect with
// it: each one below would create a marker file if anything executed it as root.
const cli = path.resolve(import.meta.dirname, '../../out/main/cli.js');
describe('hostile profiles never run anything', () => {
  let lab: Lab;
  let dir: string;
  let dataDir: string;
  let marker: string;

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
    lab = await startLab({ prefix: 'hfx', servers: 1 });
    dir = await mkdtemp(path.join(tmpdir(), 'hfx-profiles-'));
    dataDir = await mkdtemp(path.join(tmpdir(), 'hfx-data-'));
    marker = path.join(dir, 'PWNED');
  });

  afterAll(async () => {
    await lab?.stop();
    for (const d of [dir, dataDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  const holdfast = (...args: string[]) => lab.exec(lab.clientNs, 'node', [cli, '--data-dir', dataDir, ...args]);

  const hostileFiles = async (): Promise<Array<[string, string]>> => {
    const server = lab.servers[0]!;
    const wg = await readFile(server.wireguardConfPath, 'utf8');
    const touch = `/bin/sh -c "touch ${marker}"`;
    const remote = `client\ndev tun\nremote ${server.underlayIp} 1194 udp\n`;
    return [
      ['postup.conf', wg.replace('[Peer]', `PostUp = ${touch}\n\n[Peer]`)],
      ['preup-oddcase.conf', wg.replace('[Peer]', `pReUp=${touch}\n\n[Peer]`)],
      ['postdown-in-peer.conf', `${wg}\nPostDown = ${touch}\n`],
      ['up.ovpn', `${remote}script-security 2\nup "${touch}"\n`],
      ['dashdash-up.ovpn', `${remote}--up '${touch}'\n`],
      ['uppercase-route-up.ovpn', `${remote}ROUTE-UP ${touch}\n`],
      ['setenv-opt-up.ovpn', `${remote}setenv opt up ${touch}\n`],
      [
        'connection-up.ovpn',
        `client\ndev tun\n<connection>\nremote ${server.underlayIp} 1194 udp\nup ${touch}\n</connection>\n`,
      ],
      ['plugin.ovpn', `${remote}plugin /tmp/evil.so ${marker}\n`],
      ['tls-verify.ovpn', `${remote}tls-verify "${touch}"\n`],
    ];
  };

  it('refuses each one at import, naming the line, and stores nothing', async () => {
    for (const [name, text] of await hostileFiles()) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const result = await holdfast('import', file);
      expect(result.code, name).toBe(2);
      expect(result.stdout + result.stderr, name).toMatch(new RegExp(`refused ${name.replace('.', '\\.')}: line \\d+`));
    }
    expect(JSON.parse((await holdfast('list', '--json')).stdout)).toEqual([]);
    expect(existsSync(marker)).toBe(false);
  });

  it('a stored profile edited to run commands connects, and nothing ran', async () => {
    // The import refuses such files, so this one is edited after import, as anything with write access to
    // the data folder could do: the connect must still hand OpenVPN none of it.
    const fleet = await startOpenVpnFleet(lab);
    try {
      const entry = fleet.entries.find((e) => e.proto === 'udp')!;
      expect((await holdfast('import', entry.ovpnPath)).code).toBe(0);
      const id = path.basename(entry.ovpnPath, '.ovpn');
      const stored = path.join(dataDir, 'profiles', `${id}.json`);
      const file = JSON.parse(await readFile(stored, 'utf8')) as {
        profile: { directives: Array<{ name: string; args: string[] }> };
      };
      const touch = `/bin/sh -c "touch ${marker}"`;
      file.profile.directives.push(
        { name: 'script-security', args: ['2'] },
        { name: 'up', args: [touch] },
        { name: 'route-up', args: [touch] },
        { name: 'ipchange', args: [touch] },
        { name: 'tls-verify', args: [touch] },
      );
      await writeFile(stored, JSON.stringify(file));

      const run = new NdjsonWatcher(
        lab.spawnInClient('node', [
          cli,
          '--data-dir',
          dataDir,
          '--credentials',
          fleet.credentialsPath,
          'connect',
          '--json',
          id,
        ]),
      );
      try {
        // Connected means OpenVPN ran this very profile through its handshake, routes and device setup:
        // every hook above had its moment to run.
        await run.waitForState('connected', 60_000);
        expect(existsSync(marker)).toBe(false);
      } finally {
        run.child.kill('SIGINT');
        await run.exited;
      }
      expect(existsSync(marker)).toBe(false);
    } finally {
      await fleet.stop();
      await holdfast('recover');
    }
  });
});
