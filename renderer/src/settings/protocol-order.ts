import type { TFunction } from 'i18next';

const ENTRY = /^(wireguard-udp|openvpn-udp|openvpn-tcp)(?::(\d{1,5}))?$/;

/** "OpenVPN over TCP, port 443" for `openvpn-tcp:443`. */
export function protocolLabel(t: TFunction, entry: string): string {
  const match = ENTRY.exec(entry.trim().toLowerCase());
  if (!match?.[1]) return entry;
  const name = t(`protocol.${match[1]}`);
  return match[2] ? t('protocol.withPort', { name, port: match[2] }) : name;
}

export interface OrderRow<T extends string = string> {
  entry: T;
  used: boolean;
}

/** The rows to show: the order in use, then the known entries it leaves out (offered, unticked). */
export function orderRows<T extends string>(order: readonly T[], known: readonly T[]): Array<OrderRow<T>> {
  return [
    ...order.map((entry) => ({ entry, used: true })),
    ...known.filter((entry) => !order.includes(entry)).map((entry) => ({ entry, used: false })),
  ];
}

/** Swaps an entry with its neighbour; the list is unchanged at either end. */
export function moveEntry<T extends string>(order: readonly T[], entry: T, step: -1 | 1): T[] {
  const index = order.indexOf(entry);
  const target = index + step;
  if (index < 0 || target < 0 || target >= order.length) return [...order];
  const next = [...order];
  next[index] = order[target] as T;
  next[target] = entry;
  return next;
}

/** Ticks or unticks an entry; the last one in use cannot go, or nothing could ever connect. */
export function toggleEntry(order: readonly string[], entry: string): string[] {
  if (order.includes(entry)) return order.length > 1 ? order.filter((e) => e !== entry) : [...order];
  return [...order, entry];
}
