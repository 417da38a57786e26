import { IssueCollector } from './issues';
import { describesPrivateKeyPassphrase, normalizeBlock } from './openvpn-blocks';
import { emptyDraft, OpenVpnReporter, type BlockDraft, type OpenVpnDraft } from './openvpn-draft';
import { READ_REASONS, type SiblingReader } from './openvpn-files';
import { OpenVpnInterpreter } from './openvpn-interpret';
import { BLOCK_SECRECY } from './openvpn-block-kinds';
import { readOpenVpnItems } from './openvpn-reader';
import { checkTextSize } from './text-input';
import type { OpenVpnBlock, OpenVpnDirective, OpenVpnProfile, OpenVpnRemote, ParseResult } from './types';

export type { SiblingReader, SiblingReadResult } from './openvpn-files';

export const openVpnBlockRef = (name: string): string => `block.${name}`;

/** What OpenVPN 2.6 negotiates when a profile names no data ciphers. */
export const DEFAULT_DATA_CIPHERS = ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'];

/**
 * Parses an .ovpn profile into Holdfast's normalized form: tokenized as OpenVPN does, every directive
 * checked against openvpn-policy.ts, referenced files inlined (through `siblings`, only from the
 * profile's folder), keys moved to `secrets`. Never throws; errors carry file, line, column, directive.
 */
export async function parseOpenVpn(
  text: string,
  fileName: string,
  siblings?: SiblingReader,
): Promise<ParseResult<OpenVpnProfile>> {
  const issues = new IssueCollector(fileName);
  try {
    return await parse(text, issues, siblings);
  } catch {
    issues.error('unreadable', 'This file could not be read as an OpenVPN profile.');
    return { ok: false, errors: issues.finalErrors() };
  }
}

async function parse(
  text: string,
  issues: IssueCollector,
  siblings?: SiblingReader,
): Promise<ParseResult<OpenVpnProfile>> {
  const sizeProblem = checkTextSize(text);
  if (sizeProblem) {
    issues.error(sizeProblem.code, sizeProblem.message);
    return { ok: false, errors: issues.finalErrors() };
  }
  const draft = emptyDraft();
  const report = new OpenVpnReporter(issues);
  const interpreter = new OpenVpnInterpreter(draft, report, siblings !== undefined);

  for (const item of readOpenVpnItems(text, issues)) {
    if (issues.saturated) break;
    if (item.type === 'directive') interpreter.directive(item.directive);
    else if (item.type === 'block') interpreter.block(item.block);
    else interpreter.connection(item.connection);
  }
  interpreter.resolveRemotes();
  if (siblings && !issues.saturated) await readReferencedFiles(draft, siblings, report);
  // Completeness checks after other errors mostly restate them (a refused `cert` line "has no key").
  if (!issues.hasErrors) checkWhole(draft, report);
  if (issues.hasErrors) return { ok: false, errors: issues.finalErrors() };

  const secrets: Record<string, string> = {};
  const blocks: OpenVpnBlock[] = draft.blocks.map((b) => {
    const content = b.content ?? '';
    if (BLOCK_SECRECY[b.name] === 'secret') {
      const ref = openVpnBlockRef(b.name);
      secrets[ref] = content;
      return { name: b.name, secret: ref };
    }
    return { name: b.name, text: content };
  });
  const key = draft.blocks.find((b) => b.name === 'key');
  if (key?.content && describesPrivateKeyPassphrase(key.content)) {
    report.warnAt(
      'key-passphrase',
      'The private key is protected by a passphrase; Holdfast will ask for it when you connect.',
      {
        line: key.line,
        directive: 'key',
      },
    );
  }

  const remotes: OpenVpnRemote[] = draft.remotes.map((r) => {
    const remote: OpenVpnRemote = { host: r.host, port: r.port ?? 1194, proto: r.proto ?? 'udp' };
    if (r.options.length > 0) remote.options = r.options;
    return remote;
  });
  const warnings = issues.finalWarnings();
  const profile: ParseResult<OpenVpnProfile> & { ok: true } = {
    ok: true,
    value: {
      profile: {
        kind: 'openvpn',
        warnings,
        remotes,
        directives: draft.directives,
        blocks,
        authUserPass: draft.authUserPass,
        ...cipherSummary(draft.directives),
      },
      secrets,
      warnings,
    },
  };
  const direction = draft.tlsAuthDirection ?? draft.keyDirection;
  if (direction) profile.value.profile.keyDirection = direction.value;
  return profile;
}

async function readReferencedFiles(
  draft: OpenVpnDraft,
  siblings: SiblingReader,
  report: OpenVpnReporter,
): Promise<void> {
  for (const block of draft.blocks) {
    if (block.filePath === undefined) continue;
    const at = { line: block.line, column: block.column, directive: block.name };
    const quote = quoteOf(block);
    const read = await siblings.read(block.filePath);
    delete block.filePath;
    if (!read.ok) {
      const outside = read.reason === READ_REASONS.outside || read.reason === READ_REASONS.linkOutside;
      report.errorAt(
        outside ? 'file-outside-folder' : 'file-unusable',
        `${quote} could not be used: ${read.reason}.`,
        at,
      );
      continue;
    }
    const content =
      block.name === 'pkcs12' && read.bytes
        ? Buffer.from(read.bytes).toString('base64')
        : read.text.replace(/\r\n/g, '\n');
    const checked = normalizeBlock(block.name, content);
    if (!checked.ok) {
      report.errorAt('invalid-block', `${quote}: the file cannot be used: ${checked.reason}.`, at);
      continue;
    }
    block.content = checked.text;
  }
}

/** Checks that need the whole file: a server to reach, a way to verify it, consistent keys. */
function checkWhole(draft: OpenVpnDraft, report: OpenVpnReporter): void {
  const has = (name: string) => draft.blocks.some((b) => b.name === name);
  for (const ref of draft.inlineRefs) {
    if (!has(ref.name)) {
      report.errorAt(
        'missing-block',
        `\`${ref.text.trim()}\` points to an inline \`<${ref.name}>\` block, but there is none.`,
        {
          line: ref.line,
          column: ref.column,
          directive: ref.name,
        },
      );
    }
  }
  if (draft.remotes.length === 0) {
    report.errorAt('no-remote', 'The profile has no `remote` line, so there is no server to connect to.', {});
  }
  const hasFingerprint = has('peer-fingerprint') || draft.directives.some((d) => d.name === 'peer-fingerprint');
  if (!has('ca') && !has('pkcs12') && !hasFingerprint) {
    report.errorAt('no-ca', 'The profile has no CA certificate (`<ca>`), so the server could not be verified.', {});
  }
  if (has('cert') !== has('key')) {
    report.errorAt(
      'incomplete-identity',
      has('cert')
        ? 'The profile has a client certificate but no private key (`<key>`).'
        : 'The profile has a private key but no client certificate (`<cert>`).',
      {},
    );
  }
  const wraps = ['tls-auth', 'tls-crypt', 'tls-crypt-v2'].filter(has);
  if (wraps.length > 1) {
    report.errorAt(
      'conflicting-keys',
      `Only one of ${wraps.map((w) => `\`<${w}>\``).join(', ')} can be used; keep one.`,
      {},
    );
  }
  if (draft.tlsAuthDirection && draft.keyDirection && draft.tlsAuthDirection.value !== draft.keyDirection.value) {
    report.errorAt(
      'conflicting-keys',
      `\`key-direction ${draft.keyDirection.value}\` contradicts the direction given to \`tls-auth\` on line ${draft.tlsAuthDirection.line}.`,
      { line: draft.keyDirection.line, directive: 'key-direction' },
    );
  }
  resolveDev(draft, report);
}

function resolveDev(draft: OpenVpnDraft, report: OpenVpnReporter): void {
  if (!draft.dev) {
    const type = draft.devType ?? 'tun';
    draft.directives.unshift({ name: 'dev', args: [type] });
    if (!draft.devType) report.warnAt('assumed', 'The profile has no `dev` line; Holdfast assumes `dev tun`.', {});
    return;
  }
  const { directive, name, line, text } = draft.dev;
  const inferred = name.startsWith('tun') ? 'tun' : name.startsWith('tap') ? 'tap' : undefined;
  const type = draft.devType ?? inferred;
  if (!type) {
    report.errorAt(
      'bad-arguments',
      `\`${text.trim()}\` does not say whether it is a tun or tap device; add \`dev-type tun\`.`,
      {
        line,
        directive: 'dev',
      },
    );
    return;
  }
  directive.args = [type];
  if (name !== type) {
    report.warnAt(
      'owned-by-holdfast',
      `\`${text.trim()}\` names the network interface; Holdfast picks interface names itself, so it was kept as \`dev ${type}\`.`,
      { line, directive: 'dev' },
    );
  }
}

function cipherSummary(
  directives: OpenVpnDirective[],
): Pick<OpenVpnProfile, 'dataCiphers' | 'dataCiphersFallback' | 'auth'> {
  const last = (name: string) => directives.filter((d) => d.name === name).at(-1)?.args[0];
  const listed = last('data-ciphers') ?? last('ncp-ciphers');
  // A leading `?` marks a cipher as optional (2.6); the summary lists what may be negotiated.
  const dataCiphers = listed
    ? listed
        .split(':')
        .map((c) => c.replace(/^\?/, ''))
        .filter((c) => c !== '')
    : [...DEFAULT_DATA_CIPHERS];
  // OpenVPN 2.6 ignores --cipher for negotiation unless --compat-mode asks for a version before 2.5.
  const cipher = last('cipher');
  const compat = last('compat-mode');
  const oldPeer = compat !== undefined && /^2\.[0-4](\.|$)/.test(compat);
  if (oldPeer && cipher && !dataCiphers.some((c) => c.toUpperCase() === cipher.toUpperCase())) dataCiphers.push(cipher);
  const summary: Pick<OpenVpnProfile, 'dataCiphers' | 'dataCiphersFallback' | 'auth'> = { dataCiphers };
  const fallback = last('data-ciphers-fallback');
  if (fallback) summary.dataCiphersFallback = fallback;
  const auth = last('auth');
  if (auth) summary.auth = auth;
  return summary;
}

function quoteOf(block: BlockDraft): string {
  const text = block.text.trim();
  return `\`${text.length > 90 ? `${text.slice(0, 89)}…` : text.replace(/`/g, "'")}\``;
}
