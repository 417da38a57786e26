import { isIpAddress, sameAddress } from '../net/ip';
import { formatHostPort } from '../profiles/net-syntax';
import type { DisguiseAttachment, StoredDisguise } from './disguise-store';
import { DISGUISE_NAMES, type DisguiseKind } from './types';

/** A disguise as the window and the CLI show it: never a secret. */
export interface DisguiseSummary {
  id: string;
  kind: DisguiseKind;
  host: string;
  port: number;
  label: string | null;
  /** "Shadowsocks 203.0.113.5:8388": plain English for the CLI; the window builds its own words. */
  text: string;
  /** Shadowsocks: the AEAD method; TLS: the server name sent; obfs4: the iat mode. Public parameters only. */
  detail: string;
  /** The server it is attached to, or null. */
  serverKey: string | null;
  /** How: following the server with the same host, the user's choice, or the user detached it. */
  attachment: DisguiseAttachment['mode'];
  /** The user attached it to a server that no longer exists (its profiles were removed). */
  serverMissing: boolean;
  sourceFile: string;
  importedAt: string;
}

export interface DisguiseListing {
  /** Server key -> its disguises, in import order. Servers without disguises are left out. */
  byServer: Record<string, DisguiseSummary[]>;
  unattached: DisguiseSummary[];
}

/** What a server needs to be matched: its key and its endpoints' hosts (names or addresses, as imported). */
export interface ServerHosts {
  key: string;
  hosts: readonly string[];
}

/** `[2001:db8::1]` and `2001:DB8::1` are one host; names compare without case or a final dot. */
export function sameHost(a: string, b: string): boolean {
  const clean = (h: string) =>
    h
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
  const [x, y] = [clean(a), clean(b)];
  return x === y || (isIpAddress(x) && isIpAddress(y) && sameAddress(x, y));
}

/** The server an `auto` disguise follows: the first (by key) with an endpoint on the same host. */
export function serverForHost(host: string, servers: readonly ServerHosts[]): string | null {
  const match = [...servers]
    .sort((a, b) => a.key.localeCompare(b.key))
    .find((s) => s.hosts.some((h) => sameHost(h, host)));
  return match?.key ?? null;
}

/** Pure: resolves each disguise's attachment against the servers there are now. */
export function buildDisguiseListing(
  disguises: readonly StoredDisguise[],
  servers: readonly ServerHosts[],
): DisguiseListing {
  const keys = new Set(servers.map((s) => s.key));
  const listing: DisguiseListing = { byServer: {}, unattached: [] };
  for (const disguise of disguises) {
    const summary = summarize(disguise, servers, keys);
    if (summary.serverKey === null) listing.unattached.push(summary);
    else (listing.byServer[summary.serverKey] ??= []).push(summary);
  }
  return listing;
}

function summarize(disguise: StoredDisguise, servers: readonly ServerHosts[], keys: Set<string>): DisguiseSummary {
  const { params, attachment } = disguise;
  let serverKey: string | null = null;
  let serverMissing = false;
  if (attachment.mode === 'auto') serverKey = serverForHost(params.host, servers);
  else if (attachment.mode === 'server') {
    serverMissing = !keys.has(attachment.serverKey);
    serverKey = serverMissing ? null : attachment.serverKey;
  }
  const detail =
    params.kind === 'shadowsocks'
      ? params.method
      : params.kind === 'tls'
        ? `sni=${params.sni}`
        : `iat-mode=${params.iatMode}`;
  return {
    id: disguise.id,
    kind: params.kind,
    host: params.host,
    port: params.port,
    label: params.label ?? null,
    text: `${DISGUISE_NAMES[params.kind]} ${formatHostPort(params.host, params.port)}`,
    detail,
    serverKey,
    attachment: attachment.mode,
    serverMissing,
    sourceFile: disguise.sourceFile,
    importedAt: disguise.importedAt,
  };
}
