import type { Messages } from './messages';

/** English: encryption strength, minimum encryption, sign-in, kill switch and recovery. */
export const enSecurity: Messages = {
  strength: {
    title: 'Encryption',
    empty: 'Import a profile to see how strong its encryption is.',
    badge: '{{bits}}-bit {{cipher}} · {{rating}}',
    badgeNoBits: '{{cipher}} · {{rating}}',
    expected: 'expected',
    expectedHint: 'Rated from what the profile allows. The server decides what is actually used when you connect.',
    expectedFor: 'Expected with {{name}}, before connecting. The server decides what is actually used.',
    expectedLead: 'Expected before connecting. The server decides what is actually used.',
    negotiatedLead: 'Negotiated with the server for this connection.',
    keyBits: '{{bits}}-bit key',
    noKey: 'No encryption',
    levelFull: '{{keyBits}}-bit key · {{securityBits}}-bit security',
    levelAbout: '{{keyBits}}-bit key · about {{securityBits}}-bit security',
    levelLimited: '{{keyBits}}-bit key · about {{securityBits}}-bit security, limited by {{part}}',
    levelUnknown: '{{keyBits}}-bit key · security level unknown',
    levelNone: 'Your traffic is not encrypted: anyone on the network path can read it.',
    securityFull: '{{securityBits}}-bit security',
    securityAbout: 'About {{securityBits}}-bit security',
    securityLimited: 'About {{securityBits}}-bit security, limited by {{part}}',
    securityUnknown: 'Security level unknown',
    part: {
      data: 'the {{name}} data cipher',
      suite: 'the {{name}} TLS suite',
      certificate: 'the {{name}} certificate',
      keyExchange: 'the {{name}} key exchange',
      none: 'the missing encryption',
      other: '{{name}}',
    },
    partTitle: {
      data: '{{name}} data cipher',
      suite: '{{name}} TLS suite',
      certificate: '{{name}} server certificate',
      keyExchange: '{{name}} key exchange',
      none: 'No data encryption',
      other: '{{name}}',
    },
    partLabel: {
      certificate: 'Server certificate',
      keyExchange: 'Key exchange',
      other: 'Weakest part',
    },
    partLevel: 'about {{bits}}-bit security',
    protocol: 'Protocol',
    dataChannel: 'Your traffic',
    dataValue: '{{cipher}}, {{bits}}-bit key',
    dataNone: 'Not encrypted',
    controlChannel: 'Handshake',
    decidedOnConnect: 'Known once connected',
    notReported: 'Not reported',
    handshakeProtection: 'Handshake protection',
    wrap: {
      'tls-crypt': 'tls-crypt: hidden and authenticated',
      'tls-crypt-v2': 'tls-crypt-v2: hidden and authenticated, per client',
      'tls-auth': 'tls-auth: authenticated, not hidden',
      'no-tls-wrap': 'None',
    },
    weakestMark: 'weakest link',
    why: 'Why this rating',
    impact: {
      info: 'Note:',
      strong: 'Strong:',
      acceptable: 'Lowers the rating to Acceptable:',
      legacy: 'Lowers the rating to Outdated:',
      insecure: 'Lowers the rating to Insecure:',
      critical: 'Lowers the rating to No encryption:',
    },
    reason: {
      'aead-cipher': '{{cipher}} encrypts and authenticates every packet with a {{bits}}-bit key.',
      'cbc-with-hmac':
        '{{cipher}} with HMAC-{{auth}} is an older design (encryption and integrity done separately). GCM or ChaCha20-Poly1305 is preferred.',
      sweet32: '{{cipher}} works on 64-bit blocks: after long sessions, data can be recovered (the Sweet32 attack).',
      'short-key': '{{cipher}} uses a {{bits}}-bit key, short enough to be broken by brute force.',
      'no-encryption': 'No encryption for your traffic: anyone on the network path can read it.',
      'no-integrity': '{{cipher}} runs without an HMAC: packets can be altered without anyone noticing.',
      'weak-hmac': 'HMAC-{{auth}} is outdated; SHA256 or better is expected.',
      'unknown-cipher': 'Holdfast does not know how to rate {{cipher}}.',
      'cipher-not-reported': 'The cipher for your traffic was not reported, so its strength cannot be confirmed.',
      'old-tls': '{{version}} is outdated and has known attacks; TLS 1.2 or newer is expected.',
      'tls-no-forward-secrecy':
        'The TLS suite {{suite}} has no forward secrecy: a stolen server key would expose recorded sessions.',
      'tls-weak-suite': 'The TLS suite {{suite}} uses a broken or obsolete algorithm.',
      'tls-cbc-suite': 'The TLS suite {{suite}} uses CBC mode, which has a history of padding attacks.',
      'control-not-reported': 'The handshake (TLS) details were not reported.',
      'weak-certificate': 'The {{key}} server certificate (about {{securityBits}}-bit security) can be broken.',
      'certificate-below-128':
        'The {{key}} server certificate gives about {{securityBits}}-bit security, below the 128 bits of a modern handshake.',
      'weak-key-exchange': 'The {{key}} key exchange (about {{securityBits}}-bit security) can be broken.',
      'key-exchange-below-128':
        'The {{key}} key exchange gives about {{securityBits}}-bit security, below the 128 bits of a modern handshake.',
      'limited-by':
        'Overall about {{securityBits}}-bit security: the {{keyBits}}-bit key is only as safe as {{part}}, the weakest part.',
      'tls-crypt': 'tls-crypt hides and authenticates the handshake: harder to fingerprint, block or attack.',
      'tls-crypt-v2':
        'tls-crypt-v2 hides and authenticates the handshake with a key of your own: harder to fingerprint, block or attack.',
      'tls-auth': 'tls-auth authenticates handshake packets (resists floods and probing) but does not hide them.',
      'no-tls-wrap':
        'The handshake is neither authenticated nor hidden (no tls-auth or tls-crypt): easy to fingerprint and probe.',
      'wireguard-suite':
        'WireGuard always uses ChaCha20-Poly1305 with a 256-bit key, Curve25519 key exchange and BLAKE2s.',
      'preshared-key':
        'A pre-shared key is mixed into the handshake: recorded traffic stays protected even if Curve25519 is broken one day.',
      'no-preshared-key':
        'No pre-shared key: Curve25519 alone (about 128-bit security) protects the session keys, which is fine today.',
      expected: 'Rated from the profile; the server decides what is actually used.',
      'allows-weaker': 'The profile allows {{ciphers}}; a server may pick the weakest of them.',
      'fallback-cipher': 'If the server cannot agree on a cipher, {{cipher}} is used.',
    },
  },
  securitySettings: {
    title: 'Minimum encryption',
    minimumKeyBits: 'Minimum key size',
    minimumKeyBitsHint: 'A server that uses a shorter key is refused, and Holdfast moves on to another one.',
    anyKey: 'No minimum',
    keyBits: '{{bits}}-bit',
    refuseLegacy: 'Refuse outdated encryption',
    refuseLegacyHint: 'Refuses servers rated Outdated or worse, including weak handshakes and old TLS.',
  },
  credentials: {
    title: 'Sign in to {{name}}',
    intro: '{{name}} needs your VPN user name and password.',
    refused: 'The server refused the last user name or password. Check them and try again.',
    username: 'User name',
    password: 'Password',
    show: 'Show',
    hide: 'Hide',
    remember: 'Remember on this computer',
    sealed: {
      'os-keychain': 'When ticked, they are sealed with your system keychain.',
      'file-key':
        "When ticked, they are sealed with Holdfast's key file on this computer; anyone who can read Holdfast's data folder could read them.",
      plaintext:
        "When ticked, they are stored without encryption; anyone who can read Holdfast's data folder could read them.",
    },
    sessionOnly: 'Otherwise Holdfast forgets them when you disconnect.',
    cancel: 'Cancel',
    submit: 'Sign in',
  },
  signIns: {
    title: 'Saved sign-ins',
    profile: 'Server',
    hint: 'OpenVPN user names and passwords you asked Holdfast to remember.',
    forget: 'Forget saved password',
    forgotten: 'Forgotten for {{name}}. Holdfast will ask next time.',
    nothingSaved: 'Nothing was saved for {{name}}.',
  },
  killSwitch: {
    title: 'Kill switch',
    enabled: 'Block traffic outside the tunnel',
    enabledHint:
      'Blocks all traffic outside the tunnel from the moment you connect until you disconnect, even while switching servers and even if Holdfast crashes.',
    allowLan: 'Allow the local network',
    allowLanHint:
      'Printers, file shares and other devices nearby stay reachable. DNS still goes only through the tunnel.',
    allowPrivate: 'Allow servers on private addresses',
    allowPrivateHint:
      "Turn on only if your VPN server is on your own network (an address such as 192.168.x.x). Otherwise Holdfast refuses private answers when it looks up a server, because a censor's forged answer often points there.",
  },
  serverSettings: {
    title: 'Servers',
    autoMeasure: 'Measure latency by itself now and then',
    autoMeasureHint:
      'Off by default: probing every server can give you away on a watched network. Real connections still record what they see, and the Measure button of the server picker works either way.',
  },
  recovery: {
    title: 'Your network is blocked by a previous Holdfast session that ended unexpectedly',
    body: 'Its kill switch is still in place, so nothing reaches the internet. Reconnect to carry on protected, or unblock to use the network without the VPN.',
    reconnect: 'Reconnect',
    unblock: 'Unblock',
  },
};
