/**
 * Checks and normalizes the content of inline blocks (and of the files referenced in their place): a
 * `<ca>` must hold certificates, a `<key>` one private key, a `<tls-crypt>` an OpenVPN static key, and
 * so on. Text around PEM sections (openssl's human-readable dumps) is dropped, line ends become LF.
 * Line-based and linear, so a hostile block cannot make it slow.
 */
export type BlockCheck = { ok: true; text: string } | { ok: false; reason: string };

interface PemSection {
  type: string;
  body: string[];
}

const CERTIFICATE_TYPES = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const PRIVATE_KEY_TYPES = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const STATIC_KEY = 'OpenVPN Static key V1';
const TLS_CRYPT_V2_CLIENT = 'OpenVPN tls-crypt-v2 client key';

interface Expectation {
  types: (type: string) => boolean;
  count: 'one' | 'some';
  what: string;
}

const EXPECTED: Record<string, Expectation> = {
  ca: { types: (t) => CERTIFICATE_TYPES.has(t), count: 'some', what: 'PEM certificates' },
  'extra-certs': { types: (t) => CERTIFICATE_TYPES.has(t), count: 'some', what: 'PEM certificates' },
  cert: { types: (t) => CERTIFICATE_TYPES.has(t), count: 'some', what: 'a PEM certificate' },
  key: { types: (t) => PRIVATE_KEY_TYPES.has(t), count: 'one', what: 'one PEM private key' },
  'tls-auth': { types: (t) => t === STATIC_KEY, count: 'one', what: `one "${STATIC_KEY}"` },
  'tls-crypt': { types: (t) => t === STATIC_KEY, count: 'one', what: `one "${STATIC_KEY}"` },
  'tls-crypt-v2': { types: (t) => t === TLS_CRYPT_V2_CLIENT, count: 'one', what: `one "${TLS_CRYPT_V2_CLIENT}"` },
  'crl-verify': { types: (t) => t === 'X509 CRL', count: 'some', what: 'a PEM certificate revocation list' },
};

export function normalizeBlock(name: string, text: string): BlockCheck {
  const lines = text.split('\n');
  if (name === 'pkcs12') return normalizeBase64(lines);
  if (name === 'peer-fingerprint') return normalizeFingerprints(lines);
  const expected = EXPECTED[name];
  if (!expected) return { ok: false, reason: 'this block is not accepted inline' };

  const scan = scanPem(lines);
  if (!scan.ok) return scan;
  const sections = scan.sections;
  if (sections.length === 0) return { ok: false, reason: `it should hold ${expected.what}, but holds none` };
  const stray = sections.find((s) => !expected.types(s.type));
  if (stray) return { ok: false, reason: `it should hold ${expected.what}, not "${stray.type}"` };
  if (expected.count === 'one' && sections.length > 1) {
    return { ok: false, reason: `it should hold ${expected.what}, but holds ${sections.length}` };
  }
  const out = sections.map((s) => `-----BEGIN ${s.type}-----\n${s.body.join('\n')}\n-----END ${s.type}-----\n`);
  return { ok: true, text: out.join('') };
}

export function describesPrivateKeyPassphrase(text: string): boolean {
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED');
}

type Scan = { ok: true; sections: PemSection[] } | { ok: false; reason: string };

function scanPem(lines: string[]): Scan {
  const sections: PemSection[] = [];
  let open: PemSection | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (!open) {
      const begin = /^-----BEGIN ([A-Za-z0-9 -]{1,60}?)-----$/.exec(line);
      if (begin) open = { type: begin[1] ?? '', body: [] };
      else if (line.startsWith('-----')) return { ok: false, reason: `it has a malformed PEM line` };
      // Anything else outside a PEM section is human-readable text that OpenSSL skips too.
      continue;
    }
    const end = /^-----END ([A-Za-z0-9 -]{1,60}?)-----$/.exec(line);
    if (end) {
      if (end[1] !== open.type) return { ok: false, reason: `a "${open.type}" section ends as "${end[1]}"` };
      while (open.body.length > 0 && open.body[open.body.length - 1] === '') open.body.pop();
      if (!open.body.some((l) => l !== '' && !l.includes(':'))) {
        return { ok: false, reason: `its "${open.type}" section is empty` };
      }
      sections.push(open);
      open = undefined;
      continue;
    }
    // Body: base64 (or hex for static keys), plus RFC 1421 headers of traditionally encrypted keys.
    if (/^[A-Za-z0-9+/=]*$/.test(line) || /^[A-Za-z-]{1,40}: [ -~]{0,200}$/.test(line)) {
      if (line !== '' || open.body.length > 0) open.body.push(line);
    } else {
      return { ok: false, reason: `its "${open.type}" section contains characters that do not belong in PEM` };
    }
  }
  if (open) return { ok: false, reason: `its "${open.type}" section is never closed` };
  return { ok: true, sections };
}

function normalizeBase64(lines: string[]): BlockCheck {
  const joined = lines.map((l) => l.trim()).join('');
  if (joined === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(joined) || joined.length % 4 !== 0) {
    return { ok: false, reason: 'it should hold a base64-encoded PKCS#12 bundle' };
  }
  const wrapped: string[] = [];
  for (let i = 0; i < joined.length; i += 64) wrapped.push(joined.slice(i, i + 64));
  return { ok: true, text: `${wrapped.join('\n')}\n` };
}

const FINGERPRINT = /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/;

function normalizeFingerprints(lines: string[]): BlockCheck {
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (!FINGERPRINT.test(line))
      return { ok: false, reason: 'each line should be a SHA-256 fingerprint (32 hex pairs)' };
    kept.push(line);
  }
  if (kept.length === 0) return { ok: false, reason: 'it holds no fingerprint' };
  return { ok: true, text: `${kept.join('\n')}\n` };
}

export function isFingerprint(value: string): boolean {
  return FINGERPRINT.test(value);
}
