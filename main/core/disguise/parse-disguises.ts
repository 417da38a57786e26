import { quoteLine } from '../profiles/issues';
import { MAX_ISSUES } from '../profiles/limits';
import { checkTextSize, splitLines, stripBom } from '../profiles/text-input';
import { lineIssue, parseObfs4Line, parseTlsLine, type LineResult } from './bridge-lines';
import { parseShadowsocksUri } from './shadowsocks-uri';
import { looksLikeSip008, parseSip008 } from './sip008';
import type { DisguiseParseResult } from './types';

/** Longer than any real link or bridge line; a longer line is refused without being read. */
const MAX_LINE = 4096;
export const MAX_DISGUISES_PER_FILE = 2000;

/**
 * True when a file holds disguises rather than a VPN profile: a SIP008 document, or a text file whose first
 * meaningful line is an `ss://` link, an `obfs4` or `tls` line. The importer asks this before the profile parsers.
 */
export function looksLikeDisguises(text: string, strict = false): boolean {
  const clean = stripBom(text);
  if (looksLikeSip008(clean, strict)) return true;
  for (const { text: line } of splitLines(clean.slice(0, 64 * 1024))) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^(ss:\/\/|obfs4\s|tls\s|bridge\s+obfs4\s)/i.test(trimmed);
  }
  return false;
}

/**
 * Reads a SIP008 document or a list of lines (`ss://…`, `obfs4 …`, `tls …`; `#` starts a comment line).
 * Never throws. A bad line is refused with its number and the reason; the others still import.
 */
export function parseDisguises(file: string, input: string): DisguiseParseResult {
  const result: DisguiseParseResult = { disguises: [], errors: [], warnings: [] };
  const sizeProblem = checkTextSize(input);
  if (sizeProblem) {
    result.errors.push({ file, ...sizeProblem });
    return result;
  }
  const text = stripBom(input);
  // Anything that opens like JSON is read as a SIP008 document, so a broken one is refused as JSON, by field.
  if (text.trimStart().startsWith('{')) return parseSip008(file, text);

  for (const { number, text: raw } of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (result.errors.length >= MAX_ISSUES) break;
    if (line.length > MAX_LINE) {
      result.errors.push(
        lineIssue(file, number, 'line-too-long', `Line ${number} is longer than ${MAX_LINE} characters.`),
      );
      continue;
    }
    if (result.disguises.length >= MAX_DISGUISES_PER_FILE) {
      result.errors.push(
        lineIssue(file, number, 'too-many', `Only ${MAX_DISGUISES_PER_FILE} disguises are read from one file.`),
      );
      break;
    }
    const parsed = parseLine(line);
    if (!parsed.ok) {
      result.errors.push(
        lineIssue(file, number, parsed.code, `Line ${number} (${quoteLine(redact(line), 60)}): ${parsed.message}`),
      );
      continue;
    }
    for (const warning of parsed.warnings)
      result.warnings.push(lineIssue(file, number, 'left-out', `Line ${number}: ${warning}`));
    result.disguises.push({ ...parsed.value, line: number });
  }
  return result;
}

function parseLine(line: string): LineResult {
  if (line.startsWith('ss://')) {
    const uri = parseShadowsocksUri(line.split(/\s/)[0] ?? '');
    return uri.ok ? { ok: true, value: uri.value, warnings: [] } : uri;
  }
  const tokens = line.split(/\s+/);
  if (tokens[0]?.toLowerCase() === 'bridge') tokens.shift();
  const kind = tokens[0]?.toLowerCase();
  if (kind === 'obfs4') return parseObfs4Line(tokens);
  if (kind === 'tls') return parseTlsLine(tokens);
  return {
    ok: false,
    code: 'unknown-line',
    message:
      'expected an `ss://` link, an `obfs4 HOST:PORT cert=… iat-mode=N` bridge line or `tls HOST:PORT sni=NAME`.',
  };
}

/** Messages quote the line; its secret parts (userinfo, cert) are replaced so a refusal never shows them. */
function redact(line: string): string {
  return line
    .replace(/^ss:\/\/[^@#\s]*@/, 'ss://…@')
    .replace(/^ss:\/\/[A-Za-z0-9+/_=-]{12,}/, 'ss://…')
    .replace(/cert=\S+/g, 'cert=…');
}
