import { isHostName, parseEndpoint, parseIntegerIn } from '../profiles/net-syntax';
import { base64ByteLength } from './base64-text';
import type { ImportIssue } from '../profiles/types';
import type { ParsedDisguise } from './types';

export type LineResult =
  { ok: true; value: ParsedDisguise; warnings: string[] } | { ok: false; code: string; message: string };

export const OBFS4_CERT = 'obfs4-cert';
/** obfs4's cert is base64 (no padding) of the 20-byte node id and the 32-byte public key. */
const OBFS4_CERT_BYTES = 52;

/**
 * Tor-style bridge line: `obfs4 HOST:PORT [FINGERPRINT] cert=… iat-mode=N`, with or without the torrc
 * `Bridge ` in front. Unknown `key=value` arguments are named in a warning and left out.
 */
export function parseObfs4Line(tokens: readonly string[]): LineResult {
  const [, endpointText, ...rest] = tokens;
  const endpoint = parseEndpoint(endpointText ?? '');
  if (!endpoint.ok) return fail('bad-endpoint', `The bridge address is not usable: ${endpoint.reason}.`);
  let fingerprint: string | undefined;
  let cert: string | undefined;
  let iatMode: 0 | 1 | 2 = 0;
  const warnings: string[] = [];
  for (const [index, token] of rest.entries()) {
    if (index === 0 && /^[0-9A-Fa-f]{40}$/.test(token)) {
      fingerprint = token.toUpperCase();
      continue;
    }
    const eq = token.indexOf('=');
    if (eq <= 0) return fail('bad-bridge-arg', `\`${short(token)}\` is neither a fingerprint nor \`key=value\`.`);
    const key = token.slice(0, eq);
    const value = token.slice(eq + 1);
    if (key === 'cert') cert = value;
    else if (key === 'iat-mode') {
      const mode = parseIntegerIn(value, 0, 2);
      if (mode === undefined) return fail('bad-iat-mode', '`iat-mode` is 0, 1 or 2.');
      iatMode = mode as 0 | 1 | 2;
    } else warnings.push(`The argument \`${short(key)}\` is not used by obfs4 and was left out.`);
  }
  if (cert === undefined) return fail('obfs4-cert-missing', 'The bridge line has no `cert=`; obfs4 needs it.');
  if (base64ByteLength(cert) !== OBFS4_CERT_BYTES)
    return fail('obfs4-cert-invalid', 'The `cert=` value is not an obfs4 certificate (70 base64 characters).');
  return {
    ok: true,
    warnings,
    value: {
      params: {
        kind: 'obfs4',
        host: endpoint.host,
        port: endpoint.port,
        cert: OBFS4_CERT,
        iatMode,
        ...(fingerprint ? { fingerprint } : {}),
      },
      secrets: { [OBFS4_CERT]: cert },
    },
  };
}

/**
 * `tls HOST:PORT sni=NAME`: OpenVPN over TCP wrapped in TLS. The TLS layer is only a disguise (the tunnel
 * inside authenticates the server), so the name is what a censor sees, not what Holdfast trusts.
 */
export function parseTlsLine(tokens: readonly string[]): LineResult {
  const [, endpointText, ...rest] = tokens;
  const endpoint = parseEndpoint(endpointText ?? '');
  if (!endpoint.ok) return fail('bad-endpoint', `The TLS server address is not usable: ${endpoint.reason}.`);
  let sni: string | undefined;
  const warnings: string[] = [];
  for (const token of rest) {
    const eq = token.indexOf('=');
    const key = eq <= 0 ? token : token.slice(0, eq);
    if (key === 'sni' && eq > 0) sni = token.slice(eq + 1);
    else warnings.push(`\`${short(token)}\` is not a TLS disguise option and was left out.`);
  }
  sni ??= isHostName(endpoint.host) ? endpoint.host : undefined;
  if (sni === undefined)
    return fail(
      'tls-sni-missing',
      'The server is an address, so the line needs `sni=NAME` (the name the TLS hello shows).',
    );
  if (!isHostName(sni)) return fail('tls-sni-invalid', `\`${short(sni)}\` is not a host name for \`sni=\`.`);
  return {
    ok: true,
    warnings,
    value: { params: { kind: 'tls', host: endpoint.host, port: endpoint.port, sni }, secrets: {} },
  };
}

export const lineIssue = (file: string, line: number, code: string, message: string): ImportIssue => ({
  file,
  line,
  code,
  message,
});

function short(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return cut.replace(/`/g, "'");
}

const fail = (code: string, message: string): LineResult => ({ ok: false, code, message });
