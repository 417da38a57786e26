import type { ErrorPayload } from '../../../main/core/errors';
import type { CommandName, CommandParams, CommandResults, HoldfastApi } from '../../../preload/contract';

declare global {
  interface Window {
    /** Exposed by the preload in the app and by the bridge script in the browser harness. */
    holdfast?: HoldfastApi;
  }
}

/** A command answered with `ok: false`; carries the payload so the UI can translate it by code. */
export class CommandError extends Error {
  readonly payload: ErrorPayload;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'CommandError';
    this.payload = payload;
  }
}

/** Sends one command and unwraps its envelope; a failed envelope becomes a CommandError. */
export async function call<C extends CommandName>(
  api: HoldfastApi,
  command: C,
  params: CommandParams<C>,
): Promise<CommandResults[C]> {
  let envelope;
  try {
    envelope = await api.invoke(command, params);
  } catch (err) {
    // The bridge itself broke (closed socket, crashed main): say so in the same shape as core errors.
    throw new CommandError({ code: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
  if (!envelope.ok) throw new CommandError(envelope.error);
  return envelope.value;
}

export function toPayload(err: unknown): ErrorPayload {
  if (err instanceof CommandError) return err.payload;
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}
