import {
  commandParams,
  type CommandName,
  type CommandParams,
  type CommandResults,
  type Envelope,
} from '../../../preload/contract';
import { HoldfastError, toErrorPayload } from '../errors';

export type CommandHandlers = {
  [C in CommandName]: (params: CommandParams<C>) => Promise<CommandResults[C]>;
};

/**
 * Validates a command from outside (ipcMain, the harness WebSocket, the CLI control socket) and answers
 * with an envelope. Unknown names and malformed payloads never reach a handler.
 */
export class Dispatcher {
  constructor(private readonly handlers: Partial<CommandHandlers>) {}

  async dispatch(command: unknown, params: unknown): Promise<Envelope<unknown>> {
    if (typeof command !== 'string' || !Object.hasOwn(commandParams, command)) {
      return fail(new HoldfastError('unknown-command', `Unknown command: ${String(command).slice(0, 80)}`));
    }
    const name = command as CommandName;
    const parsed = commandParams[name].safeParse(params ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || '(payload)';
      return fail(
        new HoldfastError('invalid-request', `Invalid ${name} request: ${field}: ${issue?.message ?? 'invalid'}`, {
          field,
        }),
      );
    }
    const handler = this.handlers[name] as ((p: unknown) => Promise<unknown>) | undefined;
    if (!handler) {
      return fail(new HoldfastError('unknown-command', `${name} is not available here`));
    }
    try {
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      return fail(err);
    }
  }
}

function fail(err: unknown): Envelope<never> {
  return { ok: false, error: toErrorPayload(err) };
}
