import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisguiseSummary } from '../../../main/core/disguise/disguise-listing';
import { Badge } from '../components/Badge';

/** `Shadowsocks 198.51.100.7:8388`, the name a person reads and buttons are labelled with. */
export function disguiseName(t: (key: string) => string, disguise: DisguiseSummary): string {
  const host = disguise.host.includes(':') ? `[${disguise.host}]` : disguise.host;
  return `${t(`disguises.kind.${disguise.kind}`)} ${host}:${disguise.port}`;
}

export interface DisguiseRowProps {
  disguise: DisguiseSummary;
  /** Why it is where it is, when that is the user's doing or a removed server. */
  note?: string | null;
  children: ReactNode;
}

/** One disguise: kind, host:port, its label and public detail (never a secret), then its buttons. */
export function DisguiseRow({ disguise, note, children }: DisguiseRowProps) {
  const { t } = useTranslation();
  return (
    <div className="server-profile disguise" data-testid="disguise" data-disguise-id={disguise.id}>
      <span className="server-profile__name">
        <span className="disguise__name">{disguiseName(t, disguise)}</span>
        {disguise.label ? <span className="disguise__label"> · {disguise.label}</span> : null}
        <span className="disguise__detail muted"> · {disguise.detail}</span>
      </span>
      {note ? <Badge>{note}</Badge> : null}
      {children}
    </div>
  );
}
