/**
 * Errors that reach a person. `code` is stable (the renderer translates by it), `message` is plain
 * English for logs and the CLI, `params` fill the translated text. Secrets never go in any of them.
 */
export type HoldfastErrorCode =
  | 'invalid-request'
  | 'unknown-command'
  | 'profile-not-found'
  | 'server-not-found'
  | 'disguise-not-found'
  | 'profile-refused'
  | 'no-profiles'
  | 'not-privileged'
  | 'platform-unsupported'
  | 'binary-missing'
  | 'interface-taken'
  | 'already-connected'
  | 'connection-held'
  | 'not-connected'
  | 'tunnel-failed'
  | 'no-data-through-tunnel'
  | 'auth-failed'
  | 'credentials-needed'
  | 'encryption-too-weak'
  /** OpenVPN refused an option the server pushed (compression): the server must change, or another profile. */
  | 'server-push-refused'
  | 'settings-invalid'
  | 'storage-failed'
  | 'internal';

export class HoldfastError extends Error {
  readonly code: HoldfastErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: HoldfastErrorCode, message: string, params: Record<string, string | number> = {}) {
    super(message);
    this.name = 'HoldfastError';
    this.code = code;
    this.params = params;
  }
}

export interface ErrorPayload {
  code: HoldfastErrorCode;
  message: string;
  params?: Record<string, string | number>;
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof HoldfastError) {
    return { code: err.code, message: err.message, params: err.params };
  }
  // Unknown errors may carry paths or output; keep the message but never a stack.
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
