export declare const LAB_BINARIES: Record<string, string>;
export declare const BROWSER_BINARIES: Record<string, string>;
export declare function findBinary(name: string): string | undefined;
export declare function labPrerequisites(options?: { extraBinaries?: Record<string, string> }): {
  ok: boolean;
  missing: string[];
  hint: string;
};
