import type { LinuxPackResult } from './pack-linux.mjs';

export declare const APP_DIR: string;
export declare const HELPER_WRAPPER: string;
export declare const POLKIT_POLICY: string;
export declare const CLI_COMMAND: string;
export declare const DESKTOP_ENTRY: string;
export declare const PACKAGED_CLI: string;
export declare const PACKAGED_HELPER: string;
export declare const RUNTIME_PACKAGES: { deb: string[]; rpm: string[] };
export declare function linuxPackageProblems(result: LinuxPackResult): string[];
