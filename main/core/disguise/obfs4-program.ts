import { setprivArgs, type DisguiseProgramSpec, type Unprivileged } from './program-spec';
import type { Obfs4Params } from './types';

export interface Obfs4Run {
  params: Obfs4Params;
  cert: string;
  dir: string;
  /**
   * obfs4proxy's own state folder (an absolute path). When it runs as another account it must be able to reach
   * it, which it cannot inside Holdfast's root-only data folder: the caller gives a fresh folder elsewhere.
   */
  stateDir?: string;
  /** Set when Holdfast runs as root; the state folder must then belong to this account. */
  dropTo?: Unprivileged;
}

/**
 * obfs4proxy as a managed pluggable transport (Tor's pt-spec): it opens a SOCKS5 port of its own choosing and
 * prints `CMETHOD obfs4 socks5 127.0.0.1:PORT`. The bridge's arguments travel as the SOCKS username and
 * password; OpenVPN sends them from an auth file through `socks-proxy`.
 */
export function obfs4Spec(run: Obfs4Run): DisguiseProgramSpec {
  return {
    command: run.dropTo ? 'setpriv' : 'obfs4proxy',
    args: run.dropTo ? setprivArgs(run.dropTo, 'obfs4proxy', []) : [],
    env: {
      TOR_PT_MANAGED_TRANSPORT_VER: '1',
      TOR_PT_CLIENT_TRANSPORTS: 'obfs4',
      TOR_PT_STATE_LOCATION: run.stateDir ?? `${run.dir}/obfs4-state`,
      // Holdfast supervises the process itself and stops it by signal; stdin is not kept open.
      TOR_PT_EXIT_ON_STDIN_CLOSE: '0',
    },
    files: [{ name: 'obfs4-socks-auth', content: obfs4SocksAuth(run.cert, run.params.iatMode) }],
    dirs: [{ name: run.stateDir ?? 'obfs4-state', ...(run.dropTo ? { owner: run.dropTo } : {}) }],
    ready: 'cmethod',
    local: { host: '127.0.0.1', port: 0 },
  };
}

/**
 * The SOCKS5 user name and password lines for OpenVPN's `socks-proxy … AUTHFILE`. obfs4proxy joins the two
 * fields back into `cert=…;iat-mode=N`; the split keeps both fields non-empty and within SOCKS5's 255 bytes.
 */
export function obfs4SocksAuth(cert: string, iatMode: number): string {
  const args = `cert=${cert};iat-mode=${iatMode}`;
  const cut = Math.min(255, args.length - 1);
  return `${args.slice(0, cut)}\n${args.slice(cut)}\n`;
}

/** The SOCKS port from obfs4proxy's stdout, once it has announced it; undefined before or on `CMETHOD-ERROR`. */
export function parseCmethod(stdout: string): { port: number } | { error: string } | undefined {
  for (const line of stdout.split('\n')) {
    const ok = /^CMETHOD obfs4 socks5 127\.0\.0\.1:(\d{1,5})\s*$/.exec(line);
    if (ok) return { port: Number(ok[1]) };
    const bad = /^(CMETHOD-ERROR|ENV-ERROR|VERSION-ERROR)\s*(.*)$/.exec(line);
    if (bad) return { error: `${bad[1]} ${bad[2] ?? ''}`.trim() };
  }
  return undefined;
}
