import type { ConnectionSnapshot } from '../core/connection/state';
import { describeCheck } from '../core/connection/tunnel-check';
import type { CoreEvent } from '../core/events';
import type { SecurityEvent } from '../core/security/strength/security-event';
import { describeDisguise, describeRoute, DISGUISE_NOTE } from './format-disguise';
import { formatBytes, formatDuration } from './format-units';

/** One readable line per event for people at a terminal; `--json` prints the event itself instead. */
export function formatEvent(event: CoreEvent): string | null {
  const time = event.at.slice(11, 19);
  switch (event.type) {
    case 'state': {
      // While still trying, a known cause of the failures so far is said too (the server insists on compression).
      const cause =
        event.error && event.state !== 'failed' ? `\n${time}  ${'problem'.padEnd(12)} ${event.error.message}` : '';
      const route = event.route ? `\n${time}  ${'route'.padEnd(12)} ${describeRoute(event.route)}` : '';
      return `${time}  ${event.state.padEnd(12)} ${event.reason}${cause}${route}`;
    }
    case 'security': {
      // The disguise gets its own line: the rating above is the tunnel's alone.
      const disguise = event.disguise
        ? `\n${time}  ${'disguise'.padEnd(12)} ${describeDisguise(event.disguise)}. ${DISGUISE_NOTE}`
        : '';
      return `${time}  encryption   ${describeEncryption(event)}${disguise}`;
    }
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
  const security = snap.security;
  if (security) {
    lines.push(`Security:  ${describeEncryption(security)}`);
    // Under the encryption, never part of it: a disguise hides the VPN, it does not strengthen it.
    if (security.disguise) {
      lines.push(`Disguise:  ${describeDisguise(security.disguise)}`, `           ${DISGUISE_NOTE}`);
    }
  }
  if (snap.route && snap.state === 'connected') lines.push(`Route:     ${describeRoute(snap.route)}`);
  if (snap.error) lines.push(`Problem:   ${snap.error.message}`);
  return lines.join('\n');
}

/** "AES-256-GCM (256-bit key, ~128-bit security): strong". */
function describeEncryption(
  security: Pick<SecurityEvent, 'dataCipher' | 'dataKeyBits' | 'securityBits' | 'rating'>,
): string {
  return `${security.dataCipher} (${security.dataKeyBits}-bit key, ~${security.securityBits}-bit security): ${security.rating}`;
}
