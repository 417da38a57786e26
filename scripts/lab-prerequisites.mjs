// What the network lab needs on this machine: root, the programs it drives, and /dev/net/tun.
// Plain JavaScript so that `node scripts/require-lab.mjs` runs before anything is built or compiled.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** Program -> Debian package that provides it. */
export const LAB_BINARIES = {
  ip: 'iproute2',
  wg: 'wireguard-tools',
  'wireguard-go': 'wireguard-go',
  nft: 'nftables',
  ping: 'iputils-ping',
  curl: 'curl',
  sysctl: 'procps',
  openvpn: 'openvpn',
};

/** The browser suites also need Debian's Chromium. */
export const BROWSER_BINARIES = { chromium: 'chromium' };

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export function findBinary(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SYSTEM_DIRS];
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

/**
 * @param {{ extraBinaries?: Record<string, string> }} [options] more programs a suite needs (name -> package)
 * @returns {{ ok: boolean; missing: string[]; hint: string }}
 */
export function labPrerequisites(options = {}) {
  const missing = [];
  const packages = new Set();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.platform !== 'linux') missing.push('Linux (network namespaces)');
  if (!isRoot) missing.push('root');
  for (const [binary, pkg] of Object.entries({ ...LAB_BINARIES, ...options.extraBinaries })) {
    if (!findBinary(binary)) {
      missing.push(`${binary} (Debian package ${pkg})`);
      packages.add(pkg);
    }
  }
  if (process.platform === 'linux' && !existsSync('/dev/net/tun')) missing.push('/dev/net/tun (the tun kernel module)');
  const hints = [];
  if (packages.size > 0) hints.push('run: sudo npm run setup:test');
  if (!isRoot) hints.push('run the tests as root: sudo npm test');
  return { ok: missing.length === 0, missing, hint: hints.join('; ') };
}
