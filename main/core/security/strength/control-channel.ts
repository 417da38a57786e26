import { reason, type StrengthReason } from './reasons';

/**
 * Rates the TLS control channel from the version and suite OpenVPN reports
 * ("TLSv1.3" + "TLS_AES_256_GCM_SHA384", "TLSv1.2" + "ECDHE-RSA-AES256-GCM-SHA384", or IANA style
 * "TLS-ECDHE-RSA-WITH-AES-256-GCM-SHA384" from mbed TLS builds).
 */
export interface ControlChannelRating {
  /** "TLSv1.3 TLS_AES_256_GCM_SHA384", or null when nothing was reported. */
  description: string | null;
  /** Strength of the suite's bulk cipher, undefined when unknown. */
  securityBits?: number;
  reasons: StrengthReason[];
}

/** 1.3 -> 13, 1.2 -> 12, 1.0 -> 10, SSLv3 -> 3; undefined when unparseable. */
export function tlsVersionNumber(version: string): number | undefined {
  const v = version.trim().toUpperCase();
  if (/^SSL\s*V?3/.test(v)) return 3;
  if (/^SSL\s*V?2/.test(v)) return 2;
  const m = /^TLS\s*V?\s*(\d)(?:\.(\d))?$/.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * 10 + Number(m[2] ?? 0);
}

function suiteCipherBits(suite: string): number | undefined {
  const s = suite.toUpperCase().replace(/_/g, '-');
  if (/CHACHA20/.test(s)) return 256;
  const aes = /AES-?(128|256)/.exec(s);
  if (aes) return Number(aes[1]);
  const camellia = /CAMELLIA-?(128|256)/.exec(s);
  if (camellia) return Number(camellia[1]);
  const aria = /ARIA-?(128|256)/.exec(s);
  if (aria) return Number(aria[1]);
  if (/3DES|DES-CBC3|DES-EDE3/.test(s)) return 64;
  if (/(^|-)DES(-|$)/.test(s) || /EXP|EXPORT/.test(s)) return 40;
  if (/RC4/.test(s)) return 40;
  if (/NULL/.test(s)) return 0;
  return undefined;
}

function isWeakSuite(suite: string): boolean {
  const s = suite.toUpperCase().replace(/_/g, '-');
  return /RC4|NULL|EXP|EXPORT|3DES|DES-CBC3|(^|-)DES(-|$)|MD5|(^|-)ANON|ADH|AECDH/.test(s);
}

function hasForwardSecrecy(suite: string, version: number | undefined): boolean {
  if (version !== undefined && version >= 13) return true;
  const s = suite.toUpperCase().replace(/_/g, '-');
  // TLS 1.3 suite names carry no key exchange: they always use an ephemeral one.
  if (/^TLS-(AES|CHACHA20)/.test(s) && !/WITH/.test(s)) return true;
  return /(^|-)(ECDHE|DHE|EDH)(-|$)/.test(s);
}

function isCbcSuite(suite: string): boolean {
  const s = suite.toUpperCase().replace(/_/g, '-');
  if (/GCM|CCM|CHACHA20|POLY1305/.test(s)) return false;
  return /AES|CAMELLIA|ARIA|SEED/.test(s);
}

export function rateControlChannel(version?: string, suite?: string): ControlChannelRating {
  const parts = [version, suite].filter((p): p is string => p !== undefined && p.trim() !== '');
  if (parts.length === 0) {
    return { description: null, reasons: [reason('control-not-reported', 'info')] };
  }
  const reasons: StrengthReason[] = [];
  const number = version ? tlsVersionNumber(version) : undefined;
  if (version && number !== undefined && number < 12) {
    reasons.push(reason('old-tls', 'insecure', { version: version.trim() }));
  }
  let securityBits: number | undefined;
  if (suite) {
    securityBits = suiteCipherBits(suite);
    if (isWeakSuite(suite)) {
      reasons.push(reason('tls-weak-suite', 'insecure', { suite }));
    } else {
      if (!hasForwardSecrecy(suite, number)) reasons.push(reason('tls-no-forward-secrecy', 'legacy', { suite }));
      if (isCbcSuite(suite)) reasons.push(reason('tls-cbc-suite', 'acceptable', { suite }));
    }
  }
  return { description: parts.join(' '), securityBits, reasons };
}
