import { ipFamily, isIpAddress } from '../net/ip';

/**
 * Syntax checks for host names, ports and endpoints as they appear in profiles (addresses and prefixes:
 * net/ip.ts). Pure and linear in the input, so hostile values cost nothing.
 */
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`);

/** A DNS name (letters, digits, `-`, `_`, dots). All-numeric names are refused: they are mistyped addresses. */
export function isHostName(value: string): boolean {
  if (value.length === 0 || value.length > 253 || !HOSTNAME.test(value)) return false;
  return !/^[\d.]+$/.test(value);
}

export function isHost(value: string): boolean {
  return isIpAddress(value) || isHostName(value);
}

/** Decimal integer without sign or leading zeros, within [min, max]; undefined otherwise. */
export function parseIntegerIn(value: string, min: number, max: number): number | undefined {
  if (!/^(0|[1-9]\d{0,9})$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

export function parsePort(value: string): number | undefined {
  return parseIntegerIn(value, 1, 65535);
}

export type EndpointCheck = { ok: true; host: string; port: number } | { ok: false; reason: string };

/** `host:port`, `1.2.3.4:port` or `[v6]:port`, as WireGuard writes endpoints. */
export function parseEndpoint(value: string): EndpointCheck {
  let host: string;
  let portText: string;
  if (value.startsWith('[')) {
    const match = /^\[([^\]]*)\]:([^:]*)$/.exec(value);
    if (!match) return { ok: false, reason: 'an IPv6 endpoint is written `[address]:port`' };
    host = match[1] ?? '';
    portText = match[2] ?? '';
    if (ipFamily(host) !== 6) return { ok: false, reason: `${quote(host)} is not an IPv6 address` };
  } else {
    const colon = value.lastIndexOf(':');
    if (colon === -1) return { ok: false, reason: 'the port is missing (expected `host:port`)' };
    host = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (host.includes(':')) return { ok: false, reason: 'an IPv6 endpoint needs brackets: `[address]:port`' };
    if (!isHost(host)) return { ok: false, reason: `${quote(host)} is not a valid host name or address` };
  }
  const port = parsePort(portText);
  if (port === undefined) return { ok: false, reason: `${quote(portText)} is not a port between 1 and 65535` };
  return { ok: true, host, port };
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return `\`${short.replace(/`/g, "'")}\``;
}
