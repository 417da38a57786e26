import { PROFILE_BLOCKS } from '../../profiles/openvpn-block-kinds';
/**
 * Directives Holdfast never passes through from a profile, even if a parser let them by: they run
 * programs or load code, read or write files, or control what Holdfast itself must control (management,
 * logging, timers, the device, the remote, credentials). Profile parsing refuses or warns about most of
 * these already; this list is the second lock on the same door.
 */
const RUNS_CODE = [
  'up',
  'down',
  'down-pre',
  'up-restart',
  'up-delay',
  'route-up',
  'route-pre-down',
  'ipchange',
  'tls-verify',
  'auth-user-pass-verify',
  'client-connect',
  'client-disconnect',
  'learn-address',
  'plugin',
  'iproute',
  'dns-updown',
  'engine',
  'providers',
  'provider-path',
  'pkcs11-providers',
  'script-security',
  'setenv-safe',
  'tls-crypt-v2-verify',
];

const FILES_AND_PROCESS = [
  'config',
  'cd',
  'chroot',
  'daemon',
  'user',
  'group',
  'log',
  'log-append',
  'syslog',
  'status',
  'status-version',
  'writepid',
  'tmp-dir',
  'tls-export-cert',
  'replay-persist',
  'askpass',
  'management-external-key',
  'machine-readable-output',
  'echo',
];

const OWNED_BY_HOLDFAST = [
  'verb',
  'mute',
  'remote',
  'proto',
  'port',
  'rport',
  'lport',
  'bind',
  'nobind',
  'remote-random',
  'remote-random-hostname',
  'connection',
  'dev',
  'dev-type',
  'dev-node',
  'client',
  'auth-user-pass',
  'auth-nocache',
  'auth-retry',
  'ping',
  'ping-restart',
  'ping-exit',
  'ping-timer-rem',
  'keepalive',
  'inactive',
  'connect-retry',
  'connect-retry-max',
  'connect-timeout',
  'server-poll-timeout',
  'resolv-retry',
  'route-noexec',
  'ifconfig-noexec',
  'key-direction',
];

/** Names that are inline blocks; as directives they would name a file on disk. */
export const BLOCK_NAMES = new Set([
  'ca',
  'cert',
  'key',
  'tls-auth',
  'tls-crypt',
  'tls-crypt-v2',
  'pkcs12',
  'extra-certs',
  'crl-verify',
  'dh',
  'secret',
  'http-proxy-user-pass',
]);

/** Blocks Holdfast writes into the generated config: exactly those a stored profile can carry. */
export const WRITABLE_BLOCKS: ReadonlySet<string> = new Set(PROFILE_BLOCKS);

const DROPPED = new Set([...RUNS_CODE, ...FILES_AND_PROCESS, ...OWNED_BY_HOLDFAST, ...BLOCK_NAMES]);

/** Why a profile directive is left out of the generated config, or undefined when it is kept. */
export function whyDropped(name: string, args: readonly string[]): string | undefined {
  const n = name.toLowerCase();
  if (n.startsWith('management')) return 'owned-by-holdfast';
  if (n === 'setenv' || n === 'setenv-opt') {
    // Only informational variables sent to the server (IV_*/UV_*) are harmless.
    const variable = n === 'setenv-opt' ? args[0] : args[0] === 'opt' ? args[1] : args[0];
    return variable && /^(IV|UV)_/.test(variable) ? undefined : 'runs-program';
  }
  if (RUNS_CODE.includes(n)) return 'runs-program';
  if (FILES_AND_PROCESS.includes(n) || BLOCK_NAMES.has(n)) return 'touches-files';
  if (DROPPED.has(n)) return 'owned-by-holdfast';
  return undefined;
}
