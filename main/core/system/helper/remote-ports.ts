import type { Profile } from '../../profiles/types';
import type { KillSwitchPort } from '../../security/killswitch/kill-switch';
import type { KillSwitchPolicy } from '../../security/killswitch/policy';
import type {
  PreflightProblem,
  TunnelDriver,
  TunnelEvent,
  TunnelSession,
  TunnelStartRequest,
  TunnelStatus,
} from '../../tunnel/driver';
import type { HelperClient } from './helper-client';
import { toHelperLink, type HelperLink } from './helper-link';
import type { KillSwitchStatus } from './protocol';
import type { ConnectionOwnerPort } from '../owner/owner-port';

/** How long `tunnel.ready` may take: the controller applies its own, shorter, handshake timeout. */
const READY_TIMEOUT_MS = 120_000;

/**
 * The connection controller's ports, served by the privileged helper: the same interfaces as the
 * in-process drivers and kill switch, so the controller does not know which one it has.
 */
export class HelperKillSwitch implements KillSwitchPort {
  private readonly link: HelperLink;

  constructor(source: HelperClient | HelperLink) {
    this.link = toHelperLink(source);
  }

  async apply(policy: KillSwitchPolicy): Promise<void> {
    await (await this.link.client()).request('killswitch.apply', { policy });
  }

  async clear(): Promise<void> {
    await (await this.link.client()).request('killswitch.clear', {});
  }

  async isActive(): Promise<boolean> {
    return (await this.status()).active;
  }

  status(): Promise<KillSwitchStatus> {
    return this.link.client().then((client) => client.request('killswitch.status', {}));
  }
}

export class HelperTunnelDriver implements TunnelDriver {
  private readonly link: HelperLink;

  constructor(
    readonly kind: Profile['kind'],
    source: HelperClient | HelperLink,
    private readonly beforeStart: (client: HelperClient) => Promise<void> = async () => undefined,
  ) {
    this.link = toHelperLink(source);
  }

  /**
   * Reaching the helper is the privilege check: it is started here when it is not running (pkexec asks
   * the user), so a refusal stops the connect before anything changes. The helper checks binaries
   * itself when a tunnel starts and answers binary-missing then.
   */
  async preflight(): Promise<PreflightProblem[]> {
    try {
      await this.link.client();
      return [];
    } catch (err) {
      return [{ code: 'not-privileged', message: err instanceof Error ? err.message : String(err) }];
    }
  }

  /** `runtimeDir` is not sent: the helper keeps configs and sockets in its own directory. */
  async start(request: TunnelStartRequest): Promise<TunnelSession> {
    const client = await this.link.client();
    await this.beforeStart(client);
    const started = await client.request('tunnel.start', {
      profile: request.profile,
      secrets: request.secrets,
      ...(request.endpointIndex !== undefined ? { endpointIndex: request.endpointIndex } : {}),
      ...(request.credentials ? { credentials: request.credentials } : {}),
      ...(request.fullTunnel !== undefined ? { fullTunnel: request.fullTunnel } : {}),
      ...(request.noRoutes !== undefined ? { noRoutes: request.noRoutes } : {}),
    });
    return new HelperTunnelSession(client, started.sessionId, started.interfaceName, started.probeTarget);
  }
}

class HelperTunnelSession implements TunnelSession {
  private stopped = false;

  constructor(
    private readonly client: HelperClient,
    private readonly sessionId: string,
    readonly interfaceName: string,
    private readonly target: string | undefined,
  ) {}

  async ready(): Promise<void> {
    await this.client.request('tunnel.ready', { sessionId: this.sessionId }, READY_TIMEOUT_MS);
  }

  status(): Promise<TunnelStatus> {
    return this.client.request('tunnel.status', { sessionId: this.sessionId });
  }

  probeTarget(): string | undefined {
    return this.target;
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    const offEvent = this.client.onEvent((message) => {
      if (message.sessionId === this.sessionId) listener(message.payload);
    });
    // The helper going away ends the tunnel as far as this app can know: say so like a dead process.
    const offClose = this.client.onClose(() => listener({ type: 'exited', reason: 'the privileged helper stopped' }));
    return () => {
      offEvent();
      offClose();
    };
  }

  async stop(): Promise<void> {
    if (this.stopped || this.client.isClosed) return;
    this.stopped = true;
    await this.client.request('tunnel.stop', { sessionId: this.sessionId }).catch((err: unknown) => {
      // Already gone in the helper (its process exited): stopping is idempotent.
      if (!(err instanceof Error && /unknown-session/.test(err.message))) throw err;
    });
  }
}

/**
 * The machine's one connection owner, held by the helper for this app or command. A take-over by
 * another session reaches this one as its tunnels exiting (with the reason) and as `connection-held`
 * refusals of anything it tries next, so `onTakenOver` has nothing more to add here.
 */
export class HelperConnectionOwner implements ConnectionOwnerPort {
  private readonly link: HelperLink;

  constructor(
    source: HelperClient | HelperLink,
    private readonly client: { kind: 'app' | 'cli'; pid: number },
  ) {
    this.link = toHelperLink(source);
  }

  async claim({ takeOver }: { takeOver: boolean }): Promise<void> {
    await (await this.link.client()).request('owner.claim', { client: this.client, takeOver });
  }

  /** The helper names the server itself, from the tunnels it starts. */
  update(): void {}

  async release(): Promise<void> {
    // Without a helper running there is nothing to release: its exit freed the lock.
    await this.link
      .current()
      ?.request('owner.release', {})
      .catch(() => undefined);
  }

  onTakenOver(): void {}
}
