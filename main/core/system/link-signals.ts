import { readFile } from 'node:fs/promises';

/**
 * What the operating system itself says about a tunnel, read cheaply enough to sample several times a
 * second. The tunnel drivers report counters too (`wg show`, OpenVPN's management `bytecount`), but those
 * cost a process or arrive once a second; the health monitor needs fresher evidence to call a dead tunnel
 * within two seconds.
 */
export interface LinkSignals {
  /** Bytes through the tunnel device: rx = what the tunnel delivered to us, tx = what we gave it. Null if unknown. */
  counters(interfaceName: string): Promise<{ rxBytes: number; txBytes: number } | null>;
  /**
   * How many ICMP "destination unreachable" messages this network namespace has received so far (IPv4 and
   * IPv6 together), or null if unknown. A killed server's kernel answers every tunnel packet with "port
   * unreachable"; the tunnel programs ignore it, so this counter is how Holdfast hears it.
   */
  unreachables(): Promise<number | null>;
}

/** Reads Linux's per-namespace counters: /proc/net/dev and /proc/net/snmp(6) follow the reader's namespace. */
export function createProcLinkSignals(
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
): LinkSignals {
  const readOrNull = (path: string): Promise<string | null> => read(path).catch(() => null);
  return {
    async counters(interfaceName) {
      const text = await readOrNull('/proc/net/dev');
      return text === null ? null : parseNetDev(text, interfaceName);
    },
    async unreachables() {
      const [v4, v6] = await Promise.all([readOrNull('/proc/net/snmp'), readOrNull('/proc/net/snmp6')]);
      const a = v4 === null ? null : parseIcmpUnreachable(v4);
      const b = v6 === null ? null : parseIcmp6Unreachable(v6);
      if (a === null && b === null) return null;
      return (a ?? 0) + (b ?? 0);
    },
  };
}

/** Signals for platforms without /proc: the monitor falls back to the drivers' own counters. */
export const NO_LINK_SIGNALS: LinkSignals = {
  counters: async () => null,
  unreachables: async () => null,
};

/** One interface's receive and transmit bytes from /proc/net/dev, or null when it is not listed. */
export function parseNetDev(text: string, interfaceName: string): { rxBytes: number; txBytes: number } | null {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim() !== interfaceName) continue;
    // Receive: bytes packets errs drop fifo frame compressed multicast; Transmit: bytes ...
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    const rx = fields[0];
    const tx = fields[8];
    if (rx === undefined || tx === undefined || !Number.isFinite(rx) || !Number.isFinite(tx)) return null;
    return { rxBytes: rx, txBytes: tx };
  }
  return null;
}

/** `Icmp: ... InDestUnreachs ...` from /proc/net/snmp: a header line, then a value line. */
export function parseIcmpUnreachable(text: string): number | null {
  const lines = text.split('\n').filter((l) => l.startsWith('Icmp:'));
  const [header, values] = lines;
  if (!header || !values) return null;
  const index = header.trim().split(/\s+/).indexOf('InDestUnreachs');
  const value = Number(values.trim().split(/\s+/)[index]);
  return index > 0 && Number.isFinite(value) ? value : null;
}

/** `Icmp6InDestUnreachs <n>` from /proc/net/snmp6. */
export function parseIcmp6Unreachable(text: string): number | null {
  const match = /^Icmp6InDestUnreachs\s+(\d+)\s*$/m.exec(text);
  return match ? Number(match[1]) : null;
}
