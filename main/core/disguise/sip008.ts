import { parseEndpoint } from '../profiles/net-syntax';
import type { ImportIssue } from '../profiles/types';
import { methodRefusal, SHADOWSOCKS_PASSWORD } from './shadowsocks-uri';
import { isShadowsocksMethod, type DisguiseParseResult, type ParsedDisguise } from './types';

/** A subscription lists a provider's servers; more than this is not a subscription a person uses. */
export const MAX_SIP008_SERVERS = 2000;

/** True when the text is a JSON object with a `servers` array: the shape of a SIP008 document. */
export function looksLikeSip008(text: string, strict = false): boolean {
  const start = text.trimStart();
  if (!start.startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(start);
    if (!isRecord(value) || !Array.isArray(value.servers)) return false;
    // Strict, for JSON found in a folder: a provider's own server list has `servers` too; SIP008 says its version
    // or its entries name a `server_port`.
    return !strict || value.version === 1 || value.servers.some((entry) => isRecord(entry) && 'server_port' in entry);
  } catch {
    return false;
  }
}

/**
 * SIP008 (`{"version": 1, "servers": [{server, server_port, password, method, remarks, plugin}]}`). Each entry
 * is checked alone: a bad entry is refused by its field (`servers[3].method`), the good ones still import.
 */
export function parseSip008(file: string, text: string): DisguiseParseResult {
  const result: DisguiseParseResult = { disguises: [], errors: [], warnings: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text, (error as Error).message);
    result.errors.push({ file, line, code: 'bad-json', message: `Line ${line}: the file is not valid JSON.` });
    return result;
  }
  if (!isRecord(doc) || !Array.isArray(doc.servers)) {
    result.errors.push(
      issue(file, 'not-sip008', 'The JSON has no `servers` list, so it is not a SIP008 document.', 'servers'),
    );
    return result;
  }
  if (doc.version !== undefined && doc.version !== 1)
    result.warnings.push(
      issue(file, 'sip008-version', `SIP008 version ${String(doc.version)} is newer than 1; read as 1.`),
    );
  if (doc.servers.length > MAX_SIP008_SERVERS) {
    result.errors.push(
      issue(
        file,
        'too-many',
        `The document lists ${doc.servers.length} servers; at most ${MAX_SIP008_SERVERS} are read.`,
      ),
    );
    return result;
  }
  doc.servers.forEach((entry, index) => {
    const field = `servers[${index}]`;
    const parsed = parseEntry(entry, field);
    if ('message' in parsed) result.errors.push(issue(file, parsed.code, parsed.message, parsed.field));
    else result.disguises.push(parsed);
  });
  return result;
}

type EntryError = { code: string; message: string; field: string };

function parseEntry(entry: unknown, field: string): ParsedDisguise | EntryError {
  const bad = (name: string, code: string, message: string): EntryError => ({
    code,
    message: `${field}.${name}: ${message}`,
    field: `${field}.${name}`,
  });
  if (!isRecord(entry)) return { code: 'bad-entry', message: `${field} is not an object.`, field };
  const { server, server_port: port, password, method, remarks, plugin } = entry;
  if (typeof plugin === 'string' && plugin.trim() !== '')
    return bad(
      'plugin',
      'plugin-unsupported',
      `the plugin \`${plugin.slice(0, 40)}\` is not supported; the entry was left out.`,
    );
  if (typeof server !== 'string') return bad('server', 'bad-endpoint', 'missing or not text.');
  if (typeof port !== 'number' || !Number.isInteger(port))
    return bad('server_port', 'bad-endpoint', 'not a port number.');
  const hostPort = server.includes(':') ? `[${server}]:${port}` : `${server}:${port}`;
  const endpoint = parseEndpoint(hostPort);
  if (!endpoint.ok) return bad('server', 'bad-endpoint', `${endpoint.reason}.`);
  if (typeof method !== 'string') return bad('method', 'ss-method', 'missing or not text.');
  const lower = method.toLowerCase();
  if (!isShadowsocksMethod(lower)) return bad('method', 'ss-method', methodRefusal(method));
  if (typeof password !== 'string' || password.length === 0)
    return bad('password', 'bad-ss-userinfo', 'missing or empty.');
  const label = typeof remarks === 'string' ? remarks.trim().slice(0, 80) : '';
  return {
    field,
    params: {
      kind: 'shadowsocks',
      host: endpoint.host,
      port: endpoint.port,
      method: lower,
      password: SHADOWSOCKS_PASSWORD,
      ...(label ? { label } : {}),
    },
    secrets: { [SHADOWSOCKS_PASSWORD]: password },
  };
}

function issue(file: string, code: string, message: string, directive?: string): ImportIssue {
  return { file, code, message, ...(directive ? { directive } : {}) };
}

/** The line JSON.parse stopped at (its message gives a character position), else the last line. */
function jsonErrorLine(text: string, message: string): number {
  const match = /position (\d+)/.exec(message);
  const end = match ? Number(match[1]) : text.length;
  return text.slice(0, end).split('\n').length;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
