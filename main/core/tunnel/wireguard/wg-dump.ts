/**
 * Parses `wg show <if> dump`. Its first line holds the interface's PRIVATE key and every peer line a
 * preshared key: both are dropped here, field by field, so no caller can log them by accident.
 */
export interface WgPeerState {
  publicKey: string;
  endpoint?: string;
  allowedIps: string[];
  /** Unix seconds of the latest handshake, 0 when there has been none. */
  latestHandshake: number;
  rxBytes: number;
  txBytes: number;
  persistentKeepalive?: number;
}

const PEER_FIELDS = 8;

export function parseWgDump(text: string): WgPeerState[] {
  const peers: WgPeerState[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    // The interface line has 4 fields (private key, public key, port, fwmark): never a peer line.
    if (fields.length !== PEER_FIELDS) continue;
    const [publicKey = '', , endpoint = '', allowed = '', handshake = '', rx = '', tx = '', keepalive = ''] = fields;
    peers.push({
      publicKey,
      endpoint: endpoint === '(none)' || endpoint === '' ? undefined : endpoint,
      allowedIps: allowed === '(none)' || allowed === '' ? [] : allowed.split(','),
      latestHandshake: toNumber(handshake),
      rxBytes: toNumber(rx),
      txBytes: toNumber(tx),
      persistentKeepalive: keepalive === 'off' || keepalive === '' ? undefined : toNumber(keepalive),
    });
  }
  return peers;
}

/** Parses `wg show <if> latest-handshakes`: public key -> unix seconds (0 = none yet). */
export function parseLatestHandshakes(text: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, seconds] = line.trim().split(/\s+/);
    if (key && seconds !== undefined) result.set(key, toNumber(seconds));
  }
  return result;
}

/** Milliseconds since the handshake, null before the first one; never negative when clocks disagree. */
export function handshakeAgeMs(latestHandshake: number, nowMs: number): number | null {
  if (latestHandshake <= 0) return null;
  return Math.max(0, nowMs - latestHandshake * 1000);
}

function toNumber(text: string): number {
  const value = Number(text);
  return Number.isFinite(value) ? value : 0;
}
