import type { Clock } from '../../clock';
import { HoldfastError } from '../../errors';
import type { WireGuardPeer, WireGuardProfile } from '../../profiles/types';
import type { ChangeJournal } from '../../system/change-journal';
import { pingProbe } from '../../system/ping-probe';
import type { ProcessRunner } from '../../system/process-runner';
import type { TunnelEvent, TunnelSession, TunnelStatus } from '../driver';
import { contains, firstHost, parseCidr, sameAddress } from '../../net/ip';
import type { Device } from './device';
import { formatEndpoint } from './setconf';
import { redactKeys } from './tunnel-errors';
import { handshakeAgeMs, parseLatestHandshakes, parseWgDump } from './wg-dump';

export interface WireGuardSessionParts {
  ifname: string;
  profile: WireGuardProfile;
  /** The peer whose handshake means "up" (the selected endpoint). */
  primary: WireGuardPeer;
  device: Device;
  journal: ChangeJournal;
  runner: ProcessRunner;
  clock: Clock;
  /** Addresses configured on the device (host addresses only with noRoutes). */
  tunnelAddresses: string[];
  handshakeTimeoutMs: number;
  /** Present for a noRoutes session: adds the full tunnel's routes and DNS; returns the device's addresses. */
  promote?: () => Promise<string[]>;
}

const POLL_MS = 250;
const RETRIGGER_MS = 5000;

/** A running WireGuard tunnel: health from `wg show`, and an exact undo of everything it set up. */
export class WireGuardSession implements TunnelSession {
  readonly interfaceName: string;
  private readonly listeners = new Set<(event: TunnelEvent) => void>();
  // Events raised before anyone listens (e.g. "using wireguard-go") are kept for the first listener.
  private readonly early: TunnelEvent[] = [];
  private stopping: Promise<void> | undefined;
  private exitReason: string | undefined;
  private childExited = false;

  constructor(private readonly parts: WireGuardSessionParts) {
    this.interfaceName = parts.ifname;
    void parts.device.process?.exited.then((exit) => {
      this.childExited = true;
      if (this.stopping) return;
      this.exitReason = `wireguard-go for ${parts.ifname} stopped (exit ${exit.code ?? exit.signal})`;
      this.emit({ type: 'exited', reason: this.exitReason });
    });
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    this.listeners.add(listener);
    for (const event of this.early.splice(0)) listener(event);
    return () => this.listeners.delete(listener);
  }

  async promote(): Promise<void> {
    const promote = this.parts.promote;
    if (!promote) return;
    this.parts.promote = undefined;
    this.parts.tunnelAddresses = await promote();
  }

  emit(event: TunnelEvent): void {
    if (this.listeners.size === 0) {
      this.early.push(event);
      return;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  /**
   * Resolves at the first handshake with the selected peer. A handshake starts only when a packet wants
   * to go through the tunnel, and PersistentKeepalive is optional, so this sends one ping bound to the
   * device (`ping -I`, which works even with noRoutes) and repeats it every few seconds until then.
   */
  async ready(): Promise<void> {
    const { clock, runner, ifname, primary, handshakeTimeoutMs } = this.parts;
    const started = clock.now();
    let lastTrigger = -Infinity;
    const target = this.triggerTarget();
    for (;;) {
      if (this.stopping) throw new HoldfastError('tunnel-failed', `The tunnel ${ifname} was stopped before it came up`);
      if (this.exitReason) throw new HoldfastError('tunnel-failed', this.exitReason);
      const result = await runner.run('wg', ['show', ifname, 'latest-handshakes']);
      if (result.code !== 0) {
        throw new HoldfastError('tunnel-failed', `Reading ${ifname} failed: ${redactKeys(result.stderr.trim())}`);
      }
      if ((parseLatestHandshakes(result.stdout).get(primary.publicKey) ?? 0) > 0) {
        this.emit({
          type: 'negotiated',
          security: { protocol: 'wireguard', dataCipher: 'CHACHA20-POLY1305', presharedKey: !!primary.presharedKey },
        });
        this.emit({ type: 'up' });
        return;
      }
      const elapsed = clock.now() - started;
      if (elapsed >= handshakeTimeoutMs) {
        const endpoint = primary.endpoint ? formatEndpoint(primary.endpoint) : 'the server';
        throw new HoldfastError(
          'tunnel-failed',
          `No WireGuard handshake with ${endpoint} within ${Math.round(handshakeTimeoutMs / 1000)} s: ` +
            'the server did not answer (it may be down or blocked, or the keys do not match)',
          { endpoint },
        );
      }
      if (target && clock.now() - lastTrigger >= RETRIGGER_MS) {
        lastTrigger = clock.now();
        void pingProbe(runner, target, 1000, { interfaceName: ifname }).catch(() => undefined);
      }
      await clock.sleep(POLL_MS);
    }
  }

  async status(): Promise<TunnelStatus> {
    const { runner, ifname, primary, clock } = this.parts;
    const result = await runner.run('wg', ['show', ifname, 'dump']);
    // Never echo stdout here: it starts with the private key.
    if (result.code !== 0) {
      throw new HoldfastError('tunnel-failed', `The interface ${ifname} is gone: ${redactKeys(result.stderr.trim())}`);
    }
    const peers = parseWgDump(result.stdout);
    const main = peers.find((peer) => peer.publicKey === primary.publicKey) ?? peers[0];
    return {
      interfaceName: ifname,
      endpoint: main?.endpoint,
      tunnelAddresses: [...this.parts.tunnelAddresses],
      rxBytes: peers.reduce((sum, peer) => sum + peer.rxBytes, 0),
      txBytes: peers.reduce((sum, peer) => sum + peer.txBytes, 0),
      handshakeAgeMs: main ? handshakeAgeMs(main.latestHandshake, clock.now()) : null,
    };
  }

  /** The tunnel's DNS server, else the first address of the tunnel subnet (often the server), else none. */
  probeTarget(): string | undefined {
    const { profile } = this.parts;
    const dns = profile.interface.dns[0];
    if (dns) return dns;
    for (const text of profile.interface.addresses) {
      const cidr = parseCidr(text);
      if (!cidr || cidr.prefix >= (cidr.family === 4 ? 32 : 128)) continue;
      const host = firstHost(cidr);
      if (host && !sameAddress(host, cidr.address)) return host;
    }
    return undefined;
  }

  /** Removes everything this session added, newest first; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.teardown();
    return this.stopping;
  }

  private async teardown(): Promise<void> {
    const { journal, runner, device, ifname } = this.parts;
    const failures = await journal.undoAll(runner);
    const child = device.process;
    // Deleting the link ends wireguard-go by itself; signals are only for one that lingers.
    if (child && !this.childExited) {
      if (!(await this.waitForExit(child, 1000))) {
        child.kill('SIGTERM');
        if (!(await this.waitForExit(child, 2000))) child.kill('SIGKILL');
      }
    }
    for (const failure of failures) {
      this.emit({ type: 'log', level: 'error', message: `Could not undo ${failure.description}: ${failure.error}` });
    }
    if (failures.length > 0) {
      this.emit({
        type: 'log',
        level: 'warn',
        message: `${ifname}: ${failures.length} change(s) could not be undone; they will be retried on the next connect`,
      });
    }
  }

  private waitForExit(child: NonNullable<Device['process']>, ms: number): Promise<boolean> {
    if (this.childExited) return Promise.resolve(true);
    return new Promise((resolve) => {
      const cancel = this.parts.clock.setTimeout(() => resolve(false), ms);
      void child.exited.then(() => {
        cancel();
        resolve(true);
      });
    });
  }

  // A ping target that WireGuard will route into the tunnel: the probe target when an AllowedIPs range
  // covers it, else an address inside the first range.
  private triggerTarget(): string | undefined {
    const ranges = this.parts.primary.allowedIps.map((ip) => parseCidr(ip)).filter((c) => c !== undefined);
    const probe = this.probeTarget();
    if (probe && ranges.some((range) => contains(range, probe))) return probe;
    const first = ranges[0];
    if (!first) return undefined;
    if (first.prefix === 0) return first.family === 4 ? '192.0.2.1' : '2001:db8::1';
    return firstHost(first) ?? first.address;
  }
}
