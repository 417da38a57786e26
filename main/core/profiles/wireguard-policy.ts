/**
 * Which WireGuard settings an imported `.conf` may carry. wg-quick evaluates the hook keys (PreUp,
 * PostUp, PreDown, PostDown) with bash as root, and matches keys case-insensitively, so `postup` is as
 * dangerous as `PostUp`: keys are compared lowercased. Everything not listed as allowed is refused.
 */
export type WireGuardKeyName =
  | 'privatekey'
  | 'listenport'
  | 'address'
  | 'dns'
  | 'mtu'
  | 'publickey'
  | 'presharedkey'
  | 'allowedips'
  | 'endpoint'
  | 'persistentkeepalive';

export interface WireGuardKeyRule {
  kind: 'allowed';
  name: WireGuardKeyName;
  section: 'interface' | 'peer';
  /** Address, DNS and AllowedIPs accumulate over several lines, as in wg-quick. */
  repeatable: boolean;
}

export interface WireGuardRefusal {
  kind: 'refused' | 'unknown';
  code: string;
  message: (keyAsWritten: string) => string;
}

const ALLOWED: Record<WireGuardKeyName, Omit<WireGuardKeyRule, 'kind' | 'name'>> = {
  privatekey: { section: 'interface', repeatable: false },
  listenport: { section: 'interface', repeatable: false },
  address: { section: 'interface', repeatable: true },
  dns: { section: 'interface', repeatable: true },
  mtu: { section: 'interface', repeatable: false },
  publickey: { section: 'peer', repeatable: false },
  presharedkey: { section: 'peer', repeatable: false },
  allowedips: { section: 'peer', repeatable: true },
  endpoint: { section: 'peer', repeatable: false },
  persistentkeepalive: { section: 'peer', repeatable: false },
};

const hook = (when: string) => (key: string) =>
  `\`${key}\` would run a shell command as administrator ${when}; Holdfast sets up addresses, routes and DNS itself and never runs commands from a profile, so remove this line to import the file.`;

const REFUSED: Record<string, Omit<WireGuardRefusal, 'kind'>> = {
  preup: { code: 'runs-program', message: hook('before the tunnel starts') },
  postup: { code: 'runs-program', message: hook('after the tunnel starts') },
  predown: { code: 'runs-program', message: hook('before the tunnel stops') },
  postdown: { code: 'runs-program', message: hook('after the tunnel stops') },
  saveconfig: {
    code: 'writes-file',
    message: (key) =>
      `\`${key}\` makes wg-quick write the running configuration back to a file as administrator; Holdfast keeps its own copy of the profile, so remove this line.`,
  },
  table: {
    code: 'owned-by-holdfast',
    message: (key) =>
      `\`${key}\` changes which routing table the tunnel uses; Holdfast manages routing itself (it is what keeps traffic from leaking), so remove this line.`,
  },
  fwmark: {
    code: 'owned-by-holdfast',
    message: (key) =>
      `\`${key}\` sets a firewall mark that Holdfast's own routing and leak protection rely on, so a profile may not set it; remove this line.`,
  },
};

export function wireGuardPolicy(keyAsWritten: string): WireGuardKeyRule | WireGuardRefusal {
  const key = keyAsWritten.toLowerCase();
  if (Object.hasOwn(ALLOWED, key)) {
    const name = key as WireGuardKeyName;
    return { kind: 'allowed', name, ...ALLOWED[name] };
  }
  const refused = Object.hasOwn(REFUSED, key) ? REFUSED[key] : undefined;
  if (refused) return { kind: 'refused', ...refused };
  return {
    kind: 'unknown',
    code: 'unknown-key',
    message: (written) =>
      `\`${written.length > 40 ? `${written.slice(0, 39)}…` : written}\` is not a WireGuard setting Holdfast recognises; unknown settings are refused because the profile is handed to a program that runs as administrator.`,
  };
}

/** The allowed keys in the spelling wg-quick documents, for serializing. */
export const WIREGUARD_KEY_SPELLING: Record<WireGuardKeyName, string> = {
  privatekey: 'PrivateKey',
  listenport: 'ListenPort',
  address: 'Address',
  dns: 'DNS',
  mtu: 'MTU',
  publickey: 'PublicKey',
  presharedkey: 'PresharedKey',
  allowedips: 'AllowedIPs',
  endpoint: 'Endpoint',
  persistentkeepalive: 'PersistentKeepalive',
};
