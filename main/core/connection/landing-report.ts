import type { DisguiseReason, DisguisedRoute } from '../disguise/disguised-route';
import { disguiseName } from './failover/types';
import type { ConnectionSnapshot } from './state';
import type { OpenTunnel } from './tunnel-launcher';

/** What a landed tunnel negotiated, rated, with the disguise it runs inside; null when it told nothing. */
export function landedSecurity(tunnel: OpenTunnel): ConnectionSnapshot['security'] {
  if (!tunnel.security) return null;
  const disguise = tunnel.disguise ? { disguise: tunnel.disguise } : {};
  return { profile: tunnel.profile.id, ...tunnel.security.event, ...disguise };
}

/** The disguised route a tunnel landed on and why the engine chose it; undefined for a plain route. */
export function landedRoute(tunnel: OpenTunnel, why: DisguiseReason | null): DisguisedRoute | undefined {
  return tunnel.disguise && why ? { disguise: tunnel.disguise, why } : undefined;
}

/** The reason `connected` carries: the route taken, if disguised, and how strongly the tunnel was checked. */
export function connectedReason(tunnel: OpenTunnel, route: DisguisedRoute | undefined): string {
  const how =
    tunnel.check.strength === 'data-verified'
      ? `data flows both ways through ${tunnel.profile.name}`
      : `connected to ${tunnel.profile.name} on the handshake alone: nothing behind the server answers checks`;
  return route ? `${routeSentence(route)}; ${how}` : how;
}

/** The route in plain English, for the log and the CLI; the window builds its own words from `route`. */
function routeSentence(route: DisguisedRoute): string {
  const name = disguiseName(route.disguise.kind);
  if (route.why === 'always') return `connected through a disguised route (${name}), as set in Settings`;
  if (route.why === 'remembered')
    return `this network needed a disguise before; connected through a disguised route (${name})`;
  return `this network blocks VPN protocols; connected through a disguised route (${name})`;
}
