import { parseEndpoint } from '../profiles/net-syntax';
import { decodeBase64Text } from './base64-text';
import { isShadowsocksMethod, SHADOWSOCKS_METHODS, type ParsedDisguise } from './types';

export type UriResult = { ok: true; value: ParsedDisguise } | { ok: false; code: string; message: string };

export const SHADOWSOCKS_PASSWORD = 'shadowsocks-password';
const MAX_LABEL = 80;

/**
 * One `ss://` link: SIP002 (`ss://base64url(method:password)@host:port/?plugin=…#tag`, or the userinfo
 * percent-encoded in clear) and the older form that encodes everything (`ss://base64(method:password@host:port)#tag`).
 * Plugins are refused: Holdfast runs shadowsocks-libev alone, and a link whose plugin is dropped would not work.
 */
export function parseShadowsocksUri(uri: string): UriResult {
  if (!uri.startsWith('ss://')) return fail('not-ss-uri', 'A Shadowsocks link starts with `ss://`.');
  let rest = uri.slice('ss://'.length);
  let label: string | undefined;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    label = cleanLabel(percentDecode(rest.slice(hash + 1)) ?? '');
    rest = rest.slice(0, hash);
  }
  const query = rest.indexOf('?');
  const queryText = query === -1 ? '' : rest.slice(query + 1);
  if (query !== -1) rest = rest.slice(0, query);
  rest = rest.replace(/\/$/, '');
  const plugin = new URLSearchParams(queryText).get('plugin');
  if (plugin !== null && plugin.trim() !== '') {
    const name = plugin.split(';')[0]?.slice(0, 40) ?? '';
    return fail(
      'plugin-unsupported',
      `The link needs the Shadowsocks plugin \`${name}\`, which Holdfast does not run; ask for a link without a plugin.`,
    );
  }

  let userinfo: string;
  let hostPort: string;
  const at = rest.lastIndexOf('@');
  if (at === -1) {
    const decoded = decodeBase64Text(rest);
    const innerAt = decoded?.lastIndexOf('@') ?? -1;
    if (decoded === undefined || innerAt === -1)
      return fail('bad-ss-uri', 'The link is neither `ss://INFO@HOST:PORT` nor a base64-encoded link.');
    userinfo = decoded.slice(0, innerAt);
    hostPort = decoded.slice(innerAt + 1);
  } else {
    const raw = rest.slice(0, at);
    hostPort = rest.slice(at + 1);
    const clear = percentDecode(raw);
    if (clear !== undefined && clear.includes(':')) userinfo = clear;
    else {
      const decoded = decodeBase64Text(raw);
      if (decoded === undefined)
        return fail('bad-ss-userinfo', 'The part before `@` is not base64 of `method:password`.');
      userinfo = decoded;
    }
  }

  const colon = userinfo.indexOf(':');
  if (colon === -1) return fail('bad-ss-userinfo', 'The link gives no password (expected `method:password`).');
  const method = userinfo.slice(0, colon).toLowerCase();
  const password = userinfo.slice(colon + 1);
  if (!isShadowsocksMethod(method)) return fail('ss-method', methodRefusal(method));
  if (password.length === 0) return fail('bad-ss-userinfo', 'The link gives an empty password.');

  const endpoint = parseEndpoint(hostPort);
  if (!endpoint.ok) return fail('bad-endpoint', `The server address is not usable: ${endpoint.reason}.`);
  return {
    ok: true,
    value: {
      params: {
        kind: 'shadowsocks',
        host: endpoint.host,
        port: endpoint.port,
        method,
        password: SHADOWSOCKS_PASSWORD,
        ...(label ? { label } : {}),
      },
      secrets: { [SHADOWSOCKS_PASSWORD]: password },
    },
  };
}

/** Why a method is refused, in words a user can take to their provider. */
export function methodRefusal(method: string): string {
  const shown = `\`${method.slice(0, 40).replace(/`/g, "'")}\``;
  if (method.startsWith('2022-'))
    return `The method ${shown} (Shadowsocks 2022) is not supported yet; ask for one of ${SHADOWSOCKS_METHODS.join(', ')}.`;
  return `The method ${shown} is refused: only authenticated (AEAD) methods are safe and supported (${SHADOWSOCKS_METHODS.join(', ')}).`;
}

function percentDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function cleanLabel(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean.length === 0) return undefined;
  return clean.length > MAX_LABEL ? clean.slice(0, MAX_LABEL) : clean;
}

const fail = (code: string, message: string): UriResult => ({ ok: false, code, message });
