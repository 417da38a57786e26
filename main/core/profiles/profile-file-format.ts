import { HoldfastError } from '../errors';
import type { Vault } from '../security/vault';
import type { ParsedProfile, Profile } from './types';

const FORMAT = 1;

/** `<id>.json`: the profile without any secret value. */
interface ProfileFile {
  format: typeof FORMAT;
  profile: Profile;
}

/** `<id>.secrets.json`: each secret value sealed through the Vault. */
interface SecretsFile {
  format: typeof FORMAT;
  /** Which vault sealed the values, so a mismatch is explained instead of failing obscurely. */
  vault: string;
  sealed: Record<string, string>;
}

/** The text of a profile's two files: the clear one and the sealed secrets. */
export interface ProfileFileTexts {
  profileText: string;
  secretsText: string;
}

/** The two files of a profile: the clear one (no secret values) and the sealed secrets. */
export async function renderProfileFiles(
  profile: Profile,
  parsed: ParsedProfile,
  vault: Vault,
): Promise<ProfileFileTexts> {
  const profileText = `${JSON.stringify({ format: FORMAT, profile } satisfies ProfileFile, null, 2)}\n`;
  // Defence in depth: a parser bug must not put a key in the clear file.
  for (const value of Object.values(parsed.secrets)) {
    if (
      value.length >= 8 &&
      (profileText.includes(value) || profileText.includes(JSON.stringify(value).slice(1, -1)))
    ) {
      throw new HoldfastError('internal', 'A secret was about to be stored in clear; the import was stopped.');
    }
  }
  const sealed: Record<string, string> = {};
  for (const [ref, value] of Object.entries(parsed.secrets)) sealed[ref] = await vault.seal(value);
  const secretsFile: SecretsFile = { format: FORMAT, vault: vault.info().backend, sealed };
  return { profileText, secretsText: `${JSON.stringify(secretsFile, null, 2)}\n` };
}

/** The profile a clear file holds, or null when it is of another format, id or kind. Throws on damaged JSON. */
export function readProfileFile(text: string, id: string): Profile | null {
  const file = JSON.parse(text) as ProfileFile;
  if (file.format !== FORMAT || file.profile?.id !== id) return null;
  if (file.profile.kind !== 'wireguard' && file.profile.kind !== 'openvpn') return null;
  return file.profile;
}

/** SecretRef -> plaintext from a secrets file's text (null: the file could not be read). */
export async function openSecretsFile(id: string, text: string | null, vault: Vault): Promise<Record<string, string>> {
  const damaged = () =>
    new HoldfastError(
      'storage-failed',
      `The keys of profile "${id}" are missing or damaged; import the profile again.`,
      {
        id,
      },
    );
  if (text === null) throw damaged();
  let file: SecretsFile;
  try {
    file = JSON.parse(text) as SecretsFile;
  } catch {
    throw damaged();
  }
  if (file.format !== FORMAT || typeof file.sealed !== 'object' || file.sealed === null) throw damaged();
  const open: Record<string, string> = {};
  try {
    for (const [ref, sealed] of Object.entries(file.sealed)) open[ref] = await vault.open(sealed);
  } catch {
    throw new HoldfastError(
      'storage-failed',
      `The keys of profile "${id}" were sealed by another keychain (${file.vault}) and cannot be opened here; import the profile again.`,
      { id },
    );
  }
  return open;
}
