import { IssueCollector } from './issues';
import { checkCidr, isIpAddress } from '../net/ip';
import { isHostName, parseEndpoint, parseIntegerIn, parsePort } from './net-syntax';
import { checkTextSize, splitLines, stripBom } from './text-input';
import type { Endpoint, ParseResult, WireGuardPeer, WireGuardProfile } from './types';
import { wireGuardPolicy, type WireGuardKeyRule } from './wireguard-policy';
import { isWireGuardKey, wireGuardPublicKey } from './wireguard-key';

export const WG_PRIVATE_KEY_REF = 'interface.privateKey';
export const wgPresharedKeyRef = (peerIndex: number): string => `peer.${peerIndex}.presharedKey`;

export const WG_MTU_MIN = 576;
export const WG_MTU_MAX = 9000;

interface Line {
  number: number;
  column: number;
  /** The key as written (odd case kept for messages). */
  key: string;
  value: string;
}

interface PeerDraft {
  line: number;
  publicKey?: string;
  presharedKey?: string;
  allowedIps: string[];
  endpoint?: Endpoint;
  persistentKeepalive?: number;
  seen: Set<string>;
}

/**
 * Parses a wg-quick style `.conf`. Sections may repeat, keys are matched case-insensitively (as wg-quick
 * does), values split on the first `=` (base64 keys end in `=`). Only the settings in
 * wireguard-policy.ts pass; hooks and routing knobs are refused with a reason. Never throws.
 */
export function parseWireGuard(text: string, fileName: string): ParseResult<WireGuardProfile> {
  const issues = new IssueCollector(fileName);
  try {
    return parse(text, issues);
  } catch {
    // A parser bug must not take the import down with it, nor echo the file back.
    issues.error('unreadable', 'This file could not be read as a WireGuard profile.');
    return { ok: false, errors: issues.finalErrors() };
  }
}

function parse(text: string, issues: IssueCollector): ParseResult<WireGuardProfile> {
  const sizeProblem = checkTextSize(text);
  if (sizeProblem) {
    issues.error(sizeProblem.code, sizeProblem.message);
    return { ok: false, errors: issues.finalErrors() };
  }

  let section: 'interface' | 'peer' | undefined;
  let sawInterface = false;
  const iface = {
    seen: new Set<string>(),
    privateKey: undefined as string | undefined,
    addresses: [] as string[],
    dns: [] as string[],
    dnsSearch: [] as string[],
    mtu: undefined as number | undefined,
    listenPort: undefined as number | undefined,
  };
  const peers: PeerDraft[] = [];

  for (const { number, text: raw } of splitLines(stripBom(text))) {
    if (issues.saturated) break;
    const hash = raw.indexOf('#');
    const content = hash === -1 ? raw : raw.slice(0, hash);
    const trimmed = content.trim();
    if (trimmed === '') continue;
    const column = content.length - content.trimStart().length + 1;

    if (trimmed.startsWith('[')) {
      const match = /^\[\s*([A-Za-z]+)\s*\]$/.exec(trimmed);
      const name = match?.[1]?.toLowerCase();
      if (name === 'interface') {
        section = 'interface';
        sawInterface = true;
      } else if (name === 'peer') {
        section = 'peer';
        peers.push({ line: number, allowedIps: [], seen: new Set() });
      } else {
        issues.error(
          'unknown-section',
          `${quoted(trimmed)} is not a WireGuard section; expected [Interface] or [Peer].`,
          {
            line: number,
            column,
          },
        );
        section = undefined;
      }
      continue;
    }

    const eq = trimmed.indexOf('=');
    if (eq === -1) {
      issues.error('syntax', 'Expected `Key = value` here.', { line: number, column });
      continue;
    }
    const line: Line = { number, column, key: trimmed.slice(0, eq).trim(), value: trimmed.slice(eq + 1).trim() };
    const at = { line: number, column, directive: line.key };
    const rule = wireGuardPolicy(line.key);

    if (rule.kind !== 'allowed') {
      issues.error(rule.code, rule.message(line.key), at);
      continue;
    }
    if (section === undefined) {
      issues.error('outside-section', `${quoted(line.key)} appears outside an [Interface] or [Peer] section.`, at);
      continue;
    }
    if (rule.section !== section) {
      const home = rule.section === 'interface' ? '[Interface]' : '[Peer]';
      issues.error('wrong-section', `${quoted(line.key)} belongs in the ${home} section.`, at);
      continue;
    }
    if (section === 'interface') readInterfaceKey(rule, line, iface, issues);
    else {
      const peer = peers[peers.length - 1];
      if (peer) readPeerKey(rule, line, peer, issues);
    }
  }

  if (!issues.saturated) {
    if (!sawInterface) issues.error('missing-interface', 'The [Interface] section is missing.');
    else if (!iface.seen.has('privatekey')) {
      issues.error('missing-key', 'The [Interface] section has no PrivateKey.');
    }
    if (peers.length === 0)
      issues.error('missing-peer', 'There is no [Peer] section, so there is no server to connect to.');
    const seenKeys = new Map<string, number>();
    for (const peer of peers) {
      if (!peer.publicKey) {
        if (!peer.seen.has('publickey')) {
          issues.error('missing-key', 'This [Peer] section has no PublicKey.', { line: peer.line });
        }
        continue;
      }
      const first = seenKeys.get(peer.publicKey);
      if (first !== undefined) {
        issues.error('duplicate-peer', `This [Peer] has the same PublicKey as the one on line ${first}.`, {
          line: peer.line,
        });
      } else seenKeys.set(peer.publicKey, peer.line);
    }
  }

  if (issues.hasErrors || !iface.privateKey) return { ok: false, errors: issues.finalErrors() };

  const secrets: Record<string, string> = { [WG_PRIVATE_KEY_REF]: iface.privateKey };
  const storedPeers: WireGuardPeer[] = peers.map((draft, index) => {
    const peer: WireGuardPeer = { publicKey: draft.publicKey ?? '', allowedIps: draft.allowedIps };
    if (draft.presharedKey) {
      const ref = wgPresharedKeyRef(index);
      secrets[ref] = draft.presharedKey;
      peer.presharedKey = ref;
    }
    if (draft.endpoint) peer.endpoint = draft.endpoint;
    if (draft.persistentKeepalive !== undefined) peer.persistentKeepalive = draft.persistentKeepalive;
    return peer;
  });

  const warnings = issues.finalWarnings();
  const profile: WireGuardProfile['interface'] = {
    privateKey: WG_PRIVATE_KEY_REF,
    publicKey: wireGuardPublicKey(iface.privateKey),
    addresses: iface.addresses,
    dns: iface.dns,
    dnsSearch: iface.dnsSearch,
  };
  if (iface.mtu !== undefined) profile.mtu = iface.mtu;
  if (iface.listenPort !== undefined) profile.listenPort = iface.listenPort;
  return {
    ok: true,
    value: { profile: { kind: 'wireguard', warnings, interface: profile, peers: storedPeers }, secrets, warnings },
  };
}

type InterfaceDraft = {
  seen: Set<string>;
  privateKey: string | undefined;
  addresses: string[];
  dns: string[];
  dnsSearch: string[];
  mtu: number | undefined;
  listenPort: number | undefined;
};

function readInterfaceKey(rule: WireGuardKeyRule, line: Line, iface: InterfaceDraft, issues: IssueCollector): void {
  const at = { line: line.number, column: line.column, directive: line.key };
  if (!rule.repeatable && iface.seen.has(rule.name)) {
    issues.error('repeated-key', `${quoted(line.key)} is given more than once in [Interface].`, at);
    return;
  }
  iface.seen.add(rule.name);
  switch (rule.name) {
    case 'privatekey':
      // Never echo the value: it is a secret even when malformed.
      if (!isWireGuardKey(line.value)) issues.error('invalid-key', invalidKeyMessage(line.key), at);
      else iface.privateKey = line.value;
      return;
    case 'listenport': {
      const port = parsePort(line.value);
      if (port === undefined) issues.error('invalid-port', `ListenPort must be a port between 1 and 65535.`, at);
      else iface.listenPort = port;
      return;
    }
    case 'mtu': {
      const mtu = parseIntegerIn(line.value, WG_MTU_MIN, WG_MTU_MAX);
      if (mtu === undefined)
        issues.error('invalid-mtu', `MTU must be a number between ${WG_MTU_MIN} and ${WG_MTU_MAX}.`, at);
      else iface.mtu = mtu;
      return;
    }
    case 'address':
      for (const item of commaList(line.value)) {
        const check = checkCidr(item);
        if (check.ok) iface.addresses.push(item);
        else issues.error('invalid-address', `Address: ${check.reason}.`, at);
      }
      return;
    case 'dns':
      for (const item of commaList(line.value)) {
        if (isIpAddress(item)) iface.dns.push(item);
        else if (isHostName(item)) iface.dnsSearch.push(item);
        else issues.error('invalid-dns', `DNS: ${quoted(item)} is neither an address nor a search domain.`, at);
      }
      return;
  }
}

function readPeerKey(rule: WireGuardKeyRule, line: Line, peer: PeerDraft, issues: IssueCollector): void {
  const at = { line: line.number, column: line.column, directive: line.key };
  if (!rule.repeatable && peer.seen.has(rule.name)) {
    issues.error('repeated-key', `${quoted(line.key)} is given more than once in this [Peer].`, at);
    return;
  }
  peer.seen.add(rule.name);
  switch (rule.name) {
    case 'publickey':
      if (!isWireGuardKey(line.value)) issues.error('invalid-key', invalidKeyMessage(line.key), at);
      else peer.publicKey = line.value;
      return;
    case 'presharedkey':
      if (!isWireGuardKey(line.value)) issues.error('invalid-key', invalidKeyMessage(line.key), at);
      else peer.presharedKey = line.value;
      return;
    case 'allowedips':
      for (const item of commaList(line.value)) {
        const check = checkCidr(item);
        if (check.ok) peer.allowedIps.push(item);
        else issues.error('invalid-address', `AllowedIPs: ${check.reason}.`, at);
      }
      return;
    case 'endpoint': {
      const endpoint = parseEndpoint(line.value);
      if (endpoint.ok) peer.endpoint = { host: endpoint.host, port: endpoint.port };
      else issues.error('invalid-endpoint', `Endpoint: ${endpoint.reason}.`, at);
      return;
    }
    case 'persistentkeepalive': {
      if (line.value.toLowerCase() === 'off') return;
      const seconds = parseIntegerIn(line.value, 0, 65535);
      if (seconds === undefined) {
        issues.error('invalid-keepalive', 'PersistentKeepalive must be `off` or a number of seconds up to 65535.', at);
      } else if (seconds > 0) peer.persistentKeepalive = seconds;
      return;
    }
  }
}

function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function invalidKeyMessage(key: string): string {
  return `${quoted(key)} is not a valid WireGuard key (44 characters of base64 encoding 32 bytes).`;
}

function quoted(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return `\`${short.replace(/`/g, "'")}\``;
}
