import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TunnelCheck } from '../../../main/core/connection/tunnel-check';
import { formatBytes } from '../format/bytes';
import { useApp } from '../store/context';
import { useDuration } from './use-duration';

/** Counters of the running tunnel; hidden while there is none. */
export function LiveStats() {
  const { t, i18n } = useTranslation();
  const live = useApp((s) => s.connection.live);
  const rates = useApp((s) => s.connection.rates);
  const duration = useDuration();
  if (!live) return null;
  const locale = i18n.language;
  const rate = (perSecond: number | undefined) =>
    perSecond === undefined ? '' : t('connection.rate', { rate: formatBytes(perSecond, locale) });
  // OpenVPN does not report handshake ages (undefined); WireGuard reports null before the first one.
  const handshake =
    live.handshakeAgeMs === undefined
      ? null
      : live.handshakeAgeMs === null
        ? t('connection.handshakeNone')
        : t('connection.handshakeAgo', { age: duration(live.handshakeAgeMs) });
  const check = live.check ? checkText(live.check, t) : null;

  return (
    <dl className="stats" data-testid="live-stats">
      {live.endpoint ? <Stat label={t('connection.endpoint')} value={live.endpoint} testId="endpoint" /> : null}
      {live.tunnelAddresses.length > 0 ? (
        <Stat label={t('connection.address')} value={live.tunnelAddresses.join(', ')} testId="address" />
      ) : null}
      <Stat
        label={t('connection.received')}
        value={formatBytes(live.rxBytes, locale)}
        detail={rate(rates?.rxPerSecond)}
        testId="rx"
        bytes={live.rxBytes}
      />
      <Stat
        label={t('connection.sent')}
        value={formatBytes(live.txBytes, locale)}
        detail={rate(rates?.txPerSecond)}
        testId="tx"
        bytes={live.txBytes}
      />
      <Stat label={t('connection.uptime')} value={duration(live.uptimeMs)} testId="uptime" />
      {handshake ? <Stat label={t('connection.handshake')} value={handshake} testId="handshake" /> : null}
      {check ? (
        <Stat label={t('connection.check')} value={check.text} testId="check" strength={check.strength} />
      ) : null}
    </dl>
  );
}

interface StatProps {
  label: string;
  value: string;
  detail?: string;
  testId: string;
  /** Exact byte count behind a rounded value, for tests and tooltips. */
  bytes?: number;
  /** How strongly the tunnel is checked, for styling and tests. */
  strength?: TunnelCheck['strength'];
}

/** "Data verified" with the answer that proved it, or an honest "handshake only". */
function checkText(check: TunnelCheck, t: TFunction): { text: string; strength: TunnelCheck['strength'] } {
  if (check.strength === 'handshake-only' || !check.evidence) {
    return { text: t('connection.checkHandshakeOnly'), strength: 'handshake-only' };
  }
  const { kind, address, role } = check.evidence;
  return {
    text: t('connection.checkVerified', {
      kind: t(`connection.checkKind.${kind}`),
      address,
      role: t(`connection.checkRole.${role}`),
    }),
    strength: 'data-verified',
  };
}

function Stat(props: StatProps) {
  return (
    <div className="stat">
      <dt className="stat__label">{props.label}</dt>
      <dd
        className="stat__value"
        data-testid={`stat-${props.testId}`}
        data-bytes={props.bytes}
        data-strength={props.strength}
        title={props.bytes === undefined ? undefined : `${props.bytes} B`}
      >
        {props.value}
        {props.detail ? <span className="stat__detail">{props.detail}</span> : null}
      </dd>
    </div>
  );
}
