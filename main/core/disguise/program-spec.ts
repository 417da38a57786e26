/**
 * What it takes to run one disguise program on the client: the command, its arguments, the files Holdfast
 * writes for it (into the session's 0700 runtime folder), and how to tell it is ready. Pure data, so the
 * programs' configs test without running anything.
 */
export interface ProgramFile {
  /** A name inside the session's runtime folder. */
  name: string;
  content: string;
}

export interface DisguiseProgramSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  files: ProgramFile[];
  /** Folders the program writes to (obfs4proxy's state), owned by its account when it drops root. */
  dirs?: Array<{ name: string; owner?: Unprivileged }>;
  /**
   * How the program says it is ready: a line of its own output (shadowsocks-libev's "listening at",
   * stunnel's "Configuration successful"), or obfs4proxy's `CMETHOD obfs4 socks5 ADDR:PORT` (managed mode),
   * which also names the port it chose.
   */
  ready: { output: RegExp } | 'cmethod';
  /** Where the tunnel connects instead of the server: loopback, the port Holdfast chose (0 for `cmethod`). */
  local: { host: string; port: number };
}

/**
 * Who a disguise program runs as when Holdfast runs as root. The programs need only a loopback port and one
 * outgoing connection, so a bug in one of them must not hold root's rights. shadowsocks-libev and stunnel drop
 * to it themselves after reading their root-only config (so the secrets never become readable by that
 * account); obfs4proxy has no such option and is started through `setpriv` (it reads no secret file).
 */
export interface Unprivileged {
  user: string;
  group: string;
}

export const DISGUISE_ACCOUNT: Unprivileged = { user: 'nobody', group: 'nogroup' };

/** `setpriv` in front of a command: the account, no supplementary groups, no capabilities, no regaining them. */
export function setprivArgs(account: Unprivileged, command: string, args: readonly string[]): string[] {
  return [
    `--reuid=${account.user}`,
    `--regid=${account.group}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
    '--',
    command,
    ...args,
  ];
}
