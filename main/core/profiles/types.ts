import type { SecurityExplanation } from '../security/strength/security-event';

/**
 * The stored, normalized form of an imported profile. Binaries never see the user's file: drivers
 * generate their configs from these types. Secret values are never stored here; `SecretRef` names an
 * entry in the profile's sealed secret map (see profile-file-format.ts).
 */
export type ProfileKind = 'wireguard' | 'openvpn';

export type SecretRef = string;

export interface ImportIssue {
  /** The file as the user named it (basename or path relative to the import root). */
  file: string;
  line?: number;
  column?: number;
  directive?: string;
  /** Stable machine code, e.g. 'runs-program', 'hook-refused', 'owned-by-holdfast'. */
  code: string;
  /** One plain-language sentence. Never contains a secret. */
  message: string;
}

export interface ProfileBase {
  id: string;
  name: string;
  kind: ProfileKind;
  /** Original file name, for display and error messages. */
  sourceFile: string;
  /** sha256 of the normalized source text: re-importing the same content is detected. */
  contentHash: string;
  importedAt: string;
  warnings: ImportIssue[];
  /** The archive or folder it was imported from; a later import of the same bundle updates it in place. */
  bundle?: string;
  /** When a later import last changed it. */
  updatedAt?: string;
}

export interface Endpoint {
  host: string;
  port: number;
}

export interface WireGuardPeer {
  publicKey: string;
  presharedKey?: SecretRef;
  allowedIps: string[];
  endpoint?: Endpoint;
  persistentKeepalive?: number;
}

export interface WireGuardProfile extends ProfileBase {
  kind: 'wireguard';
  interface: {
    privateKey: SecretRef;
    /** The public key derived from the private key, safe to show. */
    publicKey?: string;
    addresses: string[];
    dns: string[];
    /** Search domains given in DNS= alongside resolver addresses. */
    dnsSearch: string[];
    mtu?: number;
    listenPort?: number;
  };
  peers: WireGuardPeer[];
}

export type OpenVpnProto = 'udp' | 'tcp';

export interface OpenVpnRemote {
  host: string;
  port: number;
  proto: OpenVpnProto;
  /**
   * Extra options of the `<connection>` block this remote came from (http-proxy, explicit-exit-notify, ...),
   * allowed directives only. Absent for plain `remote` lines and blocks that held nothing else.
   */
  options?: OpenVpnDirective[];
}

export interface OpenVpnDirective {
  name: string;
  args: string[];
}

export interface OpenVpnBlock {
  /** ca, cert, key, tls-auth, tls-crypt, tls-crypt-v2, pkcs12, extra-certs, crl-verify */
  name: string;
  /** Public material (certificates) is kept in clear; keys are sealed and referenced. */
  text?: string;
  secret?: SecretRef;
}

export interface OpenVpnProfile extends ProfileBase {
  kind: 'openvpn';
  /** In file order; each `<connection>` block contributes its remote. */
  remotes: OpenVpnRemote[];
  /** Allowed directives only, normalized (no leading --, no remote/proto/port, no inline blocks). */
  directives: OpenVpnDirective[];
  blocks: OpenVpnBlock[];
  keyDirection?: 0 | 1;
  /** `auth-user-pass` without a file: credentials are asked for at connect time. */
  authUserPass: boolean;
  /** Ciphers the profile allows for the data channel (data-ciphers, ncp-ciphers, cipher), for expected strength. */
  dataCiphers: string[];
  /** data-ciphers-fallback when given. */
  dataCiphersFallback?: string;
  /** auth digest for CBC ciphers when given. */
  auth?: string;
}

export type Profile = WireGuardProfile | OpenVpnProfile;

/** What the renderer and CLI list: no secrets, nothing a binary needs. */
export interface ProfileSummary {
  /** Strength of what the profile allows, rated before connecting (filled by the service). */
  expected?: {
    dataCipher: string;
    dataKeyBits: number;
    securityBits: number;
    rating: 'strong' | 'acceptable' | 'legacy' | 'insecure' | 'critical';
    reasons: string[];
    /** Translatable reasons (codes and parameters), as in the `security` event. */
    explanation?: SecurityExplanation;
  };
  id: string;
  name: string;
  kind: ProfileKind;
  sourceFile: string;
  importedAt: string;
  endpoints: string[];
  warnings: ImportIssue[];
}

export type ImportOutcome =
  | {
      file: string;
      status: 'imported';
      id: string;
      warnings: ImportIssue[];
      /** It replaced a profile already there (same file name or server host), keeping its id, name and place. */
      updated?: boolean;
    }
  | { file: string; status: 'duplicate'; id: string; warnings: ImportIssue[] }
  | { file: string; status: 'refused'; errors: ImportIssue[] };

/** What a parser knows of a profile: everything but the fields the store assigns. Distributes over the union. */
export type ParsedProfileBody<P extends Profile = Profile> = P extends Profile
  ? Omit<P, 'id' | 'name' | 'importedAt' | 'contentHash' | 'sourceFile'>
  : never;

/** A parser's result before secrets are sealed: secret values are still in `secrets`. */
export interface ParsedProfile<P extends Profile = Profile> {
  profile: ParsedProfileBody<P>;
  /** SecretRef -> plaintext value, sealed by the store on save. */
  secrets: Record<SecretRef, string>;
  warnings: ImportIssue[];
}

export type ParseResult<P extends Profile = Profile> =
  { ok: true; value: ParsedProfile<P> } | { ok: false; errors: ImportIssue[] };
