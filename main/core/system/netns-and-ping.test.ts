import { describe, expect, it } from 'vitest';
import { ScriptedProcessRunner } from './fakes/scripted-process-runner';
import { NetnsProcessRunner } from './netns-process-runner';
import { pingProbe } from './ping-probe';

describe('NetnsProcessRunner', () => {
  it('runs and spawns every command inside the namespace', async () => {
    const inner = new ScriptedProcessRunner();
    const runner = new NetnsProcessRunner(inner, 'hfw-client');
    await runner.run('wg', ['show', 'hf0', 'dump']);
    runner.spawn('wireguard-go', ['hf0'], { env: { WG_PROCESS_FOREGROUND: '1' } });
    expect(inner.lines()).toEqual([
      'ip netns exec hfw-client wg show hf0 dump',
      'ip netns exec hfw-client wireguard-go hf0',
    ]);
    expect(inner.calls[1]?.options).toEqual({ env: { WG_PROCESS_FOREGROUND: '1' } });
  });

  it('reports a program missing inside the namespace as exit 127, like a shell', async () => {
    const inner = new ScriptedProcessRunner().fail('ip netns exec', 'exec of "wg" failed: No such file or directory');
    const result = await new NetnsProcessRunner(inner, 'hfw-client').run('wg', ['--version']);
    expect(result.code).toBe(127);
  });

  it('refuses namespace names that are not plain names', () => {
    expect(() => new NetnsProcessRunner(new ScriptedProcessRunner(), '../etc')).toThrow(/invalid network namespace/);
  });
});

describe('pingProbe', () => {
  it('sends one echo with a whole-second timeout and reports the answer', async () => {
    const runner = new ScriptedProcessRunner().fail('ping -n -c 1 -W 2 10.99.2.1', '', 1);
    expect(await pingProbe(runner, '10.99.1.1', 1500)).toBe(true);
    expect(await pingProbe(runner, '10.99.2.1', 2000)).toBe(false);
    await pingProbe(runner, 'fd00::1', 300, { interfaceName: 'hf0' });
    expect(runner.lines()).toEqual([
      'ping -n -c 1 -W 2 10.99.1.1',
      'ping -n -c 1 -W 2 10.99.2.1',
      'ping -6 -n -c 1 -W 1 -I hf0 fd00::1',
    ]);
  });

  it('refuses anything but an address', async () => {
    await expect(pingProbe(new ScriptedProcessRunner(), '-f', 1000)).rejects.toThrow(/IP address/);
  });
});
