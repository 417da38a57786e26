import { describe, expect, it } from 'vitest';
import { HoldfastError } from '../../errors';
import { FakeProcessTable, MemoryFilePort } from '../../system/fakes/memory-file-port';
import { ScriptedProcessRunner } from '../../system/fakes/scripted-process-runner';
import { KillSwitch } from './kill-switch';
import { detectLeftoverKillSwitch } from './leftover';
import { buildLinuxClearScript, buildLinuxRuleset } from './linux-nft';
import type { KillSwitchPolicy } from './policy';

const policy: KillSwitchPolicy = {
  tunnelInterfaces: [],
  endpoints: [{ ip: '198.51.100.7', proto: 'udp', port: 51820 }],
  allowLan: false,
  dnsServersInTunnel: [],
  allowIpv6InTunnel: false,
};
const connected: KillSwitchPolicy = { ...policy, tunnelInterfaces: ['hf0'], dnsServersInTunnel: ['10.64.0.1'] };
const dir = '/data/runtime';
const stateFile = `${dir}/killswitch.json`;

function setup() {
  const runner = new ScriptedProcessRunner();
  const files = new MemoryFilePort();
  const processes = new FakeProcessTable(1000);
  const ks = new KillSwitch({ runner, stateDir: dir, files, processes, now: () => new Date('2025-01-02T03:04:05Z') });
  return { runner, files, processes, ks };
}

const state = (files: MemoryFilePort) => JSON.parse(files.files.get(stateFile)?.text ?? 'null');

describe('KillSwitch', () => {
  it('applies the generated script through nft -f - and records who applied what', async () => {
    const { runner, files, ks } = setup();
    let stateAtApply: unknown;
    runner.on('nft -f -', () => {
      stateAtApply = state(files);
      return { code: 0 };
    });
    await ks.apply(policy);
    expect(runner.calls[0]?.args).toEqual(['-f', '-']);
    expect(runner.calls[0]?.options).toMatchObject({ input: buildLinuxRuleset(policy) });
    // Write-ahead: the record exists before the rules do.
    expect(stateAtApply).toMatchObject({ owner: { pid: 1000, startTime: '500' }, policy });
    expect(state(files)).toMatchObject({
      version: 1,
      platform: 'linux',
      table: 'inet holdfast',
      appliedAt: '2025-01-02T03:04:05.000Z',
    });
    expect(files.files.get(stateFile)?.mode).toBe(0o600);
    expect(ks.policy).toEqual(policy);
  });

  it('keeps the previous record when nft refuses a new policy (the kernel kept the old rules too)', async () => {
    const { runner, files, ks } = setup();
    await ks.apply(policy);
    runner.fail('nft -f -', 'Error: Could not process rule: No such file or directory');
    const error = await ks.apply(connected).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HoldfastError);
    expect((error as HoldfastError).message).toMatch(/Could not apply the kill switch rules: nft exited with 1/);
    expect(state(files).policy).toEqual(policy);
    expect(ks.policy).toEqual(policy);
  });

  it('leaves no record when the first apply fails', async () => {
    const { runner, files, ks } = setup();
    runner.fail('nft -f -', 'Error: Operation not permitted');
    await expect(ks.apply(policy)).rejects.toMatchObject({ code: 'not-privileged' });
    expect(files.files.has(stateFile)).toBe(false);
  });

  it('says which package to install when nft is missing', async () => {
    const { runner, ks } = setup();
    runner.on('nft', { code: 127, stderr: 'spawn nft ENOENT' });
    await expect(ks.apply(policy)).rejects.toMatchObject({
      code: 'binary-missing',
      params: { binary: 'nft', package: 'nftables' },
    });
    await expect(ks.isActive()).rejects.toMatchObject({ code: 'binary-missing' });
  });

  it('refuses an invalid policy without running nft', async () => {
    const { runner, ks } = setup();
    await expect(ks.apply({ ...policy, tunnelInterfaces: ['bad name'] })).rejects.toMatchObject({
      code: 'invalid-request',
      params: { field: 'tunnelInterfaces.0' },
    });
    expect(runner.calls).toEqual([]);
  });

  it('clears with the idempotent delete script and forgets the record only after it worked', async () => {
    const { runner, files, ks } = setup();
    await ks.apply(policy);
    runner.fail('nft -f -', 'Error: Operation not permitted', 1, 1);
    await expect(ks.clear()).rejects.toMatchObject({ code: 'not-privileged' });
    expect(files.files.has(stateFile)).toBe(true);
    await ks.clear();
    expect(runner.calls.at(-1)?.options).toMatchObject({ input: buildLinuxClearScript() });
    expect(files.files.has(stateFile)).toBe(false);
    expect(ks.policy).toBeUndefined();
  });

  it('runs overlapping apply and clear one after another, in call order', async () => {
    const { runner, ks } = setup();
    const order: string[] = [];
    runner.on('nft -f -', async (call) => {
      order.push(
        `start ${call.options && 'input' in call.options && call.options.input?.startsWith('add table') && !call.options.input.includes('{') ? 'clear' : 'apply'}`,
      );
      await new Promise((r) => setTimeout(r, 5));
      order.push('end');
      return { code: 0 };
    });
    await Promise.all([ks.apply(policy), ks.clear(), ks.apply(connected)]);
    expect(order).toEqual(['start apply', 'end', 'start clear', 'end', 'start apply', 'end']);
    expect(ks.policy).toEqual(connected);
  });

  it('asks the kernel whether the table exists', async () => {
    const { runner, ks } = setup();
    runner.on('nft list table inet holdfast', { code: 1, stderr: 'Error: No such file or directory' });
    expect(await ks.isActive()).toBe(false);
    runner.on('nft list table inet holdfast', { code: 0, stdout: 'table inet holdfast {}' });
    expect(await ks.isActive()).toBe(true);
  });
});

describe('detectLeftoverKillSwitch', () => {
  const withTable = (runner: ScriptedProcessRunner, exists: boolean) =>
    runner.on('nft list table inet holdfast', exists ? { code: 0 } : { code: 1, stderr: 'No such file or directory' });

  it('reports rules left by a run that died, with when they were applied', async () => {
    const { runner, files, processes, ks } = setup();
    await ks.apply(policy);
    withTable(runner, true);
    // A later start: another pid; the one that applied the rules is gone.
    const later = new FakeProcessTable(2000);
    const found = await detectLeftoverKillSwitch({ runner, stateDir: dir, files, processes: later });
    expect(processes.selfPid).toBe(1000);
    expect(found).toMatchObject({ ownerPid: 1000, ownerAlive: false, appliedAt: '2025-01-02T03:04:05.000Z' });
    expect(found?.message).toMatch(/blocked by a previous Holdfast session since 2025-01-02T03:04:05.000Z/);
    expect(found?.message).toMatch(/holdfast recover/);
    expect(files.files.has(stateFile)).toBe(true);
  });

  it('tells a live owner (a helper keeping a connection up) from a dead one', async () => {
    const { runner, files, ks } = setup();
    await ks.apply(policy);
    withTable(runner, true);
    const later = new FakeProcessTable(2000).add(1000, ['holdfast-helper'], '500');
    expect(await detectLeftoverKillSwitch({ runner, stateDir: dir, files, processes: later })).toMatchObject({
      ownerAlive: true,
    });
    // Same pid, different start time: the pid was recycled, the owner is gone.
    const recycled = new FakeProcessTable(2000).add(1000, ['bash'], '999');
    expect(await detectLeftoverKillSwitch({ runner, stateDir: dir, files, processes: recycled })).toMatchObject({
      ownerAlive: false,
    });
  });

  it('reports a table nobody recorded', async () => {
    const { runner, files } = setup();
    withTable(runner, true);
    const found = await detectLeftoverKillSwitch({
      runner,
      stateDir: dir,
      files,
      processes: new FakeProcessTable(2000),
    });
    expect(found).toMatchObject({ ownerAlive: false });
    expect(found?.ownerPid).toBeUndefined();
  });

  it('drops a record whose table is gone (after a reboot) and reports nothing', async () => {
    const { runner, files, ks } = setup();
    await ks.apply(policy);
    withTable(runner, false);
    expect(
      await detectLeftoverKillSwitch({ runner, stateDir: dir, files, processes: new FakeProcessTable(2000) }),
    ).toBeUndefined();
    expect(files.files.has(stateFile)).toBe(false);
  });
});
