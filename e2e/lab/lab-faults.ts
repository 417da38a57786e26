import { inNs, inNsChecked } from './lab-commands';

/**
 * Network faults and leak accounting, all in one nftables table of the router namespace. The wanted
 * state lives here (which server suffers which fault) and every change rewrites the table's sets and
 * the loss chain in one `nft -f` transaction, so a fault is applied or lifted atomically and lifting
 * one twice is harmless.
 *
 * Leaks: every packet that arrives at the router from the client's link is counted unless it goes to a
 * registered VPN endpoint (address + protocol + port) or is IPv6 neighbour discovery / multicast
 * listener chatter. Such a packet left the client in the clear, towards the outside.
 */
export const FAULT_TABLE = 'holdfast_lab';
export const WIREGUARD_MESSAGE_TRANSPORT_DATA = 4;
/** OpenVPN opcodes sit in the top 5 bits of the first byte: P_DATA_V1 = 6, P_DATA_V2 = 9. */
const OPENVPN_DATA_FIRST_BYTES = [6 << 3, 9 << 3];

export type LossDirection = 'to-server' | 'from-server';
export interface Endpoint {
  ip: string;
  proto: 'udp' | 'tcp';
  port: number;
}

type SetFault = 'blackholed' | 'udp_blocked' | 'tcp_reset' | 'data_frozen';
const SET_FAULTS: SetFault[] = ['blackholed', 'udp_blocked', 'tcp_reset', 'data_frozen'];

export interface RouterFaultsOptions {
  routerNs: string;
  /** The router's end of the client link: leaks are counted on it. */
  clientLink: string;
  wireguardPort: number;
}

export class RouterFaults {
  private readonly sets = new Map<SetFault, Set<string>>(SET_FAULTS.map((name) => [name, new Set()]));
  /** `${ip} ${direction}` -> percent of packets dropped. */
  private readonly losses = new Map<string, { ip: string; direction: LossDirection; percent: number }>();
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly options: RouterFaultsOptions) {}

  /** The table itself; loaded once when the lab starts. */
  async install(): Promise<void> {
    const { clientLink, wireguardPort } = this.options;
    const sets = SET_FAULTS.map((name) => `set ${name} { type ipv4_addr; }`).join('\n');
    await this.load(`table inet ${FAULT_TABLE} {
      ${sets}
      set endpoints { type ipv4_addr . inet_proto . inet_service; }
      counter leaks { }
      chain client_in {
        type filter hook prerouting priority -300; policy accept;
        iifname != "${clientLink}" return
        ip daddr . meta l4proto . th dport @endpoints return
        icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert, mld-listener-report, mld2-listener-report } return
        counter name leaks
      }
      chain loss { }
      chain forward {
        type filter hook forward priority 0; policy accept;
        ip daddr @blackholed drop
        ip saddr @blackholed drop
        meta l4proto udp ip daddr @udp_blocked drop
        meta l4proto udp ip saddr @udp_blocked drop
        meta l4proto tcp ip daddr @tcp_reset reject with tcp reset
        meta l4proto tcp ip saddr @tcp_reset drop
        ip daddr @data_frozen udp dport ${wireguardPort} @th,64,8 ${WIREGUARD_MESSAGE_TRANSPORT_DATA} drop
        ip saddr @data_frozen udp sport ${wireguardPort} @th,64,8 ${WIREGUARD_MESSAGE_TRANSPORT_DATA} drop
        ip daddr @data_frozen udp dport != ${wireguardPort} @th,64,8 & 0xf8 { ${OPENVPN_DATA_FIRST_BYTES.join(', ')} } drop
        ip saddr @data_frozen udp sport != ${wireguardPort} @th,64,8 & 0xf8 { ${OPENVPN_DATA_FIRST_BYTES.join(', ')} } drop
        jump loss
      }
    }`);
  }

  blackhole(ip: string): Promise<void> {
    return this.add('blackholed', [ip]);
  }

  blockUdp(ips: string[]): Promise<void> {
    return this.add('udp_blocked', ips);
  }

  resetTcp(ip: string): Promise<void> {
    return this.add('tcp_reset', [ip]);
  }

  freezeData(ip: string): Promise<void> {
    return this.add('data_frozen', [ip]);
  }

  oneWayLoss(ip: string, direction: LossDirection, percent: number): Promise<void> {
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new Error('loss percent must be 1-100');
    this.losses.set(`${ip} ${direction}`, { ip, direction, percent });
    return this.apply();
  }

  /** Lifts every fault on these addresses (all of them when none are named). */
  restore(ips?: string[]): Promise<void> {
    for (const members of this.sets.values()) {
      if (!ips) members.clear();
      else for (const ip of ips) members.delete(ip);
    }
    for (const [key, loss] of this.losses) if (!ips || ips.includes(loss.ip)) this.losses.delete(key);
    return this.apply();
  }

  /** What is in force now, for reports and test messages. */
  active(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, members] of this.sets) if (members.size) out[name] = [...members].sort();
    for (const loss of this.losses.values()) {
      (out[`loss ${loss.direction}`] ??= []).push(`${loss.ip} ${loss.percent}%`);
    }
    return out;
  }

  /** Traffic to these is tunnel traffic, not a leak. */
  async addEndpoints(endpoints: Endpoint[]): Promise<void> {
    for (const e of endpoints) this.endpoints.set(`${e.ip} ${e.proto} ${e.port}`, e);
    await this.apply();
  }

  listEndpoints(): Endpoint[] {
    return [...this.endpoints.values()];
  }

  /** Packets that left the client in the clear since the lab started. */
  async countLeaks(): Promise<number> {
    const result = await inNsChecked(this.options.routerNs, 'nft', [
      '-j',
      'list',
      'counter',
      'inet',
      FAULT_TABLE,
      'leaks',
    ]);
    const items = (JSON.parse(result.stdout) as { nftables: Array<{ counter?: { packets: number } }> }).nftables;
    const counter = items.find((item) => item.counter)?.counter;
    if (!counter) throw new Error('lab: the leak counter is missing from the router');
    return counter.packets;
  }

  private add(name: SetFault, ips: string[]): Promise<void> {
    for (const ip of ips) this.sets.get(name)?.add(ip);
    return this.apply();
  }

  private async apply(): Promise<void> {
    const lines: string[] = [];
    for (const [name, members] of this.sets) {
      lines.push(`flush set inet ${FAULT_TABLE} ${name}`);
      if (members.size) lines.push(`add element inet ${FAULT_TABLE} ${name} { ${[...members].join(', ')} }`);
    }
    lines.push(`flush set inet ${FAULT_TABLE} endpoints`);
    if (this.endpoints.size) {
      const elements = [...this.endpoints.values()].map((e) => `${e.ip} . ${e.proto} . ${e.port}`);
      lines.push(`add element inet ${FAULT_TABLE} endpoints { ${elements.join(', ')} }`);
    }
    lines.push(`flush chain inet ${FAULT_TABLE} loss`);
    for (const loss of this.losses.values()) {
      const match = loss.direction === 'to-server' ? `ip daddr ${loss.ip}` : `ip saddr ${loss.ip}`;
      const sample = loss.percent >= 100 ? '' : ` numgen random mod 100 < ${loss.percent}`;
      lines.push(`add rule inet ${FAULT_TABLE} loss ${match}${sample} drop`);
    }
    await this.load(`${lines.join('\n')}\n`);
  }

  private async load(script: string): Promise<void> {
    const result = await inNs(this.options.routerNs, 'nft', ['-f', '-'], { input: script });
    if (result.code !== 0) throw new Error(`lab: nft in ${this.options.routerNs} failed: ${result.stderr.trim()}`);
  }
}
