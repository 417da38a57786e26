import type { TFunction } from 'i18next';
import type { ServerTransportEntry } from '../../../main/core/service/server-listing';

/** "WireGuard", "WireGuard 53", "OpenVPN UDP 1194", "OpenVPN TCP 443". */
export function transportText(t: TFunction, transport: ServerTransportEntry): string {
  if (transport.protocol === 'wireguard') {
    return transport.port === 51820
      ? t('servers.transport.wireguard')
      : t('servers.transport.wireguardPort', { port: transport.port });
  }
  return t('servers.transport.openvpn', { proto: transport.proto.toUpperCase(), port: transport.port });
}
