import { HoldfastError } from '../../errors';
import { isIpAddress } from '../../net/ip';
import type { OpenVpnBlock, OpenVpnDirective, OpenVpnProfile, OpenVpnRemote } from '../../profiles/types';
import type { SocksProxy } from '../driver';
import { WRITABLE_BLOCKS, whyDropped } from './owned-directives';
import { MAX_CONFIG_LINE_CHARS, QuotingError, quoteToken } from './quoting';

/**
 * Builds the config OpenVPN actually runs. The user's file never reaches the binary: the stored
 * profile's allowed directives are written first, then its inline blocks, then Holdfast's own options,
 * which come last so they win. pull-filter is the exception: OpenVPN applies the first filter that
 * matches, so Holdfast's filters come first.
 */
export interface OpenVpnTimers {
  /** Send a keepalive to the server this often (seconds). */
  pingSeconds: number;
  /**
   * Restart when nothing arrived for this long (seconds). Must exceed the server's own keepalive
   * interval (commonly 10 s), or an idle tunnel restarts for nothing; fast dead-server detection is
   * the health monitor's job, this is the backstop.
   */
  pingRestartSeconds: number;
}

export const DEFAULT_TIMERS: OpenVpnTimers = { pingSeconds: 2, pingRestartSeconds: 20 };

export interface OpenVpnConfigOptions {
  interfaceName: string;
  managementSocketPath: string;
  endpointIndex?: number;
  /** true: add redirect-gateway; false: refuse a pushed one; undefined: whatever the profile and server say. */
  fullTunnel?: boolean;
  /** Negotiate and bring the device up, but add no routes (probe handshakes, hot standby). */
  noRoutes?: boolean;
  timers?: OpenVpnTimers;
  /**
   * Switch OpenVPN to this account after setup. `persist-tun` and `persist-key` come with it: an internal
   * restart then keeps the device and keys it could no longer open without root.
   */
  dropTo?: { user: string; group: string };
  /** Connect to this address instead of the profile's host name (resolved and pinned by Holdfast). */
  remoteAddress?: string;
  /** Reach the server over TCP through this local SOCKS5 proxy (a disguise); its `remote` replaces the profile's. */
  socksProxy?: SocksProxy;
}

export interface GeneratedOpenVpnConfig {
  text: string;
  remote: OpenVpnRemote;
  devType: 'tun' | 'tap';
  /** Profile directives left out, by name (never their arguments, which may be secret). */
  dropped: string[];
}

const SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/i;
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

function refuse(profile: OpenVpnProfile, message: string, directive?: string): never {
  const params: Record<string, string> = { file: profile.sourceFile };
  if (directive) params.directive = directive;
  throw new HoldfastError('profile-refused', `${profile.sourceFile}: ${message}`, params);
}

function line(profile: OpenVpnProfile, name: string, args: readonly string[]): string {
  let text: string;
  try {
    text = [name, ...args.map(quoteToken)].join(' ');
  } catch (err) {
    const why = err instanceof QuotingError ? err.message : 'cannot be written';
    return refuse(profile, `an argument of "${name}" ${why}.`, name);
  }
  if (text.length > MAX_CONFIG_LINE_CHARS) {
    refuse(profile, `the "${name}" line is longer than OpenVPN accepts (${MAX_CONFIG_LINE_CHARS} characters).`, name);
  }
  return text;
}

function devTypeOf(directives: readonly OpenVpnDirective[]): 'tun' | 'tap' {
  const explicit = directives.filter((d) => d.name === 'dev-type').at(-1)?.args[0];
  if (explicit === 'tap' || explicit === 'tun') return explicit;
  const dev = directives.filter((d) => d.name === 'dev').at(-1)?.args[0];
  return dev?.startsWith('tap') ? 'tap' : 'tun';
}

function blockText(profile: OpenVpnProfile, block: OpenVpnBlock, secrets: Record<string, string>): string {
  let text = block.text;
  if (block.secret !== undefined) {
    text = secrets[block.secret];
    if (text === undefined) {
      throw new HoldfastError(
        'tunnel-failed',
        `${profile.sourceFile}: the sealed <${block.name}> could not be opened.`,
        {
          file: profile.sourceFile,
          directive: block.name,
        },
      );
    }
  }
  if (text === undefined || text.trim() === '') refuse(profile, `<${block.name}> is empty.`, block.name);
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  // A line starting with "</" would close the block early and turn the rest into directives.
  if (lines.some((l) => l.trimStart().startsWith('</') || l.includes('\0'))) {
    refuse(profile, `<${block.name}> contains a closing tag or invalid characters.`, block.name);
  }
  return `<${block.name}>\n${lines.join('\n')}\n</${block.name}>`;
}

function hostOf(remote: OpenVpnRemote): string {
  const bracketed = /^\[(.*)\]$/.exec(remote.host);
  return bracketed?.[1] ?? remote.host;
}

/** Where OpenVPN connects: the profile's remote (or its pinned address), or a disguise's SOCKS proxy. */
function remoteLines(profile: OpenVpnProfile, remote: OpenVpnRemote, options: OpenVpnConfigOptions): string[] {
  const socks = options.socksProxy;
  if (!socks) {
    return [
      line(profile, 'remote', [
        options.remoteAddress ?? hostOf(remote),
        String(remote.port),
        remote.proto === 'tcp' ? 'tcp-client' : 'udp',
      ]),
    ];
  }
  if (!isIpAddress(socks.host) || !Number.isInteger(socks.port) || socks.port < 1 || socks.port > 65535) {
    throw new HoldfastError('internal', `The disguise's SOCKS proxy ${socks.host}:${socks.port} is not usable.`);
  }
  return [
    line(profile, 'remote', [socks.remote.host, String(socks.remote.port), 'tcp-client']),
    line(profile, 'socks-proxy', [socks.host, String(socks.port), ...(socks.authFile ? [socks.authFile] : [])]),
  ];
}

export function generateOpenVpnConfig(
  profile: OpenVpnProfile,
  secrets: Record<string, string>,
  options: OpenVpnConfigOptions,
): GeneratedOpenVpnConfig {
  const remote = profile.remotes[options.endpointIndex ?? 0];
  if (!remote) refuse(profile, `there is no remote number ${(options.endpointIndex ?? 0) + 1}.`, 'remote');
  if (!INTERFACE_NAME.test(options.interfaceName)) {
    throw new HoldfastError('internal', `Invalid interface name "${options.interfaceName}".`);
  }
  if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65535) {
    refuse(profile, `remote port ${remote.port} is not a valid port.`, 'remote');
  }
  if (options.remoteAddress !== undefined && !isIpAddress(options.remoteAddress)) {
    throw new HoldfastError('internal', `The pinned server address "${options.remoteAddress}" is not an IP address.`);
  }
  const timers = options.timers ?? DEFAULT_TIMERS;
  const devType = devTypeOf(profile.directives);
  const ignoreRedirect = options.fullTunnel !== undefined || options.noRoutes === true;
  const dropped: string[] = [];
  const out: string[] = [
    `# Generated by Holdfast from "${profile.sourceFile.replace(/[\r\n"]/g, '_')}"; rewritten on every connect.`,
    '# Holdfast filters first: OpenVPN applies the first pull-filter that matches.',
    'pull-filter ignore "ping"',
    'pull-filter ignore "inactive"',
  ];
  if (options.fullTunnel === false || options.noRoutes === true) out.push('pull-filter ignore "redirect-gateway"');

  out.push('', '# From the profile');
  for (const directive of profile.directives) {
    if (!SAFE_NAME.test(directive.name))
      refuse(profile, `"${directive.name}" is not a directive name.`, directive.name);
    const why = whyDropped(directive.name, directive.args);
    if (why || (ignoreRedirect && directive.name === 'redirect-gateway')) {
      dropped.push(directive.name);
      continue;
    }
    out.push(line(profile, directive.name, directive.args));
  }
  for (const block of profile.blocks) {
    if (!WRITABLE_BLOCKS.has(block.name)) {
      dropped.push(block.name);
      continue;
    }
    out.push(blockText(profile, block, secrets));
  }
  if (profile.keyDirection !== undefined && profile.blocks.some((b) => b.name === 'tls-auth')) {
    out.push(`key-direction ${profile.keyDirection}`);
  }

  out.push(
    '',
    '# Holdfast options: last, so they win',
    'client',
    `dev ${options.interfaceName}`,
    `dev-type ${devType}`,
    ...remoteLines(profile, remote, options),
    'nobind',
    'resolv-retry 10',
    'connect-retry 1 5',
    'server-poll-timeout 10',
    `ping ${timers.pingSeconds}`,
    `ping-restart ${timers.pingRestartSeconds}`,
    'auth-retry none',
    'auth-nocache',
  );
  if (profile.authUserPass) out.push('auth-user-pass');
  if (options.fullTunnel === true && options.noRoutes !== true) out.push('redirect-gateway def1');
  if (options.noRoutes === true) out.push('route-noexec');
  if (options.dropTo) {
    out.push(
      line(profile, 'user', [options.dropTo.user]),
      line(profile, 'group', [options.dropTo.group]),
      'persist-tun',
      'persist-key',
    );
  }
  out.push(
    'script-security 1',
    'verb 3',
    line(profile, 'management', [options.managementSocketPath, 'unix']),
    'management-hold',
    'management-query-passwords',
    'management-log-cache 500',
    '',
  );
  return { text: out.join('\n'), remote, devType, dropped };
}
