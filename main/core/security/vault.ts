/**
 * Secrets (private keys, pre-shared keys, TLS keys, passwords) are sealed through this port before they
 * touch disk. The Electron shell plugs in safeStorage (OS keychain); plain Node uses FileKeyVault.
 */
export type VaultStrength = 'os-keychain' | 'file-key' | 'plaintext';

export interface VaultInfo {
  backend: string;
  strength: VaultStrength;
  /** Plain-language caveat shown to the user when the vault is weaker than an OS keychain. */
  warning?: string;
}

export interface Vault {
  seal(plain: string): Promise<string>;
  open(sealed: string): Promise<string>;
  info(): VaultInfo;
}
