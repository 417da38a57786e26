/**
 * What an imported OpenVPN profile may say, in one place. OpenVPN runs as administrator, so anything it
 * is told to run, load, read or write is decided here:
 *
 * - allowed:   client settings real providers ship; kept (arguments checked) and written to the config
 *              Holdfast generates.
 * - special:   allowed, but parse-openvpn reads them into typed fields (remotes, inline keys, ...).
 * - dropped:   settings Holdfast owns (logging, timers, privileges, management, ...), Windows-only and
 *              obsolete ones. Left out of the stored profile and reported as a warning.
 * - refused:   anything that runs programs, loads code, reads or writes files, server settings, other
 *              modes, and every directive not listed here (a root process should not be handed options
 *              nobody has looked at). The import fails with the reason.
 *
 * Names are matched lowercased after removing a leading `--`; `setenv opt X` is unwrapped by the parser
 * before it looks X up here, and the same rules apply inside `<connection>` blocks.
 */
import {
  allowed,
  dropped,
  refused,
  special,
  type DirectiveRule,
  type DroppedRule,
  type RefusedRule,
} from './openvpn-rule-types';

export type { DroppedClass, RefusedClass } from './openvpn-reasons';
export type { AllowedRule, DirectiveRule, DroppedRule, RefusedRule, SpecialRule } from './openvpn-rule-types';

const DEPRECATED_CHECK = (replacement: string) => ({
  code: 'deprecated',
  reason: `is deprecated in OpenVPN; it was kept, but ask your provider for a profile that uses ${replacement}`,
});
const TIMER = dropped(
  'owned-by-holdfast',
  'is a keepalive timer that Holdfast sets itself so that a dead server is noticed within seconds, so it was left out',
);
const LOGGING = dropped('owned-by-holdfast', 'controls logging, which Holdfast manages, so it was left out');
const PRIVILEGE = dropped(
  'owned-by-holdfast',
  'changes how OpenVPN runs on this computer (process, files or privileges), which Holdfast manages, so it was left out',
);
const SCRIPT_MODIFIER = dropped(
  'owned-by-holdfast',
  'only changes how scripts are run, and Holdfast runs none, so it was left out',
);
const SERVER = refused('server-only');
const TOOL = refused('standalone-mode');

const RULES: Record<string, DirectiveRule> = {
  // --- typed by the parser
  remote: special(true),
  proto: special(true),
  port: special(true),
  rport: special(true),
  dev: special(),
  'dev-type': special(),
  setenv: special(),
  'setenv-safe': special(),
  'script-security': special(),
  compress: special(),
  'comp-lzo': special(),
  'allow-compression': special(),
  'key-direction': special(),
  'auth-user-pass': special(),
  'http-proxy': special(true),
  'socks-proxy': special(true),
  mode: special(),
  'dns-updown': special(),
  ca: special(),
  cert: special(),
  key: special(),
  'tls-auth': special(),
  'tls-crypt': special(),
  'tls-crypt-v2': special(),
  pkcs12: special(),
  'extra-certs': special(),
  'crl-verify': special(),
  'peer-fingerprint': special(),
  'pull-filter': special(),

  // --- allowed client settings
  client: allowed(0, 0),
  'tls-client': allowed(0, 0),
  pull: allowed(0, 0),
  lport: allowed(1, 1, true),
  nobind: allowed(0, 0, true),
  bind: allowed(0, 1, true),
  local: allowed(1, 1, true),
  float: allowed(0, 0, true),
  'resolv-retry': allowed(1, 1),
  'persist-key': allowed(0, 0),
  'persist-tun': allowed(0, 0),
  'persist-local-ip': allowed(0, 0),
  'persist-remote-ip': allowed(0, 0),
  'remote-random': allowed(0, 0),
  'remote-random-hostname': allowed(0, 0),
  'explicit-exit-notify': allowed(0, 1, true),
  'connect-retry': allowed(1, 2, true),
  'connect-retry-max': allowed(1, 1, true),
  'connect-timeout': allowed(1, 1, true),
  'server-poll-timeout': allowed(1, 1),
  'http-proxy-option': allowed(1, 3, true),
  'proto-force': allowed(1, 1),
  'remote-cert-tls': allowed(1, 1),
  'remote-cert-ku': allowed(1, 8),
  'remote-cert-eku': allowed(1, 1),
  'ns-cert-type': allowed(1, 1, false, DEPRECATED_CHECK('`remote-cert-tls server`')),
  'verify-x509-name': allowed(1, 2),
  'verify-hash': allowed(1, 2, false, DEPRECATED_CHECK('`peer-fingerprint`')),
  'tls-version-min': allowed(1, 2),
  'tls-version-max': allowed(1, 1),
  'tls-cipher': allowed(1, 1),
  'tls-ciphersuites': allowed(1, 1),
  'tls-groups': allowed(1, 1),
  'tls-cert-profile': allowed(1, 1),
  'ecdh-curve': allowed(1, 1),
  cipher: allowed(1, 1),
  'data-ciphers': allowed(1, 1),
  'data-ciphers-fallback': allowed(1, 1),
  'ncp-ciphers': allowed(1, 1),
  auth: allowed(1, 1),
  'auth-nocache': allowed(0, 0),
  'static-challenge': allowed(2, 3),
  'reneg-sec': allowed(1, 2),
  'reneg-bytes': allowed(1, 1),
  'reneg-pkts': allowed(1, 1),
  'tls-timeout': allowed(1, 1),
  'hand-window': allowed(1, 1),
  'tran-window': allowed(1, 1),
  'replay-window': allowed(1, 2),
  'mute-replay-warnings': allowed(0, 0),
  mute: allowed(1, 1),
  'redirect-gateway': allowed(0, 8),
  'redirect-private': allowed(0, 8),
  route: allowed(1, 4),
  'route-ipv6': allowed(1, 3),
  'route-metric': allowed(1, 1),
  'route-delay': allowed(0, 2),
  'route-nopull': allowed(0, 0),
  'route-gateway': allowed(1, 1),
  'allow-recursive-routing': allowed(0, 0),
  'block-ipv6': allowed(0, 0),
  'dhcp-option': allowed(1, 2),
  dns: allowed(2, 16),
  'allow-pull-fqdn': allowed(0, 0),
  topology: allowed(1, 1),
  'ifconfig-nowarn': allowed(0, 0),
  'push-peer-info': allowed(0, 0),
  'compat-mode': allowed(1, 1),
  mssfix: allowed(0, 2, true),
  fragment: allowed(1, 2, true),
  'tun-mtu': allowed(1, 2, true),
  'tun-mtu-extra': allowed(1, 1, true),
  'link-mtu': allowed(1, 1, true),
  'mtu-disc': allowed(1, 1, true),
  txqueuelen: allowed(1, 1),
  sndbuf: allowed(1, 1),
  rcvbuf: allowed(1, 1),
  'fast-io': allowed(0, 0),
  'socket-flags': allowed(1, 4),
  passtos: allowed(0, 0),

  // --- run programs
  up: refused('runs-program'),
  down: refused('runs-program'),
  'route-up': refused('runs-program'),
  'route-pre-down': refused('runs-program'),
  ipchange: refused('runs-program'),
  'tls-verify': refused('runs-program'),
  'auth-user-pass-verify': refused('runs-program'),
  'client-connect': refused('runs-program'),
  'client-disconnect': refused('runs-program'),
  'learn-address': refused('runs-program'),
  'tls-crypt-v2-verify': refused('runs-program'),
  iproute: refused(
    'runs-program',
    'would make OpenVPN run another program instead of `ip` as administrator; Holdfast does not allow that, so remove this line to import the file',
  ),

  // --- load code
  plugin: refused('loads-code'),
  engine: refused('loads-code'),
  providers: refused('loads-code'),
  'pkcs11-providers': refused('loads-code'),

  // --- read or write files
  capath: refused(
    'reads-file',
    'would make OpenVPN read certificates from a folder as administrator; paste the CA certificate into a `<ca>` block instead',
  ),
  askpass: refused(
    'reads-file',
    'would make OpenVPN read a key passphrase from a file; Holdfast asks for the passphrase when you connect, so remove this line',
  ),
  'tls-export-cert': refused('writes-file'),
  'replay-persist': refused('writes-file'),

  // --- not supported
  secret: refused(
    'unsupported',
    'uses static-key mode, which current OpenVPN versions are dropping and Holdfast does not support; ask your provider for a TLS profile',
  ),
  'tls-remote': refused(
    'unsupported',
    'was removed from OpenVPN 2.4; it checked the server name, so rather than silently dropping the check Holdfast asks you to replace it with `verify-x509-name`',
  ),
  'pkcs11-id': refused('unsupported', 'uses a hardware token, which Holdfast does not support yet'),
  'pkcs11-id-management': refused('unsupported', 'uses a hardware token, which Holdfast does not support yet'),
  'pkcs11-pin-cache': refused('unsupported', 'uses a hardware token, which Holdfast does not support yet'),
  cryptoapicert: refused(
    'unsupported',
    'selects a certificate from the Windows certificate store, which Holdfast cannot use',
  ),
  'management-external-key': refused(
    'unsupported',
    'needs a key held outside the profile, which Holdfast does not support',
  ),
  'management-external-cert': refused(
    'unsupported',
    'needs a certificate held outside the profile, which Holdfast does not support',
  ),
  ifconfig: refused('unsupported', 'sets static tunnel addresses (peer-to-peer mode), which Holdfast does not support'),
  'ifconfig-ipv6': refused(
    'unsupported',
    'sets static tunnel addresses (peer-to-peer mode), which Holdfast does not support',
  ),

  // --- server only
  server: SERVER,
  'server-ipv6': SERVER,
  'server-bridge': SERVER,
  'tls-server': SERVER,
  dh: SERVER,
  'client-config-dir': SERVER,
  'ccd-exclusive': SERVER,
  'ifconfig-pool': SERVER,
  'ifconfig-ipv6-pool': SERVER,
  'ifconfig-pool-persist': SERVER,
  'ifconfig-push': SERVER,
  'ifconfig-ipv6-push': SERVER,
  iroute: SERVER,
  'iroute-ipv6': SERVER,
  push: SERVER,
  'push-reset': SERVER,
  'push-remove': SERVER,
  'duplicate-cn': SERVER,
  'client-to-client': SERVER,
  'max-clients': SERVER,
  'max-routes-per-client': SERVER,
  'stale-routes-check': SERVER,
  'connect-freq': SERVER,
  'connect-freq-initial': SERVER,
  'verify-client-cert': SERVER,
  'client-cert-not-required': SERVER,
  'username-as-common-name': SERVER,
  'auth-user-pass-optional': SERVER,
  'auth-gen-token': SERVER,
  'auth-gen-token-secret': SERVER,
  'port-share': SERVER,
  'hash-size': SERVER,
  'bcast-buffers': SERVER,
  'tcp-queue-limit': SERVER,
  'vlan-tagging': SERVER,
  'vlan-accept': SERVER,
  'vlan-pvid': SERVER,
  'opt-verify': SERVER,
  'x509-username-field': SERVER,
  'ccd-dir': SERVER,
  disable: SERVER,

  // --- other tools
  genkey: TOOL,
  mktun: TOOL,
  rmtun: TOOL,
  'show-ciphers': TOOL,
  'show-digests': TOOL,
  'show-tls': TOOL,
  'show-engines': TOOL,
  'show-groups': TOOL,
  'show-curves': TOOL,
  'show-pkcs11-ids': TOOL,
  'test-crypto': TOOL,
  version: TOOL,
  help: TOOL,

  // --- owned by Holdfast
  config: dropped(
    'owned-by-holdfast',
    'includes another file; Holdfast does not follow includes (it writes the configuration OpenVPN uses itself), so it was left out',
  ),
  verb: dropped(
    'owned-by-holdfast',
    'sets how much OpenVPN logs; Holdfast chooses that itself (high levels write keys to the log), so it was left out',
  ),
  log: LOGGING,
  'log-append': LOGGING,
  syslog: LOGGING,
  status: LOGGING,
  'status-version': LOGGING,
  'errors-to-stderr': LOGGING,
  'suppress-timestamps': LOGGING,
  'machine-readable-output': LOGGING,
  echo: LOGGING,
  management: dropped('owned-by-holdfast', 'opens a control interface; Holdfast runs its own, so it was left out'),
  daemon: PRIVILEGE,
  cd: PRIVILEGE,
  chroot: PRIVILEGE,
  user: PRIVILEGE,
  group: PRIVILEGE,
  writepid: PRIVILEGE,
  'tmp-dir': PRIVILEGE,
  mlock: PRIVILEGE,
  nice: PRIVILEGE,
  'remap-usr1': PRIVILEGE,
  'dev-node': PRIVILEGE,
  lladdr: PRIVILEGE,
  mark: PRIVILEGE,
  'bind-dev': PRIVILEGE,
  'disable-dco': PRIVILEGE,
  'ignore-unknown-option': dropped(
    'owned-by-holdfast',
    'only matters to OpenVPN reading this file; Holdfast writes the configuration OpenVPN uses itself, so it was left out',
  ),
  'route-noexec': dropped(
    'owned-by-holdfast',
    'hands routing to scripts; Holdfast manages routes itself, so it was left out',
  ),
  'ifconfig-noexec': dropped(
    'owned-by-holdfast',
    'hands address setup to scripts; Holdfast manages the interface itself, so it was left out',
  ),
  ping: TIMER,
  'ping-restart': TIMER,
  'ping-exit': TIMER,
  'ping-timer-rem': TIMER,
  keepalive: TIMER,
  inactive: TIMER,
  'session-timeout': TIMER,
  'tls-exit': TIMER,
  'single-session': TIMER,
  'auth-retry': dropped(
    'owned-by-holdfast',
    'decides what happens when the password is refused; Holdfast asks you instead, so it was left out',
  ),
  'up-restart': SCRIPT_MODIFIER,
  'down-pre': SCRIPT_MODIFIER,
  'up-delay': SCRIPT_MODIFIER,

  // --- Windows only
  'block-outside-dns': dropped(
    'windows-only',
    'only applies to Windows; Holdfast blocks DNS leaks itself on every system, so it was left out',
  ),
  'register-dns': dropped('windows-only'),
  'dhcp-renew': dropped('windows-only'),
  'dhcp-release': dropped('windows-only'),
  'dhcp-pre-release': dropped('windows-only'),
  'route-method': dropped('windows-only'),
  'ip-win32': dropped('windows-only'),
  'tap-sleep': dropped('windows-only'),
  'pause-exit': dropped('windows-only'),
  'win-sys': dropped('windows-only'),
  'allow-nonadmin': dropped('windows-only'),
  'show-net-up': dropped('windows-only'),
  'windows-driver': dropped('windows-only'),
  service: dropped('windows-only'),

  // --- obsolete
  'tun-ipv6': dropped('obsolete'),
  'ncp-disable': dropped('obsolete', 'was removed in OpenVPN 2.6, so it was left out'),
  'key-method': dropped('obsolete'),
  'max-routes': dropped('obsolete'),
  'http-proxy-retry': dropped('obsolete'),
  'socks-proxy-retry': dropped('obsolete'),
  'no-replay': dropped('obsolete', 'turned off replay protection and was removed from OpenVPN 2.5, so it was left out'),
  'no-iv': dropped('obsolete', 'was removed from OpenVPN 2.5, so it was left out'),
};

const UNKNOWN: RefusedRule = refused('unknown-directive');
const MANAGEMENT = RULES['management'] as DroppedRule;

/** The rule for a directive name (already lowercased, `--` removed). Unknown names are refused. */
export function directiveRule(name: string): DirectiveRule {
  if (Object.hasOwn(RULES, name)) return RULES[name] as DirectiveRule;
  if (name.startsWith('management-')) return MANAGEMENT;
  return UNKNOWN;
}
