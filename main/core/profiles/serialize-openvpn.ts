import { quoteOpenVpnParam } from './openvpn-tokenize';
import type { OpenVpnDirective, OpenVpnProfile, ParsedProfile } from './types';

/**
 * Writes a parsed OpenVPN profile back as an .ovpn that parseOpenVpn reads to the same profile, keys
 * inline (so the text is as sensitive as the user's file). This is Holdfast's canonical form: duplicate
 * detection hashes it and round-trip tests compare through it.
 */
export function serializeOpenVpn(parsed: ParsedProfile<OpenVpnProfile>): string {
  const p = parsed.profile;
  const lines: string[] = p.directives.map(directiveLine);
  if (p.keyDirection !== undefined) lines.push(`key-direction ${p.keyDirection}`);
  if (p.authUserPass) lines.push('auth-user-pass');
  for (const remote of p.remotes) {
    const line = `remote ${quoteOpenVpnParam(remote.host)} ${remote.port} ${remote.proto}`;
    if (!remote.options || remote.options.length === 0) {
      lines.push(line);
      continue;
    }
    lines.push('<connection>', line, ...remote.options.map(directiveLine), '</connection>');
  }
  for (const block of p.blocks) {
    const content = block.secret !== undefined ? parsed.secrets[block.secret] : block.text;
    if (content === undefined)
      throw new Error(`The profile refers to a secret it does not hold (${block.secret ?? block.name})`);
    lines.push(`<${block.name}>`, content.replace(/\n$/, ''), `</${block.name}>`);
  }
  return `${lines.join('\n')}\n`;
}

function directiveLine(d: OpenVpnDirective): string {
  return [d.name, ...d.args.map(quoteOpenVpnParam)].join(' ');
}
