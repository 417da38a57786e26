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
    expect(helperLaunchPlan({ helperPath, uid: 1000, elevation: 'sudo' })).toEqual({
      command: 'sudo',
      args: ['--', helperPath, '--uid', '1000'],
    });
    expect(helperLaunchPlan({ helperPath, uid: 0, elevation: 'none' })).toEqual({
      command: helperPath,
      args: ['--uid', '0'],
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
    const { promise } = launch((c) => c.emit('exit', 126));
    await expect(promise).rejects.toMatchObject({
      code: 'not-privileged',
      message: expect.stringMatching(/not granted/),
    });
  });

  it('refuses a READY line it cannot read and stops the helper', async () => {
    const { child, promise } = launch((c) => c.stdout.write('HOLDFAST-HELPER-READY {"socket":42}\n'));
    await expect(promise).rejects.toMatchObject({ code: 'not-privileged' });
    expect(child.killed).toEqual(['SIGTERM']);
  });
});
