import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind } from './importer';
import { parseOpenVpn } from './parse-openvpn';
import { parseWireGuard } from './parse-wireguard';
import { serializeOpenVpn } from './serialize-openvpn';
import { serializeWireGuard } from './serialize-wireguard';
import { diskSiblingReader } from './sibling-readers';
import type { OpenVpnProfile, ParseResult, ParsedProfile, WireGuardProfile } from './types';

const CORPUS = path.join(import.meta.dirname, '__corpus__');

function profilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...profilesIn(full));
    else if (/\.(conf|ovpn)$/.test(name)) out.push(full);
  }
  return out;
}

async function parseFile(file: string, withSiblings: boolean): Promise<ParseResult> {
  const text = readFileSync(file, 'utf8');
  const name = path.relative(CORPUS, file);
  return detectKind(file, text) === 'wireguard'
    ? parseWireGuard(text, name)
    : parseOpenVpn(text, name, withSiblings ? diskSiblingReader(file) : undefined);
}

/** `# expect: code=runs-program line=7 directive=up message="..."` on the first line of a hostile file. */
function expectation(file: string): Record<string, string> {
  const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
  expect(first.startsWith('# expect: '), `${file} starts with an expectation`).toBe(true);
  const fields: Record<string, string> = {};
  for (const m of first.slice('# expect: '.length).matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    fields[m[1] as string] = (m[2] ?? m[3] ?? '').replace(/\\"/g, '"');
  }
  return fields;
}

function expectedWarnings(file: string): string[] {
  const header =
    readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0] ?? '';
  const m = /^# expect-warnings:(.*)$/.exec(header);
  expect(m, `${file} declares its expected warnings`).not.toBeNull();
  return (m?.[1] ?? '').trim().split(/\s+/).filter(Boolean).sort();
}

function withoutWarnings(parsed: ParsedProfile): unknown {
  const { warnings: _w, ...profile } = parsed.profile as ParsedProfile['profile'] & { warnings: unknown };
  return { profile, secrets: parsed.secrets };
}

function serialize(parsed: ParsedProfile): string {
  return parsed.profile.kind === 'wireguard'
    ? serializeWireGuard(parsed as ParsedProfile<WireGuardProfile>)
    : serializeOpenVpn(parsed as ParsedProfile<OpenVpnProfile>);
}

describe('valid corpus: the shapes providers ship import', () => {
  for (const file of profilesIn(path.join(CORPUS, 'valid'))) {
    const name = path.relative(CORPUS, file);
    it(name, async () => {
      const result = await parseFile(file, true);
      if (!result.ok) expect.fail(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
      const codes = [...new Set(result.value.warnings.map((w) => w.code))].sort();
      expect(codes).toEqual(expectedWarnings(file));

      // The canonical text reads back to the same profile.
      const again = await (result.value.profile.kind === 'wireguard'
        ? parseWireGuard(serialize(result.value), name)
        : parseOpenVpn(serialize(result.value), name));
      if (!again.ok) expect.fail(again.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
      expect(withoutWarnings(again.value)).toEqual(withoutWarnings(result.value));
      expect(again.value.warnings.filter((w) => w.code !== 'compression-disabled' && w.code !== 'deprecated')).toEqual(
        [],
      );
    });
  }
});

describe('hostile corpus: refused with the expected reason', () => {
  for (const file of profilesIn(path.join(CORPUS, 'hostile'))) {
    const name = path.relative(CORPUS, file);
    for (const withSiblings of [false, true]) {
      it(`${name}${withSiblings ? ' (read from disk, neighbours allowed)' : ''}`, async () => {
        const expected = expectation(file);
        const result = await parseFile(file, withSiblings);
        if (result.ok) expect.fail('the file was accepted');
        const match = result.errors.find(
          (e) =>
            e.code === expected['code'] &&
            (expected['line'] === undefined || e.line === Number(expected['line'])) &&
            (expected['directive'] === undefined || e.directive === expected['directive']),
        );
        expect(match, JSON.stringify(result.errors, null, 1)).toBeDefined();
        if (expected['message']) expect(match?.message).toContain(expected['message']);
        for (const error of result.errors) expect(error.file).toBe(name);
      });
    }
  }
});
