import { HoldfastError } from '../errors';
import type { Profile } from '../profiles/types';
import { profileEndpoints } from '../security/killswitch/policy-for-step';
import type { DisguiseRoute } from '../disguise/disguise-route';
import type { DisguiseStarter } from './disguise-starter';
import type { Candidate } from './failover/types';
import type { KillSwitchGuard } from './kill-switch-guard';
import type { TunnelEvent, TunnelSession, TunnelStartRequest } from '../tunnel/driver';

/**
 * The MTU of a WireGuard tunnel inside Shadowsocks UDP: every packet also carries the salt, the target address and
 * the AEAD tag (about 60 bytes), so the 1420 that fits a plain 1500 path would fragment.
 */
export const DISGUISED_WIREGUARD_MTU = 1360;

/**
 * The start request for a tunnel that reaches its server through a running disguise: WireGuard's endpoint and
 * stunnel's OpenVPN remote become the program's loopback port; ss-local and obfs4proxy are OpenVPN's SOCKS proxy.
 * The profile is copied, never changed.
 */
export function disguisedRequest(
  request: TunnelStartRequest,
  route: DisguiseRoute,
  endpointIndex: number,
): TunnelStartRequest {
  const profile = withoutOwnProxy(request.profile);
  const { endpointAddress: _pinned, ...rest } = request;
  const via = route.via;
  if (via.kind === 'socks') return { ...rest, profile, socksProxy: via.proxy };
  const local = { host: via.host, port: via.port };
  return { ...rest, profile: pointedAt(profile, endpointIndex, local) };
}

/** Directives that send OpenVPN through a proxy of the profile's own. */
const OWN_PROXY = new Set(['http-proxy', 'http-proxy-option', 'socks-proxy']);

/**
 * A proxy of the profile's own would carry the connection to the disguise's loopback port elsewhere, and OpenVPN
 * refuses to start with both an HTTP proxy and the disguise's SOCKS proxy: through a disguise, it is left out.
 */
function withoutOwnProxy(profile: Profile): Profile {
  if (profile.kind !== 'openvpn' || !profile.directives.some((d) => OWN_PROXY.has(d.name))) return profile;
  return { ...profile, directives: profile.directives.filter((d) => !OWN_PROXY.has(d.name)) };
}

function pointedAt(profile: Profile, endpointIndex: number, local: { host: string; port: number }): Profile {
  if (profile.kind === 'wireguard') {
    const withEndpoint = profile.peers.filter((peer) => peer.endpoint);
    const chosen = withEndpoint[endpointIndex] ?? withEndpoint[0];
    const mtu = Math.min(profile.interface.mtu ?? DISGUISED_WIREGUARD_MTU, DISGUISED_WIREGUARD_MTU);
    return {
      ...profile,
      interface: { ...profile.interface, mtu },
      peers: profile.peers.map((peer) => (peer === chosen ? { ...peer, endpoint: { ...local } } : peer)),
    };
  }
  return {
    ...profile,
    remotes: profile.remotes.map((remote, i) => (i === endpointIndex ? { ...remote, ...local, proto: 'tcp' } : remote)),
  };
}

/**
 * A session and the disguise under it, as one: the disguise ending is the tunnel's end (a drop, noticed at once
 * through the same `exited` event the drivers send), stopping stops both, and promoting first routes the disguise
 * server outside the tunnel that is about to carry everything.
 */
export function superviseDisguise(session: TunnelSession, route: DisguiseRoute): TunnelSession {
  let stopped = false;
  const listeners = new Set<(event: TunnelEvent) => void>();
  const ended = route.exited.then((exit) => {
    const reason = `the disguise program stopped (${exit.signal ?? `exit ${exit.code}`})`;
    if (!stopped) for (const listener of listeners) listener({ type: 'exited', reason });
    return reason;
  });
  const wrapped: TunnelSession = {
    interfaceName: session.interfaceName,
    ready: () =>
      Promise.race([
        session.ready(),
        ended.then((reason) => {
          throw new Error(`${reason}: ${route.output().trim().split('\n').slice(-2).join(' | ')}`);
        }),
      ]),
    status: () => session.status(),
    probeTarget: () => session.probeTarget(),
    onEvent: (listener) => {
      listeners.add(listener);
      const off = session.onEvent(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    stop: async () => {
      stopped = true;
      await session.stop();
      await route.stop();
    },
  };
  if (session.promote) {
    const promote = session.promote.bind(session);
    wrapped.promote = async () => {
      await route.bypassTunnel();
      await promote();
    };
  }
  // OpenVPN's pushed DNS is read from the session by the launcher; keep it reachable through the wrapper.
  const pushed = (session as TunnelSession & { pushedDns?: () => unknown }).pushedDns;
  if (typeof pushed === 'function') Object.assign(wrapped, { pushedDns: pushed.bind(session) });
  return wrapped;
}

/**
 * Starts a disguised candidate's program at the address the kill switch allows for its disguise server, aimed
 * at the VPN endpoint behind it, and routed outside the tunnel when the tunnel will carry everything.
 */
export async function startDisguiseFor(
  candidate: Candidate,
  profile: Profile,
  full: boolean,
  deps: { disguises?: DisguiseStarter; guard: KillSwitchGuard; runtimeDir: string },
): Promise<DisguiseRoute> {
  const { disguises, guard, runtimeDir } = deps;
  const endpoint = disguises?.endpoint(candidate);
  if (!disguises || !endpoint) {
    throw new HoldfastError('tunnel-failed', `The disguise of ${profile.name} is no longer available`);
  }
  const address = guard.disguiseAddress(endpoint.host);
  if (address === undefined) {
    throw new HoldfastError('tunnel-failed', `The disguise server ${endpoint.host} could not be looked up`);
  }
  const all = profileEndpoints(profile);
  const target = all[candidate.endpointIndex] ?? all[0];
  if (!target) throw new HoldfastError('tunnel-failed', `${profile.name} has no server address to connect to`);
  const route = await disguises.start(candidate, { host: target.host, port: target.port }, address, runtimeDir);
  try {
    if (full) await route.bypassTunnel();
  } catch (err) {
    await route.stop();
    throw err;
  }
  return route;
}
