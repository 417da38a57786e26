import type { ServerEntry, ServerListing } from '../core/service/server-listing';
import type { TrayMenuItem, TraySection } from './tray-model';
import type { TrayServerItem } from './tray-server-types';
import { countryNames } from '../../preload/places/places';
import { pickBest } from '../../preload/places/server-match';

/**
 * The tray's server part, as plain data: up to five favourites and five recent servers to connect or switch
 * to in one click, and "Fastest in <country>" for the country of the server in use. Pure, so it is tested
 * without Electron; tray-model.ts places the items, tray.ts renders them. Switching goes through
 * `connection.connect`, which keeps the kill switch closed between the two tunnels.
 */
export const TRAY_FAVOURITES_MAX = 5;
export const TRAY_RECENT_MAX = 5;

/** Words the tray uses; English by default, the shell passes translated ones. */
export interface TrayServerLabels {
  favourites: string;
  recent: string;
  fastestIn: (country: string) => string;
  current: string;
}

export const ENGLISH_TRAY_SERVER_LABELS: TrayServerLabels = {
  favourites: 'Favourites',
  recent: 'Recent',
  fastestIn: (country) => `Fastest in ${country}`,
  current: 'connected',
};

export const CHINESE_TRAY_SERVER_LABELS: TrayServerLabels = {
  favourites: '收藏',
  recent: '最近使用',
  fastestIn: (country) => `${country}最快的服务器`,
  current: '已连接',
};

/** A country's flag as two regional indicator letters (JP -> 🇯🇵); nothing for "Other". */
export function flagOf(country: string | null): string {
  if (!country || !/^[A-Z]{2}$/.test(country)) return '';
  return String.fromCodePoint(...[...country].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

/** "🇯🇵 Tokyo 1 · Tokyo": flag, name, city (the city only when the name does not already say it). */
export function serverLabel(server: Pick<ServerEntry, 'country' | 'name' | 'city'>, zh = false): string {
  const flag = flagOf(server.country);
  const city = server.city ? (zh ? server.city.zh : server.city.en) : null;
  const withCity =
    city && !server.name.toLowerCase().includes(city.toLowerCase()) ? `${server.name} · ${city}` : server.name;
  return flag ? `${flag} ${withCity}` : withCity;
}

export interface TrayServersInput {
  listing: ServerListing;
  /** The server the connection uses (or last used), by key; null when none. */
  currentServerKey: string | null;
  /** A tunnel is up or being brought up: the current server is shown, not clickable. */
  active: boolean;
  labels?: TrayServerLabels;
  /** Chinese city and country names. */
  zh?: boolean;
}

export function trayServerItems(input: TrayServersInput): TrayServerItem[] {
  const labels = input.labels ?? ENGLISH_TRAY_SERVER_LABELS;
  const zh = input.zh === true;
  const item = (server: ServerEntry): TrayServerItem[] => {
    const profileId = server.profiles[0]?.id;
    if (!profileId) return [];
    const current = input.active && server.key === input.currentServerKey;
    const label = serverLabel(server, zh);
    return [
      {
        kind: 'server',
        label: current ? `${label} (${labels.current})` : label,
        enabled: !current,
        target: { profileId },
      },
    ];
  };
  const favourites = input.listing.servers.filter((s) => s.favourite).slice(0, TRAY_FAVOURITES_MAX);
  const shown = new Set(favourites.map((s) => s.key));
  const recent = input.listing.servers
    .filter((s) => s.lastUsedAt !== null && !shown.has(s.key))
    .sort((a, b) => Date.parse(b.lastUsedAt ?? '') - Date.parse(a.lastUsedAt ?? ''))
    .slice(0, TRAY_RECENT_MAX);
  const out: TrayServerItem[] = [];
  if (favourites.length > 0) out.push({ kind: 'heading', label: labels.favourites }, ...favourites.flatMap(item));
  if (recent.length > 0) out.push({ kind: 'heading', label: labels.recent }, ...recent.flatMap(item));

  const country = input.listing.servers.find((s) => s.key === input.currentServerKey)?.country ?? null;
  if (country) {
    const inCountry = input.listing.servers.filter((s) => s.country === country);
    // Only worth a line when there is a choice to make in that country.
    const best = inCountry.length > 1 ? pickBest(inCountry, 'fastest') : null;
    const profileId = best?.server.profiles[0]?.id;
    if (best && profileId) {
      const names = countryNames(country);
      out.push({
        kind: 'server',
        label: `${flagOf(country)} ${labels.fastestIn(zh ? names.zh : names.en)}`,
        enabled: !(input.active && best.server.key === input.currentServerKey),
        target: { profileId },
      });
    }
  }
  return out;
}

/** The tray menu's section for servers: headings as plain lines, servers as items that connect. */
export const serverSection: TraySection = (input) =>
  (input.servers ?? []).map((s): TrayMenuItem => (s.kind === 'heading' ? { kind: 'status', label: s.label } : s));
