/**
 * The scripts Linux distributions and providers put in .ovpn files only to hand the pushed DNS servers to
 * the system resolver: Debian's and Ubuntu's `update-resolv-conf` (resolvconf) and the
 * `update-systemd-resolved` script. Holdfast applies pushed DNS itself (and refuses DNS outside the tunnel),
 * so such a line is left out with a warning instead of refusing the whole file. Nothing named in a profile is
 * ever run, so recognising the name is only about importing the files people actually have; any other
 * program is still refused with its line.
 */
const DNS_HELPER_NAMES = new Set([
  'update-resolv-conf',
  'update-resolv-conf.sh',
  'update-systemd-resolved',
  'update-systemd-resolved.sh',
]);

/** The hooks these scripts are installed on (`up`/`down`, sometimes `route-up`/`route-pre-down`). */
const DNS_HELPER_HOOKS = new Set(['up', 'down', 'route-up', 'route-pre-down']);

/** `up /etc/openvpn/update-resolv-conf`: one path, no arguments, whose file name is a known DNS helper. */
export function isDnsHelperLine(name: string, args: readonly string[]): boolean {
  if (!DNS_HELPER_HOOKS.has(name) || args.length !== 1) return false;
  const command = args[0] ?? '';
  if (/\s/.test(command)) return false; // `up "/etc/openvpn/update-resolv-conf --flag"` runs with arguments
  const base = command.slice(command.lastIndexOf('/') + 1);
  return DNS_HELPER_NAMES.has(base);
}

export const DNS_HELPER_REASON =
  'runs a DNS helper script; Holdfast never runs scripts and applies the DNS servers the VPN server sends itself, so this line was left out';

export const SCRIPT_PERMISSION_REASON =
  'only allows OpenVPN to run scripts; Holdfast runs none (any script named in the profile is refused or left out on its own line), so it was left out';
