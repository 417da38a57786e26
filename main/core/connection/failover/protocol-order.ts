import type { Transport } from './types';

/**
 * The user's protocol order, as strings that read well in a settings file: `wireguard-udp`, `openvpn-udp`,
 * `openvpn-tcp`, each optionally pinned to a port (`openvpn-tcp:443`). A transport ranks at the first entry it
 * matches; a transport that matches no entry is not used at all, so the list doubles as the allowed set.
 */
export const PROTOCOL_ORDER_ENTRY = /^(wireguard-udp|openvpn-udp|openvpn-tcp)(?::(\d{1,5}))?$/;

export const DEFAULT_PROTOCOL_ORDER: readonly string[] = [
  'wireguard-udp',
  'openvpn-udp',
  'openvpn-tcp:443',
  'openvpn-tcp',
];

interface OrderEntry {
  family: string;
  port: number | null;
}

function parseEntry(entry: string): OrderEntry | null {
  const match = PROTOCOL_ORDER_ENTRY.exec(entry.trim().toLowerCase());
  if (!match?.[1]) return null;
  return { family: match[1], port: match[2] ? Number(match[2]) : null };
}

/** `wireguard-udp`, `openvpn-udp` or `openvpn-tcp`. */
export function transportFamily(t: Transport): string {
  return `${t.protocol}-${t.proto}`;
}

/** Returns rank(transport): the index of the first matching entry, or null when the order leaves it out. */
export function compileProtocolOrder(order: readonly string[]): (t: Transport) => number | null {
  const entries = order.map(parseEntry);
  return (t) => {
    const family = transportFamily(t);
    const index = entries.findIndex((e) => e !== null && e.family === family && (e.port === null || e.port === t.port));
    return index === -1 ? null : index;
  };
}
