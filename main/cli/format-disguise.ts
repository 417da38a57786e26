import type { DisguisedRoute, DisguiseInUse } from '../core/disguise/disguised-route';

const KIND: Record<string, string> = { shadowsocks: 'Shadowsocks', tls: 'TLS', obfs4: 'obfs4' };

const kindName = (kind: string): string => KIND[kind] ?? kind;

/** "hidden inside TLS (server name www.example.org) through 203.0.113.5:443". */
export function describeDisguise(disguise: DisguiseInUse): string {
  const detail = disguise.detail.trim();
  const what = !detail ? '' : disguise.kind === 'tls' ? ` (server name ${detail})` : ` (${detail})`;
  return `hidden inside ${kindName(disguise.kind)}${what} through ${disguise.server}`;
}

/** Said with every disguise, so nobody reads it as stronger encryption. */
export const DISGUISE_NOTE = 'The disguise hides that this is a VPN; it does not make the encryption stronger.';

/** Why the connection is disguised: "this network blocks VPN protocols; connected through a disguised route (…)". */
export function describeRoute(route: DisguisedRoute): string {
  const kind = kindName(route.disguise.kind);
  switch (route.why) {
    case 'blocked':
      return `this network blocks VPN protocols; connected through a disguised route (${kind})`;
    case 'remembered':
      return `this network needed a disguise before; connected through a disguised route (${kind})`;
    case 'always':
      return `connected through a disguised route (${kind}), as set in the settings (disguise.mode = always)`;
    default:
      return `connected through a disguised route (${kind})`;
  }
}
