/**
 * The inline blocks a stored OpenVPN profile can carry. The importer inlines exactly these (from the
 * profile's folder), and the driver writes exactly these into the config it generates.
 */
export const PROFILE_BLOCKS = [
  'ca',
  'cert',
  'key',
  'tls-auth',
  'tls-crypt',
  'tls-crypt-v2',
  'pkcs12',
  'extra-certs',
  'crl-verify',
] as const;

/** Inline `<block>`s OpenVPN accepts in a client profile, and whether their content is secret. */
export const BLOCK_SECRECY: Record<string, 'secret' | 'public'> = {
  ca: 'public',
  cert: 'public',
  'extra-certs': 'public',
  'crl-verify': 'public',
  'peer-fingerprint': 'public',
  key: 'secret',
  'tls-auth': 'secret',
  'tls-crypt': 'secret',
  'tls-crypt-v2': 'secret',
  pkcs12: 'secret',
};

/** Directives whose argument names a file that is read at import and stored as the matching block. */
export const FILE_DIRECTIVES: ReadonlySet<string> = new Set(PROFILE_BLOCKS);
