/** The plain-language reasons an OpenVPN directive is refused or left out, shared by policy and parser. */
export type RefusedClass =
  | 'runs-program'
  | 'loads-code'
  | 'reads-file'
  | 'writes-file'
  | 'server-only'
  | 'standalone-mode'
  | 'unsupported'
  | 'unknown-directive';

export type DroppedClass = 'owned-by-holdfast' | 'windows-only' | 'obsolete';

/** The sentence after the quoted line, per class. Directive entries below may give a sharper one. */
export const CLASS_REASONS: Record<RefusedClass | DroppedClass, string> = {
  'runs-program':
    'would run a program as administrator; Holdfast never runs programs named in a profile, so remove this line to import the file',
  'loads-code':
    'would load code into OpenVPN, which runs as administrator; Holdfast does not allow that, so remove this line to import the file',
  'reads-file':
    'would make OpenVPN read a file as administrator; Holdfast only uses files that were part of the import, so remove this line or paste the content inline',
  'writes-file':
    'would make OpenVPN write a file as administrator; Holdfast does not allow that, so remove this line to import the file',
  'server-only': 'is a server setting; Holdfast imports client profiles only',
  'standalone-mode': 'starts a separate OpenVPN tool instead of a connection; it does not belong in a profile',
  unsupported: 'is not supported by Holdfast',
  'unknown-directive':
    'is not an OpenVPN client setting Holdfast recognises; unknown settings are refused because the profile is handed to a program that runs as administrator',
  'owned-by-holdfast': 'is managed by Holdfast, so it was left out',
  'windows-only': 'only applies to Windows, so it was left out',
  obsolete: 'has no effect in current OpenVPN versions, so it was left out',
};

/** `up`/`down` scripts mostly exist to push DNS servers into resolv.conf; say so when that is what they do. */
export function runsProgramReason(name: string, args: string[]): string {
  const target = args.join(' ').toLowerCase();
  if ((name === 'up' || name === 'down') && /resolv|dns|systemd-resolved/.test(target)) {
    return 'would run a program as administrator; Holdfast manages DNS itself, so this line is not needed';
  }
  return CLASS_REASONS['runs-program'];
}

export const CREDENTIALS_FILE_REASON =
  'names a file with your user name and password; Holdfast asks for them when you connect and keeps them sealed, so write `auth-user-pass` alone (without the file name)';
export const SETENV_REASON =
  'sets a variable for scripts; Holdfast runs no scripts, and other variables change how OpenVPN behaves, so only IV_ and UV_ variables (and CLIENT_CERT 0) are accepted';
export const COMPRESSION_REASON =
  'asks for compression, which leaks information about encrypted traffic (the VORACLE attack); Holdfast keeps only the framing the server expects and never compresses';
export const PROXY_AUTH_REASON =
  'gives the proxy a credentials file or an interactive login; Holdfast supports proxies without a password only, so remove the extra parameters';
