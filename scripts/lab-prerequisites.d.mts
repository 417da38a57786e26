export type Suite = 'lab' | 'browser' | 'electron';
export declare const TEST_PROGRAMS: ReadonlyArray<{ program: string; packages: string[]; suite: Suite; why: string }>;
export declare const CJK_FONT: { what: string; packages: string[] };
export declare const SETUP_FIX: string;
export declare const LAB_BINARIES: Record<string, string>;
export declare const BROWSER_BINARIES: Record<string, string>;
export declare function findBinary(name: string, searchPath?: string): string | undefined;
export interface PrerequisiteResult {
  ok: boolean;
  missing: string[];
  hint: string;
  message: string;
}
export declare function checkPrerequisites(options: {
  suites: Suite[];
  searchPath?: string;
  isRoot?: boolean;
  hasTun?: boolean;
  platform?: string;
  extraBinaries?: Record<string, string>;
  programsOnly?: boolean;
}): PrerequisiteResult;
export declare function labPrerequisites(options?: { extraBinaries?: Record<string, string> }): PrerequisiteResult;
