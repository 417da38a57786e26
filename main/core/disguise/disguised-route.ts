/**
 * The disguise a landed tunnel runs inside, and why: carried by the `state` and `security` events and the
 * connection snapshot. A leaf module, so the events, the snapshot and the failover engine all import it
 * without importing each other.
 */

/** The disguise a tunnel runs inside. Shown on its own line: it never changes the encryption rating. */
export interface DisguiseInUse {
  id: string;
  kind: 'shadowsocks' | 'tls' | 'obfs4';
  /** Shadowsocks: the AEAD method; TLS: the server name sent; obfs4: `iat-mode=N`. Never a secret. */
  detail: string;
  /** The disguise server, `host:port`: where a censor sees the connection go. */
  server: string;
}

/**
 * Why the connection is disguised: `blocked`, plain routes failed in this session as a censor's would;
 * `remembered`, this network needed a disguise before; `always`, the user's setting.
 */
export type DisguiseReason = 'blocked' | 'remembered' | 'always';

export interface DisguisedRoute {
  disguise: DisguiseInUse;
  why: DisguiseReason;
}
