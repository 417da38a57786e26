import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Vault } from '../security/vault';
import { wireGuardPublicKey } from './wireguard-key';

/** Shared by the profile tests: keys, certificates from the corpus, temp folders, an in-memory vault. */
const FILES = path.join(import.meta.dirname, '__corpus__', 'valid', 'openvpn', 'separate-files');

export const pem = {
  ca: readFileSync(path.join(FILES, 'ca.crt'), 'utf8'),
  cert: readFileSync(path.join(FILES, 'client.crt'), 'utf8'),
  key: readFileSync(path.join(FILES, 'client.key'), 'utf8'),
  ta: readFileSync(path.join(FILES, 'keys', 'ta.key'), 'utf8'),
};

export function wgKeyPair(): { privateKey: string; publicKey: string } {
  const privateKey = randomBytes(32).toString('base64');
  return { privateKey, publicKey: wireGuardPublicKey(privateKey) };
}

const created: string[] = [];

export function tempDir(prefix = 'holdfast-profiles-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** For afterAll: removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Seals by reversing and tagging: enough to prove values never reach disk as written. */
export function reversingVault(): Vault {
  return {
    seal: async (plain) => `rev:${Buffer.from(plain, 'utf8').reverse().toString('base64')}`,
    open: async (sealed) => Buffer.from(sealed.slice(4), 'base64').reverse().toString('utf8'),
    info: () => ({ backend: 'test-reversing', strength: 'plaintext' }),
  };
}

export function minimalOvpn(extra = '', blocks = `<ca>\n${pem.ca}</ca>\n`): string {
  return `client\ndev tun\nremote vpn.example.com 1194\n${extra}${blocks}`;
}

export function minimalWg(privateKey = wgKeyPair().privateKey, peerKey = wgKeyPair().publicKey): string {
  return `[Interface]\nPrivateKey = ${privateKey}\nAddress = 10.0.0.2/32\n\n[Peer]\nPublicKey = ${peerKey}\nAllowedIPs = 0.0.0.0/0\nEndpoint = 198.51.100.1:51820\n`;
}
