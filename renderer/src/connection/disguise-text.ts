import type { TFunction } from 'i18next';
import type { DisguisedRoute, DisguiseInUse } from '../../../main/core/disguise/disguised-route';

/** "Shadowsocks", "TLS", "obfs4"; a kind a newer engine adds is shown by its own name. */
export function disguiseKindName(t: TFunction, kind: string): string {
  return t(`disguises.kind.${kind}`, { defaultValue: kind });
}

/** "Hidden inside TLS (server name www.example.org)": the strength panel's line under the tunnel's encryption. */
export function hiddenInsideText(t: TFunction, disguise: Pick<DisguiseInUse, 'kind' | 'detail'>): string {
  const kind = disguiseKindName(t, disguise.kind);
  const detail = disguise.detail.trim();
  if (!detail) return t('route.hidden.bare', { kind });
  return t(`route.hidden.${disguise.kind}`, { kind, detail, defaultValue: t('route.hidden.other', { kind, detail }) });
}

/** "This network blocks VPN protocols; connected through a disguised route (Shadowsocks).": the card's line. */
export function routeReasonText(t: TFunction, route: DisguisedRoute): string {
  const kind = disguiseKindName(t, route.disguise.kind);
  return t(`route.why.${route.why}`, { kind, defaultValue: t('route.why.other', { kind }) });
}
