import { parseOpenVpn } from '../../profiles/parse-openvpn';
import { parseWireGuard } from '../../profiles/parse-wireguard';
import { canonicalProfileText } from '../../profiles/profile-identity';
import type { ImportIssue, OpenVpnProfile, Profile, WireGuardProfile } from '../../profiles/types';

export type RecheckResult =
  { ok: true; profile: Profile; secrets: Record<string, string> } | { ok: false; reason: string };

/**
 * The helper never trusts a profile because the app says it was imported. It writes the profile back
 * as the text the import would have read (the canonical form duplicate detection hashes) and parses it
 * again with the import parsers and their policy, without access to any file. What comes out of that
 * parse, not what was sent, is handed to the driver: a directive that would run a program, a key that
 * is not a key, a newline smuggled into a field all fail here exactly as they fail at import.
 */
export async function recheckProfile(profile: Profile, secrets: Record<string, string>): Promise<RecheckResult> {
  let canonical: string;
  try {
    canonical = canonicalProfileText({ profile, secrets, warnings: [] });
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const fileName = `${profile.id}.${profile.kind === 'wireguard' ? 'conf' : 'ovpn'}`;
  const parsed =
    profile.kind === 'wireguard' ? parseWireGuard(canonical, fileName) : await parseOpenVpn(canonical, fileName);
  if (!parsed.ok) return { ok: false, reason: describe(parsed.errors[0]) };
  const meta = {
    id: profile.id,
    name: profile.name,
    sourceFile: profile.sourceFile,
    contentHash: profile.contentHash,
    importedAt: profile.importedAt,
    warnings: [],
  };
  const body = parsed.value.profile;
  const rebuilt: Profile =
    body.kind === 'wireguard' ? ({ ...body, ...meta } as WireGuardProfile) : ({ ...body, ...meta } as OpenVpnProfile);
  return { ok: true, profile: rebuilt, secrets: parsed.value.secrets };
}

// The issue's own message may quote the offending line, which can hold key material: name only
// where the problem is and what kind it is.
function describe(issue: ImportIssue | undefined): string {
  if (!issue) return 'the profile does not pass the import checks';
  const where = [issue.directive ? `directive ${issue.directive}` : '', issue.line ? `line ${issue.line}` : '']
    .filter(Boolean)
    .join(', ');
  return `the profile does not pass the import checks (${issue.code}${where ? `, ${where}` : ''})`;
}
