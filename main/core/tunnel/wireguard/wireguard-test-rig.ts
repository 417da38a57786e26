import type { WireGuardProfile } from '../../profiles/types';
import { FakeProcessTable, MemoryFilePort } from '../../system/fakes/memory-file-port';
import { ScriptedProcessRunner } from '../../system/fakes/scripted-process-runner';
import { FakeClock } from '../../testing/fake-clock';
import type { WireGuardDriverDeps } from './wireguard-driver';
import { WireGuardDriver } from './wireguard-driver';

/** Shared fixtures for the WireGuard unit tests: keys, a profile, and a driver on fakes. */
export const CLIENT_PRIVATE = 'WHWIrUORiJAkZAe2FX5sHZpS710FBdKEgLAC9MmDVWc=';
export const CLIENT_PUBLIC = 'z/MN8PfGZRSZneCe0bgNDj0iUUVeXIOK7CKKK20BhT4=';
export const SERVER_PUBLIC = 'yJPqqIvo/oKb7e1FFcZSspXe5dNpkibYNZ3SubHr6Xg=';
export const SERVER2_PUBLIC = '3vzoa4LSjDrDialJAmjd9otKcGSS5LwVGhl3IiDUgnA=';
export const PRESHARED = 'OJRdNuAChrZ47J0qxKMOrf1wbGMJDvuosmOnR4LaM2w=';
export const RUNTIME = '/var/lib/holdfast/runtime';

export function labProfile(overrides: Partial<WireGuardProfile['interface']> = {}): WireGuardProfile {
  return {
    id: 'p1',
    name: 'Lab 1',
    kind: 'wireguard',
    sourceFile: 'lab1.conf',
    contentHash: 'hash',
    importedAt: '2026-01-01T00:00:00.000Z',
    warnings: [],
    interface: {
      privateKey: 'interface.privateKey',
      publicKey: CLIENT_PUBLIC,
      addresses: ['10.99.1.2/32'],
      dns: ['10.99.1.1'],
      dnsSearch: [],
      ...overrides,
    },
    peers: [
      {
        publicKey: SERVER_PUBLIC,
        allowedIps: ['0.0.0.0/0'],
        endpoint: { host: '10.200.1.2', port: 51820 },
        persistentKeepalive: 25,
      },
    ],
  };
}

export const SECRETS = { 'interface.privateKey': CLIENT_PRIVATE, 'peer.0.presharedKey': PRESHARED };

export interface Rig {
  runner: ScriptedProcessRunner;
  files: MemoryFilePort;
  processes: FakeProcessTable;
  clock: FakeClock;
  driver: WireGuardDriver;
}

/**
 * A machine like the lab's: no kernel module (wireguard-go answers), free names, resolv.conf present.
 * wireguard-go "creates" its socket when spawned and exits when its link is deleted.
 */
export function makeRig(deps: Partial<WireGuardDriverDeps> = {}): Rig {
  const runner = new ScriptedProcessRunner();
  const files = new MemoryFilePort();
  const processes = new FakeProcessTable();
  const clock = new FakeClock();
  void files.writeAtomic('/etc/resolv.conf', 'nameserver 192.0.2.53\n', 0o644);
  runner.fail('ip link show', 'Device does not exist.');
  runner.fail('ip link add', 'Error: Unknown device type.', 2);
  runner.on('sysctl -n net.ipv4.conf.all.src_valid_mark', { stdout: '0\n' });
  runner.onSpawn = (call, child) => {
    const ifname = call.args[0] ?? '';
    void files.writeAtomic(`/var/run/wireguard/${ifname}.sock`, '', 0o755);
    void child.exited.then(() => files.remove(`/var/run/wireguard/${ifname}.sock`));
  };
  runner.on(/^ip link del dev /, (call) => {
    const ifname = call.args[3];
    const index = runner.calls.filter((c) => c.spawned).findIndex((c) => c.args[0] === ifname);
    runner.spawnedProcesses[index]?.exit(0);
    return { code: 0 };
  });
  let n = 0;
  const driver = new WireGuardDriver({
    runner,
    clock,
    files,
    processes,
    isRoot: () => true,
    interfaceNames: () => `hftest${n++}`,
    ...deps,
  });
  return { runner, files, processes, clock, driver };
}
