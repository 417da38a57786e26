import type { Profile } from '../profiles/types';
import type {
  PreflightProblem,
  TunnelDriver,
  TunnelEvent,
  TunnelSession,
  TunnelStartRequest,
  TunnelStatus,
} from '../tunnel/driver';

/** A scriptable tunnel for controller tests: counters and events are set by the test. */
export class FakeSession implements TunnelSession {
  readonly interfaceName: string;
  rxBytes = 0;
  txBytes = 0;
  stopped = false;
  private listeners = new Set<(event: TunnelEvent) => void>();
  private readyResult: Promise<void>;

  constructor(
    index: number,
    readonly request: TunnelStartRequest,
    ready: Promise<void> = Promise.resolve(),
    private readonly target: string | undefined = '10.0.0.1',
  ) {
    this.interfaceName = `hf-fake${index}`;
    this.readyResult = ready;
  }

  ready(): Promise<void> {
    return this.readyResult;
  }

  async status(): Promise<TunnelStatus> {
    return {
      interfaceName: this.interfaceName,
      endpoint: '192.0.2.1:51820',
      tunnelAddresses: ['10.0.0.2/32'],
      rxBytes: this.rxBytes,
      txBytes: this.txBytes,
      handshakeAgeMs: 1000,
    };
  }

  probeTarget(): string | undefined {
    return this.target;
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TunnelEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}

/** A session whose driver can promote it in place (like WireGuard): routes and DNS added, device kept. */
export class PromotableFakeSession extends FakeSession {
  promoted = false;
  /** Set to make the next promotion fail, as a refused route would. */
  promoteError: Error | null = null;

  async promote(): Promise<void> {
    if (this.promoteError) throw this.promoteError;
    this.promoted = true;
  }
}

export class FakeDriver implements TunnelDriver {
  readonly sessions: FakeSession[] = [];
  problems: PreflightProblem[] = [];
  /** Called for each start; may throw to simulate a setup failure or return custom sessions. */
  onStart: (request: TunnelStartRequest, index: number) => FakeSession | Promise<FakeSession> = (request, index) =>
    new FakeSession(index, request);

  constructor(readonly kind: Profile['kind'] = 'wireguard') {}

  async preflight(): Promise<PreflightProblem[]> {
    return this.problems;
  }

  async start(request: TunnelStartRequest): Promise<TunnelSession> {
    const session = await this.onStart(request, this.sessions.length);
    this.sessions.push(session);
    return session;
  }
}
