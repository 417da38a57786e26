import type { Profile } from '../../main/core/profiles/types';
import { FakeDriver, FakeSession } from '../../main/core/testing/fake-driver';
import type { NegotiatedSecurity, TunnelDriver, TunnelStartRequest, TunnelStatus } from '../../main/core/tunnel/driver';

/**
 * Scripted tunnels for the browser harness, so the window can be shown "connected" without root or a
 * network lab: nothing is started, no packet is sent. Every OpenVPN tunnel reports the scenario's
 * negotiated security; WireGuard reports its fixed suite. With `dropAfterMs`, a profile's first server
 * stops answering that long after the first tunnel came up and its second server is blocked by the
 * network (its handshake is reset), so failover races the others, lands on the third, and the timeline
 * has a story to tell. With the censor on (`setCensor`), the network blocks VPN protocols wherever they go:
 * UDP handshakes are swallowed, TCP ones reset and tunnels already up stop carrying data, except a tunnel
 * pointed at a disguise (a loopback endpoint or a SOCKS proxy: fake-disguises.ts), which works as before.
 */
export type FakeScenario = 'strong' | 'weak';

export const FAKE_SCENARIOS: Record<FakeScenario, NegotiatedSecurity> = {
  strong: {
    protocol: 'openvpn',
    dataCipher: 'AES-256-GCM',
    controlTlsVersion: 'TLSv1.3',
    controlSuite: 'TLS_AES_256_GCM_SHA384',
    peerCertificate: { type: 'EC, curve prime256v1', bits: 256 },
    temporaryKey: '253 bits X25519',
    tlsWrap: 'tls-crypt',
  },
  weak: {
    protocol: 'openvpn',
    dataCipher: 'BF-CBC',
    dataAuth: 'SHA1',
    controlTlsVersion: 'TLSv1',
    controlSuite: 'DHE-RSA-AES256-SHA',
    peerCertificate: { type: 'RSA', bits: 1024 },
    temporaryKey: '1024 bits DH',
    tlsWrap: 'none',
  },
};

export interface FakeTunnelOptions {
  scenario: FakeScenario;
  dropAfterMs?: number;
  now?: () => number;
}

export interface FakeTunnels {
  drivers: Partial<Record<Profile['kind'], TunnelDriver>>;
  probe: (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;
  /** Switches the censor: while on, only tunnels through a disguise complete their handshake. */
  setCensor(on: boolean): void;
}

/** A disguise program listens on loopback; a plain tunnel goes to the server's own address. */
function throughDisguise(request: TunnelStartRequest): boolean {
  if (request.socksProxy) return true;
  return endpointOf(request.profile, request.endpointIndex ?? 0).startsWith('127.0.0.1:');
}

function isTcp(request: TunnelStartRequest): boolean {
  const { profile } = request;
  return (
    profile.kind === 'openvpn' && (profile.remotes[request.endpointIndex ?? 0] ?? profile.remotes[0])?.proto === 'tcp'
  );
}

function endpointOf(profile: Profile, index: number): string {
  if (profile.kind === 'openvpn') {
    const remote = profile.remotes[index] ?? profile.remotes[0];
    return remote ? `${remote.host}:${remote.port}/${remote.proto}` : '';
  }
  const peer = profile.peers[index] ?? profile.peers[0];
  return peer?.endpoint ? `${peer.endpoint.host}:${peer.endpoint.port}` : '';
}

class ScriptedSession extends FakeSession {
  readonly startedAt: number;
  private swallowed: (() => void) | null = null;

  constructor(
    index: number,
    request: TunnelStartRequest,
    private readonly tunnels: ScriptedTunnels,
  ) {
    super(index, request, Promise.resolve(), '10.8.0.1');
    this.startedAt = tunnels.now();
  }

  get endpointIndex(): number {
    return this.request.endpointIndex ?? 0;
  }

  /** The censor stops this tunnel: it goes to a VPN server directly, not through a disguise. */
  get censored(): boolean {
    return this.tunnels.censor && !throughDisguise(this.request);
  }

  /** Nothing comes back: the server behind this session has stopped answering, or the censor cuts it. */
  get dead(): boolean {
    return this.tunnels.serverDown(this.endpointIndex) || this.censored;
  }

  override async ready(): Promise<void> {
    const where = endpointOf(this.request.profile, this.endpointIndex);
    if (this.censored) {
      if (isTcp(this.request)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error(`the connection to ${where} was reset during the TLS handshake`);
      }
      // The censor drops the handshake: no answer, no error, until Holdfast gives up and stops the tunnel.
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          this.swallowed = resolve;
        });
      }
      throw new Error(`no handshake from ${where}`);
    }
    if (this.tunnels.blocked(this.endpointIndex)) {
      // A reset comes fast, before the next candidate's head start is over.
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error(`the connection to ${where} was reset during the TLS handshake`);
    }
    if (this.dead) {
      await new Promise((resolve) => setTimeout(resolve, 600));
      throw new Error(`no handshake from ${where}: the server does not answer`);
    }
    const security: NegotiatedSecurity =
      this.request.profile.kind === 'wireguard'
        ? { protocol: 'wireguard', presharedKey: false }
        : this.tunnels.options.scenario === 'weak'
          ? FAKE_SCENARIOS.weak
          : FAKE_SCENARIOS.strong;
    this.emit({ type: 'negotiated', security });
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.swallowed?.();
  }

  override async status(): Promise<TunnelStatus> {
    // Traffic goes out; answers come back only while the server is alive.
    this.txBytes += 900 + Math.floor(Math.random() * 600);
    if (!this.dead) this.rxBytes += 2400 + Math.floor(Math.random() * 2400);
    return {
      interfaceName: this.interfaceName,
      endpoint: endpointOf(this.request.profile, this.endpointIndex),
      tunnelAddresses: ['10.8.0.6/24'],
      rxBytes: this.rxBytes,
      txBytes: this.txBytes,
      handshakeAgeMs: this.request.profile.kind === 'wireguard' ? 4000 : undefined,
    };
  }
}

class ScriptedTunnels {
  private readonly sessions: ScriptedSession[] = [];
  private firstUpAt: number | null = null;
  readonly now: () => number;
  censor = false;

  constructor(readonly options: FakeTunnelOptions) {
    this.now = options.now ?? Date.now;
  }

  serverDown(endpointIndex: number): boolean {
    const { dropAfterMs } = this.options;
    if (dropAfterMs === undefined || endpointIndex !== 0 || this.firstUpAt === null) return false;
    return this.now() >= this.firstUpAt + dropAfterMs;
  }

  /** The network resets handshakes to the second server (only in the drop story). */
  blocked(endpointIndex: number): boolean {
    return this.options.dropAfterMs !== undefined && endpointIndex === 1;
  }

  driver(kind: Profile['kind']): FakeDriver {
    const driver = new FakeDriver(kind);
    driver.onStart = (request) => {
      // One counter across both drivers: interface names stay unique, as real ones must.
      const session = new ScriptedSession(this.sessions.length, request, this);
      this.sessions.push(session);
      if (!request.noRoutes && this.firstUpAt === null) this.firstUpAt = this.now();
      return session;
    };
    return driver;
  }

  async probe(_target: string, _timeoutMs: number, interfaceName?: string): Promise<boolean> {
    // A bound probe tests one (racing) tunnel; an unbound one goes through the routed tunnel, the latest.
    const session = interfaceName
      ? this.sessions.find((s) => s.interfaceName === interfaceName)
      : [...this.sessions].reverse().find((s) => !s.request.noRoutes && !s.stopped);
    return session !== undefined && !session.stopped && !session.dead;
  }
}

export function createFakeTunnels(options: FakeTunnelOptions): FakeTunnels {
  const tunnels = new ScriptedTunnels(options);
  return {
    drivers: { openvpn: tunnels.driver('openvpn'), wireguard: tunnels.driver('wireguard') },
    probe: (target, timeoutMs, interfaceName) => tunnels.probe(target, timeoutMs, interfaceName),
    setCensor: (on) => {
      tunnels.censor = on;
    },
  };
}
