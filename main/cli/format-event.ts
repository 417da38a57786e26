import type { ConnectionSnapshot } from '../core/connection/state';
import { describeCheck } from '../core/connection/tunnel-check';
import type { CoreEvent } from '../core/events';
import { formatBytes, formatDuration } from './format-units';

/** One readable line per event for people at a terminal; `--json` prints the event itself instead. */
export function formatEvent(event: CoreEvent): string | null {
  const time = event.at.slice(11, 19);
  switch (event.type) {
    case 'state': {
      // While still trying, a known cause of the failures so far is said too (the server insists on compression).
      const cause =
        event.error && event.state !== 'failed' ? `\n${time}  ${'problem'.padEnd(12)} ${event.error.message}` : '';
      return `${time}  ${event.state.padEnd(12)} ${event.reason}${cause}`;
    }
    case 'security':
      return `${time}  encryption   ${event.dataCipher} (${event.dataKeyBits}-bit key, ~${event.securityBits}-bit security): ${event.rating}`;
    case 'log':
      return event.level === 'info' ? null : `${time}  ${event.level.padEnd(12)} ${event.message}`;
    case 'drop':
      return `${time}  drop         ${event.reason} (noticed after ${(event.detectedAfterMs / 1000).toFixed(1)} s)`;
    case 'failover':
      return `${time}  failover     ${event.from ?? '-'} -> ${event.to}: ${event.reason}`;
    case 'notification':
      return `${time}  notice       ${event.title}: ${event.body}`;
    case 'status':
    case 'profiles-changed':
    case 'servers-changed':
    case 'import-progress':
    case 'disguises-changed':
    case 'incident':
    case 'credentials-request':
      return null;
  }
}

export function formatSnapshot(snap: ConnectionSnapshot): string {
  const lines = [
    `State:     ${snap.state}${snap.profileName ? ` (${snap.profileName})` : ''}`,
    `Reason:    ${snap.reason}`,
  ];
  const live = snap.live;
  if (live) {
    if (live.endpoint) lines.push(`Endpoint:  ${live.endpoint}`);
    lines.push(`Interface: ${live.interfaceName} ${live.tunnelAddresses.join(', ')}`);
    if (live.handshakeAgeMs != null) lines.push(`Handshake: ${formatDuration(live.handshakeAgeMs)} ago`);
    lines.push(`Traffic:   ${formatBytes(live.rxBytes)} received, ${formatBytes(live.txBytes)} sent`);
    lines.push(`Uptime:    ${formatDuration(live.uptimeMs)}`);
    if (live.check) lines.push(`Checked:   ${describeCheck(live.check)}`);
  }
  if (snap.error) lines.push(`Problem:   ${snap.error.message}`);
  return lines.join('\n');
}
