import { describe, expect, it } from 'vitest';
import { CommandFailedError } from '../../system/process-runner';
import { redactKeys, tunnelFailure } from './tunnel-errors';
import { CLIENT_PRIVATE } from './wireguard-test-rig';

describe('tunnelFailure', () => {
  const failed = (command: string, code: number, stderr: string) =>
    tunnelFailure(
      new CommandFailedError(command, [], { code, stdout: CLIENT_PRIVATE, stderr }),
      'Configuring WireGuard',
    );

  it('names the step and quotes stderr, never stdout, with anything key-shaped hidden', () => {
    const err = failed('wg', 1, `Key is not the correct length or format: \`${CLIENT_PRIVATE}'`);
    expect(err.code).toBe('tunnel-failed');
    expect(err.message).toBe("Configuring WireGuard failed: Key is not the correct length or format: `(key hidden)'");
  });

  it('maps a missing program and missing rights to their own codes', () => {
    expect(failed('wg', 127, 'spawn wg ENOENT')).toMatchObject({
      code: 'binary-missing',
      params: { package: 'wireguard-tools' },
    });
    expect(failed('ip', 2, 'RTNETLINK answers: Operation not permitted').code).toBe('not-privileged');
  });

  it('leaves paths and ordinary words alone', () => {
    const text = 'Unable to open /var/lib/holdfast/runtime/wg-hf01/hf01.conf: No such file or directory';
    expect(redactKeys(text)).toBe(text);
  });
});
