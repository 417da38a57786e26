import type { BrowserContext } from '@playwright/test';
import type { IncidentRecord } from '../../main/core/connection/failover/incidents';
import type { DisguisedRoute } from '../../main/core/events';

/**
 * Until scripted tunnels can run inside a disguise, the disguise specs add what the engine will report for
 * one (events.ts: `security.disguise`, `state.route`, the snapshot's `route`) to the real engine's messages
 * on their way from the harness to the page, and can answer `incidents.list` with given incidents. Everything
 * else passes through untouched, both ways.
 */
export async function reportDisguise(
  context: BrowserContext,
  route: DisguisedRoute,
  options: { incidents?: IncidentRecord[] } = {},
): Promise<void> {
  await context.routeWebSocket('**/__holdfast/ws', (page) => {
    const harness = page.connectToServer();
    const commands = new Map<number, string>();
    page.onMessage((message) => {
      const request = parse(message);
      if (typeof request?.id === 'number' && typeof request.command === 'string') {
        commands.set(request.id, request.command);
      }
      harness.send(message);
    });
    harness.onMessage((message) => {
      const reply = parse(message);
      if (!reply) return page.send(message);
      if (typeof reply.id === 'number') {
        const command = commands.get(reply.id);
        commands.delete(reply.id);
        const envelope = reply.envelope as { ok: boolean; value?: Record<string, unknown> };
        if (envelope.ok && command === 'incidents.list' && options.incidents)
          envelope.value = options.incidents as never;
        else if (envelope.ok && command?.startsWith('connection.') && envelope.value)
          disguiseSnapshot(envelope.value, route);
      } else if (reply.event === 'security') {
        (reply.payload as Record<string, unknown>).disguise = route.disguise;
      } else if (reply.event === 'state') {
        const state = reply.payload as Record<string, unknown>;
        if (state.state === 'connected') state.route = route;
      }
      page.send(JSON.stringify(reply));
    });
  });
}

function disguiseSnapshot(snapshot: Record<string, unknown>, route: DisguisedRoute): void {
  const security = snapshot.security as Record<string, unknown> | null | undefined;
  if (security) security.disguise = route.disguise;
  snapshot.route = snapshot.state === 'connected' ? route : null;
}

function parse(message: string | Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(typeof message === 'string' ? message : message.toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
