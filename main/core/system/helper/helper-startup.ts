import path from 'node:path';
import type { Readable } from 'node:stream';
import { TOKEN_PATTERN } from './protocol';

/** The first line the helper prints on stdout once its socket is ready; JSON follows on the same line. */
export const READY_PREFIX = 'HOLDFAST-HELPER-READY ';

export type Invoker = { ok: true; uid: number; dir?: string } | { ok: false; reason: string };

/**
 * Who the helper serves. pkexec and sudo set PKEXEC_UID / SUDO_UID themselves, and the caller cannot
 * forge them, so they win over anything on the command line (which the caller controls). Only a helper
 * started by root directly (tests, the lab, a root shell) may be told another uid or directory.
 */
export function resolveInvoker(argv: readonly string[], env: NodeJS.ProcessEnv): Invoker {
  let argUid: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--uid' && i + 1 < argv.length) argUid = argv[++i];
    else return { ok: false, reason: `unknown argument ${JSON.stringify(arg).slice(0, 40)}` };
  }
  const elevated = env.PKEXEC_UID ?? env.SUDO_UID;
  if (elevated !== undefined) {
    const uid = parseUid(elevated);
    if (uid === undefined) return { ok: false, reason: 'PKEXEC_UID/SUDO_UID is not a user id' };
    if (argUid !== undefined && parseUid(argUid) !== uid) {
      return { ok: false, reason: '--uid must be the user who started the helper' };
    }
    return { ok: true, uid };
  }
  if (argUid === undefined) return { ok: false, reason: 'started without pkexec or sudo: pass --uid <uid>' };
  const uid = parseUid(argUid);
  if (uid === undefined) return { ok: false, reason: '--uid is not a user id' };
  const dir = env.HOLDFAST_HELPER_DIR;
  if (dir !== undefined) {
    if (!path.isAbsolute(dir) || path.normalize(dir) !== dir || dir.length > 80) {
      return { ok: false, reason: 'HOLDFAST_HELPER_DIR must be a short, normalized absolute path' };
    }
    return { ok: true, uid, dir };
  }
  return { ok: true, uid };
}

function parseUid(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0|[1-9]\d{0,9})$/.test(text)) return undefined;
  const uid = Number(text);
  return uid <= 0xfffffffe ? uid : undefined;
}

/** Reads the token line from the app (stdin). Refuses anything that is not exactly one token. */
export function readToken(input: Readable, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const finish = (err: Error | undefined, token?: string) => {
      clearTimeout(timer);
      input.off('data', onData);
      input.off('end', onEnd);
      input.pause();
      if (err) reject(err);
      else resolve(token ?? '');
    };
    const onData = (chunk: Buffer | string) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline === -1) {
        if (buffer.length > 128) finish(new Error('the token line is too long'));
        return;
      }
      const token = buffer.slice(0, newline).trim();
      if (!TOKEN_PATTERN.test(token)) finish(new Error('the token is malformed'));
      else finish(undefined, token);
    };
    const onEnd = () => finish(new Error('stdin closed before the token arrived'));
    const timer = setTimeout(() => finish(new Error('no token on stdin in time')), timeoutMs);
    input.on('data', onData);
    input.on('end', onEnd);
  });
}
