import type { ServerEntry } from '../../../main/core/service/server-listing';

/** A city as the engine names it: a short code (IATA or the provider's) with its names in both languages. */
export interface ServerCity {
  code: string;
  en: string;
  zh: string;
}

export type LatencyMethod = 'handshake' | 'first-answer' | 'icmp' | 'tcp';

export interface ServerLatency {
  ms: number;
  method: LatencyMethod;
  measuredAt: string;
}

/** What the picker reads from a server beyond the card list: its place, the user's marks and its latency. */
export interface PickerFields {
  city: ServerCity | null;
  customPlace: boolean;
  favourite: boolean;
  lastUsedAt: string | null;
  /** Null: never measured on this network (shown as such, never as 0). */
  latency: ServerLatency | null;
}

export type PickerServer = ServerEntry & PickerFields;

/**
 * The entry with every picker field present. An engine that does not send a field yet (an older core) gets
 * the honest default: no city, not a favourite, never used, not measured.
 */
export function toPickerServer(entry: ServerEntry): PickerServer {
  const extra = entry as ServerEntry & Partial<PickerFields>;
  return {
    ...entry,
    city: extra.city ?? null,
    customPlace: extra.customPlace ?? false,
    favourite: extra.favourite ?? false,
    lastUsedAt: extra.lastUsedAt ?? null,
    latency: extra.latency ?? null,
  };
}
