import type { ImportIssue, SecretRef } from '../profiles/types';

/**
 * A disguise wraps a tunnel's packets in something a censor does not recognise as a VPN. Holdfast runs the
 * disguise as a local program (shadowsocks-libev, stunnel, obfs4proxy) and points the tunnel at it; the
 * tunnel's own encryption is unchanged inside. Secret values (Shadowsocks passwords, obfs4 certificates)
 * are sealed like profile keys: these types name them by `SecretRef`.
 */
export type DisguiseKind = 'shadowsocks' | 'tls' | 'obfs4';

/** Each kind's name in plain English, for the CLI and logs; the window builds its own words. */
export const DISGUISE_NAMES: Record<DisguiseKind, string> = { shadowsocks: 'Shadowsocks', tls: 'TLS', obfs4: 'obfs4' };

/**
 * AEAD methods that shadowsocks-libev implements. Stream ciphers are refused (unauthenticated, and
 * recognised by censors); SS-2022 methods are refused because the programs Holdfast drives do not speak them.
 */
export const SHADOWSOCKS_METHODS = [
  'chacha20-ietf-poly1305',
  'xchacha20-ietf-poly1305',
  'aes-256-gcm',
  'aes-192-gcm',
  'aes-128-gcm',
] as const;
export type ShadowsocksMethod = (typeof SHADOWSOCKS_METHODS)[number];

export const isShadowsocksMethod = (value: string): value is ShadowsocksMethod =>
  (SHADOWSOCKS_METHODS as readonly string[]).includes(value);

interface DisguiseEndpoint {
  /** The disguise server: where the censor sees the connection go. */
  host: string;
  port: number;
  /** The name the source gave it (`#tag`, SIP008 `remarks`), for display. */
  label?: string;
}

export interface ShadowsocksParams extends DisguiseEndpoint {
  kind: 'shadowsocks';
  method: ShadowsocksMethod;
  password: SecretRef;
}

export interface TlsParams extends DisguiseEndpoint {
  kind: 'tls';
  /** The server name sent in the TLS ClientHello. */
  sni: string;
}

export interface Obfs4Params extends DisguiseEndpoint {
  kind: 'obfs4';
  /** The bridge's identity fingerprint (40 hex digits) when the line gives one; obfs4 itself does not need it. */
  fingerprint?: string;
  /** `cert=`: the bridge's node id and public key. Whoever holds it can reach (and probe) the bridge. */
  cert: SecretRef;
  iatMode: 0 | 1 | 2;
}

export type DisguiseParams = ShadowsocksParams | TlsParams | Obfs4Params;

/** One disguise as read from a source, before its secrets are sealed. */
export interface ParsedDisguise {
  params: DisguiseParams;
  /** SecretRef -> plaintext, sealed by the store. */
  secrets: Record<SecretRef, string>;
  /** Where it came from, for messages: the line of a text file, or the entry of a SIP008 document. */
  line?: number;
  field?: string;
}

export interface DisguiseParseResult {
  disguises: ParsedDisguise[];
  /** Refused lines or entries, each naming its line or field. The others still import. */
  errors: ImportIssue[];
  warnings: ImportIssue[];
}
