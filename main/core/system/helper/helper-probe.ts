import type { HelperClient } from './helper-client';
import { toHelperLink, type HelperLink } from './helper-link';

export type ProbeFunction = (target: string, timeoutMs: number, interfaceName?: string) => Promise<boolean>;

/**
 * The connection controller's probe, sent by the helper as root. A ping bound to a tunnel device from
 * the user's own process works only where ping has CAP_NET_RAW or the network namespace opens
 * ping_group_range (new namespaces do not), so the helper, which created the device, sends it instead.
 * Never starts the helper: without one there is no tunnel to probe, and the answer is simply "no".
 */
export function helperProbe(source: HelperClient | HelperLink): ProbeFunction {
  const link = toHelperLink(source);
  return async (target, timeoutMs, interfaceName) => {
    const client = link.current();
    if (!client) return false;
    const clamped = Math.min(10_000, Math.max(100, Math.round(timeoutMs)));
    try {
      const answer = await client.request(
        'tunnel.probe',
        { target, timeoutMs: clamped, ...(interfaceName ? { interfaceName } : {}) },
        clamped + 5000,
      );
      return answer.answered;
    } catch {
      return false;
    }
  };
}
