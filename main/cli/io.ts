/** What the CLI touches of the outside world, injected so commands test without a terminal. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Registers a handler for SIGINT/SIGTERM; returns a function that removes it. */
  onSignal(handler: (signal: string) => void): () => void;
  /** Reads a line from the terminal (hidden for passwords); undefined when there is no terminal. */
  prompt?(question: string, hidden: boolean): Promise<string | undefined>;
  /** stderr is a terminal: a line may be redrawn in place (import progress). */
  stderrIsTerminal?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_REFUSED = 2;

/** Errors the user fixes by changing what they typed exit 2, like refused input; the rest exit 1. */
const USAGE_CODES = new Set([
  'invalid-request',
  'settings-invalid',
  'profile-not-found',
  'server-not-found',
  'disguise-not-found',
  'no-profiles',
  'profile-refused',
]);

export function exitCodeFor(code: string): number {
  return USAGE_CODES.has(code) ? EXIT_REFUSED : EXIT_FAILURE;
}
