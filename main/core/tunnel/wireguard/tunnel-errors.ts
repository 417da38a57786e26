import { HoldfastError } from '../../errors';
import { NOT_PRIVILEGED_MESSAGE } from '../../system/privilege';
import { CommandFailedError } from '../../system/process-runner';

/** Where each program comes from on Debian and Ubuntu, for messages that say what to install. */
export const DEBIAN_PACKAGES: Record<string, string> = {
  wg: 'wireguard-tools',
  ip: 'iproute2',
  'wireguard-go': 'wireguard-go',
  ping: 'iputils-ping',
  sysctl: 'procps',
  resolvectl: 'systemd-resolved',
};

export function binaryMissing(binary: string): HoldfastError {
  const debianPackage = DEBIAN_PACKAGES[binary] ?? binary;
  return new HoldfastError(
    'binary-missing',
    `${binary} is not installed; install the Debian package ${debianPackage} (sudo apt-get install ${debianPackage})`,
    { binary, package: debianPackage },
  );
}

export const notPrivileged = (): HoldfastError => new HoldfastError('not-privileged', NOT_PRIVILEGED_MESSAGE);

// Keys are 44 characters of base64. Program output should never contain one, but if it ever does it
// must not travel on in an error message.
const KEY_LIKE = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/g;

export function redactKeys(text: string): string {
  return text.replace(KEY_LIKE, '(key hidden)');
}

/** Turns a failed step into the error a person sees: what failed and the program's own words. */
export function tunnelFailure(err: unknown, what: string): HoldfastError {
  if (err instanceof HoldfastError) return err;
  if (err instanceof CommandFailedError) {
    if (err.result.code === 127) return binaryMissing(err.command);
    const stderr = redactKeys(err.result.stderr.trim()).slice(0, 500);
    if (/Operation not permitted|Permission denied/i.test(stderr)) return notPrivileged();
    return new HoldfastError(
      'tunnel-failed',
      `${what} failed: ${stderr || `${err.command} exited with ${err.result.code}`}`,
      {
        command: err.command,
      },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new HoldfastError('tunnel-failed', `${what} failed: ${redactKeys(message)}`);
}
