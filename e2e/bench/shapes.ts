import type { ChildProcess } from 'node:child_process';
import type { Lab } from '../lab/lab';
import { filterTunnel, startResolver, unfilterTunnel } from '../lab/lab-shapes';

/**
 * Servers shaped as users meet them, for the cases that measure the tunnel check (docs/tunnel-check.md):
 * - no-ping: every server drops pings arriving through its tunnel;
 * - no-ping-resolver: the same, and every server runs a resolver on its tunnel address;
 * - silent-current: server 1 answers nothing through its tunnel but its page (nothing to check with:
 *   Holdfast connects on the handshake alone); the others drop pings.
 */
export type ShapeName = 'no-ping' | 'no-ping-resolver' | 'silent-current';

export interface AppliedShape {
  lift(): Promise<void>;
}

export async function applyShape(lab: Lab, shape: ShapeName): Promise<AppliedShape> {
  const resolvers: ChildProcess[] = [];
  for (const [i, server] of lab.servers.entries()) {
    await filterTunnel(server, shape === 'silent-current' && i === 0 ? 'silent' : 'no-ping');
    if (shape === 'no-ping-resolver') resolvers.push(await startResolver(server));
  }
  return {
    lift: async () => {
      for (const child of resolvers) child.kill('SIGKILL');
      for (const server of lab.servers) await unfilterTunnel(server);
    },
  };
}
