import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { helperLaunchPlan, launchHelper } from './helper-launcher';
import { TOKEN_PATTERN } from './protocol';

class FakeChild extends EventEmitter {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly killed: string[] = [];
  stdinText = '';
  constructor() {
    super();
    this.stdin.on('data', (d: Buffer) => (this.stdinText += d.toString()));
  }
  kill(signal = 'SIGTERM'): boolean {
    this.killed.push(signal);
    return true;
  }
}

function launch(script: (child: FakeChild) => void) {
  const child = new FakeChild();
  const calls: Array<[string, string[]]> = [];
  const promise = launchHelper(
    helperLaunchPlan({ helperPath: '/opt/Holdfast/resources/holdfast-helper', uid: 1000, elevation: 'pkexec' }),
    {
      spawn: (command, args) => {
        calls.push([command, args]);
        setImmediate(() => script(child));
        return child as unknown as ChildProcess;
      },
      timeoutMs: 2000,
    },
  );
  return { child, calls, promise };
}

describe('helperLaunchPlan', () => {
  it('starts the packaged helper through pkexec, sudo, or directly when root', () => {
    const helperPath = '/opt/Holdfast/resources/holdfast-helper';
    expect(helperLaunchPlan({ helperPath, uid: 1000, elevation: 'pkexec' })).toEqual({
      command: 'pkexec',
      args: [helperPath, '--uid', '1000'],
    });
    // Non-interactive: allowed by a sudoers rule for exactly this command, never a hidden password prompt.
    expect(helperLaunchPlan({ helperPath, uid: 1000, elevation: 'sudo' })).toEqual({
      command: 'sudo',
      args: ['-n', '--', helperPath, '--uid', '1000'],
    });
    expect(helperLaunchPlan({ helperPath, uid: 0, elevation: 'none' })).toEqual({
      command: helperPath,
      args: ['--uid', '0'],
    });
  });

  it('runs a bundled script with its runtime, the uid last so a sudoers rule can name the whole line', () => {
    const program = { command: '/usr/bin/node', args: ['/srv/holdfast/out/helper/helper-main.mjs'] };
    expect(helperLaunchPlan({ program, uid: 1001, elevation: 'sudo' })).toEqual({
      command: 'sudo',
      args: ['-n', '--', '/usr/bin/node', '/srv/holdfast/out/helper/helper-main.mjs', '--uid', '1001'],
    });
    expect(helperLaunchPlan({ program, uid: 0, elevation: 'none' })).toEqual({
      command: '/usr/bin/node',
      args: ['/srv/holdfast/out/helper/helper-main.mjs', '--uid', '0'],
    });
  });
});

describe('launchHelper', () => {
  it('hands a fresh token on stdin, keeps stdin open, and reads the socket from the READY line', async () => {
    const { child, calls, promise } = launch((c) => {
      c.stdout.write(
        'some noise\nHOLDFAST-HELPER-READY {"socket":"/run/holdfast-helper/helper-77.sock","pid":77,"protocolVersion":1}\n',
      );
    });
    const helper = await promise;
    expect(calls[0]?.[0]).toBe('pkexec');
    expect(helper).toMatchObject({ socket: '/run/holdfast-helper/helper-77.sock', pid: 77 });
    expect(helper.token).toMatch(TOKEN_PATTERN);
    expect(child.stdinText).toBe(`${helper.token}\n`);
    expect(child.stdin.writableEnded).toBe(false);
    const again = await launch((c) => c.stdout.write('HOLDFAST-HELPER-READY {"socket":"/s","pid":1}\n')).promise;
    expect(again.token).not.toBe(helper.token);
  });

  it('says administrator rights were not granted when pkexec is dismissed', async () => {
    const { promise } = launch((c) => c.emit('close', 126));
    await expect(promise).rejects.toMatchObject({
      code: 'not-privileged',
      message: expect.stringMatching(/not granted/),
    });
  });

  it('says plainly when sudo has no rule allowing the helper without a password', async () => {
    const child = new FakeChild();
    const promise = launchHelper(helperLaunchPlan({ helperPath: '/h', uid: 1000, elevation: 'sudo' }), {
      spawn: () => {
        setImmediate(() => {
          child.stderr.write('sudo: a password is required\n');
          setImmediate(() => child.emit('close', 1));
        });
        return child as unknown as ChildProcess;
      },
      timeoutMs: 2000,
    });
    await expect(promise).rejects.toMatchObject({
      code: 'not-privileged',
      message:
        'Connecting needs administrator rights: sudo does not allow starting the Holdfast helper without a password',
    });
    expect(child.stdin.writableEnded).toBe(true);
  });

  it('passes the helper log on after it is ready, so its pipe never fills up', async () => {
    const child = new FakeChild();
    const lines: string[] = [];
    const helper = await launchHelper(helperLaunchPlan({ helperPath: '/h', uid: 1000, elevation: 'pkexec' }), {
      spawn: () => {
        setImmediate(() => child.stdout.write('HOLDFAST-HELPER-READY {"socket":"/s","pid":9}\n'));
        return child as unknown as ChildProcess;
      },
      onLog: (line) => lines.push(line),
      timeoutMs: 2000,
    });
    expect(helper.pid).toBe(9);
    child.stderr.write('holdfast-helper[9]: undid 2 change(s)\nhalf a li');
    child.stderr.write('ne\n');
    await expect.poll(() => lines).toEqual(['holdfast-helper[9]: undid 2 change(s)', 'half a line']);
  });

  it('refuses a READY line it cannot read and stops the helper', async () => {
    const { child, promise } = launch((c) => c.stdout.write('HOLDFAST-HELPER-READY {"socket":42}\n'));
    await expect(promise).rejects.toMatchObject({ code: 'not-privileged' });
    expect(child.killed).toEqual(['SIGTERM']);
  });
});
