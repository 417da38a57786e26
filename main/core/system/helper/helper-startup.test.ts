import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readToken, resolveInvoker } from './helper-startup';

describe('resolveInvoker', () => {
  it('serves the user pkexec or sudo names, whatever the command line says', () => {
    expect(resolveInvoker([], { PKEXEC_UID: '1000' })).toEqual({ ok: true, uid: 1000 });
    expect(resolveInvoker(['--uid', '1000'], { SUDO_UID: '1000' })).toEqual({ ok: true, uid: 1000 });
    expect(resolveInvoker(['--uid', '0'], { PKEXEC_UID: '1000' })).toMatchObject({ ok: false });
  });

  it('ignores a directory override under pkexec (the caller controls the environment it passes)', () => {
    expect(resolveInvoker([], { PKEXEC_UID: '1000', HOLDFAST_HELPER_DIR: '/tmp/evil' })).toEqual({
      ok: true,
      uid: 1000,
    });
  });

  it('takes --uid and a directory only when started by root directly', () => {
    expect(resolveInvoker(['--uid', '1000'], {})).toEqual({ ok: true, uid: 1000 });
    expect(resolveInvoker(['--uid', '1000'], { HOLDFAST_HELPER_DIR: '/run/hfk-test' })).toEqual({
      ok: true,
      uid: 1000,
      dir: '/run/hfk-test',
    });
    expect(resolveInvoker(['--uid', '1000'], { HOLDFAST_HELPER_DIR: 'relative' })).toMatchObject({ ok: false });
    expect(resolveInvoker(['--uid', '1000'], { HOLDFAST_HELPER_DIR: '/run/../etc' })).toMatchObject({ ok: false });
    expect(resolveInvoker([], {})).toMatchObject({ ok: false });
  });

  it.each([['--uid', '1000;id'], ['--uid', '-1'], ['--uid', '01000'], ['--config', '/etc/x'], ['--uid']])(
    'refuses %s %s',
    (...argv) => {
      expect(resolveInvoker(argv, {}).ok).toBe(false);
    },
  );
});

describe('readToken', () => {
  const token = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

  it('reads one token line', async () => {
    const input = new PassThrough();
    const read = readToken(input, 1000);
    input.write(`${token.slice(0, 10)}`);
    input.write(`${token.slice(10)}\n`);
    await expect(read).resolves.toBe(token);
  });

  it('refuses a malformed token, an endless line and a closed stdin', async () => {
    const bad = new PassThrough();
    const a = readToken(bad, 1000);
    bad.write('not a token; rm -rf /\n');
    await expect(a).rejects.toThrow(/malformed/);
    const long = new PassThrough();
    const b = readToken(long, 1000);
    long.write('x'.repeat(200));
    await expect(b).rejects.toThrow(/too long/);
    const closed = new PassThrough();
    const c = readToken(closed, 1000);
    closed.end();
    await expect(c).rejects.toThrow(/closed/);
  });
});
