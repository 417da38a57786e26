export declare const DEFAULT_STALL_MS: number;
export declare function electronVersion(): string | undefined;
export declare function missingElectronMessage(options: {
  version: string | undefined;
  platform: string;
  arch: string;
  detail: string;
  env?: NodeJS.ProcessEnv;
}): string;
export declare function ensureElectron(options?: {
  findBinary?: () => string | null;
  install?: (options: { stallMs: number }) => Promise<{ ok: boolean; detail: string }>;
  stallMs?: number;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<{ ok: true; binary: string } | { ok: false; message: string }>;
export declare function runElectronInstaller(options: {
  stallMs: number;
  installScript?: string;
  pollMs?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<{ ok: boolean; detail: string }>;
