import type { ProcessRunner } from './process-runner';

/**
 * One ICMP echo to `target`; true when a reply came back within `timeoutMs`. The connection controller
 * uses it through the tunnel to prove data flows both ways (a completed handshake alone proves little:
 * censors let handshakes through and freeze the data afterwards).
 */
export async function pingProbe(
  runner: ProcessRunner,
  target: string,
  timeoutMs: number,
  options: { interfaceName?: string } = {},
): Promise<boolean> {
  if (!/^[0-9A-Fa-f.:]+$/.test(target)) throw new Error(`ping target must be an IP address, got "${target}"`);
  // ping's -W takes whole seconds (fractions are not accepted by every ping); never less than 1.
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const family = target.includes(':') ? ['-6'] : [];
  // -I binds to the device: the echo goes into that tunnel even where no route points at it.
  const device = options.interfaceName ? ['-I', options.interfaceName] : [];
  const result = await runner.run('ping', [...family, '-n', '-c', '1', '-W', String(seconds), ...device, target], {
    timeoutMs: timeoutMs + 1000,
  });
  return result.code === 0;
}
