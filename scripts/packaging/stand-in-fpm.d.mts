export interface FpmOptions {
  depends: string[];
  recommends: string[];
  mappings: { source: string; destination: string }[];
  [option: string]: unknown;
}
export declare function parseFpmArgs(argv: string[]): FpmOptions;
