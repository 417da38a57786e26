import type { SpawnSyncReturns } from 'node:child_process';

export interface PackageEntry {
  mode: string;
  owner: string;
  path: string;
}

export interface LinuxPackResult {
  work: string;
  config: Record<string, unknown>;
  packageJson: { version: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  appDir: string;
  asarFiles: Set<string>;
  unpackedDir: string;
  artifacts: string[];
  deb: { file: string; fields: Record<string, string>; entries: PackageEntry[]; tree: string; control: string } | null;
  rpm: { file: string; name: string; requires: string[]; files: string[]; scripts: string } | null;
  cleanup(): void;
}

export declare const BUILT_FILES: string[];
export declare function readBuilderConfig(): Record<string, unknown>;
export declare function packLinux(options?: { targets?: string[] }): Promise<LinuxPackResult>;
export declare function runPackagedCli(tree: string, args: string[]): SpawnSyncReturns<string>;
