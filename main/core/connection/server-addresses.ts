import { lookup } from 'node:dns/promises';
import { addressScope, isIpAddress } from '../net/ip';

export type HostResolver = (host: string) => Promise<string[]>;

/** Where the last good addresses live between runs: network key -> host -> addresses, newest first. */
export interface AddressMemoryStore {
  load(): Promise<AddressMemory | undefined>;
  save(memory: AddressMemory): Promise<void>;
}
export type AddressMemory = Record<string, Record<string, { addresses: string[]; at: string }>>;

export interface ServerAddressBookOptions {
  resolve?: HostResolver;
  store?: AddressMemoryStore;
  now: () => number;
  /** The local network's key (the same one failover memory uses). */
  networkKey: () => string;
  /** Private answers (RFC 1918, CGNAT, ULA) are trusted only when the user says the server lives there. */
  allowPrivate: () => boolean;
  log: (level: 'info' | 'warn', message: string) => void;
  /** A lookup that has not answered by then is treated as failed (a kill switch may be dropping it). */
  timeoutMs?: number;
}

const MAX_HOSTS_PER_NETWORK = 500;
const MAX_NETWORKS = 20;

/**
 * The addresses Holdfast connects to for servers named by host name. Names are looked up through the
 * system's resolver one name at a time, before the kill switch closes and again whenever a tunnel is up
 * (then through the tunnel, out of a local censor's reach). Answers that cannot be a VPN server (loopback,
 * link-local, multicast, unspecified, reserved) are refused, and private ones unless allowed, because a
 * censor that forges DNS answers often points names there. The addresses a connection worked with are
 * remembered per network, so a poisoned or blocked lookup later still has somewhere true to go.
 *
 * The driver is handed one address (pinned: the name is never resolved again behind the kill switch), and
 * the kill switch allows exactly that address.
 */
export class ServerAddressBook {
  private readonly fresh = new Map<string, string[]>();
  private readonly cursor = new Map<string, number>();
  private readonly good = new Map<string, string>();
  private memory: AddressMemory = {};
  private loaded: Promise<void> | undefined;
  private readonly resolve: HostResolver;

  constructor(private readonly o: ServerAddressBookOptions) {
    this.resolve = o.resolve ?? systemResolver;
  }

  /** Looks the names up again (all at once, each bounded in time); failures keep what is known. */
  async refresh(hosts: Iterable<string>): Promise<void> {
    await this.load();
    const names = [...new Set(hosts)].filter((h) => !isIpAddress(h));
    await Promise.all(names.map((host) => this.lookupOne(host)));
  }

  /** Every address the host may be reached at now: fresh answers first, then remembered ones. */
  addressesOf(host: string): string[] {
    if (isIpAddress(host)) return [host];
    const fresh = this.fresh.get(host) ?? [];
    const here = this.memory[this.o.networkKey()]?.[host]?.addresses ?? [];
    // Addresses that worked on another network: the name is the same server wherever the laptop is.
    const elsewhere = Object.values(this.memory)
      .map((hosts) => hosts[host])
      .filter((entry) => entry !== undefined)
      .sort((a, b) => b.at.localeCompare(a.at))
      .flatMap((entry) => entry.addresses);
    return [...new Set([...fresh, ...here, ...elsewhere])];
  }

  /**
   * The one address to use for the next attempt: the one that last worked, otherwise each known address in
   * turn, so a forged answer costs one attempt and the remembered address gets the next.
   */
  pick(host: string): string | undefined {
    if (isIpAddress(host)) return host;
    const all = this.addressesOf(host);
    if (all.length === 0) return undefined;
    const good = this.good.get(host);
    if (good !== undefined && all.includes(good)) return good;
    const index = (this.cursor.get(host) ?? 0) % all.length;
    this.cursor.set(host, index + 1);
    return all[index];
  }

  /** A tunnel through this address carried data: remember it for this network. */
  async worked(host: string, address: string): Promise<void> {
    if (isIpAddress(host)) return;
    this.good.set(host, address);
    await this.load();
    const key = this.o.networkKey();
    const hosts = (this.memory[key] ??= {});
    const previous = hosts[host]?.addresses ?? [];
    hosts[host] = {
      addresses: [address, ...previous.filter((a) => a !== address)].slice(0, 8),
      at: new Date(this.o.now()).toISOString(),
    };
    this.prune();
    await this.o.store?.save(this.memory).catch((err: unknown) => {
      this.o.log('warn', `could not save the server addresses: ${(err as Error).message}`);
    });
  }

  /** A tunnel through the remembered address failed: try the next one on the next attempt. */
  failed(host: string, address: string): void {
    if (this.good.get(host) === address) this.good.delete(host);
  }

  private async lookupOne(host: string): Promise<void> {
    let answers: string[];
    try {
      answers = await withTimeout(this.resolve(host), this.o.timeoutMs ?? 3000);
    } catch {
      return; // keep what is known: a blocked lookup must not erase a remembered address
    }
    const kept = answers.filter((a) => this.acceptable(a));
    const refused = answers.filter((a) => !kept.includes(a));
    if (refused.length > 0) {
      this.o.log(
        'warn',
        `${host} resolved to ${refused.join(', ')}, which cannot be a VPN server reached through DNS; ignored` +
          (kept.length === 0 && refused.some((a) => addressScope(a) === 'private')
            ? ' (if the server is on your own network, set killSwitch.allowPrivateServerAddresses)'
            : ''),
      );
    }
    if (kept.length > 0) this.fresh.set(host, kept);
  }

  private acceptable(address: string): boolean {
    if (!isIpAddress(address)) return false;
    const scope = addressScope(address);
    return scope === 'public' || (scope === 'private' && this.o.allowPrivate());
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.o.store?.load().catch(() => undefined);
      if (stored && typeof stored === 'object') this.memory = sanitize(stored);
    })();
    return this.loaded;
  }

  private prune(): void {
    const networks = Object.entries(this.memory).sort(([, a], [, b]) => newest(b).localeCompare(newest(a)));
    this.memory = Object.fromEntries(
      networks.slice(0, MAX_NETWORKS).map(([key, hosts]) => [
        key,
        Object.fromEntries(
          Object.entries(hosts)
            .sort(([, a], [, b]) => b.at.localeCompare(a.at))
            .slice(0, MAX_HOSTS_PER_NETWORK),
        ),
      ]),
    );
  }
}

function newest(hosts: Record<string, { at: string }>): string {
  return Object.values(hosts).reduce((max, e) => (e.at > max ? e.at : max), '');
}

/** A damaged or edited memory file never injects anything but IP addresses. */
function sanitize(stored: AddressMemory): AddressMemory {
  const out: AddressMemory = {};
  for (const [key, hosts] of Object.entries(stored)) {
    if (typeof hosts !== 'object' || hosts === null) continue;
    for (const [host, entry] of Object.entries(hosts)) {
      const addresses = Array.isArray(entry?.addresses)
        ? entry.addresses.filter(
            (a): a is string => typeof a === 'string' && isIpAddress(a) && addressScope(a) !== 'special',
          )
        : [];
      if (addresses.length === 0 || typeof entry.at !== 'string') continue;
      (out[key] ??= {})[host] = { addresses, at: entry.at };
    }
  }
  return out;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

/** getaddrinfo for this one name: /etc/hosts, then the system's resolvers, as every program on the machine. */
async function systemResolver(host: string): Promise<string[]> {
  const answers = await lookup(host, { all: true });
  return answers.map((a) => a.address);
}
