import type { Profile } from '../profiles/types';

/**
 * One driver per technology. The connection controller only knows this interface, so OpenVPN, hot
 * standby and failover racing plug in without touching WireGuard code.
 */
export interface TunnelCredentials {
  username: string;
  password: string;
}

export interface TunnelStartRequest {
  profile: Profile;
  /** Opened secrets for this profile (SecretRef -> value); live only in memory for the session. */
  secrets: Record<string, string>;
  /** Which remote/peer endpoint of the profile to use (failover picks; default 0). */
  endpointIndex?: number;
  credentials?: TunnelCredentials;
  /** Directory only Holdfast can reach, for generated configs and control sockets. */
  runtimeDir: string;
  /** Route all traffic through the tunnel (default true when the profile asks for 0.0.0.0/0). */
  fullTunnel?: boolean;
  /** Set up the device and negotiate, but do not route or apply DNS (probe handshakes, hot standby). */
  noRoutes?: boolean;
  /**
   * For an endpoint named by host name: the address Holdfast resolved and allowed through the kill switch.
   * The driver connects to exactly this address and never resolves the name itself.
   */
  endpointAddress?: string;
  /**
   * OpenVPN over TCP through a local SOCKS5 proxy (a disguise: ss-local, obfs4proxy). `remote` is what the
   * proxy connects to on the far side; the profile's own endpoint is not used.
   */
  socksProxy?: SocksProxy;
}

export interface SocksProxy {
  host: string;
  port: number;
  /** A root-only file with the SOCKS user name and password, one per line (obfs4's bridge arguments). */
  authFile?: string;
  remote: { host: string; port: number };
}

export interface TunnelStatus {
  interfaceName: string;
  endpoint?: string;
  tunnelAddresses: string[];
  rxBytes: number;
  txBytes: number;
  /** Milliseconds since the last WireGuard handshake, null before the first one. */
  handshakeAgeMs?: number | null;
}

/** What the security model needs to rate the negotiated encryption. */
export interface NegotiatedSecurity {
  protocol: 'wireguard' | 'openvpn';
  dataCipher?: string;
  dataAuth?: string;
  controlTlsVersion?: string;
  controlSuite?: string;
  peerCertificate?: { type: string; bits: number };
  temporaryKey?: string;
  tlsWrap?: 'tls-auth' | 'tls-crypt' | 'tls-crypt-v2' | 'none';
  presharedKey?: boolean;
}

export type TunnelEvent =
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'up' }
  | { type: 'reconnecting'; reason: string }
  | { type: 'negotiated'; security: NegotiatedSecurity }
  | { type: 'auth-failed'; message: string }
  | { type: 'exited'; reason: string };

export interface TunnelSession {
  readonly interfaceName: string;
  /** Resolves once the tunnel has completed its handshake / TLS negotiation (or rejects with why not). */
  ready(): Promise<void>;
  status(): Promise<TunnelStatus>;
  /** Default address to probe through the tunnel when the user has not set one. */
  probeTarget(): string | undefined;
  onEvent(listener: (event: TunnelEvent) => void): () => void;
  /** Removes every interface, route, rule, DNS change and file this session added. Idempotent. */
  stop(): Promise<void>;
  /**
   * Optional: a session started with `noRoutes` starts carrying what a full start would (routes, DNS),
   * keeping its device and handshake. Drivers without it are restarted instead.
   */
  promote?(): Promise<void>;
}

export interface PreflightProblem {
  code: 'binary-missing' | 'not-privileged';
  binary?: string;
  debianPackage?: string;
  message: string;
}

export interface TunnelDriver {
  readonly kind: Profile['kind'];
  preflight(): Promise<PreflightProblem[]>;
  start(request: TunnelStartRequest): Promise<TunnelSession>;
}
