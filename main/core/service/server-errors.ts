import type { ServerCatalog } from '../connection/failover/servers';
import { HoldfastError } from '../errors';

/** Refuses a key that names no server, by the field it came in. */
export function requireServer(catalog: ServerCatalog, key: string, field: string): void {
  if (!catalog.server(key)) throw serverNotFound(key, field, ' Run `holdfast servers` to see the servers.');
}

export function serverNotFound(key: string, field: string, hint: string): HoldfastError {
  return new HoldfastError('server-not-found', `${field}: there is no server "${key.slice(0, 255)}".${hint}`, {
    key: key.slice(0, 255),
    field,
  });
}

/** A request the user can correct, named by its field (the message starts with it). */
export function invalid(field: string, message: string): HoldfastError {
  return new HoldfastError('invalid-request', message.startsWith(`${field}:`) ? message : `${field}: ${message}`, {
    field,
  });
}
