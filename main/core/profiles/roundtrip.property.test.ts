import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHostName } from './net-syntax';
import { parseOpenVpn } from './parse-openvpn';
import { parseWireGuard } from './parse-wireguard';
import { quoteOpenVpnParam } from './openvpn-tokenize';
import { serializeOpenVpn } from './serialize-openvpn';
import { serializeWireGuard } from './serialize-wireguard';
import { pem } from './test-support';
import type {
  OpenVpnDirective,
  OpenVpnProfile,
  OpenVpnRemote,
  ParsedProfile,
  ParseResult,
  WireGuardProfile,
} from './types';
import { wireGuardPublicKey } from './wireguard-key';

const RUNS = { numRuns: 150 };
// Generous ceilings: these run hundreds of cases on a shared machine (no speed is asserted).
const CEILING_MS = 60_000;

function withoutWarnings(parsed: ParsedProfile): unknown {
  const { warnings: _w, ...profile } = parsed.profile as ParsedProfile['profile'] & { warnings: unknown };
  return { profile, secrets: parsed.secrets };
}

function mustParse<P extends WireGuardProfile | OpenVpnProfile>(
  result: ParseResult<P>,
  text: string,
): ParsedProfile<P> {
  if (!result.ok) throw new Error(`${result.errors.map((e) => `${e.line}: ${e.message}`).join('\n')}\n---\n${text}`);
  return result.value;
}

// ---------- generators shared by both formats
const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64'));
const domain = fc.domain().filter(isHostName);
const host = fc.oneof(fc.ipV4(), fc.ipV6(), domain);
const port = fc.integer({ min: 1, max: 65535 });
const lineEnd = fc.constantFrom('\n', '\r\n');
const comment = fc.constantFrom('', '# a comment', '   # indented comment', '');

// ---------- WireGuard
const cidr = fc
  .oneof(
    fc.tuple(fc.ipV4(), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined })),
    fc.tuple(fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 }), { nil: undefined })),
  )
  .map(([ip, prefix]) => (prefix === undefined ? ip : `${ip}/${prefix}`));

const wgPeer = fc.record(
  {
    publicKey: key,
    presharedKey: fc.option(key, { nil: undefined }),
    allowedIps: fc.array(cidr, { maxLength: 4 }),
    endpoint: fc.option(fc.record({ host, port }), { nil: undefined }),
    persistentKeepalive: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  },
  { requiredKeys: ['publicKey', 'allowedIps'] },
);

const wgModel = fc.record({
  privateKey: key,
  addresses: fc.array(cidr, { maxLength: 3 }),
  dns: fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { maxLength: 3 }),
  dnsSearch: fc.array(domain, { maxLength: 2 }),
  mtu: fc.option(fc.integer({ min: 576, max: 9000 }), { nil: undefined }),
  listenPort: fc.option(port, { nil: undefined }),
  peers: fc.uniqueArray(wgPeer, { minLength: 1, maxLength: 4, selector: (p) => p.publicKey }),
});
type WgModel = typeof wgModel extends fc.Arbitrary<infer T> ? T : never;

const wgStyle = fc.record({
  eol: lineEnd,
  bom: fc.boolean(),
  eq: fc.constantFrom(' = ', '=', ' =', '=  '),
  keyCase: fc.array(fc.nat(3), { minLength: 16, maxLength: 16 }),
  comment,
  splitLists: fc.boolean(),
});

function renderWireGuard(m: WgModel, s: typeof wgStyle extends fc.Arbitrary<infer T> ? T : never): string {
  let n = 0;
  const k = (word: string) => {
    const variant = s.keyCase[n++ % s.keyCase.length] ?? 0;
    return [word, word.toLowerCase(), word.toUpperCase(), word][variant] as string;
  };
  const lines: string[] = [k('[Interface]'), s.comment, `${k('PrivateKey')}${s.eq}${m.privateKey}`];
  const list = (name: string, items: string[]) => {
    if (items.length === 0) return;
    if (s.splitLists) for (const item of items) lines.push(`${k(name)}${s.eq}${item}`);
    else lines.push(`${k(name)}${s.eq}${items.join(', ')}`);
  };
  list('Address', m.addresses);
  list('DNS', [...m.dns, ...m.dnsSearch]);
  if (m.mtu !== undefined) lines.push(`${k('MTU')}${s.eq}${m.mtu}`);
  if (m.listenPort !== undefined) lines.push(`${k('ListenPort')}${s.eq}${m.listenPort}`);
  for (const peer of m.peers) {
    lines.push('', k('[Peer]'), `${k('PublicKey')}${s.eq}${peer.publicKey}  ${s.comment}`);
    if (peer.presharedKey) lines.push(`${k('PresharedKey')}${s.eq}${peer.presharedKey}`);
    list('AllowedIPs', peer.allowedIps);
    if (peer.endpoint) {
      const h = peer.endpoint.host.includes(':') ? `[${peer.endpoint.host}]` : peer.endpoint.host;
      lines.push(`${k('Endpoint')}${s.eq}${h}:${peer.endpoint.port}`);
    }
    if (peer.persistentKeepalive !== undefined)
      lines.push(`${k('PersistentKeepalive')}${s.eq}${peer.persistentKeepalive}`);
  }
  return `${s.bom ? '\uFEFF' : ''}${lines.join(s.eol)}${s.eol}`;
}

describe('WireGuard round trip (property)', () => {
  it(
    'parse reads what was written, and parse -> serialize -> parse is the identity',
    () => {
      fc.assert(
        fc.property(wgModel, wgStyle, (model, style) => {
          const text = renderWireGuard(model, style);
          const first = mustParse(parseWireGuard(text, 'p.conf'), text);
          expect(first.secrets['interface.privateKey']).toBe(model.privateKey);
          expect(first.profile.interface.publicKey).toBe(wireGuardPublicKey(model.privateKey));
          expect(first.profile.interface.addresses).toEqual(model.addresses);
          expect(first.profile.interface.dns).toEqual(model.dns);
          expect(first.profile.interface.dnsSearch).toEqual(model.dnsSearch);
          expect(first.profile.peers.map((p) => p.publicKey)).toEqual(model.peers.map((p) => p.publicKey));
          expect(first.profile.peers.map((p) => p.endpoint)).toEqual(model.peers.map((p) => p.endpoint));

          const canonical = serializeWireGuard(first);
          const second = mustParse(parseWireGuard(canonical, 'p.conf'), canonical);
          expect(withoutWarnings(second)).toEqual(withoutWarnings(first));
          expect(serializeWireGuard(second)).toBe(canonical);
        }),
        RUNS,
      );
    },
    CEILING_MS,
  );
});

// ---------- OpenVPN
const free = fc.string({
  unit: fc.constantFrom(...'abcXYZ019 -_./:"\'\\#;=,@!'.split('')),
  minLength: 1,
  maxLength: 30,
});
const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/);

const directive: fc.Arbitrary<OpenVpnDirective> = fc.oneof(
  fc
    .constantFrom(
      'nobind',
      'persist-key',
      'persist-tun',
      'float',
      'remote-random',
      'pull',
      'auth-nocache',
      'tls-client',
      'fast-io',
      'route-nopull',
      'allow-pull-fqdn',
      'block-ipv6',
    )
    .map((name) => ({ name, args: [] })),
  fc
    .tuple(
      fc.constantFrom(
        'cipher',
        'auth',
        'tls-cipher',
        'data-ciphers',
        'tls-version-min',
        'resolv-retry',
        'remote-cert-tls',
      ),
      word,
    )
    .map(([name, arg]) => ({ name, args: [arg] })),
  fc
    .tuple(fc.constantFrom('verify-x509-name', 'static-challenge'), free, fc.constantFrom('name', 'subject', '1'))
    .map(([name, a, b]) => ({ name, args: [a, b] })),
  fc
    .tuple(free, fc.option(free, { nil: undefined }))
    .map(([a, b]) => ({ name: 'setenv', args: b === undefined ? [`UV_${a.length}`] : [`UV_X${a.length}`, b] })),
  fc
    .tuple(fc.constantFrom('accept', 'ignore', 'reject'), free)
    .map(([a, b]) => ({ name: 'pull-filter', args: [a, b] })),
  fc.array(word, { minLength: 1, maxLength: 4 }).map((args) => ({ name: 'route', args })),
  fc
    .array(fc.constantFrom('def1', 'ipv6', '!ipv4', 'bypass-dhcp', 'local'), { maxLength: 4 })
    .map((args) => ({ name: 'redirect-gateway', args })),
  fc.integer({ min: 0, max: 100000 }).map((n) => ({ name: 'mute', args: [String(n)] })),
);

const remote: fc.Arbitrary<OpenVpnRemote> = fc
  .record({
    host,
    port,
    proto: fc.constantFrom<'udp' | 'tcp'>('udp', 'tcp'),
    options: fc.option(
      fc.array(
        fc.oneof(
          fc.constant({ name: 'explicit-exit-notify', args: [] as string[] }),
          fc.tuple(domain, port).map(([h, p]) => ({ name: 'http-proxy', args: [h, String(p)] })),
          fc.integer({ min: 1, max: 300 }).map((n) => ({ name: 'connect-timeout', args: [String(n)] })),
        ),
        { minLength: 1, maxLength: 2 },
      ),
      { nil: undefined },
    ),
  })
  .map((r) => (r.options ? r : { host: r.host, port: r.port, proto: r.proto }));

const ovpnModel = fc.record({
  dev: fc.constantFrom('tun', 'tap'),
  directives: fc.array(directive, { maxLength: 10 }),
  remotes: fc.array(remote, { minLength: 1, maxLength: 4 }),
  keyDirection: fc.option(fc.constantFrom<0 | 1>(0, 1), { nil: undefined }),
  authUserPass: fc.boolean(),
  identity: fc.boolean(),
  wrap: fc.constantFrom('none', 'tls-auth', 'tls-crypt'),
});
type OvpnModel = typeof ovpnModel extends fc.Arbitrary<infer T> ? T : never;

const ovpnStyle = fc.record({
  eol: lineEnd,
  bom: fc.boolean(),
  dashes: fc.boolean(),
  comment: fc.constantFrom('', '# comment', '; comment', '  ; indented'),
  trailing: fc.constantFrom('', ' # trailing', ' ; trailing'),
  quoteAll: fc.boolean(),
});

function renderOpenVpn(m: OvpnModel, s: typeof ovpnStyle extends fc.Arbitrary<infer T> ? T : never): string {
  const q = (arg: string) => (s.quoteAll && !/["\\]/.test(arg) ? `"${arg}"` : quoteOpenVpnParam(arg));
  const line = (d: OpenVpnDirective) => `${s.dashes ? '--' : ''}${[d.name, ...d.args.map(q)].join(' ')}${s.trailing}`;
  const lines = [s.comment, line({ name: 'dev', args: [m.dev] }), ...m.directives.map(line)];
  if (m.keyDirection !== undefined) lines.push(line({ name: 'key-direction', args: [String(m.keyDirection)] }));
  if (m.authUserPass) lines.push(line({ name: 'auth-user-pass', args: [] }));
  for (const r of m.remotes) {
    const remoteLine = line({ name: 'remote', args: [r.host, String(r.port), r.proto] });
    if (r.options) lines.push('<connection>', remoteLine, ...r.options.map(line), '</connection>');
    else lines.push(remoteLine);
  }
  lines.push('<ca>', pem.ca.trimEnd(), '</ca>');
  if (m.identity) lines.push('<cert>', pem.cert.trimEnd(), '</cert>', '<key>', pem.key.trimEnd(), '</key>');
  if (m.wrap !== 'none') lines.push(`<${m.wrap}>`, pem.ta.trimEnd(), `</${m.wrap}>`);
  return `${s.bom ? '\uFEFF' : ''}${lines.join(s.eol)}${s.eol}`;
}

describe('OpenVPN round trip (property)', () => {
  it(
    'parse reads what was written, and parse -> serialize -> parse is the identity',
    async () => {
      await fc.assert(
        fc.asyncProperty(ovpnModel, ovpnStyle, async (model, style) => {
          const text = renderOpenVpn(model, style);
          const first = mustParse(await parseOpenVpn(text, 'p.ovpn'), text);
          expect(first.profile.directives).toEqual([{ name: 'dev', args: [model.dev] }, ...model.directives]);
          expect(first.profile.remotes).toEqual(model.remotes);
          expect(first.profile.keyDirection).toBe(model.keyDirection);
          expect(first.profile.authUserPass).toBe(model.authUserPass);

          const canonical = serializeOpenVpn(first);
          const second = mustParse(await parseOpenVpn(canonical, 'p.ovpn'), canonical);
          expect(withoutWarnings(second)).toEqual(withoutWarnings(first));
          expect(serializeOpenVpn(second)).toBe(canonical);
        }),
        RUNS,
      );
    },
    CEILING_MS,
  );
});

// ---------- arbitrary input
const soup = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('\n', '\r\n', ' ', '\t', '"', "'", '\\', '#', ';', '=', '[', ']', ':', '/', '..', '--'),
      fc.constantFrom(
        '<ca>',
        '</ca>',
        '<connection>',
        '</connection>',
        '<key>',
        '</tls-crypt>',
        '-----BEGIN CERTIFICATE-----',
      ),
      fc.constantFrom(
        'remote',
        'up',
        'setenv opt',
        'ca ../x',
        '[Interface]',
        '[Peer]',
        'PrivateKey',
        'Endpoint',
        'PostUp',
        'dev',
        'proto',
      ),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''));

describe('arbitrary input (property)', () => {
  it(
    'neither parser throws, rejects, or hits its internal safety net',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), soup), async (text) => {
          for (const result of [parseWireGuard(text, 'x.conf'), await parseOpenVpn(text, 'x.ovpn')]) {
            if (result.ok) continue;
            expect(result.errors.length).toBeGreaterThan(0);
            expect(result.errors.length).toBeLessThanOrEqual(51);
            expect(result.errors.map((e) => e.code)).not.toContain('unreadable');
          }
        }),
        { numRuns: 400 },
      );
    },
    CEILING_MS,
  );
});
