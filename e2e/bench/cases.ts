import type { Lab, LabServer } from '../lab/lab';
import { sleep } from '../lab/lab-commands';
import type { ShapeName } from './shapes';

/**
 * What the benchmark breaks, and how. A fault is injected while the client is connected to server 1;
 * Holdfast cases start on a given transport of that server, the baseline (plain `openvpn` with several
 * remotes) always starts on server 1 over UDP, as its remote list says.
 */
export type FaultName = 'blackhole' | 'udp-blocked' | 'data-frozen' | 'server-killed' | 'flapping';

export interface FaultHandle {
  /** Ends a fault that runs on its own (flapping); the lab's restoreAll lifts the rest. */
  stop(): Promise<void>;
  /** Flapping: how many times the server went down. */
  downs(): number;
}

export interface FaultSpec {
  name: FaultName;
  what: string;
  inject(lab: Lab, target: LabServer): Promise<FaultHandle>;
  /** Fixed observation window (flapping); otherwise the run ends when traffic is restored. */
  windowMs?: number;
}

const once = (apply: (lab: Lab, target: LabServer) => Promise<void>) => async (lab: Lab, target: LabServer) => {
  await apply(lab, target);
  return { stop: async () => undefined, downs: () => 1 };
};

export const FLAP_WINDOW_MS = 60_000;
export const FLAP_DOWN_MS = 5000;
export const FLAP_UP_MS = 5000;

export const FAULTS: Record<FaultName, FaultSpec> = {
  blackhole: {
    name: 'blackhole',
    what: 'every packet to and from the current server is dropped',
    inject: once((lab, target) => lab.blackhole(target)),
  },
  'udp-blocked': {
    name: 'udp-blocked',
    what: 'UDP to and from every server is dropped; TCP still passes',
    inject: once((lab) => lab.blockUdp('all')),
  },
  'data-frozen': {
    name: 'data-frozen',
    what: 'the current server still completes handshakes (WireGuard types 1-3, OpenVPN control) but its data packets are dropped',
    inject: once((lab, target) => lab.freezeDataAfterHandshake(target)),
  },
  'server-killed': {
    name: 'server-killed',
    what: "the current server's wireguard-go and openvpn processes are killed with SIGKILL",
    inject: once((lab, target) => lab.killServer(target)),
  },
  flapping: {
    name: 'flapping',
    what: `the current server is blackholed for ${FLAP_DOWN_MS / 1000} s, then reachable for ${FLAP_UP_MS / 1000} s, over and over for ${FLAP_WINDOW_MS / 1000} s`,
    windowMs: FLAP_WINDOW_MS,
    inject: async (lab, target) => {
      let running = true;
      let downs = 0;
      const loop = (async () => {
        const end = Date.now() + FLAP_WINDOW_MS;
        while (running && Date.now() < end) {
          await lab.blackhole(target);
          downs += 1;
          await sleep(FLAP_DOWN_MS);
          await lab.restore(target);
          if (running) await sleep(FLAP_UP_MS);
        }
      })();
      return {
        stop: async () => {
          running = false;
          await loop;
        },
        downs: () => downs,
      };
    },
  },
};

export interface BenchCase {
  name: string;
  title: string;
  /**
   * Profile id suffix on server 1 the CLI connects to: server-1-<start>. `bare` is the WireGuard file
   * without a DNS line (one /32 address), imported only for the cases that start on it.
   */
  start: 'wg' | 'udp' | 'tcp' | 'bare';
  /** How the servers answer through their tunnels (e2e/bench/shapes.ts); absent: as the lab makes them. */
  shape?: ShapeName;
  fault: FaultName;
  /** The plain-openvpn case it is compared with. */
  baseline: FaultName | null;
  /** Settings applied with `holdfast settings set` before the runs; a refusal means "not supported yet". */
  settings?: Array<[string, string]>;
  /** What a good outcome looks like, checked per run and reported. */
  expectLandingOn?: 'tcp';
}

export const CASES: BenchCase[] = [
  {
    name: 'wireguard-blackhole',
    title: 'WireGuard: current server blackholed',
    start: 'wg',
    fault: 'blackhole',
    baseline: 'blackhole',
  },
  {
    name: 'openvpn-udp-blackhole',
    title: 'OpenVPN UDP: current server blackholed',
    start: 'udp',
    fault: 'blackhole',
    baseline: 'blackhole',
  },
  {
    name: 'udp-blocked',
    title: 'UDP blocked on every server (expect OpenVPN TCP 443)',
    start: 'wg',
    fault: 'udp-blocked',
    baseline: 'udp-blocked',
    expectLandingOn: 'tcp',
  },
  {
    name: 'data-frozen',
    title: 'WireGuard: handshake completes, data frozen',
    start: 'wg',
    fault: 'data-frozen',
    baseline: 'data-frozen',
  },
  {
    name: 'server-killed',
    title: 'Server processes killed',
    start: 'wg',
    fault: 'server-killed',
    baseline: 'server-killed',
  },
  {
    name: 'hot-standby',
    title: 'WireGuard blackholed with a hot standby tunnel',
    start: 'wg',
    fault: 'blackhole',
    baseline: 'blackhole',
    settings: [['failover.hotStandby', 'true']],
  },
  {
    name: 'bare-no-ping',
    title: 'WireGuard /32 without DNS, servers drop pings: current server blackholed',
    start: 'bare',
    fault: 'blackhole',
    baseline: null,
    shape: 'no-ping',
  },
  {
    name: 'resolver-no-ping',
    title: 'WireGuard, servers drop pings but run a resolver: current server blackholed',
    start: 'wg',
    fault: 'blackhole',
    baseline: null,
    shape: 'no-ping-resolver',
  },
  {
    name: 'handshake-only',
    title: 'WireGuard /32 without DNS on a server that answers no check: blackholed',
    start: 'bare',
    fault: 'blackhole',
    baseline: null,
    shape: 'silent-current',
  },
  {
    name: 'flapping',
    title: 'Current server flapping for 60 s',
    start: 'wg',
    fault: 'flapping',
    baseline: 'flapping',
  },
];

/**
 * Not a fault on one server but a network that blocks VPN protocols (e2e/bench/censored-*.ts): its own phases,
 * figures with goals and baseline, run by the same main loop.
 */
export const CENSORED_CASE = 'censored';
export const CASE_NAMES = [...CASES.map((c) => c.name), CENSORED_CASE];

/** `server-2-tcp` -> 2; null for ids the bench did not make. */
export function serverIndexOf(profileId: string | null | undefined): number | null {
  const match = /^server-(\d+)-(wg|udp|tcp|bare)$/.exec(profileId ?? '');
  return match ? Number(match[1]) : null;
}

export function transportOf(profileId: string | null | undefined): 'wg' | 'udp' | 'tcp' | null {
  const match = /^server-\d+-(wg|udp|tcp|bare)$/.exec(profileId ?? '');
  if (!match) return null;
  return match[1] === 'bare' ? 'wg' : (match[1] as 'wg' | 'udp' | 'tcp');
}
