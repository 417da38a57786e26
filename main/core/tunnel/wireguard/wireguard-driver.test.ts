import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import type { TunnelEvent } from '../driver';
import {
  CLIENT_PRIVATE,
  PRESHARED,
  RUNTIME,
  SECRETS,
  SERVER2_PUBLIC,
  SERVER_PUBLIC,
  labProfile,
  makeRig,
} from './wireguard-test-rig';

const since = (lines: string[], from: number): string[] => lines.slice(from);
const changes = (lines: string[]): string[] =>
  lines.filter((l) => /^(ip (-[46] )?(route|rule|address|link) (add|del|set)|sysctl -q|wg setconf|resolvectl)/.test(l));

async function rejection(promise: Promise<unknown>): Promise<HoldfastError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HoldfastError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('WireGuardDriver.start', () => {
  it('writes a setconf file with only wg keys, private to its owner, and keeps the key out of every command', async () => {
    const { driver, files, runner } = makeRig();
    const profile = labProfile({ mtu: 1380, listenPort: 51000 });
    profile.peers[0]!.presharedKey = 'peer.0.presharedKey';
    const session = await driver.start({ profile, secrets: SECRETS, runtimeDir: RUNTIME });

    const configPath = `${RUNTIME}/wg-hftest0/hftest0.conf`;
    const config = files.files.get(configPath);
    expect(config?.mode).toBe(0o600);
    expect(config?.text).toBe(
      [
        '[Interface]',
        `PrivateKey = ${CLIENT_PRIVATE}`,
        'ListenPort = 51000',
        'FwMark = 51820',
        '',
        '[Peer]',
        `PublicKey = ${SERVER_PUBLIC}`,
        `PresharedKey = ${PRESHARED}`,
        'AllowedIPs = 0.0.0.0/0',
        'Endpoint = 10.200.1.2:51820',
        'PersistentKeepalive = 25',
        '',
      ].join('\n'),
    );
    expect(runner.lines()).toContain(`wg setconf hftest0 ${configPath}`);
    expect(runner.lines()).toContain('ip link set dev hftest0 mtu 1380 up');
    for (const [file, { text }] of files.files) {
      if (file === configPath) continue;
      expect(text).not.toContain(CLIENT_PRIVATE);
      expect(text).not.toContain(PRESHARED);
    }
    for (const call of runner.calls) {
      expect(call.line + JSON.stringify(call.options ?? {})).not.toMatch(new RegExp(`${CLIENT_PRIVATE}|${PRESHARED}`));
    }
    await session.stop();
    expect(await files.exists(configPath)).toBe(false);
  });

  it('routes everything the wg-quick way and undoes exactly those changes, newest first', async () => {
    const { driver, runner, files } = makeRig();
    const session = await driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });

    expect(changes(runner.lines())).toEqual([
      'ip link add dev hftest0 type wireguard',
      `wg setconf hftest0 ${RUNTIME}/wg-hftest0/hftest0.conf`,
      'ip -4 address add 10.99.1.2/32 dev hftest0',
      'ip link set dev hftest0 mtu 1420 up',
      'sysctl -q -w net.ipv4.conf.all.src_valid_mark=1',
      'ip -4 route add default dev hftest0 table 51820',
      'ip -4 rule add not fwmark 51820 table 51820 priority 32765',
      'ip -4 rule add table main suppress_prefixlength 0 priority 32764',
    ]);
    expect(files.files.get('/etc/resolv.conf')).toMatchObject({ writtenInPlace: true });
    expect(files.files.get('/etc/resolv.conf')?.text).toContain('nameserver 10.99.1.1\n');

    const mark = runner.calls.length;
    await session.stop();
    expect(changes(since(runner.lines(), mark))).toEqual([
      'ip -4 rule del table main suppress_prefixlength 0 priority 32764',
      'ip -4 rule del not fwmark 51820 table 51820 priority 32765',
      'ip -4 route del default dev hftest0 table 51820',
      'sysctl -q -w net.ipv4.conf.all.src_valid_mark=0',
      'ip link del dev hftest0',
    ]);
    expect(files.files.get('/etc/resolv.conf')?.text).toBe('nameserver 192.0.2.53\n');
    expect(await files.list(RUNTIME)).toEqual([]);
    expect(runner.spawnedProcesses[0]?.running).toBe(false);

    const again = runner.calls.length;
    await session.stop();
    expect(runner.calls.length).toBe(again);
  });

  it('picks a table and rule priorities that nothing else uses', async () => {
    const { driver, runner } = makeRig();
    runner.on('ip -4 rule show', {
      stdout:
        '0:\tfrom all lookup local\n32764:\tfrom all lookup main suppress_prefixlength 0\n32765:\tnot from all fwmark 0xca6c lookup 51820\n32766:\tfrom all lookup main\n',
    });
    runner.on('ip -6 route show table 51821', { stdout: 'default dev other table 51821\n' });
    await driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    expect(runner.lines()).toContain('ip -4 rule add not fwmark 51822 table 51822 priority 32763');
    expect(runner.lines()).toContain('ip -4 rule add table main suppress_prefixlength 0 priority 32762');
  });

  it('adds plain routes for a split tunnel, accepting the subnet route its own address created', async () => {
    const { driver, runner } = makeRig();
    const profile = labProfile({ addresses: ['10.64.0.2/24', 'fd00:64::2/64'], dns: [] });
    profile.peers[0]!.allowedIps = ['10.64.0.0/24', '192.168.50.0/24', 'fd00:64::/64'];
    runner.fail('ip -4 route add 10.64.0.0/24', 'RTNETLINK answers: File exists', 2);
    runner.on('ip -4 route show 10.64.0.0/24 dev hftest0', { stdout: '10.64.0.0/24 proto kernel scope link\n' });
    const session = await driver.start({ profile, secrets: SECRETS, runtimeDir: RUNTIME });
    expect(changes(runner.lines()).filter((l) => /route|rule|sysctl/.test(l))).toEqual([
      'ip -4 route add 10.64.0.0/24 dev hftest0',
      'ip -4 route add 192.168.50.0/24 dev hftest0',
      'ip -6 route add fd00:64::/64 dev hftest0',
    ]);
    const mark = runner.calls.length;
    await session.stop();
    expect(changes(since(runner.lines(), mark))).toEqual([
      'ip -6 route del fd00:64::/64 dev hftest0',
      'ip -4 route del 192.168.50.0/24 dev hftest0',
      'ip link del dev hftest0',
    ]);
  });

  it('brings up only the device and a host address with noRoutes', async () => {
    const { driver, runner, files } = makeRig();
    await driver.start({
      profile: labProfile({ addresses: ['10.99.1.2/24'] }),
      secrets: SECRETS,
      runtimeDir: RUNTIME,
      noRoutes: true,
    });
    expect(changes(runner.lines())).toEqual([
      'ip link add dev hftest0 type wireguard',
      `wg setconf hftest0 ${RUNTIME}/wg-hftest0/hftest0.conf`,
      'ip -4 address add 10.99.1.2/32 dev hftest0',
      'ip link set dev hftest0 mtu 1420 up',
    ]);
    expect(files.files.get(`${RUNTIME}/wg-hftest0/hftest0.conf`)?.text).not.toContain('FwMark');
    expect(files.files.get('/etc/resolv.conf')?.writtenInPlace).toBe(false);
  });

  it('promotes a noRoutes session in place: its own mark, full address, routes and DNS, all undone on stop', async () => {
    const { driver, runner, files } = makeRig();
    const session = await driver.start({
      profile: labProfile({ addresses: ['10.99.1.2/24'] }),
      secrets: SECRETS,
      runtimeDir: RUNTIME,
      noRoutes: true,
    });
    const before = runner.calls.length;
    await session.promote?.();
    const promoted = since(runner.lines(), before);
    expect(promoted).toContain('wg set hftest0 fwmark 51820');
    expect(changes(promoted)).toEqual([
      'ip -4 address del 10.99.1.2/32 dev hftest0',
      'ip -4 address add 10.99.1.2/24 dev hftest0',
      'sysctl -q -w net.ipv4.conf.all.src_valid_mark=1',
      'ip -4 route add default dev hftest0 table 51820',
      'ip -4 rule add not fwmark 51820 table 51820 priority 32765',
      'ip -4 rule add table main suppress_prefixlength 0 priority 32764',
    ]);
    expect(files.files.get('/etc/resolv.conf')?.writtenInPlace).toBe(true);
    expect((await session.status()).tunnelAddresses).toEqual(['10.99.1.2/24']);
    // A second call is a no-op: promotion happens once.
    const again = runner.calls.length;
    await session.promote?.();
    expect(runner.calls.length).toBe(again);

    const stopAt = runner.calls.length;
    await session.stop();
    const undone = changes(since(runner.lines(), stopAt));
    expect(undone).toContain('ip -4 route del default dev hftest0 table 51820');
    expect(undone).toContain('ip -4 rule del not fwmark 51820 table 51820 priority 32765');
    expect(undone.at(-1)).toBe('ip link del dev hftest0');
  });

  it('offers no promotion for a session started in full', async () => {
    const { driver } = makeRig();
    const session = await driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    const before = await session.status();
    await session.promote?.();
    expect(await session.status()).toEqual(before);
  });

  it('uses systemd-resolved when it runs', async () => {
    const { driver, runner, files } = makeRig();
    await files.writeAtomic('/run/systemd/resolve/io.systemd.Resolve', '', 0o666);
    const profile = labProfile({ dnsSearch: ['corp.example'] });
    const session = await driver.start({ profile, secrets: SECRETS, runtimeDir: RUNTIME });
    expect(runner.lines()).toContain('resolvectl dns -- hftest0 10.99.1.1');
    expect(runner.lines()).toContain('resolvectl domain -- hftest0 ~. corp.example');
    expect(files.files.get('/etc/resolv.conf')?.writtenInPlace).toBe(false);
    const mark = runner.calls.length;
    await session.stop();
    expect(since(runner.lines(), mark)[0]).toBe('resolvectl revert -- hftest0');
  });

  it('uses the kernel module when there is one, else falls back to wireguard-go as a foreground child', async () => {
    const kernel = makeRig();
    kernel.runner.on('ip link add', { code: 0 });
    await kernel.driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    expect(kernel.runner.calls.filter((c) => c.spawned)).toEqual([]);

    const userspace = makeRig();
    const session = await userspace.driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    const spawn = userspace.runner.calls.find((c) => c.spawned);
    expect(spawn?.line).toBe('wireguard-go hftest0');
    expect(spawn?.options?.env).toEqual({ WG_PROCESS_FOREGROUND: '1' });
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    expect(events).toContainEqual({
      type: 'log',
      level: 'info',
      message: 'The kernel has no WireGuard module; using wireguard-go for hftest0',
    });
  });

  it('reports a missing wireguard-go with its Debian package and leaves nothing behind', async () => {
    const { driver, runner, files } = makeRig();
    runner.onSpawn = (_call, child) => child.exit(127);
    const err = await rejection(driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME }));
    expect(err.code).toBe('binary-missing');
    expect(err.params).toMatchObject({ binary: 'wireguard-go', package: 'wireguard-go' });
    expect(await files.list(RUNTIME)).toEqual([]);
  });

  it('undoes what it already did when a step fails midway, and says which command failed', async () => {
    const { driver, runner, files } = makeRig();
    runner.fail('ip -4 rule add not fwmark', 'RTNETLINK answers: Invalid argument', 2);
    const err = await rejection(driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME }));
    expect(err.code).toBe('tunnel-failed');
    expect(err.message).toBe('Routing all traffic failed: RTNETLINK answers: Invalid argument');
    const failedAt = runner.lines().indexOf('ip -4 rule add not fwmark 51820 table 51820 priority 32765');
    expect(changes(since(runner.lines(), failedAt + 1))).toEqual([
      'ip -4 route del default dev hftest0 table 51820',
      'sysctl -q -w net.ipv4.conf.all.src_valid_mark=0',
      'ip link del dev hftest0',
    ]);
    expect(await files.list(RUNTIME)).toEqual([]);
    expect(files.files.get('/etc/resolv.conf')?.text).toBe('nameserver 192.0.2.53\n');
  });

  it('maps "Operation not permitted" to not-privileged', async () => {
    const { driver, runner } = makeRig();
    runner.fail('ip link add', 'RTNETLINK answers: Operation not permitted', 2);
    const err = await rejection(driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME }));
    expect(err.code).toBe('not-privileged');
  });

  it('skips names that are taken here or in any namespace (wireguard-go socket)', async () => {
    const names = ['hfaaaa', 'hfbbbb', 'hfcccc'];
    const { driver, runner, files } = makeRig({ interfaceNames: () => names.shift() ?? 'hfzzzz' });
    await files.writeAtomic('/var/run/wireguard/hfaaaa.sock', '', 0o755);
    runner.on('ip link show dev hfbbbb', { code: 0, stdout: '7: hfbbbb: <POINTOPOINT> mtu 1420' });
    const session = await driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    expect(session.interfaceName).toBe('hfcccc');
  });

  it('gives up with interface-taken when every candidate name is in use', async () => {
    const { driver, runner } = makeRig();
    runner.on('ip link show', { code: 0 });
    const err = await rejection(driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME }));
    expect(err.code).toBe('interface-taken');
  });

  it('picks the peer of the requested endpoint when a profile lists several servers', async () => {
    const { driver, files } = makeRig();
    const profile = labProfile();
    profile.peers.push({
      publicKey: SERVER2_PUBLIC,
      allowedIps: ['0.0.0.0/0'],
      endpoint: { host: '2001:db8::2', port: 443 },
    });
    await driver.start({ profile, secrets: SECRETS, runtimeDir: RUNTIME, endpointIndex: 1 });
    const text = files.files.get(`${RUNTIME}/wg-hftest0/hftest0.conf`)?.text ?? '';
    expect(text).toContain(`PublicKey = ${SERVER2_PUBLIC}\n`);
    expect(text).toContain('Endpoint = [2001:db8::2]:443\n');
    expect(text).not.toContain(SERVER_PUBLIC);
  });

  it('cleans up what a killed earlier session left before starting', async () => {
    const { driver, runner, files } = makeRig();
    await files.writeAtomic(
      `${RUNTIME}/journal-wireguard-hfold-1234.json`,
      JSON.stringify({
        version: 1,
        label: 'wireguard-hfold',
        owner: { pid: 999_999, startTime: '1' },
        createdAt: '2026-01-01T00:00:00.000Z',
        entries: [
          {
            id: 1,
            description: 'WireGuard interface hfold',
            undo: { kind: 'run', command: 'ip', args: ['link', 'del', 'dev', 'hfold'] },
          },
        ],
      }),
      0o600,
    );
    const session = await driver.start({ profile: labProfile(), secrets: SECRETS, runtimeDir: RUNTIME });
    expect(runner.lines()[0]).toBe('ip link del dev hfold');
    const events: TunnelEvent[] = [];
    session.onEvent((e) => events.push(e));
    expect(events[0]).toMatchObject({ type: 'log', message: expect.stringContaining('previous run left behind') });
  });
});

describe('WireGuardDriver.preflight', () => {
  it('names missing programs with their Debian packages and asks for root', async () => {
    const { driver, runner } = makeRig({ isRoot: () => false });
    runner.fail('wg --version', 'spawn wg ENOENT', 127);
    runner.fail('modprobe', 'modprobe: FATAL: Module wireguard not found', 1);
    runner.fail('wireguard-go --version', 'spawn wireguard-go ENOENT', 127);
    const problems = await driver.preflight();
    expect(problems.map((p) => [p.code, p.binary, p.debianPackage])).toEqual([
      ['not-privileged', undefined, undefined],
      ['binary-missing', 'wg', 'wireguard-tools'],
      ['binary-missing', 'wireguard-go', 'wireguard-go'],
    ]);
    expect(problems[0]?.message).toBe(
      "Connecting needs administrator rights; run the command with sudo — the desktop app's privileged helper is not available yet",
    );
  });

  it('does not need wireguard-go when the kernel has WireGuard', async () => {
    const { driver, runner, files } = makeRig();
    await files.mkdir('/sys/module/wireguard');
    runner.fail('wireguard-go --version', 'spawn wireguard-go ENOENT', 127);
    expect(await driver.preflight()).toEqual([]);
  });
});
