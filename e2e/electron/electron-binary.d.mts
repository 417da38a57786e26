export declare const MISSING_BINARY_MESSAGE: string;
export declare function findElectronBinary(): string | null;
export declare function hasDisplay(): boolean;
export declare function electronAvailability(): { ok: true; binary: string } | { ok: false; reason: string };
