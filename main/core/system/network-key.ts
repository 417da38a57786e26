import { createHash } from 'node:crypto';
import type { ProcessRunner } from './process-runner';

/**
 * Names the local network the machine is on, so failover memory (cool-downs, blocked servers, what worked)
 * belongs to the network where it was learned: a hotel Wi-Fi that blocks UDP says nothing about home.
 * The key is the default gateway and the interface that reaches it, hashed so no address is stored.
 */
export async function localNetworkKey(runner: ProcessRunner): Promise<string> {
  const result = await runner.run('ip', ['-4', 'route', 'show', 'default'], { timeoutMs: 3000 });
  if (result.code !== 0) return 'unknown';
  return networkKeyFromRoutes(result.stdout);
}

/** Pure part, tested: the first default route outside Holdfast's own tables decides. */
export function networkKeyFromRoutes(routes: string): string {
  for (const line of routes.split('\n')) {
    const via = /\bvia (\S+)/.exec(line)?.[1];
    const dev = /\bdev (\S+)/.exec(line)?.[1];
    if (!dev || /^hf/.test(dev)) continue;
    const id = `${via ?? 'direct'}@${dev}`;
    return `net-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
  }
  return 'unknown';
}
