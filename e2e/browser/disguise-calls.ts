/**
 * What the engine asked of the harness's fake disguise programs (e2e/harness/fake-disguises.ts), read back from
 * the harness log. Each program is named by its disguise, kind and loopback port, e.g. `d-0a1b2c3d4e (shadowsocks)
 * on 127.0.0.1:20000`.
 */
export interface DisguiseCalls {
  started: string[];
  /** Routed outside the tunnel: asked once the tunnel is to carry everything. */
  keptOutside: string[];
  stopped: string[];
  /** Started and not stopped yet, in the order they started. */
  running: string[];
}

const CALL = /^harness: disguise (started|kept outside the tunnel|stopped): (.+? on 127\.0\.0\.1:\d+)/;

export function disguiseCalls(log: string): DisguiseCalls {
  const calls: DisguiseCalls = { started: [], keptOutside: [], stopped: [], running: [] };
  for (const line of log.split('\n')) {
    const match = CALL.exec(line);
    if (!match) continue;
    const [, what, name] = match as unknown as [string, string, string];
    if (what === 'started') calls.started.push(name);
    else if (what === 'stopped') calls.stopped.push(name);
    else calls.keptOutside.push(name);
  }
  calls.running = calls.started.filter((name) => !calls.stopped.includes(name));
  return calls;
}
