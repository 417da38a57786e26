// What the test suites need on this machine: the one list of programs they run (with the Debian package that
// provides each), root and /dev/net/tun for the network lab, and a Chinese font for the zh-CN screenshots.
// `sudo npm run setup:test` installs a package for every entry; the gate below checks every entry, and a missing
// one fails with its name and the fix. Plain JavaScript so that it runs before anything is built or compiled.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** @typedef {'lab' | 'browser' | 'electron'} Suite */

/**
 * Every program a suite runs. `packages` lists the Debian package that provides it, with alternatives where
 * releases differ (the set-up installs the first one the release has). The disguise tools are for the
 * obfuscation lab.
 * @type {ReadonlyArray<{ program: string; packages: string[]; suite: Suite; why: string }>}
 */
export const TEST_PROGRAMS = [
  { program: 'ip', packages: ['iproute2'], suite: 'lab', why: 'namespaces, veth, routes' },
  { program: 'ss', packages: ['iproute2'], suite: 'lab', why: 'open sockets in a namespace' },
  { program: 'wg', packages: ['wireguard-tools'], suite: 'lab', why: 'WireGuard servers and tunnels' },
  { program: 'wireguard-go', packages: ['wireguard-go'], suite: 'lab', why: 'WireGuard without the kernel module' },
  { program: 'nft', packages: ['nftables'], suite: 'lab', why: 'kill switch and network faults' },
  { program: 'ping', packages: ['iputils-ping'], suite: 'lab', why: 'probes through tunnels' },
  { program: 'curl', packages: ['curl'], suite: 'lab', why: 'pages behind the servers' },
  { program: 'openvpn', packages: ['openvpn'], suite: 'lab', why: 'OpenVPN servers and tunnels' },
  { program: 'openssl', packages: ['openssl'], suite: 'lab', why: 'the OpenVPN lab PKI' },
  { program: 'sudo', packages: ['sudo'], suite: 'lab', why: 'the helper as an unprivileged user' },
  { program: 'runuser', packages: ['util-linux'], suite: 'lab', why: 'the CLI as an unprivileged user' },
  { program: 'useradd', packages: ['passwd'], suite: 'lab', why: 'the lab user' },
  { program: 'userdel', packages: ['passwd'], suite: 'lab', why: 'the lab user' },
  { program: 'sysctl', packages: ['procps'], suite: 'lab', why: 'forwarding in namespaces' },
  { program: 'ps', packages: ['procps'], suite: 'lab', why: 'processes left behind' },
  { program: 'pgrep', packages: ['procps'], suite: 'lab', why: 'processes left behind' },
  { program: 'kill', packages: ['procps'], suite: 'lab', why: 'frozen and killed servers' },
  { program: 'timeout', packages: ['coreutils'], suite: 'lab', why: 'bounded commands' },
  { program: 'flock', packages: ['util-linux'], suite: 'lab', why: 'the machine-wide connection owner' },
  { program: 'setpriv', packages: ['util-linux'], suite: 'lab', why: 'disguise programs without root' },
  { program: 'rpmbuild', packages: ['rpm'], suite: 'lab', why: 'the Linux package check builds the .rpm' },
  { program: 'dpkg-deb', packages: ['dpkg'], suite: 'lab', why: 'the Linux package check opens the .deb' },
  { program: 'ss-server', packages: ['shadowsocks-libev'], suite: 'lab', why: 'disguised servers' },
  { program: 'ss-local', packages: ['shadowsocks-libev'], suite: 'lab', why: 'disguised tunnels' },
  { program: 'ss-tunnel', packages: ['shadowsocks-libev'], suite: 'lab', why: 'disguised tunnels' },
  { program: 'stunnel4', packages: ['stunnel4'], suite: 'lab', why: 'TLS-wrapped servers' },
  { program: 'obfs4proxy', packages: ['obfs4proxy'], suite: 'lab', why: 'obfs4 servers' },
  { program: 'chromium', packages: ['chromium'], suite: 'browser', why: 'the browser suites' },
  { program: 'fc-list', packages: ['fontconfig'], suite: 'browser', why: 'finding the Chinese font' },
  { program: 'xvfb-run', packages: ['xvfb'], suite: 'electron', why: 'a display for Electron' },
  { program: 'Xvfb', packages: ['xvfb'], suite: 'electron', why: 'a display for Electron' },
  { program: 'xauth', packages: ['xauth'], suite: 'electron', why: 'xvfb-run needs it' },
];

/** zh-CN screenshots show empty boxes without it. */
export const CJK_FONT = { what: 'a Chinese font (fc-list :lang=zh finds none)', packages: ['fonts-noto-cjk'] };

export const SETUP_FIX = 'run: sudo npm run setup:test';

/** Kept for suites that ask by name: program -> Debian package, for the lab and for the browser. */
export const LAB_BINARIES = Object.fromEntries(
  TEST_PROGRAMS.filter((p) => p.suite === 'lab').map((p) => [p.program, p.packages[0]]),
);
export const BROWSER_BINARIES = Object.fromEntries(
  TEST_PROGRAMS.filter((p) => p.suite === 'browser').map((p) => [p.program, p.packages[0]]),
);

/** Debian keeps ip, nft and sysctl in sbin, which a user's PATH (and sudo's) may lack. */
const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * @param {string} name
 * @param {string} [searchPath] the directories to look in (default: PATH, then the system's bin and sbin)
 */
export function findBinary(name, searchPath) {
  const dirs =
    searchPath === undefined
      ? [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS]
      : searchPath.split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function hasCjkFont(fcList) {
  const result = spawnSync(fcList, [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.trim().length > 0;
}

/**
 * Checks what the given suites need.
 * @param {{
 *   suites: Suite[],
 *   searchPath?: string,
 *   isRoot?: boolean,
 *   hasTun?: boolean,
 *   platform?: string,
 *   extraBinaries?: Record<string, string>,
 *   programsOnly?: boolean,
 * }} options the machine facts are injectable so that the gate itself can be tested; programsOnly checks the
 *   programs and the font, not root or the tun device (what the set-up can install)
 * @returns {{ ok: boolean; missing: string[]; hint: string; message: string }}
 */
export function checkPrerequisites(options) {
  const suites = new Set(options.suites);
  const platform = options.platform ?? process.platform;
  const isRoot = options.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const missing = [];
  let packagesMissing = false;
  if (suites.has('lab') && !options.programsOnly) {
    if (platform !== 'linux') missing.push('Linux (network namespaces)');
    if (!isRoot) missing.push('root');
  }
  const programs = [
    ...TEST_PROGRAMS.filter((p) => suites.has(p.suite)),
    ...Object.entries(options.extraBinaries ?? {}).map(([program, pkg]) => ({ program, packages: [pkg] })),
  ];
  const seen = new Set();
  for (const { program, packages } of programs) {
    if (seen.has(program)) continue;
    seen.add(program);
    if (!findBinary(program, options.searchPath)) {
      missing.push(`${program} (Debian package ${packages.join(' or ')})`);
      packagesMissing = true;
    }
  }
  if (suites.has('browser')) {
    const fcList = findBinary('fc-list', options.searchPath);
    if (fcList && !hasCjkFont(fcList)) {
      missing.push(`${CJK_FONT.what} (Debian package ${CJK_FONT.packages.join(' or ')})`);
      packagesMissing = true;
    }
  }
  const hasTun = options.hasTun ?? existsSync('/dev/net/tun');
  if (suites.has('lab') && !options.programsOnly && platform === 'linux' && !hasTun)
    missing.push('/dev/net/tun (the tun kernel module)');
  const hints = [];
  if (packagesMissing) hints.push(SETUP_FIX);
  if (missing.includes('root')) hints.push('run the tests as root: sudo npm test');
  const hint = hints.join('; ');
  const message =
    missing.length === 0
      ? ''
      : `The ${[...suites].join(' and ')} tests cannot run on this machine. Missing:\n` +
        missing.map((m) => `  - ${m}`).join('\n') +
        (hint ? `\n${hints.join('\n')}` : '');
  return { ok: missing.length === 0, missing, hint, message };
}

/**
 * The lab's needs (root, /dev/net/tun, its programs), as the lab suites ask for them.
 * @param {{ extraBinaries?: Record<string, string> }} [options] more programs a suite needs (name -> package)
 */
export function labPrerequisites(options = {}) {
  return checkPrerequisites({ suites: ['lab'], extraBinaries: options.extraBinaries });
}
