import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import { FakeDriver, FakeSession } from '../../testing/fake-driver';
import { MachineOwnerLock, type OwnerLease } from '../owner/machine-owner-lock';
import { HelperClient } from './helper-client';
import { HelperOwnership } from './helper-ownership';
import { HelperServer } from './helper-server';
import { storedWireGuard } from './test-support';
import { TunnelRegistry } from './tunnel-registry';

// A user's session runs through its helper; root (another data folder) takes the machine's connection
// over. The user's app hears its tunnel exit while the helper is still stopping it, and fails over at
// once: nothing it starts or applies in that moment may outlive the hand-over.

const TOKEN = 'tok_'.padEnd(43, 'x');
const policy: KillSwitchPolicy = {
  tunnelInterfaces: [],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: [],
  allowIpv6InTunnel: false,
};

let dir: string;
let driver: FakeDriver;
let tunnels: TunnelRegistry;
let ownership: HelperOwnership;
let server: HelperServer;
let client: HelperClient;
let applied: KillSwitchPolicy[];
let handOvers: number;
const leases: OwnerLease[] = [];

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'hfk-handover-'));
  driver = new FakeDriver('wireguard');
  tunnels = new TunnelRegistry({ wireguard: driver }, path.join(dir, 'runtime'));
  applied = [];
  handOvers = 0;
  ownership = new HelperOwnership({
    lock: new MachineOwnerLock({ dir: path.join(dir, 'owner') }),
    uid: 1000,
    holderPid: process.pid,
    isAbandoned: async () => false,
    onHandOver: async (by) => {
      handOvers += 1;
      await server.handOver(`\`holdfast connect\` (process ${by.pid}) took this machine's connection over`);
    },
  });
  server = new HelperServer({
    token: TOKEN,
    version: 'test',
    tunnels,
    killSwitch: {
      apply: async (p) => void applied.push(p),
      clear: async () => void applied.splice(0),
      isActive: async () => applied.length > 0,
    },
    orphans: { list: async () => [], stop: async () => false },
    probe: async () => false,
    ownership,
    onExit: () => undefined,
  });
  const socketPath = path.join(dir, 'helper.sock');
  await server.listen(socketPath, process.getuid?.() ?? 0);
  client = await HelperClient.connect(socketPath, TOKEN, { clientVersion: '0.1.0', timeoutMs: 5000 });
  await client.request('owner.claim', { client: { kind: 'cli', pid: 4534 }, takeOver: false });
});

afterEach(async () => {
  client.close();
  for (const lease of leases.splice(0)) await lease.release();
  await ownership.release();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Root's `holdfast connect --take-over` claiming the machine (it runs in-process, without a helper). */
async function rootTakesOver(): Promise<void> {
  const result = await new MachineOwnerLock({ dir: path.join(dir, 'owner') }).claim(
    { client: 'cli', pid: 4600, uid: 0, holderPid: process.pid },
    { takeOver: true, onHandOver: async () => undefined },
  );
  if (!result.ok) throw new Error(`root could not take over: ${result.reason}`);
  leases.push(result.lease);
}

const tunnelStart = () => {
  const { profile, secrets } = storedWireGuard();
  return client.request('tunnel.start', { profile, secrets, noRoutes: true });
};

describe('a hand-over of the machine while the session keeps changing it', () => {
  it('refuses the failover the exit sets off, though its old tunnel is still being stopped', async () => {
    let failover: Promise<unknown[]> | undefined;
    let failoverAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (failoverAsked = resolve));
    // Stopping the tunnel takes as long as the app's failover requests take to be answered.
    driver.onStart = (request, index) => {
      const session = new FakeSession(index, request);
      session.stop = async () => {
        session.stopped = true;
        await asked;
        await failover;
      };
      return session;
    };
    await client.request('tunnel.start', { profile: storedWireGuard().profile, secrets: storedWireGuard().secrets });
    await client.request('killswitch.apply', { policy });
    client.onEvent((message) => {
      if (message.payload.type !== 'exited' || failover) return;
      // What the app's failover does the moment it hears the exit: the kill switch for the next server, a
      // probe tunnel to it.
      failover = Promise.allSettled([
        client.request('killswitch.apply', { policy: { ...policy, allowLan: true } }),
        tunnelStart(),
      ]).then((results) => results.map((r) => (r.status === 'rejected' ? r.reason : r.value)));
      failoverAsked();
    });

    await rootTakesOver();

    expect(handOvers).toBe(1);
    expect(await failover).toEqual([
      expect.objectContaining({ code: 'connection-held' }),
      expect.objectContaining({ code: 'connection-held' }),
    ]);
    expect(tunnels.interfaceNames()).toEqual([]);
    expect(driver.sessions.filter((s) => !s.stopped).map((s) => s.interfaceName)).toEqual([]);
    // The rules stay as the session left them, for the new owner to replace without a gap.
    expect(applied).toEqual([policy]);
  });

  it('waits for a tunnel still starting when the hand-over begins, and stops it before letting go', async () => {
    await client.request('tunnel.start', { profile: storedWireGuard().profile, secrets: storedWireGuard().secrets });
    let release: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let starting = false;
    const original = driver.onStart;
    driver.onStart = async (request, index) => {
      starting = true;
      await slow;
      return original(request, index);
    };
    const late = tunnelStart().catch((err: unknown) => err);
    await expect.poll(() => starting).toBe(true);

    let handedOver = false;
    const takeOver = rootTakesOver().then(() => (handedOver = true));
    // The hand-over has begun: this helper no longer counts as the owner.
    await expect.poll(() => ownership.holds).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handedOver).toBe(false);

    release();
    await takeOver;
    expect(await late).toMatchObject({ code: 'connection-held' });
    expect(tunnels.interfaceNames()).toEqual([]);
    expect(driver.sessions.map((s) => [s.interfaceName, s.stopped])).toEqual([
      ['hf-fake0', true],
      ['hf-fake1', true],
    ]);
  });
});
